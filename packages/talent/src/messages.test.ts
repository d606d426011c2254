import { DomainError, t } from '@zhanqian/core';
import { describe, expect, it } from 'vitest';
import { TALENT_MESSAGES } from './messages.ts';
import { assertMovementFits, entryEffect, subsidyEligibility } from './rules.ts';

const messageOf = (fn: () => unknown, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return t(e.messageKey, locale, e.params);
    throw e;
  }
  return null;
};

describe('money in the talent messages reads in yuan (issue #21, item 9)', () => {
  it('a short fund: "可用 0.00 元，需要 80,000.00 元", never fen', () => {
    const empty = { availableFen: 0, committedFen: 0, disbursedFen: 0, budgetFen: 0 };
    const refuse = () => assertMovementFits(empty, entryEffect('commitment', 8_000_000));
    expect(messageOf(refuse)).toBe('人才专项资金可用余额不足：可用 0.00 元，需要 80,000.00 元');
    expect(messageOf(refuse, 'en')).toBe(
      'The talent fund has too little available: 0.00 yuan available, 80,000.00 yuan needed',
    );
    const some = { availableFen: 1_234_567, committedFen: 0, disbursedFen: 0, budgetFen: 1_234_567 };
    expect(messageOf(() => assertMovementFits(some, entryEffect('commitment', 150_000_000)))).toBe(
      '人才专项资金可用余额不足：可用 12,345.67 元，需要 1,500,000.00 元',
    );
  });

  it('a bad amount and an eligibility reason name yuan', () => {
    expect(messageOf(() => entryEffect('budget', -150))).toBe('金额必须大于 0 元且精确到分：-1.5 元');
    const e = subsidyEligibility({
      kind: 'settling',
      introducedVia: 'introduction',
      introducedOn: '2024-03-01',
      fieldCode: 'IC',
      tier: { code: 'B', name: 'B类', settling_fen: 20_000_000, housing_fen: 0 },
      catalogueFieldCodes: new Set(['IC']),
    });
    const tier = e.reasons.find((r) => r.code === 'tier')!;
    expect(tier.params.amount).toBe(20_000_000); // fen for screens, which format it themselves
    expect(t(tier.messageKey, 'zh-CN', tier.params)).toBe('B类享受安家补贴 200,000.00 元');
    expect(t(tier.messageKey, 'en', tier.params)).toBe('B类 grants 200,000.00 yuan of 安家补贴');
  });

  it('no talent message carries 分 or fen as a unit of money', () => {
    for (const [key, m] of Object.entries(TALENT_MESSAGES)) {
      expect(m['zh-CN'], key).not.toMatch(/(\}|\d)\s*分(?![数钟])/);
      expect(m.en, key).not.toMatch(/\bfen\b/);
    }
  });
});
