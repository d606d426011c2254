import type { Locale } from '@zhanqian/core';

type Text = { 'zh-CN': string; en: string };

/**
 * Every kind of notice the platform sends, with its title and body templates ({name} takes a
 * parameter of the notice). One catalogue, so a reader sees each notice in their own language
 * and a domain cannot send a kind nobody can render.
 */
export const NOTICE_KINDS = {
  'scoring.report_approved': {
    title: { 'zh-CN': '指标填报已通过审核', en: 'Indicator report approved' },
    body: {
      'zh-CN': '{year} 年度“{indicator}”的填报已审核通过。',
      en: 'Your {year} report on “{indicator}” was approved.',
    },
  },
  'scoring.report_returned': {
    title: { 'zh-CN': '指标填报被退回', en: 'Indicator report returned' },
    body: {
      'zh-CN': '{year} 年度“{indicator}”的填报被退回，原因：{reason}',
      en: 'Your {year} report on “{indicator}” was returned. Reason: {reason}',
    },
  },
  'scoring.objection_upheld': {
    title: { 'zh-CN': '异议已答复：成立', en: 'Objection answered: upheld' },
    body: {
      'zh-CN': '您对 {year} 年度考核结果提出的异议已答复（成立）：{response}',
      en: 'Your objection to the {year} appraisal results was upheld: {response}',
    },
  },
  'scoring.objection_rejected': {
    title: { 'zh-CN': '异议已答复：不成立', en: 'Objection answered: not upheld' },
    body: {
      'zh-CN': '您对 {year} 年度考核结果提出的异议已答复（不成立）：{response}',
      en: 'Your objection to the {year} appraisal results was not upheld: {response}',
    },
  },
  'talent.subsidy_approved': {
    title: { 'zh-CN': '补贴申请已批准', en: 'Subsidy approved' },
    body: {
      'zh-CN': '您的补贴申请（编号 {id}）已批准，金额 {amount} 元。',
      en: 'Your subsidy application no. {id} was approved: {amount} yuan.',
    },
  },
  'talent.subsidy_rejected': {
    title: { 'zh-CN': '补贴申请未获批准', en: 'Subsidy not approved' },
    body: {
      'zh-CN': '您的补贴申请（编号 {id}）未获批准。{reason}',
      en: 'Your subsidy application no. {id} was not approved. {reason}',
    },
  },
  'cadres.nomination_decided': {
    title: { 'zh-CN': '干部选拔：{campaign}', en: 'Cadre selection: {campaign}' },
    body: {
      'zh-CN': '您在“{campaign}”中的报名已有结果：{outcomeZh}。',
      en: 'Your entry in “{campaign}” has been decided: {outcomeEn}.',
    },
  },
  'stars.rating_changed': {
    title: { 'zh-CN': '星级评定有变化', en: 'Star rating changed' },
    body: {
      'zh-CN': '“{name}”{year} 年度的星级评定已更新为 {stars} 星。',
      en: 'The {year} star rating of “{name}” is now {stars} stars.',
    },
  },
  'task.due': {
    title: { 'zh-CN': '任务即将到期：{task}', en: 'Task due: {task}' },
    body: { 'zh-CN': '“{task}”应于 {due} 前完成。', en: '“{task}” is due by {due}.' },
  },
  'directline.received': {
    title: { 'zh-CN': '党代表直通车：新来信', en: 'Direct line: new message' },
    body: {
      'zh-CN': '{member} 来信“{title}”，请于 {due} 前答复。',
      en: '{member} wrote “{title}”; answer by {due}.',
    },
  },
  'directline.assigned': {
    title: { 'zh-CN': '党代表直通车：交您办理', en: 'Direct line: assigned to you' },
    body: {
      'zh-CN': '来信“{title}”已交您办理，请于 {due} 前答复。',
      en: '“{title}” is assigned to you; answer by {due}.',
    },
  },
  'directline.reply': {
    title: { 'zh-CN': '党代表直通车：收到答复', en: 'Direct line: reply received' },
    body: {
      'zh-CN': '您的来信“{title}”已收到答复，欢迎评价。',
      en: 'Your message “{title}” has been answered; please rate the answer.',
    },
  },
  'directline.followup': {
    title: { 'zh-CN': '党代表直通车：来信人追问', en: 'Direct line: follow-up' },
    body: {
      'zh-CN': '{member} 对“{title}”有新的留言。',
      en: '{member} added a message to “{title}”.',
    },
  },
  'directline.rated': {
    title: { 'zh-CN': '党代表直通车：来信人已评价', en: 'Direct line: rated' },
    body: {
      'zh-CN': '“{title}”的来信人评价：{rating} 星。',
      en: 'The writer of “{title}” rated the answer {rating} stars.',
    },
  },
  /** Notices written before kinds carried templates: their stored title and body are shown. */
  direct_line: {
    title: { 'zh-CN': '{title}', en: '{title}' },
    body: { 'zh-CN': '{body}', en: '{body}' },
  },
} as const satisfies Record<string, { title: Text; body: Text }>;

export type NoticeKind = keyof typeof NOTICE_KINDS;
export type NoticeParams = Record<string, string | number>;

export const isNoticeKind = (k: string): k is NoticeKind => Object.hasOwn(NOTICE_KINDS, k);

const fill = (template: string, params: NoticeParams) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

/**
 * A notice's title and body in one language.
 * @example renderNotice('task.due', { task: '报送', due: '2026-12-08' }, 'en').title // 'Task due: 报送'
 */
export function renderNotice(
  kind: string,
  params: NoticeParams,
  locale: Locale,
): { title: string; body: string } | null {
  if (!isNoticeKind(kind)) return null;
  const k = NOTICE_KINDS[kind];
  return { title: fill(k.title[locale], params), body: fill(k.body[locale], params) };
}
