import { describe, expect, it } from 'vitest';
import {
  divRoundHalfUp,
  formatFen,
  formatPoints,
  localeFromHeader,
  shanghaiDate,
  t,
  yuanToFen,
} from './index.ts';

describe('units', () => {
  it('formats fen as yuan', () => {
    expect(formatFen(150_000_000)).toBe('1,500,000.00');
    expect(formatFen(-5)).toBe('-0.05');
    expect(yuanToFen(1_500_000)).toBe(150_000_000);
  });
  it('formats points', () => expect(formatPoints(98_765)).toBe('987.65'));
  it('rounds half up', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3);
    expect(divRoundHalfUp(4, 3)).toBe(1);
    expect(divRoundHalfUp(-5, 2)).toBe(-3);
    expect(() => divRoundHalfUp(1, 0)).toThrow(RangeError);
  });
});

describe('time', () => {
  it('uses the Shanghai calendar date', () => {
    expect(shanghaiDate(new Date('2026-06-30T16:30:00Z'))).toBe('2026-07-01');
    expect(shanghaiDate(new Date('2026-06-30T15:59:59Z'))).toBe('2026-06-30');
  });
});

describe('i18n', () => {
  it('defaults to zh-CN and honours q-values', () => {
    expect(localeFromHeader(undefined)).toBe('zh-CN');
    expect(localeFromHeader('en-US,en;q=0.9')).toBe('en');
    expect(localeFromHeader('fr, en;q=0.5, zh;q=0.8')).toBe('zh-CN');
    expect(localeFromHeader('de')).toBe('zh-CN');
  });
  it('fills parameters', () => {
    expect(t('org.unitNotFound', 'en', { id: 3 })).toBe('Organization unit 3 does not exist');
    expect(t('org.unitNotFound', 'zh-CN', { id: 3 })).toBe('组织（编号 3）不存在');
  });
});
