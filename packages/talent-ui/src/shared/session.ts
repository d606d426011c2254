import { useQuery } from '@tanstack/react-query';
import { formatYuan, type UiLocale } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { type UseTranslationResponse, useTranslation } from 'react-i18next';

export type Me = Awaited<ReturnType<typeof api.auth.me.query>>;

/** The signed-in user (same cache entry as the shells'). */
export const useMe = () =>
  useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });

export const can = (me: Me | undefined, ...perms: string[]) =>
  !!me && perms.some((p) => (me.permissions as string[]).includes(p));

/** The UI language and a yuan formatter bound to it. */
export function useLang() {
  const { t, i18n } = useTranslation();
  const lang: UiLocale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return { t, lang, yuan: (fen: number) => formatYuan(fen, lang) };
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export type SubsidyStatus =
  | 'submitted'
  | 'reviewed'
  | 'approved'
  | 'disbursed'
  | 'rejected'
  | 'withdrawn'
  | 'cancelled';
export type SubsidyKind = 'settling' | 'housing';
export const SUBSIDY_STATUSES: SubsidyStatus[] = [
  'submitted',
  'reviewed',
  'approved',
  'disbursed',
  'rejected',
  'withdrawn',
  'cancelled',
];
export const KINDS: SubsidyKind[] = ['settling', 'housing'];
export const TITLES = ['leading', 'entrepreneur', 'expert', 'top_professional'] as const;
export type AwardTitle = (typeof TITLES)[number];

/** antd tag colours by status. */
export const STATUS_COLOR: Record<SubsidyStatus, string> = {
  submitted: 'blue',
  reviewed: 'cyan',
  approved: 'gold',
  disbursed: 'green',
  rejected: 'red',
  withdrawn: 'default',
  cancelled: 'volcano',
};

/** The happy path of an application, for progress steps; the index reached by a status. */
export const PATH: SubsidyStatus[] = ['submitted', 'reviewed', 'approved', 'disbursed'];

export interface EligibilityReason {
  code: 'introduced' | 'catalogue' | 'tier';
  ok: boolean;
  messageKey: string;
  params: Record<string, string | number>;
}

/** The server names how a talent came in by its zh-CN label; back to the code for translation. */
const VIA_BY_ZH: Record<string, string> = {
  公开选拔: 'public_selection',
  引进: 'introduction',
  本地培养: 'local',
};

/** An eligibility reason in the screen's language (amounts as yuan, labels translated). */
export function reasonText(
  t: UseTranslationResponse<'translation', undefined>['t'],
  lang: UiLocale,
  r: EligibilityReason,
  kind: SubsidyKind,
): string {
  const params: Record<string, unknown> = { ...r.params };
  if (typeof r.params.amount === 'number') params.amount = formatYuan(r.params.amount, lang);
  if (r.code === 'tier') params.kind = t(`tl.kind.${kind}`);
  const via = VIA_BY_ZH[String(r.params.via)];
  if (r.code === 'introduced' && via) params.via = t(`tl.via.${via}`);
  return t(r.messageKey, params) as string;
}
