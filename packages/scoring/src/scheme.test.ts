import { describe, expect, it } from 'vitest';
import { sampleScheme } from './sample.ts';
import { assertValidScheme, copyScheme, flatIndicators, nodeSums, schemeProblems } from './scheme.ts';

describe('scheme validation', () => {
  it('accepts a scheme whose base points add up to exactly 1000', () => {
    expect(schemeProblems(sampleScheme())).toEqual([]);
    expect(() => assertValidScheme(sampleScheme())).not.toThrow();
  });
  it('names the offending indicator sum with both figures', () => {
    const def = sampleScheme();
    def.aspects[0]!.items[0]!.indicators[0]!.points = 24_999;
    const problems = schemeProblems(def);
    expect(problems).toEqual([
      {
        node: 'A1W1 地区生产总值',
        key: 'scoring.sumMismatch',
        params: { node: 'A1W1 地区生产总值', expected: '400.00', actual: '399.99' },
      },
    ]);
    expect(() => assertValidScheme(def)).toThrow(/A1W1 地区生产总值.*399\.99/);
  });
  it('names an aspect and the scheme when they do not add up', () => {
    const def = sampleScheme();
    def.aspects[1]!.points = 39_000;
    expect(schemeProblems(def).map((p) => [p.node, p.params.expected, p.params.actual])).toEqual([
      ['scheme', '1000.00', '990.00'],
      ['A2 党的建设', '390.00', '400.00'],
    ]);
  });
  it('leaves bonus and veto indicators outside the 1000', () => {
    const def = sampleScheme();
    def.aspects[1]!.items[0]!.indicators[2]!.points = 9_000;
    expect(schemeProblems(def)).toEqual([]);
    def.aspects[0]!.items[1]!.indicators[1]!.points = 100;
    expect(schemeProblems(def).map((p) => p.key)).toEqual(['scoring.badRule']);
  });
  it('refuses duplicate codes, bad rules, a bad bonus cap and unknown assessing units', () => {
    const def = sampleScheme();
    def.aspects[1]!.items[0]!.indicators[0]!.code = 'A1W1I1';
    def.aspects[0]!.items[0]!.indicators[0]!.rule = { kind: 'ratio', target: 0 };
    def.bonusCap = -1;
    const keys = schemeProblems(def, new Set(['D-KHB', 'D-GBK', 'D-RCB'])).map((p) => `${p.node}:${p.key}`);
    expect(keys).toEqual([
      'scheme:scoring.badBonusCap',
      'A1W1I1 生产总值增速:scoring.badRule',
      'A1W1I1 三会一课落实:scoring.duplicateCode',
      'A1W1I1 三会一课落实:scoring.unknownUnit',
      'A2W1I3 创新工作获上级表彰:scoring.unknownUnit',
    ]);
  });
  it('refuses an empty scheme', () => {
    const def = { ...sampleScheme(), aspects: [] };
    expect(schemeProblems(def).map((p) => p.key)).toEqual(['scoring.noAspects', 'scoring.sumMismatch']);
  });
});

describe('scheme helpers', () => {
  it("lists every node with its declared points and its children's sum", () => {
    const def = sampleScheme();
    def.aspects[0]!.items[1]!.indicators[0]!.points = 19_000;
    expect(nodeSums(def).map((n) => [n.level, n.code, n.declared, n.children, n.ok])).toEqual([
      ['scheme', '', 100_000, 100_000, true],
      ['aspect', 'A1', 60_000, 60_000, true],
      ['item', 'A1W1', 40_000, 40_000, true],
      ['item', 'A1W2', 20_000, 19_000, false],
      ['aspect', 'A2', 40_000, 40_000, true],
      ['item', 'A2W1', 40_000, 40_000, true],
    ]);
  });
  it('flattens indicators in scheme order with their aspect', () => {
    const flat = flatIndicators(sampleScheme());
    expect(flat.map((i) => `${i.aspectIndex}:${i.code}`)).toEqual([
      '0:A1W1I1',
      '0:A1W1I2',
      '0:A1W2I1',
      '0:A1W2I2',
      '1:A2W1I1',
      '1:A2W1I2',
      '1:A2W1I3',
      '1:A2W1I4',
    ]);
  });
  it('copies a scheme to the next year without sharing anything', () => {
    const def = sampleScheme(2026);
    const next = copyScheme(def, 2027);
    expect(next.year).toBe(2027);
    expect(next.name).toBe('2027年度千分制目标管理考核方案');
    next.aspects[0]!.name = 'x';
    expect(def.aspects[0]!.name).toBe('经济社会发展');
    expect({ ...next, year: 2026, name: def.name, aspects: def.aspects }).toEqual(def);
  });
});
