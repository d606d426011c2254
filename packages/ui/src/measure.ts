/**
 * Indicator values with their unit and scale. A scheme names what a reported integer measures
 * as a unit, optionally with the scale it is stored at: '%×100' is a percentage stored in
 * hundredths of a percent (816 reads 8.16%), '万元' a whole number of 10,000 yuan. Every
 * screen shows targets, thresholds and reported values through these, never the raw integer.
 */

export interface MeasureUnit {
  /** What the reader sees after the number: '%', '万元', '户'; '' for none. */
  label: string;
  /** Decimal places the stored integer holds: 2 for '…×100', 0 when unscaled. */
  decimals: number;
}

const SCALED = /^(.*?)\s*[×xX*]\s*(10+)$/;

/**
 * @example parseMeasureUnit('%×100') // { label: '%', decimals: 2 }
 * @example parseMeasureUnit('万元') // { label: '万元', decimals: 0 }
 */
export function parseMeasureUnit(unit: string | null | undefined): MeasureUnit {
  const u = (unit ?? '').trim();
  const m = SCALED.exec(u);
  if (m && m[2]!.length <= 7) return { label: m[1]!.trim(), decimals: m[2]!.length - 1 };
  return { label: u, decimals: 0 };
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The number a stored integer stands for, as text with exactly the unit's decimals ('8.16'). */
export function formatMeasureNumber(stored: number, unit: string | null | undefined): string {
  const { decimals } = parseMeasureUnit(unit);
  if (!Number.isFinite(stored)) return '—';
  const sign = stored < 0 ? '-' : '';
  const abs = Math.abs(Math.round(stored));
  const p = 10 ** decimals;
  const whole = grouped.format(Math.trunc(abs / p));
  return decimals ? `${sign}${whole}.${String(abs % p).padStart(decimals, '0')}` : `${sign}${whole}`;
}

/** Chinese units, % and ‰ follow the number directly; a Latin unit after a space ('12 km'). */
const tight = (label: string) => /^[%‰\u3000-\u9fff\uff00-\uffef]/.test(label);

/**
 * A stored indicator value as a reader reads it, with its unit and scale.
 *
 * @example formatMeasure(816, '%×100') // '8.16%'
 * @example formatMeasure(85, '%') // '85%'
 * @example formatMeasure(12500, '万元') // '12,500万元'
 * @example formatMeasure(3, null) // '3'
 */
export function formatMeasure(stored: number, unit: string | null | undefined): string {
  const { label } = parseMeasureUnit(unit);
  const n = formatMeasureNumber(stored, unit);
  if (!label || n === '—') return n;
  return tight(label) ? `${n}${label}` : `${n} ${label}`;
}

/** What a person types (7.24 for '%×100') as the integer stored (724), rounded half up to the scale. */
export function measureToStored(shown: number, unit: string | null | undefined): number {
  const { decimals } = parseMeasureUnit(unit);
  // toFixed first: 7.24 × 100 is 723.9999… in binary floating point.
  return Math.round(Number((shown * 10 ** decimals).toFixed(6)));
}

/** The stored integer (724 for '%×100') as the number a person reads and edits (7.24). */
export function storedToMeasure(stored: number, unit: string | null | undefined): number {
  const { decimals } = parseMeasureUnit(unit);
  return decimals ? Number(formatMeasureNumber(stored, unit).replace(/,/g, '')) : stored;
}
