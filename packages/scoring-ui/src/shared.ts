import { useQuery } from '@tanstack/react-query';
import { formatMeasure, parseMeasureUnit } from '@zhanqian/ui/format';
import { currentLocale } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { useSearchParams } from 'react-router';
// The strings load with the first scoring page, not with the app's entry chunk.
import './strings.ts';

/** Shared by the admin and phone screens: queries, year choice, evidence files, value labels. */

export type Years = Awaited<ReturnType<typeof api.scoring.scheme.years.query>>;
export type SchemeTree = Awaited<ReturnType<typeof api.scoring.scheme.get.query>>;
export type SchemeDef = SchemeTree['def'];
export type Indicator = SchemeDef['aspects'][number]['items'][number]['indicators'][number];
export type Rule = Indicator['rule'];
export type Kind = Rule['kind'];
export type Mine = Awaited<ReturnType<typeof api.scoring.report.mine.query>>;
export type MineRow = Mine['rows'][number];
export type QueueRow = Awaited<ReturnType<typeof api.scoring.review.queue.query>>['rows'][number];
export type Rankings = Awaited<ReturnType<typeof api.scoring.results.rankings.query>>;
export type ResultRow = Rankings['rows'][number];

export const KINDS: Kind[] = ['ratio', 'tiered', 'boolean', 'graded', 'deduction', 'bonus', 'veto'];
export const BASE_KINDS: Kind[] = ['ratio', 'tiered', 'boolean', 'graded', 'deduction'];
export const isBase = (k: Kind) => BASE_KINDS.includes(k);

export const useYears = () =>
  useQuery({ queryKey: ['scoring.scheme.years'], queryFn: () => api.scoring.scheme.years.query({}) });

/**
 * The year a screen shows: `?year=` in the address, else the year that is open for reports,
 * else the latest. `undefined` while the years load.
 */
export function useYear(): {
  year: number | undefined;
  setYear: (y: number) => void;
  years: ReturnType<typeof useYears>;
} {
  const years = useYears();
  const [params, setParams] = useSearchParams();
  const fromUrl = Number(params.get('year'));
  const fallback = years.data?.find((y) => y.status === 'open')?.year ?? years.data?.[0]?.year;
  const year = Number.isInteger(fromUrl) && fromUrl > 2000 ? fromUrl : fallback;
  const setYear = (y: number) =>
    setParams(
      (p) => {
        p.set('year', String(y));
        return p;
      },
      { replace: true },
    );
  return { year, setYear, years };
}

/** A base64 payload (from an export procedure) saved as a file by the browser. */
export function downloadBase64(base64: string, fileName: string, mime: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  downloadBlob(new Blob([bytes], { type: mime }), fileName);
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file's bytes as base64 (for the xlsx import procedure). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** A CSV file Excel opens in Chinese (UTF-8 with BOM). */
export function downloadCsv(rows: (string | number)[][], fileName: string): void {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
  downloadBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName);
}

export interface EvidenceFile {
  id: string;
  name: string;
  mime: string;
  size: number;
}

export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx';
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/** Uploads an evidence file (佐证材料) for the caller's unit: POST /files, multipart. */
export async function uploadEvidence(file: File): Promise<EvidenceFile> {
  const form = new FormData();
  form.append('file', file);
  const res = await fetch('/files', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-zq-client': 'web', 'accept-language': currentLocale() },
  });
  const body = (await res.json().catch(() => null)) as
    | (EvidenceFile & { error?: undefined })
    | { error?: { code?: string | number; message?: string } }
    | null;
  if (!res.ok || !body || body.error) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body as EvidenceFile;
}

/** An evidence file's bytes, type and name (GET /files/:id, scope-checked by the server). */
export async function fetchEvidence(id: string): Promise<{ blob: Blob; mime: string; name: string }> {
  const res = await fetch(`/files/${encodeURIComponent(id)}`, {
    credentials: 'same-origin',
    headers: { 'accept-language': currentLocale() },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  const mime = res.headers.get('content-type') ?? 'application/octet-stream';
  const cd = res.headers.get('content-disposition') ?? '';
  const m = cd.match(/filename\*=UTF-8''([^;]+)/i);
  const name = m ? decodeURIComponent(m[1]!) : id;
  return { blob: await res.blob(), mime, name };
}

/** What a reported value means for a rule, e.g. 'B' for a graded indicator's 1, '7.24%' for 724 in '%×100'. */
export function valueLabel(
  rule: Rule,
  value: number,
  t: (k: string) => string,
  unit?: string | null,
): string {
  switch (rule.kind) {
    case 'graded':
      return rule.grades[value]?.grade ?? String(value);
    case 'boolean':
      return value ? t('sc.value.met') : t('sc.value.notMet');
    case 'veto':
      return value ? t('sc.value.vetoApplies') : t('sc.value.vetoNone');
    default:
      // With its unit and scale: '%×100' stores hundredths of a percent (816 → 8.16%).
      return formatMeasure(value, unit);
  }
}

/** The unit a person reads beside an input ('%' for '%×100'), and the decimals it takes. */
export const unitOf = (unit: string | null | undefined) => parseMeasureUnit(unit);

const pct = (bp: number) => `${bp / 100}%`;

/**
 * The rule's parameters as a user reads them, targets and thresholds with the indicator's unit
 * and scale, e.g. '目标 8.16%，上限 120%' or '达 80% 得 80%，达 95% 得 100%'.
 */
export function ruleText(
  rule: Rule,
  t: (k: string, o: Record<string, unknown>) => string,
  unit?: string | null,
): string {
  switch (rule.kind) {
    case 'ratio':
      return t('sc.rule.ratio', { target: formatMeasure(rule.target, unit), cap: rule.capPct ?? 100 });
    case 'tiered':
      return rule.tiers
        .map((x) => t('sc.rule.tier', { min: formatMeasure(x.min, unit), share: pct(x.shareBp) }))
        .join('，');
    case 'graded':
      return rule.grades.map((g) => `${g.grade} ${pct(g.shareBp)}`).join('，');
    case 'deduction':
      return t('sc.rule.deduction', { penalty: (rule.penalty / 100).toFixed(2) });
    case 'bonus':
      return t('sc.rule.bonus', { perUnit: (rule.perUnit / 100).toFixed(2) });
    default:
      return '—';
  }
}

/** A preview of the score a value would earn (the server's rule is authoritative). */
export function previewScore(points: number, rule: Rule, value: number): number | null {
  if (!Number.isSafeInteger(value) || value < 0) return null;
  const half = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));
  switch (rule.kind) {
    case 'ratio': {
      const cap = rule.capPct ?? 100;
      return value * 100 >= cap * rule.target ? half(points * cap, 100) : half(points * value, rule.target);
    }
    case 'tiered': {
      let share = 0;
      let bestMin = -1;
      for (const x of rule.tiers)
        if (x.min <= value && x.min > bestMin) {
          bestMin = x.min;
          share = x.shareBp;
        }
      return half(points * share, 10_000);
    }
    case 'boolean':
      return value > 1 ? null : value === 1 ? points : 0;
    case 'graded': {
      const g = rule.grades[value];
      return g ? half(points * g.shareBp, 10_000) : null;
    }
    case 'deduction':
      return Math.max(0, points - value * rule.penalty);
    case 'bonus':
      return Math.min(points, value * rule.perUnit);
    case 'veto':
      return 0;
  }
}

/** Report status → tag colour. */
export const STATUS_COLOR: Record<string, string> = {
  reported: 'processing',
  approved: 'success',
  returned: 'error',
  none: 'default',
};
