/**
 * The talent domain's pure rules: state machines, the ledger's arithmetic, subsidy
 * eligibility, panel scoring and the shortlist. No I/O here; the repositories call these.
 */
import { DomainError, divRoundHalfUp, formatFen } from '@zhanqian/core';
import './messages.ts';
import type {
  TalentAwardCycleStatus,
  TalentAwardTitle,
  TalentFundEntryKind,
  TalentIntroducedVia,
  TalentSubsidyKind,
  TalentSubsidyStatus,
} from '@zhanqian/db';

export const AWARD_TITLES: readonly TalentAwardTitle[] = [
  'leading',
  'entrepreneur',
  'expert',
  'top_professional',
];
export const AWARD_TITLE_LABELS: Record<TalentAwardTitle, { 'zh-CN': string; en: string }> = {
  leading: { 'zh-CN': '领军人才', en: 'Leading talent' },
  entrepreneur: { 'zh-CN': '优秀企业家', en: 'Excellent entrepreneur' },
  expert: { 'zh-CN': '优秀专家', en: 'Excellent expert' },
  top_professional: { 'zh-CN': '专业拔尖人才', en: 'Professional top talent' },
};
export const SUBSIDY_KINDS: readonly TalentSubsidyKind[] = ['settling', 'housing'];
export const SUBSIDY_KIND_LABELS: Record<TalentSubsidyKind, { 'zh-CN': string; en: string }> = {
  settling: { 'zh-CN': '安家补贴', en: 'Settling subsidy' },
  housing: { 'zh-CN': '购房补贴', en: 'Housing subsidy' },
};
export const INTRODUCED_VIA: readonly TalentIntroducedVia[] = ['public_selection', 'introduction', 'local'];
export const INTRODUCED_VIA_LABELS: Record<TalentIntroducedVia, { 'zh-CN': string; en: string }> = {
  public_selection: { 'zh-CN': '公开选拔', en: 'Public selection' },
  introduction: { 'zh-CN': '引进', en: 'Introduction' },
  local: { 'zh-CN': '本地培养', en: 'Local' },
};
export const FUND_ENTRY_KINDS: readonly TalentFundEntryKind[] = [
  'budget',
  'commitment',
  'disbursement',
  'reversal',
];
export const FUND_ENTRY_KIND_LABELS: Record<TalentFundEntryKind, { 'zh-CN': string; en: string }> = {
  budget: { 'zh-CN': '预算拨入', en: 'Budget' },
  commitment: { 'zh-CN': '审批占用', en: 'Commitment' },
  disbursement: { 'zh-CN': '拨付', en: 'Disbursement' },
  reversal: { 'zh-CN': '冲正', en: 'Reversal' },
};

// ---------------------------------------------------------------- subsidy state machine

export type SubsidyAction = 'review' | 'approve' | 'reject' | 'withdraw' | 'disburse' | 'cancel';

/** from status → action → to status. Anything absent is an illegal transition. */
export const SUBSIDY_TRANSITIONS: Record<
  TalentSubsidyStatus,
  Partial<Record<SubsidyAction, TalentSubsidyStatus>>
> = {
  submitted: { review: 'reviewed', reject: 'rejected', withdraw: 'withdrawn' },
  reviewed: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  approved: { disburse: 'disbursed', cancel: 'cancelled' },
  disbursed: {},
  rejected: {},
  withdrawn: {},
  cancelled: {},
};

/** Statuses that hold the once-per-talent-and-kind slot (the partial unique index). */
export const LIVE_SUBSIDY_STATUSES: readonly TalentSubsidyStatus[] = [
  'submitted',
  'reviewed',
  'approved',
  'disbursed',
];

/**
 * The status an action leads to, or CONFLICT when the action is not allowed from `from`.
 *
 * @example nextSubsidyStatus('submitted', 'review') // 'reviewed'
 * @example nextSubsidyStatus('disbursed', 'approve') // throws CONFLICT talent.illegalTransition
 */
export function nextSubsidyStatus(from: TalentSubsidyStatus, action: SubsidyAction): TalentSubsidyStatus {
  const to = SUBSIDY_TRANSITIONS[from][action];
  if (!to) throw illegal(from, action);
  return to;
}

/** zh-CN names of statuses and actions, for messages (the English message uses the codes). */
export const STATE_LABELS_ZH: Record<string, string> = {
  submitted: '已提交',
  reviewed: '已审核',
  approved: '已批准',
  disbursed: '已拨付',
  rejected: '未通过',
  withdrawn: '已撤回',
  cancelled: '已撤销',
  nominating: '提名',
  scoring: '专家评审',
  shortlisted: '已入围',
  not_shortlisted: '未入围',
  nominated: '已提名',
  publicity: '公示',
  awarded: '已颁奖',
  review: '审核',
  approve: '批准',
  reject: '不予通过',
  withdraw: '撤回',
  disburse: '拨付',
  cancel: '撤销批准',
  startScoring: '开始评审',
  shortlist: '确定入围名单',
  publish: '公示',
  award: '颁奖',
};

/** The CONFLICT error of a refused transition, with zh-CN labels and English codes. */
export function illegal(from: string, action: string): DomainError {
  return new DomainError('CONFLICT', 'talent.illegalTransition', {
    from,
    action,
    fromZh: STATE_LABELS_ZH[from] ?? from,
    actionZh: STATE_LABELS_ZH[action] ?? action,
  });
}

// ---------------------------------------------------------------- award cycle state machine

export type CycleAction = 'startScoring' | 'shortlist' | 'publish' | 'award';

export const CYCLE_TRANSITIONS: Record<
  TalentAwardCycleStatus,
  Partial<Record<CycleAction, TalentAwardCycleStatus>>
> = {
  nominating: { startScoring: 'scoring' },
  scoring: { shortlist: 'shortlisted' },
  shortlisted: { publish: 'publicity' },
  publicity: { award: 'awarded' },
  awarded: {},
};

/**
 * The next status of a selection cycle, or CONFLICT.
 *
 * @example nextCycleStatus('nominating', 'startScoring') // 'scoring'
 */
export function nextCycleStatus(from: TalentAwardCycleStatus, action: CycleAction): TalentAwardCycleStatus {
  const to = CYCLE_TRANSITIONS[from][action];
  if (!to) throw illegal(from, action);
  return to;
}

// ---------------------------------------------------------------- the ledger

export interface Balances {
  /** Budget not yet committed: what an approval may still take. */
  availableFen: number;
  /** Approved but not yet paid. */
  committedFen: number;
  /** Paid out. */
  disbursedFen: number;
  /** Total budget ever put in (net of reversed budget entries). */
  budgetFen: number;
}

export interface EntryEffect {
  dAvailable: number;
  dCommitted: number;
  dDisbursed: number;
}

/**
 * The signed effect of a ledger entry on the balances. A reversal undoes the entry it
 * reverses (which must not itself be a reversal: a reversed reversal is a new entry).
 *
 * @example entryEffect('commitment', 500) // { dAvailable: -500, dCommitted: 500, dDisbursed: 0 }
 * @example entryEffect('reversal', 500, 'disbursement') // { dAvailable: 0, dCommitted: 500, dDisbursed: -500 }
 */
export function entryEffect(
  kind: TalentFundEntryKind,
  amountFen: number,
  reversedKind?: TalentFundEntryKind,
): EntryEffect {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    throw new DomainError('BAD_INPUT', 'talent.badAmount', {
      amount: String(amountFen / 100),
    });
  switch (kind) {
    case 'budget':
      return { dAvailable: amountFen, dCommitted: 0, dDisbursed: 0 };
    case 'commitment':
      return { dAvailable: -amountFen, dCommitted: amountFen, dDisbursed: 0 };
    case 'disbursement':
      return { dAvailable: 0, dCommitted: -amountFen, dDisbursed: amountFen };
    case 'reversal': {
      if (!reversedKind || reversedKind === 'reversal')
        throw new DomainError('BAD_INPUT', 'talent.cannotReverseReversal');
      const e = entryEffect(reversedKind, amountFen);
      return {
        dAvailable: -e.dAvailable || 0,
        dCommitted: -e.dCommitted || 0,
        dDisbursed: -e.dDisbursed || 0,
      };
    }
  }
}

export interface LedgerLine {
  kind: TalentFundEntryKind;
  d_available_fen: number;
  d_committed_fen: number;
  d_disbursed_fen: number;
}

/**
 * Folds ledger lines into balances (the reference the SQL sums are tested against).
 *
 * @example foldBalances([{ kind: 'budget', d_available_fen: 100, d_committed_fen: 0, d_disbursed_fen: 0 }]).availableFen // 100
 */
export function foldBalances(lines: readonly LedgerLine[]): Balances {
  const b: Balances = { availableFen: 0, committedFen: 0, disbursedFen: 0, budgetFen: 0 };
  for (const l of lines) {
    b.availableFen += l.d_available_fen;
    b.committedFen += l.d_committed_fen;
    b.disbursedFen += l.d_disbursed_fen;
  }
  b.budgetFen = b.availableFen + b.committedFen + b.disbursedFen;
  return b;
}

/**
 * Refuses a movement that would take any balance below zero (the fund never goes negative).
 *
 * @example assertMovementFits({ availableFen: 100, committedFen: 0, disbursedFen: 0, budgetFen: 100 }, entryEffect('commitment', 101)) // throws
 */
export function assertMovementFits(b: Balances, e: EntryEffect): void {
  if (b.availableFen + e.dAvailable < 0)
    throw new DomainError('PRECONDITION_FAILED', 'talent.insufficientFund', {
      available: formatFen(b.availableFen),
      needed: formatFen(-e.dAvailable),
    });
  if (b.committedFen + e.dCommitted < 0 || b.disbursedFen + e.dDisbursed < 0)
    throw new DomainError('PRECONDITION_FAILED', 'talent.ledgerWouldGoNegative');
}

// ---------------------------------------------------------------- subsidy eligibility

export interface EligibilityInput {
  kind: TalentSubsidyKind;
  introducedVia: TalentIntroducedVia;
  introducedOn: string;
  fieldCode: string;
  tier: { code: string; name: string; settling_fen: number; housing_fen: number };
  /** The field codes of the catalogue of the year the talent was introduced. */
  catalogueFieldCodes: ReadonlySet<string>;
}

export interface EligibilityReason {
  code: 'introduced' | 'catalogue' | 'tier';
  ok: boolean;
  messageKey: string;
  params: Record<string, string | number>;
}

export interface Eligibility {
  eligible: boolean;
  amountFen: number;
  catalogueYear: number;
  reasons: EligibilityReason[];
}

/**
 * Whether a talent may receive a one-time subsidy, with every reason (passed or failed):
 * the talent must have been brought in (public selection or introduction, not local), in a
 * field listed in the catalogue (急需紧缺人才目录) of the year of introduction, and hold a
 * tier that grants a non-zero amount of that kind.
 *
 * @example subsidyEligibility({ kind: 'settling', introducedVia: 'introduction', introducedOn: '2024-03-01', fieldCode: 'IC', tier: { code: 'B', name: 'B类', settling_fen: 20_000_000, housing_fen: 0 }, catalogueFieldCodes: new Set(['IC']) }).eligible // true
 */
export function subsidyEligibility(input: EligibilityInput): Eligibility {
  const year = Number(input.introducedOn.slice(0, 4));
  const amountFen = input.kind === 'settling' ? input.tier.settling_fen : input.tier.housing_fen;
  const reasons: EligibilityReason[] = [
    {
      code: 'introduced',
      ok: input.introducedVia !== 'local',
      messageKey: input.introducedVia !== 'local' ? 'talent.elig.introducedOk' : 'talent.elig.local',
      params: { via: INTRODUCED_VIA_LABELS[input.introducedVia]['zh-CN'] },
    },
    {
      code: 'catalogue',
      ok: input.catalogueFieldCodes.has(input.fieldCode),
      messageKey: input.catalogueFieldCodes.has(input.fieldCode)
        ? 'talent.elig.catalogueOk'
        : 'talent.elig.notInCatalogue',
      params: { field: input.fieldCode, year },
    },
    {
      code: 'tier',
      ok: amountFen > 0,
      messageKey: amountFen > 0 ? 'talent.elig.tierOk' : 'talent.elig.tierNoAmount',
      // amount (fen) for screens, which format it in their language; yuan for the server's message
      params: {
        tier: input.tier.name,
        kind: SUBSIDY_KIND_LABELS[input.kind]['zh-CN'],
        amount: amountFen,
        yuan: formatFen(amountFen),
      },
    },
  ];
  return { eligible: reasons.every((r) => r.ok), amountFen, catalogueYear: year, reasons };
}

// ---------------------------------------------------------------- panel scoring

export interface ScoreLine {
  nominationId: number;
  expertId: number;
  score: number;
}

export interface CombinedScore {
  nominationId: number;
  /** Scores received, in expert id order. */
  scores: { expertId: number; score: number }[];
  /** Sum of the received scores (hundredths). */
  sum: number;
  /** Mean of all experts' scores in hundredths, rounded half up; null while any is missing. */
  combined: number | null;
  missingExpertIds: number[];
}

export interface CombineResult {
  rows: CombinedScore[];
  /** Every (nominee, expert) pair without a score: nothing is dropped silently. */
  missing: { nominationId: number; expertId: number }[];
  complete: boolean;
}

/**
 * Combines each expert's independent score of each nominee into one score in integer
 * hundredths: the mean over every expert of the panel, rounded half up. A missing score is
 * never skipped (the nominee's combined score stays null and the pair is reported); a
 * duplicate or a score by a non-panel expert or for an unknown nominee is refused.
 *
 * @example combineScores([1], [10, 11], [{ nominationId: 1, expertId: 10, score: 9000 }, { nominationId: 1, expertId: 11, score: 8501 }]).rows[0].combined // 8751
 */
export function combineScores(
  nominationIds: readonly number[],
  expertIds: readonly number[],
  scores: readonly ScoreLine[],
): CombineResult {
  const experts = new Set(expertIds);
  const byNominee = new Map<number, Map<number, number>>(nominationIds.map((n) => [n, new Map()]));
  for (const s of scores) {
    const got = byNominee.get(s.nominationId);
    if (!got)
      throw new DomainError('BAD_INPUT', 'talent.scoreUnknownNominee', { nomination: s.nominationId });
    if (!experts.has(s.expertId))
      throw new DomainError('BAD_INPUT', 'talent.scoreUnknownExpert', { expert: s.expertId });
    if (got.has(s.expertId))
      throw new DomainError('CONFLICT', 'talent.duplicateScore', {
        nomination: s.nominationId,
        expert: s.expertId,
      });
    if (!Number.isSafeInteger(s.score) || s.score < 0 || s.score > 10_000)
      throw new DomainError('BAD_INPUT', 'talent.badScore', { score: s.score });
    got.set(s.expertId, s.score);
  }
  const sortedExperts = [...experts].sort((a, b) => a - b);
  const missing: { nominationId: number; expertId: number }[] = [];
  const rows = nominationIds.map((nominationId) => {
    const got = byNominee.get(nominationId)!;
    const missingExpertIds = sortedExperts.filter((e) => !got.has(e));
    for (const expertId of missingExpertIds) missing.push({ nominationId, expertId });
    const list = sortedExperts.filter((e) => got.has(e)).map((e) => ({ expertId: e, score: got.get(e)! }));
    const sum = list.reduce((a, s) => a + s.score, 0);
    const combined =
      missingExpertIds.length === 0 && sortedExperts.length > 0
        ? divRoundHalfUp(sum, sortedExperts.length)
        : null;
    return { nominationId, scores: list, sum, combined, missingExpertIds };
  });
  return { rows, missing, complete: missing.length === 0 && sortedExperts.length > 0 };
}

export interface RankedNominee {
  nominationId: number;
  title: TalentAwardTitle;
  combined: number;
  /** Standard competition rank within the title (1, 2, 2, 4). */
  rank: number;
  shortlisted: boolean;
}

/**
 * Ranks nominees within each title by combined score (higher first; equal scores share a
 * rank, 1,2,2,4) and shortlists those ranked within the title's quota. A tie straddling
 * the quota line shortlists every tied nominee and is reported in `overQuota` rather than
 * cut arbitrarily.
 *
 * @example shortlist([{ nominationId: 1, title: 'expert', combined: 9000 }, { nominationId: 2, title: 'expert', combined: 8000 }], { expert: 1 }).ranked.filter((r) => r.shortlisted).length // 1
 */
export function shortlist(
  nominees: readonly { nominationId: number; title: TalentAwardTitle; combined: number }[],
  quotas: Partial<Record<TalentAwardTitle, number>>,
): { ranked: RankedNominee[]; overQuota: { title: TalentAwardTitle; quota: number; shortlisted: number }[] } {
  const ranked: RankedNominee[] = [];
  const overQuota: { title: TalentAwardTitle; quota: number; shortlisted: number }[] = [];
  for (const title of AWARD_TITLES) {
    const quota = quotas[title] ?? 0;
    const list = nominees
      .filter((n) => n.title === title)
      .sort((a, b) => b.combined - a.combined || a.nominationId - b.nominationId);
    let count = 0;
    list.forEach((n, i) => {
      const rank = i > 0 && list[i - 1]!.combined === n.combined ? ranked[ranked.length - 1]!.rank : i + 1;
      const isIn = rank <= quota;
      if (isIn) count++;
      ranked.push({ ...n, rank, shortlisted: isIn });
    });
    if (count > quota) overQuota.push({ title, quota, shortlisted: count });
  }
  return { ranked, overQuota };
}

// ---------------------------------------------------------------- dates

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Days from `a` to `b` ('YYYY-MM-DD'). @example daysBetween('2026-01-01', '2026-01-08') // 7 */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The minimum length of the publicity window (公示期), in calendar days, both ends included. */
export const MIN_PUBLICITY_DAYS = 5;

/**
 * Refuses a publicity window shorter than `MIN_PUBLICITY_DAYS` (both ends included) or malformed.
 *
 * @example assertPublicityWindow('2026-06-01', '2026-06-05') // ok: five days
 */
export function assertPublicityWindow(start: string, end: string): void {
  if (
    !DATE_RE.test(start) ||
    !DATE_RE.test(end) ||
    Number.isNaN(Date.parse(start)) ||
    Number.isNaN(Date.parse(end))
  )
    throw new DomainError('BAD_INPUT', 'talent.badDate');
  if (daysBetween(start, end) + 1 < MIN_PUBLICITY_DAYS)
    throw new DomainError('BAD_INPUT', 'talent.publicityTooShort', { days: MIN_PUBLICITY_DAYS });
}

// ---------------------------------------------------------------- reports (reference)

export interface FlowRow {
  month: string;
  kind: TalentFundEntryKind;
  count: number;
  amountFen: number;
  dAvailableFen: number;
  dCommittedFen: number;
  dDisbursedFen: number;
}

/**
 * Monthly flow by kind from ledger lines, sorted by month then kind: the reference the SQL
 * report is property-tested against.
 *
 * @example monthlyFlow([{ entry_date: '2026-01-05', kind: 'budget', amount_fen: 5, d_available_fen: 5, d_committed_fen: 0, d_disbursed_fen: 0 }])[0].month // '2026-01'
 */
export function monthlyFlow(
  lines: readonly (LedgerLine & { entry_date: string; amount_fen: number })[],
): FlowRow[] {
  const map = new Map<string, FlowRow>();
  for (const l of lines) {
    const month = l.entry_date.slice(0, 7);
    const key = `${month}|${l.kind}`;
    let row = map.get(key);
    if (!row) {
      row = {
        month,
        kind: l.kind,
        count: 0,
        amountFen: 0,
        dAvailableFen: 0,
        dCommittedFen: 0,
        dDisbursedFen: 0,
      };
      map.set(key, row);
    }
    row.count++;
    row.amountFen += l.amount_fen;
    row.dAvailableFen += l.d_available_fen;
    row.dCommittedFen += l.d_committed_fen;
    row.dDisbursedFen += l.d_disbursed_fen;
  }
  return [...map.values()].sort((a, b) =>
    a.month === b.month ? (a.kind < b.kind ? -1 : 1) : a.month < b.month ? -1 : 1,
  );
}
