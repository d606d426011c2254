import type { SchemeDef } from './scheme.ts';

/**
 * A small valid scheme (2 aspects, 3 work items, every indicator kind) for tests and docs.
 * @example assertValidScheme(sampleScheme(2026))
 */
export function sampleScheme(year = 2026): SchemeDef {
  return {
    year,
    name: `${year}年度千分制目标管理考核方案`,
    bonusCap: 3_000,
    tieBreak: ['deductionLost', 'aspects'],
    awards: {
      poolFen: 300_000_000,
      rules: [
        { byRank: { from: 1, to: 1 }, amountFen: 150_000_000 },
        { byRank: { from: 2, to: 3 }, amountFen: 50_000_000 },
      ],
    },
    priorityTopN: 1,
    aspects: [
      {
        code: 'A1',
        name: '经济社会发展',
        points: 60_000,
        items: [
          {
            code: 'A1W1',
            name: '地区生产总值',
            points: 40_000,
            indicators: [
              {
                code: 'A1W1I1',
                name: '生产总值增速',
                points: 25_000,
                rule: { kind: 'ratio', target: 650, capPct: 120 },
                assessingUnit: 'D-KHB',
                responsible: ['街道办主任'],
                unit: '%×100',
              },
              {
                code: 'A1W1I2',
                name: '项目完成率',
                points: 15_000,
                rule: {
                  kind: 'tiered',
                  tiers: [
                    { min: 60, shareBp: 6_000 },
                    { min: 80, shareBp: 8_000 },
                    { min: 100, shareBp: 10_000 },
                  ],
                },
                assessingUnit: 'D-KHB',
                responsible: ['街道办主任', '分管副主任'],
                unit: '%',
              },
            ],
          },
          {
            code: 'A1W2',
            name: '安全生产',
            points: 20_000,
            indicators: [
              {
                code: 'A1W2I1',
                name: '安全生产事故',
                points: 20_000,
                rule: { kind: 'deduction', penalty: 5_000 },
                assessingUnit: 'D-KHB',
                responsible: ['分管副主任'],
                unit: '起',
              },
              {
                code: 'A1W2I2',
                name: '重大安全责任事故',
                points: 0,
                rule: { kind: 'veto' },
                assessingUnit: 'D-KHB',
                responsible: [],
                unit: '起',
              },
            ],
          },
        ],
      },
      {
        code: 'A2',
        name: '党的建设',
        points: 40_000,
        items: [
          {
            code: 'A2W1',
            name: '基层组织建设',
            points: 40_000,
            indicators: [
              {
                code: 'A2W1I1',
                name: '三会一课落实',
                points: 20_000,
                rule: { kind: 'boolean' },
                assessingUnit: 'D-ZZB',
                responsible: ['党工委书记'],
              },
              {
                code: 'A2W1I2',
                name: '领导班子综合评价',
                points: 20_000,
                rule: {
                  kind: 'graded',
                  grades: [
                    { grade: 'A', shareBp: 10_000 },
                    { grade: 'B', shareBp: 8_000 },
                    { grade: 'C', shareBp: 6_000 },
                    { grade: 'D', shareBp: 0 },
                  ],
                },
                assessingUnit: 'D-GBK',
                responsible: ['党工委书记'],
              },
              {
                code: 'A2W1I3',
                name: '创新工作获上级表彰',
                points: 2_000,
                rule: { kind: 'bonus', perUnit: 1_000 },
                assessingUnit: 'D-ZZB',
                responsible: ['党工委书记'],
                unit: '项',
              },
              {
                code: 'A2W1I4',
                name: '人才工作创新',
                points: 2_000,
                rule: { kind: 'bonus', perUnit: 500 },
                assessingUnit: 'D-RCB',
                responsible: ['分管副主任'],
                unit: '项',
              },
            ],
          },
        ],
      },
    ],
  };
}
