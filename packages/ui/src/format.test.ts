import { describe, expect, it } from 'vitest';
import { formatDateTime, formatPercent, formatPoints, formatYuan, formatYuanShort } from './format.ts';

describe('formats', () => {
  it('shows fen as yuan', () => {
    // 元 after a no-break space (never wrapped onto a line of its own)
    expect(formatYuan(150_000_000)).toBe('1,500,000.00\u00a0元');
    expect(formatYuan(8_000_000, 'zh-CN')).toBe('80,000.00\u00a0元');
    expect(formatYuan(8_000_000)).toMatch(/^[\d,]+\.\d{2}\s元$/);
    expect(formatYuan(5)).toBe('0.05\u00a0元');
    expect(formatYuan(-123_456)).toBe('-1,234.56\u00a0元');
    expect(formatYuan(150_000_000, 'en')).toBe('CN¥1,500,000.00');
    expect(formatYuanShort(150_000_000)).toBe('150万元');
    expect(formatYuanShort(1_000_000_000)).toBe('1000万元');
  });
  it('shows points and percentages', () => {
    expect(formatPoints(98_765)).toBe('987.65');
    expect(formatPoints(-5)).toBe('-0.05');
    expect(formatPercent(4, 5)).toBe('80.0%');
    expect(formatPercent(1, 0)).toBe('—');
  });
  it('shows instants in Shanghai time', () => {
    expect(formatDateTime('2026-06-30T16:30:00Z')).toBe('2026-07-01 00:30');
  });
});
