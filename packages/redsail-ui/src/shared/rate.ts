/**
 * A rate of exact counts as a percentage with one decimal (DESIGN: coverage is an exact integer
 * fraction, shown with one decimal): rounded half up on integer tenths, no float in the ratio.
 *
 * @example percent1(7, 9) // '77.8%'
 * @example percent1(0, 0) // '—'
 */
export function percent1(part: number, whole: number): string {
  if (!whole) return '—';
  const tenths = Math.floor((2000 * part + whole) / (2 * whole));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/**
 * The same rate as a number (tenths ÷ 10) for a chart's axis; 0 for an empty set.
 *
 * @example percentValue(1, 8) // 12.5
 */
export const percentValue = (part: number, whole: number): number =>
  whole ? Math.floor((2000 * part + whole) / (2 * whole)) / 10 : 0;
