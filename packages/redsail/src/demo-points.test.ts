import { t as translate } from '@zhanqian/core';
import type { RsDemoLevel, RsDemoStatus } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import {
  applyDemoPoint,
  type DemoEvent,
  evaluateCriteria,
  evaluateDemoPoint,
  nextDemoState,
  recognizeDemoPoint,
  reviewDemoPoint,
  revokeDemoPoint,
  saveCriterion,
} from './demo-points.ts';
import { createEnterprise } from './registry.ts';
import { code, district } from './testing.ts';

const STATUSES: RsDemoStatus[] = ['applied', 'evaluated', 'rejected', 'recognized', 'revoked'];
const EVENTS: DemoEvent[] = [
  { type: 'evaluate', passed: true },
  { type: 'evaluate', passed: false },
  { type: 'recognize', level: 'district', on: '2026-01-01' },
  { type: 'recognize', level: 'provincial', on: '2026-01-01' },
  { type: 'review', passed: true },
  { type: 'review', passed: false },
  { type: 'revoke' },
];

describe('demonstration point state machine (every status × every event)', () => {
  const expected = (s: RsDemoStatus, e: DemoEvent, level: RsDemoLevel | null): string => {
    if (e.type === 'evaluate') return s === 'applied' ? (e.passed ? 'evaluated' : 'rejected') : 'illegal';
    if (e.type === 'recognize') {
      if (s === 'evaluated') return 'recognized';
      if (s === 'recognized')
        return e.level === 'provincial' && level !== 'provincial' ? 'recognized' : 'notHigher';
      return 'illegal';
    }
    if (e.type === 'review') return s === 'recognized' ? (e.passed ? 'recognized' : 'revoked') : 'illegal';
    return s === 'recognized' ? 'revoked' : 'illegal';
  };
  for (const s of STATUSES)
    for (const e of EVENTS) {
      const level: RsDemoLevel | null = s === 'recognized' || s === 'revoked' ? 'municipal' : null;
      it(`${s} + ${JSON.stringify(e)}`, () => {
        const want = expected(s, e, level);
        const run = () => nextDemoState({ status: s, level }, e);
        if (want === 'illegal')
          expect(run).toThrow(
            expect.objectContaining({ kind: 'CONFLICT', messageKey: 'redsail.illegalTransition' }),
          );
        else if (want === 'notHigher')
          expect(run).toThrow(expect.objectContaining({ messageKey: 'redsail.levelNotHigher' }));
        else expect(run().status).toBe(want);
      });
    }

  it('refuses in words, zh-CN and English', () => {
    try {
      nextDemoState({ status: 'applied', level: null }, { type: 'revoke' });
      expect.unreachable();
    } catch (e) {
      const d = e as { messageKey: string; params: Record<string, string> };
      expect(translate(d.messageKey, 'zh-CN', d.params)).toBe('示范点当前状态为“已申报”，不能“撤销”');
      expect(translate(d.messageKey, 'en', d.params)).toBe(
        'A demonstration point in status “applied” cannot be “revoke”',
      );
    }
  });

  it('passes on every required criterion and 80% or more of all (80% included)', () => {
    const c = (n: number, required: number[]) =>
      Array.from({ length: n }, (_, i) => ({ code: `c${i}`, name: '', required: required.includes(i) }));
    expect(evaluateCriteria(c(5, [0]), ['c0', 'c1', 'c2', 'c3']).passed).toBe(true);
    expect(evaluateCriteria(c(5, [0]), ['c0', 'c1', 'c2']).passed).toBe(false);
    expect(evaluateCriteria(c(5, [4]), ['c0', 'c1', 'c2', 'c3'])).toEqual({
      passed: false,
      met: 4,
      total: 5,
      missingRequired: ['c4'],
    });
    expect(evaluateCriteria([], []).passed).toBe(false);
    expect(() => evaluateCriteria(c(2, []), ['zz'])).toThrow(
      expect.objectContaining({ messageKey: 'redsail.unknownCriterion' }),
    );
  });
});

describeEachDialect('demonstration points in the database', (t) => {
  it('apply → evaluate → recognize (municipal, then provincial) → review → revoke; the illegal steps change nothing', async () => {
    const d = await district(t.db);
    const mk = (n: number, partyStatus: 'own' | 'none') =>
      createEnterprise(
        t.db,
        {
          name: `企业${n}`,
          creditCode: code(n),
          kind: 'enterprise',
          industry: '',
          size: 'small',
          address: '',
          streetId: d.s1.id,
          tradingArea: null,
          registeredOn: '2024-01-01',
          partyStatus,
          jointBranchId: null,
          instructorName: null,
          stationId: null,
          memberCount: 0,
        },
        null,
      );
    const e = await mk(1, 'own');
    const bare = await mk(2, 'none');
    for (const [code, required] of [
      ['A', true],
      ['B', false],
      ['C', false],
      ['D', false],
      ['E', false],
    ] as const)
      await saveCriterion(t.db, { code, name: `标准${code}`, required, active: true });
    await expect(
      applyDemoPoint(t.db, { enterpriseId: bare.id, appliedOn: '2025-01-01', application: '' }),
    ).rejects.toMatchObject({ messageKey: 'redsail.noBranch' });
    const p = await applyDemoPoint(t.db, {
      enterpriseId: e.id,
      appliedOn: '2025-01-01',
      application: '申报材料',
    });
    await expect(
      applyDemoPoint(t.db, { enterpriseId: e.id, appliedOn: '2025-01-02', application: '' }),
    ).rejects.toMatchObject({ messageKey: 'redsail.demoPointOpen' });
    await expect(
      recognizeDemoPoint(t.db, p.id, { level: 'municipal', on: '2025-02-01' }),
    ).rejects.toMatchObject({ messageKey: 'redsail.illegalTransition' });
    const ev = await evaluateDemoPoint(t.db, p.id, { met: ['A', 'B', 'C', 'D'], on: '2025-01-20' });
    expect(ev.evaluation.passed).toBe(true);
    expect(ev.after.met_criteria).toEqual(['A', 'B', 'C', 'D']);
    const m = await recognizeDemoPoint(t.db, p.id, { level: 'municipal', on: '2025-03-01' });
    expect([m.after.status, m.after.level, m.after.recognized_on]).toEqual([
      'recognized',
      'municipal',
      '2025-03-01',
    ]);
    await expect(
      recognizeDemoPoint(t.db, p.id, { level: 'district', on: '2025-04-01' }),
    ).rejects.toMatchObject({ messageKey: 'redsail.levelNotHigher' });
    const up = await recognizeDemoPoint(t.db, p.id, { level: 'provincial', on: '2026-03-01' });
    expect(up.after.level).toBe('provincial');
    await reviewDemoPoint(t.db, p.id, { year: 2025, passed: true, note: '', on: '2025-12-20' });
    await expect(
      reviewDemoPoint(t.db, p.id, { year: 2025, passed: true, note: '', on: '2025-12-21' }),
    ).rejects.toMatchObject({ messageKey: 'redsail.reviewedAlready' });
    const r = await revokeDemoPoint(t.db, p.id, { reason: '企业注销', on: '2026-06-01' });
    expect([r.after.status, r.after.revoke_reason]).toEqual(['revoked', '企业注销']);
    await expect(
      reviewDemoPoint(t.db, p.id, { year: 2026, passed: true, note: '', on: '2026-12-01' }),
    ).rejects.toMatchObject({ messageKey: 'redsail.illegalTransition' });
  });

  it('a failed evaluation rejects; a failed annual review revokes', async () => {
    const d = await district(t.db);
    const e = await createEnterprise(
      t.db,
      {
        name: '企业',
        creditCode: code(3),
        kind: 'enterprise',
        industry: '',
        size: 'small',
        address: '',
        streetId: d.s1.id,
        tradingArea: null,
        registeredOn: '2024-01-01',
        partyStatus: 'own',
        jointBranchId: null,
        instructorName: null,
        stationId: null,
        memberCount: 0,
      },
      null,
    );
    await saveCriterion(t.db, { code: 'A', name: '标准A', required: true, active: true });
    const p = await applyDemoPoint(t.db, { enterpriseId: e.id, appliedOn: '2025-01-01', application: '' });
    expect((await evaluateDemoPoint(t.db, p.id, { met: [], on: '2025-01-20' })).after.status).toBe(
      'rejected',
    );
    const q = await applyDemoPoint(t.db, { enterpriseId: e.id, appliedOn: '2025-06-01', application: '' });
    await evaluateDemoPoint(t.db, q.id, { met: ['A'], on: '2025-06-20' });
    await recognizeDemoPoint(t.db, q.id, { level: 'district', on: '2025-07-01' });
    const r = await reviewDemoPoint(t.db, q.id, {
      year: 2025,
      passed: false,
      note: '组织生活不规范',
      on: '2025-12-20',
    });
    expect([r.after.status, r.after.revoke_reason]).toEqual(['revoked', '组织生活不规范']);
  });
});
