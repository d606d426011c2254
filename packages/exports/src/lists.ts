import {
  type AppraisalFlags,
  appraisalSnapshot,
  type CadreView,
  listCadres,
  RANK_LABELS,
  type Rank,
  scoringAppraisalFlags,
} from '@zhanqian/cadres';
import { type Locale, shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely, StarLevel, TalentIntroducedVia } from '@zhanqian/db';
import { listMembers } from '@zhanqian/org';
import { currentResults, type ResultRow } from '@zhanqian/scoring';
import { type EntityRow, listEntities } from '@zhanqian/stars';
import { INTRODUCED_VIA_LABELS, listTalents, type TalentRow } from '@zhanqian/talent';
import { type ExportColumn, type ExportSheet, once, pagesOf } from './xlsx.ts';

type Db = Kysely<Database>;

/** Whose list: the caller's subtree, checked by the API before a list is opened. */
export interface ExportScope {
  scopeRootId: number;
  /** The day lists that depend on it are read for (Asia/Shanghai), default today. */
  asOf?: string;
  /** Where the cadres' appraisal flags come from (the API's source; tests swap it). */
  appraisalFlags?: (db: Db) => AppraisalFlags;
}

/** A list opened for export: its row count, its sheet and its rows batch by batch. */
export interface OpenedList {
  total: number;
  // each list has its own row type; the writer is generic over it
  sheet: ExportSheet<any>;
  batches: () => AsyncIterable<readonly any[]>;
  fileName: string;
}

/** The filters of each exportable list: exactly the screen's own query's (without paging). */
export interface ExportInputs {
  'scoring.rankings': { year: number; category?: string | undefined };
  'scoring.bottomTwo': { year: number };
  'stars.entities': { year: number; level: StarLevel; unitId: number; memberId?: number | undefined };
  'talent.registry': {
    q?: string | undefined;
    introducedVia?: TalentIntroducedVia | undefined;
    tierId?: number | undefined;
    fieldCode?: string | undefined;
  };
  'org.members': {
    unitId?: number | undefined;
    branchId?: number | undefined;
    q?: string | undefined;
    status?: 'active' | 'left' | 'all' | undefined;
  };
  'cadres.files': { orgUnitId?: number | undefined; rank?: Rank | undefined; q?: string | undefined };
}
export type ExportListName = keyof ExportInputs;
export const EXPORT_LISTS = [
  'scoring.rankings',
  'scoring.bottomTwo',
  'stars.entities',
  'talent.registry',
  'org.members',
  'cadres.files',
] as const satisfies readonly ExportListName[];

/** Rows read per query while a file is written. */
export const EXPORT_BATCH = 2000;

const L = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);
const compact = (d: string) => d.replace(/-/g, '');
const CATEGORY: Record<string, [string, string]> = {
  street: ['街道', 'Street'],
  department: ['部门', 'Department'],
  community: ['社区', 'Community'],
  committee: ['社区', 'Community'],
};
const categoryName = (c: string, locale: Locale) => {
  const n = CATEGORY[c];
  return n ? L(locale, n[0], n[1]) : c;
};

function resultFlags(r: ResultRow, locale: Locale): string {
  const f: string[] = [];
  if (r.vetoed) f.push(L(locale, '一票否决', 'Veto'));
  if (r.bottomTwo) f.push(L(locale, '排名后两位', 'Bottom two'));
  if (r.keyAdjustment) f.push(L(locale, '重点调整', 'Key adjustment'));
  return f.join(locale === 'en' ? ', ' : '、');
}

/** The ranking table's columns: rank, subject, total, each aspect, bonus, deductions, flags. */
function resultSheet(
  aspects: { name: string; points: number | null }[],
  locale: Locale,
  withCategory: boolean,
): ExportSheet<ResultRow> {
  const cols: ExportColumn<ResultRow>[] = [
    { zh: '名次', en: 'Rank', kind: 'int', width: 8, value: (r) => r.rank },
    { zh: '考核对象', en: 'Subject', width: 28, value: (r) => r.unitName },
  ];
  if (withCategory)
    cols.push({ zh: '类别', en: 'Category', width: 10, value: (r) => categoryName(r.category, locale) });
  cols.push({ zh: '总分', en: 'Total', kind: 'points', width: 10, value: (r) => r.total });
  for (const [i, a] of aspects.entries())
    cols.push({
      zh: a.points === null ? a.name : `${a.name}（${a.points / 100}）`,
      en: a.points === null ? a.name : `${a.name} (${a.points / 100})`,
      kind: 'points',
      width: 14,
      value: (r) => r.aspectScores[i] ?? null,
    });
  cols.push(
    { zh: '加分', en: 'Bonus', kind: 'points', width: 10, value: (r) => r.bonus },
    { zh: '扣分', en: 'Deductions', kind: 'points', width: 10, value: (r) => r.deductionLost },
    { zh: '标记', en: 'Flags', width: 24, value: (r) => resultFlags(r, locale) },
  );
  return { sheet: { zh: '考核排名', en: 'Rankings' }, columns: cols };
}

const LEVEL: Record<StarLevel, readonly [string, string]> = {
  household: ['住户', 'Households'],
  member: ['党员', 'Members'],
  branch: ['党支部', 'Branches'],
  committee: ['社区党委', 'Community committees'],
};

const REASON: Record<string, [string, string]> = {
  own: ['本级达标', 'Own criteria'],
  empty: ['无下级', 'No children'],
  share: ['下级十星比例', 'Share of ten-star children'],
};

function starsSheet(level: StarLevel, locale: Locale): ExportSheet<EntityRow> {
  const cols: ExportColumn<EntityRow>[] = [
    { zh: '编号', en: 'Code', width: 14, value: (r) => r.code },
    { zh: '名称', en: 'Name', width: 28, value: (r) => r.name },
    { zh: '星数', en: 'Stars', kind: 'int', width: 8, value: (r) => r.stars },
    { zh: '达标项', en: 'Criteria met', width: 24, value: (r) => r.met.join(',') },
    { zh: '已评定', en: 'Rated', width: 8, value: (r) => r.rated },
    { zh: '十星', en: 'Ten-star', width: 8, value: (r) => r.tenStar },
  ];
  if (level !== 'household')
    cols.push(
      {
        zh: '认定依据',
        en: 'Reason',
        width: 16,
        value: (r) => (r.reason ? L(locale, ...(REASON[r.reason] ?? [r.reason, r.reason])) : null),
      },
      { zh: '下级数', en: 'Children', kind: 'int', width: 10, value: (r) => r.childrenTotal },
      { zh: '下级十星数', en: 'Ten-star children', kind: 'int', width: 12, value: (r) => r.childrenTen },
    );
  return { sheet: { zh: `星级评定-${LEVEL[level][0]}`, en: `Stars - ${LEVEL[level][1]}` }, columns: cols };
}

const GENDER: Record<string, readonly [string, string]> = { M: ['男', 'M'], F: ['女', 'F'] };
const gender = (g: string | null, locale: Locale) => (g ? L(locale, ...(GENDER[g] ?? [g, g])) : null);

const talentSheet = (locale: Locale): ExportSheet<TalentRow> => ({
  sheet: { zh: '人才名册', en: 'Talent registry' },
  columns: [
    { zh: '编号', en: 'ID', kind: 'int', width: 8, value: (r) => r.id },
    { zh: '姓名', en: 'Name', width: 12, value: (r) => r.name },
    { zh: '性别', en: 'Gender', width: 6, value: (r) => gender(r.gender, locale) },
    { zh: '出生日期', en: 'Birth date', width: 12, value: (r) => r.birth_date },
    { zh: '领域', en: 'Field', width: 20, value: (r) => r.field_name },
    { zh: '工作单位', en: 'Employer', width: 30, value: (r) => r.employer },
    { zh: '引进日期', en: 'Introduced on', width: 12, value: (r) => r.introduced_on },
    {
      zh: '引进方式',
      en: 'Introduced via',
      width: 12,
      value: (r) => INTRODUCED_VIA_LABELS[r.introduced_via][locale === 'en' ? 'en' : 'zh-CN'],
    },
    { zh: '人才层次', en: 'Tier', width: 16, value: (r) => r.tierName },
  ],
});

type MemberRow = Awaited<ReturnType<typeof listMembers>>['rows'][number];
const MEMBER_STATUS: Record<string, [string, string]> = {
  active: ['在册', 'Active'],
  transferred_out: ['已转出', 'Transferred out'],
  deceased: ['已去世', 'Deceased'],
};
const MEMBER_CATEGORY: Record<string, [string, string]> = {
  full: ['正式党员', 'Full'],
  probationary: ['预备党员', 'Probationary'],
};
const memberSheet = (locale: Locale): ExportSheet<MemberRow> => ({
  sheet: { zh: '党员名册', en: 'Member roster' },
  columns: [
    { zh: '编号', en: 'ID', kind: 'int', width: 8, value: (r) => r.id },
    { zh: '姓名', en: 'Name', width: 12, value: (r) => r.name },
    { zh: '性别', en: 'Gender', width: 6, value: (r) => gender(r.gender, locale) },
    { zh: '所在支部', en: 'Branch', width: 30, value: (r) => r.branchName },
    { zh: '入党日期', en: 'Joined', width: 12, value: (r) => r.joinedAt },
    {
      zh: '类别',
      en: 'Category',
      width: 10,
      value: (r) => L(locale, ...(MEMBER_CATEGORY[r.category] ?? [r.category, r.category])),
    },
    {
      zh: '状态',
      en: 'Status',
      width: 10,
      value: (r) => L(locale, ...(MEMBER_STATUS[r.status] ?? [r.status, r.status])),
    },
    { zh: '离开日期', en: 'Left on', width: 12, value: (r) => r.leftOn },
    { zh: '联系户数', en: 'Households', kind: 'int', width: 10, value: (r) => r.households },
  ],
});

const cadreSheet = (locale: Locale): ExportSheet<CadreView> => ({
  sheet: { zh: '干部名册', en: 'Cadre files' },
  columns: [
    { zh: '姓名', en: 'Name', width: 12, value: (r) => r.name },
    { zh: '性别', en: 'Gender', width: 6, value: (r) => gender(r.gender, locale) },
    { zh: '年龄', en: 'Age', kind: 'int', width: 6, value: (r) => r.age },
    // masked as on the screen: a clear number is revealed one at a time, audited, never in bulk
    { zh: '身份证号', en: 'ID number', width: 22, value: (r) => r.idCardMasked },
    { zh: '单位', en: 'Unit', width: 28, value: (r) => r.unitName },
    { zh: '职务', en: 'Post', width: 24, value: (r) => r.postTitle },
    { zh: '任现职时间', en: 'In post since', width: 12, value: (r) => r.postSince },
    { zh: '任职年限', en: 'Years in post', kind: 'int', width: 8, value: (r) => r.yearsInPost },
    {
      zh: '职级',
      en: 'Rank',
      width: 12,
      value: (r) => RANK_LABELS[r.rank as Rank]?.[locale === 'en' ? 'en' : 'zh-CN'] ?? r.rank,
    },
    { zh: '学历', en: 'Education', width: 12, value: (r) => r.education },
    { zh: '入党时间', en: 'Party joined', width: 12, value: (r) => r.partyJoinedAt },
    { zh: '重点调整', en: 'Key adjustment', width: 8, value: (r) => r.keyAdjustment },
    { zh: '优先考虑', en: 'Promotion priority', width: 8, value: (r) => r.promotionPriority },
  ],
});

type Opener<N extends ExportListName> = (
  db: Db,
  scope: ExportScope,
  input: ExportInputs[N],
  locale: Locale,
  now: Date,
) => Promise<OpenedList>;

/**
 * Each list's export: it reads the screen's own query function (same filters, same order), so
 * the file holds what the screen shows, and names the file in the caller's language.
 */
export const LIST_EXPORTS: { [N in ExportListName]: Opener<N> } = {
  'scoring.rankings': async (db, scope, input, locale) => {
    const res = await currentResults(db, input.year, {
      scopeRootId: scope.scopeRootId,
      category: input.category,
    });
    const cat = input.category ? categoryName(input.category, locale) : '';
    return {
      total: res.rows.length,
      sheet: resultSheet(res.aspects, locale, !input.category),
      batches: () => once(res.rows),
      fileName: L(
        locale,
        `${input.year}年千分制考核排名${cat ? `（${cat}）` : ''}.xlsx`,
        `${input.year} appraisal rankings${cat ? ` (${cat})` : ''}.xlsx`,
      ),
    };
  },
  'scoring.bottomTwo': async (db, scope, input, locale) => {
    const res = await currentResults(db, input.year, { scopeRootId: scope.scopeRootId });
    const rows = res.rows.filter((r) => r.bottomTwo);
    return {
      total: rows.length,
      sheet: resultSheet(res.aspects, locale, true),
      batches: () => once(rows),
      fileName: L(
        locale,
        `${input.year}年千分制考核排名后两位.xlsx`,
        `${input.year} appraisal bottom two.xlsx`,
      ),
    };
  },
  'stars.entities': async (db, _scope, input, locale) => {
    const fetch = (page: number, pageSize: number) => listEntities(db, { ...input, page, pageSize });
    const { total } = await fetch(1, 1);
    const [zh, en] = LEVEL[input.level];
    return {
      total,
      sheet: starsSheet(input.level, locale),
      batches: () => pagesOf(fetch, EXPORT_BATCH),
      fileName: L(locale, `${input.year}年星级评定-${zh}.xlsx`, `${input.year} star ratings - ${en}.xlsx`),
    };
  },
  'talent.registry': async (db, scope, input, locale, now) => {
    const fetch = (page: number, pageSize: number) =>
      listTalents(db, { ...input, scopeRootId: scope.scopeRootId, page, pageSize });
    const { total } = await fetch(1, 1);
    const day = compact(shanghaiDate(now));
    return {
      total,
      sheet: talentSheet(locale),
      batches: () => pagesOf(fetch, EXPORT_BATCH),
      fileName: L(locale, `人才名册-${day}.xlsx`, `Talent registry ${day}.xlsx`),
    };
  },
  'org.members': async (db, scope, input, locale, now) => {
    const fetch = (page: number, pageSize: number) =>
      listMembers(db, {
        ...input,
        status: input.status ?? 'active',
        scopeRootId: scope.scopeRootId,
        page,
        pageSize,
      });
    const { total } = await fetch(1, 1);
    const day = compact(shanghaiDate(now));
    return {
      total,
      sheet: memberSheet(locale),
      batches: () => pagesOf(fetch, EXPORT_BATCH),
      fileName: L(locale, `党员名册-${day}.xlsx`, `Member roster ${day}.xlsx`),
    };
  },
  'cadres.files': async (db, scope, input, locale, now) => {
    const asOf = scope.asOf ?? shanghaiDate(now);
    const flags = await appraisalSnapshot((scope.appraisalFlags ?? scoringAppraisalFlags)(db), asOf);
    const fetch = (page: number, pageSize: number) =>
      listCadres(db, { ...input, scopeRootId: scope.scopeRootId, page, pageSize }, asOf, flags);
    const { total } = await fetch(1, 1);
    return {
      total,
      sheet: cadreSheet(locale),
      batches: () => pagesOf(fetch, EXPORT_BATCH),
      fileName: L(locale, `干部名册-${compact(asOf)}.xlsx`, `Cadre files ${compact(asOf)}.xlsx`),
    };
  },
};

/** Opens a list for export (see {@link LIST_EXPORTS}). */
export function openList<N extends ExportListName>(
  db: Db,
  list: N,
  scope: ExportScope,
  input: ExportInputs[N],
  locale: Locale = 'zh-CN',
  now = new Date(),
): Promise<OpenedList> {
  return (LIST_EXPORTS[list] as Opener<N>)(db, scope, input, locale, now);
}
