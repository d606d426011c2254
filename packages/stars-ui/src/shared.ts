import type { api } from '@zhanqian/ui/trpc';

export type Level = 'household' | 'member' | 'branch' | 'committee';
export const LEVELS: Level[] = ['household', 'member', 'branch', 'committee'];
export const CHILD: Record<Level, Level | null> = {
  household: null,
  member: 'household',
  branch: 'member',
  committee: 'branch',
};

export type EntityRow = Awaited<ReturnType<typeof api.stars.entities.query>>['rows'][number];
export type Explanation = Awaited<ReturnType<typeof api.stars.explain.query>>;
export type Me = Awaited<ReturnType<typeof api.auth.me.query>>;

/** The year in Asia/Shanghai (the rating year), whatever the device's zone. */
export function currentYear(): number {
  return Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
  );
}

/** Saves a base64 file the API returned (xlsx templates and pay lists) through the browser. */
export function downloadBase64(file: { filename: string; contentType: string; base64: string }): void {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a file as base64 (without the data: prefix), reporting progress 0–100. */
export function readAsBase64(file: Blob, onProgress?: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((100 * e.loaded) / e.total));
    };
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const s = String(reader.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** The share threshold as a percentage string: 4/5 → '80'. */
export const thresholdPercent = (p: { num: number; den: number }) => {
  const v = (100 * p.num) / p.den;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
};

/**
 * The explanation in words when the API gives only the structured reason (stars.mine): the same
 * sentences as the server's stars.explain text.
 */
export function explainText(
  e: Pick<Explanation, 'tenStar' | 'reason' | 'criteria' | 'entity'>,
  t: (key: string, vars?: Record<string, unknown>) => string,
  lang: 'zh-CN' | 'en',
): string {
  const label = (l: Level) => t(`stars.lower.${l}`);
  if (e.tenStar === null) return t('stars.explain.notComputed');
  if (e.tenStar) return t('stars.explain.certified', { level: label(e.entity.level) });
  const r = e.reason;
  if (!r) return '';
  if (r.kind === 'own')
    return t('stars.explain.own', {
      level: label(r.level),
      stars: r.stars,
      missing: e.criteria
        .filter((c) => !c.met)
        .map((c) => c.name || String(c.position))
        .join(lang === 'en' ? ', ' : '、'),
    });
  if (r.kind === 'empty')
    return t('stars.explain.empty', { level: label(r.level), child: t(`stars.plural.${r.childLevel}`) });
  return t('stars.explain.share', {
    level: label(r.level),
    child: t(`stars.plural.${r.childLevel}`),
    ten: r.ten,
    total: r.total,
    percent: thresholdPercent(r),
  });
}
