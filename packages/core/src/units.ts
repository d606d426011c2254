/**
 * Money is integer fen and points are integer hundredths everywhere; these helpers are the
 * only place that converts to and from the human forms.
 */

/** @example yuanToFen(1_500_000) // 150_000_000 */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);

/** @example formatFen(150_000_000) // '1,500,000.00' */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan.toLocaleString('en-US')}.${cents}`;
}

/** @example formatPoints(98_765) // '987.65' */
export function formatPoints(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Divides integers rounding half up (away from zero for positives), the rounding the
 * appraisal rules use. @example divRoundHalfUp(5, 2) // 3
 */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator === 0) throw new RangeError('division by zero');
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  return sign * Math.floor((2 * n + d) / (2 * d));
}
