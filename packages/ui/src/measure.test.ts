import { describe, expect, it } from 'vitest';
import {
  formatMeasure,
  formatMeasureNumber,
  measureToStored,
  parseMeasureUnit,
  storedToMeasure,
} from './measure.ts';

describe('indicator values with unit and scale', () => {
  it('reads the scale a scheme writes after the unit', () => {
    expect(parseMeasureUnit('%×100')).toEqual({ label: '%', decimals: 2 });
    expect(parseMeasureUnit('% x 10')).toEqual({ label: '%', decimals: 1 });
    expect(parseMeasureUnit('万元×100')).toEqual({ label: '万元', decimals: 2 });
    expect(parseMeasureUnit('万元')).toEqual({ label: '万元', decimals: 0 });
    expect(parseMeasureUnit('')).toEqual({ label: '', decimals: 0 });
    expect(parseMeasureUnit(null)).toEqual({ label: '', decimals: 0 });
    // not a power of ten: a unit like any other
    expect(parseMeasureUnit('次×2')).toEqual({ label: '次×2', decimals: 0 });
  });

  it('shows a percentage target stored in hundredths as a percentage (issue #21 item 10)', () => {
    // “地区生产总值增速 目标 816” beside a reported 7.24%: the target is 8.16%.
    expect(formatMeasure(816, '%×100')).toBe('8.16%');
    expect(formatMeasure(724, '%×100')).toBe('7.24%');
    expect(formatMeasure(5, '%×100')).toBe('0.05%');
    expect(formatMeasure(-125, '%×100')).toBe('-1.25%');
    expect(formatMeasure(1000, '%×100')).toBe('10.00%');
  });

  it('shows whole units with the unit, grouped by thousands', () => {
    expect(formatMeasure(85, '%')).toBe('85%');
    expect(formatMeasure(12_500, '万元')).toBe('12,500万元');
    expect(formatMeasure(3, '户')).toBe('3户');
    expect(formatMeasure(12, 'km')).toBe('12 km');
    expect(formatMeasure(1_234_567, null)).toBe('1,234,567');
    expect(formatMeasureNumber(123_456, '万元×100')).toBe('1,234.56');
    expect(formatMeasure(Number.NaN, '%')).toBe('—');
  });

  it('turns what a person types into the stored integer and back, exactly', () => {
    expect(measureToStored(7.24, '%×100')).toBe(724);
    expect(measureToStored(8.165, '%×100')).toBe(817);
    expect(measureToStored(0.29, '%×100')).toBe(29);
    expect(measureToStored(650, '万元')).toBe(650);
    expect(storedToMeasure(724, '%×100')).toBe(7.24);
    expect(storedToMeasure(650, '万元')).toBe(650);
    for (let n = 0; n <= 10_000; n += 7)
      expect(measureToStored(storedToMeasure(n, '%×100'), '%×100')).toBe(n);
  });
});
