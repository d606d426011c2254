import { addStrings } from '@zhanqian/ui/i18n';
import type { useTranslation } from 'react-i18next';

type TFunction = ReturnType<typeof useTranslation>['t'];

/**
 * The cadre screens' strings (zh-CN first). Enum labels follow the backend's
 * (packages/cadres: RANK_LABELS, STAGE_LABELS, KIND_LABELS, SOURCE_LABELS, DIMENSION_LABELS).
 */
/** Labels both apps show: the backend's enum labels (packages/cadres) and eligibility reasons. */
export const sharedStrings = {
  'zh-CN': {
    'cadres.rank.staff': '科员',
    'cadres.rank.deputy_section': '副科级',
    'cadres.rank.section': '正科级',
    'cadres.rank.deputy_division': '副处级',
    'cadres.rank.division': '正处级',
    'cadres.stage.announced': '发布公告',
    'cadres.stage.registration': '报名',
    'cadres.stage.qualification': '资格审查',
    'cadres.stage.exam': '笔试',
    'cadres.stage.interview': '面试',
    'cadres.stage.inspection': '考察',
    'cadres.stage.decision': '讨论决定',
    'cadres.stage.publicity': '任前公示',
    'cadres.stage.appointed': '任职',
    'cadres.stage.cancelled': '已撤销',
    'cadres.kind.public_selection': '公开选拔',
    'cadres.kind.competitive': '竞争上岗',
    'cadres.kind.direct_election': '公推直选',
    'cadres.source.mass': '群众推荐',
    'cadres.source.organization': '组织推荐',
    'cadres.source.leader': '领导干部个人推荐',
    'cadres.source.self': '干部自荐',
    'cadres.dim.morality': '有道德',
    'cadres.dim.ability': '有能力',
    'cadres.dim.passion': '有激情',
    'cadres.dim.performance': '有业绩',
    'cadres.dim.image': '有形象',
    'cadres.reason.notActive': '非在职干部',
    'cadres.reason.rankMismatch': '职级不符（现为{{have}}，应为{{need}}）',
    'cadres.reason.yearsInLowerRank': '下一级职级任职年限不足（{{have}} 年，须 {{need}} 年）',
    'cadres.reason.tooOld': '年龄超过限制（{{age}} 岁，上限 {{max}} 岁）',
    'cadres.reason.keyAdjustment': '所在领导班子被千分制考核列为重点调整',
    'cadres.reason.massVotesBelowThreshold': '群众推荐得票未达 {{pct}}%（{{for}}/{{cast}}）',
    'cadres.gender.M': '男',
    'cadres.gender.F': '女',
    'cadres.nom.ineligible': '不符合条件',
  },
  en: {
    'cadres.rank.staff': 'Staff member',
    'cadres.rank.deputy_section': 'Deputy section chief level',
    'cadres.rank.section': 'Section chief level',
    'cadres.rank.deputy_division': 'Deputy division chief level',
    'cadres.rank.division': 'Division chief level',
    'cadres.stage.announced': 'Announced',
    'cadres.stage.registration': 'Registration',
    'cadres.stage.qualification': 'Qualification review',
    'cadres.stage.exam': 'Exam',
    'cadres.stage.interview': 'Interview',
    'cadres.stage.inspection': 'Inspection',
    'cadres.stage.decision': 'Decision',
    'cadres.stage.publicity': 'Publicity',
    'cadres.stage.appointed': 'Appointed',
    'cadres.stage.cancelled': 'Cancelled',
    'cadres.kind.public_selection': 'Public selection',
    'cadres.kind.competitive': 'Competitive recruitment',
    'cadres.kind.direct_election': 'Public recommendation and direct election',
    'cadres.source.mass': 'Mass recommendation',
    'cadres.source.organization': 'Organization recommendation',
    'cadres.source.leader': "Leading cadre's recommendation",
    'cadres.source.self': 'Self-recommendation',
    'cadres.dim.morality': 'Morality',
    'cadres.dim.ability': 'Ability',
    'cadres.dim.passion': 'Passion',
    'cadres.dim.performance': 'Performance',
    'cadres.dim.image': 'Image',
    'cadres.reason.notActive': 'not an active cadre',
    'cadres.reason.rankMismatch': 'wrong rank (has {{have}}, needs {{need}})',
    'cadres.reason.yearsInLowerRank': 'too few years in the lower rank ({{have}}, needs {{need}})',
    'cadres.reason.tooOld': 'too old ({{age}}, limit {{max}})',
    'cadres.reason.keyAdjustment': "the cadre's leadership team is up for key adjustment in the appraisal",
    'cadres.reason.massVotesBelowThreshold': 'mass recommendation below {{pct}}% ({{for}}/{{cast}})',
    'cadres.gender.M': 'Male',
    'cadres.gender.F': 'Female',
    'cadres.nom.ineligible': 'Not eligible',
  },
};

const added = new Set<object>();
/**
 * Registers a set of strings once. The pages call it when their (lazy) chunk loads, so the
 * strings cost the apps' first load nothing.
 */
export function addCadreStrings(
  ...sets: { 'zh-CN': Record<string, string>; en: Record<string, string> }[]
): void {
  for (const set of [sharedStrings, ...sets]) {
    if (added.has(set)) continue;
    added.add(set);
    addStrings(set);
  }
}

/** The campaign stages in order (the backend's STAGES). */
export const STAGES = [
  'announced',
  'registration',
  'qualification',
  'exam',
  'interview',
  'inspection',
  'decision',
  'publicity',
  'appointed',
] as const;
export type Stage = (typeof STAGES)[number] | 'cancelled';
export const nextStage = (s: string): Stage | null => {
  const i = STAGES.indexOf(s as (typeof STAGES)[number]);
  return i < 0 || i === STAGES.length - 1 ? null : STAGES[i + 1]!;
};
export const DIMENSIONS = ['morality', 'ability', 'passion', 'performance', 'image'] as const;
export const SOURCES = ['mass', 'organization', 'leader', 'self'] as const;
export const RANKS = ['staff', 'deputy_section', 'section', 'deputy_division', 'division'] as const;

/** A nomination's reason as a sentence, with rank codes translated. */
export function reasonText(
  t: TFunction,
  r: { code: string; params: Record<string, string | number> },
): string {
  const params: Record<string, unknown> = { ...r.params };
  for (const k of ['have', 'need'])
    if (r.code === 'rankMismatch' && typeof params[k] === 'string') params[k] = t(`cadres.rank.${params[k]}`);
  return t(`cadres.reason.${r.code}`, params);
}
