import { createDb, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { fundBalances, listEntries } from './ledger.ts';
import { addCatalogueField, listTalents } from './registry.ts';
import {
  applyForSubsidy,
  eligibilityFor,
  getApplication,
  listApplications,
  transitionApplication,
} from './subsidies.ts';
import { STAFF, setupTalent } from './testing/setup.ts';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (e?.messageKey ? `${e.kind}:${e.messageKey}` : String(e.message ?? e)),
  );

async function snapshot(db: Parameters<typeof fundBalances>[0]) {
  const apps = await db.selectFrom('talent_subsidy_application').selectAll().orderBy('id').execute();
  const entries = await db
    .selectFrom('talent_fund_entry')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return { apps, entries: Number(entries.n) };
}

describeEachDialect('one-time subsidies', (t) => {
  it('apply → review → approve (commits) → disburse (pays), with the ledger linked', async () => {
    const s = await setupTalent(t.db, 100_000_000);
    const a = await applyForSubsidy(t.db, {
      talentId: s.alice.id,
      kind: 'settling',
      via: 'staff',
      actor: STAFF,
    });
    expect(a).toMatchObject({ status: 'submitted', amount_fen: 30_000_000, catalogue_year: 2024 });
    const step = (action: 'review' | 'approve' | 'disburse') =>
      transitionApplication(t.db, { id: a.id, action, actor: STAFF, fundId: s.fund.id, on: '2024-05-10' });
    await step('review');
    const approved = (await step('approve')).after;
    expect(approved.status).toBe('approved');
    expect(await fundBalances(t.db, s.fund.id)).toMatchObject({
      availableFen: 70_000_000,
      committedFen: 30_000_000,
    });
    const paid = (await step('disburse')).after;
    expect(paid).toMatchObject({ status: 'disbursed', disbursed_on: '2024-05-10' });
    expect(await fundBalances(t.db, s.fund.id)).toEqual({
      availableFen: 70_000_000,
      committedFen: 0,
      disbursedFen: 30_000_000,
      budgetFen: 100_000_000,
    });
    const linked = await listEntries(t.db, {
      fundId: s.fund.id,
      refType: 'subsidy',
      refId: a.id,
      page: 1,
      pageSize: 10,
    });
    expect(linked.rows.map((r) => r.kind).sort()).toEqual(['commitment', 'disbursement']);
    expect(linked.rows.map((r) => r.id).sort()).toEqual(
      [paid.commitment_entry_id, paid.disbursement_entry_id].sort(),
    );
  });

  it('illegal transitions are refused and change nothing', async () => {
    const s = await setupTalent(t.db);
    const a = await applyForSubsidy(t.db, {
      talentId: s.alice.id,
      kind: 'settling',
      via: 'staff',
      actor: STAFF,
    });
    const before = await snapshot(t.db);
    for (const action of ['approve', 'disburse', 'cancel'] as const)
      expect(
        await codeOf(
          transitionApplication(t.db, { id: a.id, action, actor: STAFF, fundId: s.fund.id, reason: 'x' }),
        ),
      ).toBe('CONFLICT:talent.illegalTransition');
    expect(await snapshot(t.db)).toEqual(before);
    await transitionApplication(t.db, { id: a.id, action: 'review', actor: STAFF, fundId: s.fund.id });
    await transitionApplication(t.db, { id: a.id, action: 'approve', actor: STAFF, fundId: s.fund.id });
    await transitionApplication(t.db, { id: a.id, action: 'disburse', actor: STAFF, fundId: s.fund.id });
    const done = await snapshot(t.db);
    for (const action of ['review', 'approve', 'reject', 'withdraw', 'disburse', 'cancel'] as const)
      expect(
        await codeOf(
          transitionApplication(t.db, { id: a.id, action, actor: STAFF, fundId: s.fund.id, reason: 'x' }),
        ),
      ).toBe('CONFLICT:talent.illegalTransition');
    expect(await snapshot(t.db)).toEqual(done);
  });

  it('reject needs a reason; cancelling an approval reverses its commitment; the slot frees for a new application', async () => {
    const s = await setupTalent(t.db);
    const a = await applyForSubsidy(t.db, {
      talentId: s.alice.id,
      kind: 'housing',
      via: 'staff',
      actor: STAFF,
    });
    expect(
      await codeOf(
        transitionApplication(t.db, {
          id: a.id,
          action: 'reject',
          actor: STAFF,
          fundId: s.fund.id,
          reason: ' ',
        }),
      ),
    ).toBe('BAD_INPUT:talent.reasonRequired');
    await transitionApplication(t.db, { id: a.id, action: 'review', actor: STAFF, fundId: s.fund.id });
    await transitionApplication(t.db, { id: a.id, action: 'approve', actor: STAFF, fundId: s.fund.id });
    expect((await fundBalances(t.db, s.fund.id)).committedFen).toBe(50_000_000);
    const { after } = await transitionApplication(t.db, {
      id: a.id,
      action: 'cancel',
      actor: STAFF,
      fundId: s.fund.id,
      reason: '人才已离职',
    });
    expect(after).toMatchObject({ status: 'cancelled', decision_reason: '人才已离职' });
    expect(await fundBalances(t.db, s.fund.id)).toMatchObject({ availableFen: 100_000_000, committedFen: 0 });
    const again = await applyForSubsidy(t.db, {
      talentId: s.alice.id,
      kind: 'housing',
      via: 'staff',
      actor: STAFF,
    });
    expect(again.status).toBe('submitted');
  });

  it('an approval the fund cannot cover is refused and writes nothing', async () => {
    const s = await setupTalent(t.db, 29_999_999);
    const a = await applyForSubsidy(t.db, {
      talentId: s.alice.id,
      kind: 'settling',
      via: 'staff',
      actor: STAFF,
    });
    await transitionApplication(t.db, { id: a.id, action: 'review', actor: STAFF, fundId: s.fund.id });
    const before = await snapshot(t.db);
    expect(
      await codeOf(
        transitionApplication(t.db, { id: a.id, action: 'approve', actor: STAFF, fundId: s.fund.id }),
      ),
    ).toBe('PRECONDITION_FAILED:talent.insufficientFund');
    expect(await snapshot(t.db)).toEqual(before);
    expect((await getApplication(t.db, a.id)).status).toBe('reviewed');
  });

  it('eligibility comes from the catalogue of the year introduced and the tier, with every reason', async () => {
    const s = await setupTalent(t.db);
    expect((await eligibilityFor(t.db, s.alice.id, 'settling')).eligible).toBe(true);
    const bobHousing = await eligibilityFor(t.db, s.bob.id, 'housing');
    expect(bobHousing.eligible).toBe(false);
    expect(bobHousing.reasons.filter((r) => !r.ok).map((r) => r.code)).toEqual(['tier']);
    const local = await eligibilityFor(t.db, s.local.id, 'settling');
    expect(local.reasons.filter((r) => !r.ok).map((r) => r.code)).toEqual(['introduced', 'catalogue']);
    const before = await snapshot(t.db);
    const err = await applyForSubsidy(t.db, {
      talentId: s.local.id,
      kind: 'settling',
      via: 'staff',
      actor: STAFF,
    }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'PRECONDITION_FAILED', messageKey: 'talent.notEligible' });
    expect(String(err.params.reasons)).toContain('未列入 2024 年急需紧缺人才目录');
    expect(await snapshot(t.db)).toEqual(before);
    // a field added to that year's catalogue makes the catalogue reason pass
    await addCatalogueField(t.db, { year: 2024, fieldCode: 'XX', fieldName: '其他' });
    expect(
      (await eligibilityFor(t.db, s.local.id, 'settling')).reasons.find((r) => r.code === 'catalogue')!.ok,
    ).toBe(true);
  });

  it('at most once per talent and kind, even with concurrent attempts; the DB index refuses a bypass', async () => {
    const s = await setupTalent(t.db);
    const dbs =
      t.dialect === 'postgres' ? [createDb({ dialect: 'postgres', url: t.url, poolSize: 8 })] : [t.db];
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          dbs[0]!
            .transaction()
            .execute((trx) =>
              applyForSubsidy(trx, {
                talentId: s.alice.id,
                kind: 'settling',
                via: 'member_app',
                actor: STAFF,
              }),
            )
            .then(
              () => 'ok',
              (e) => `${e.kind}:${e.messageKey}`,
            ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 'CONFLICT:talent.alreadyApplied')).toHaveLength(7);
    } finally {
      if (t.dialect === 'postgres') await dbs[0]!.destroy();
    }
    const bypass = await t.db
      .insertInto('talent_subsidy_application')
      .values({
        talent_id: s.alice.id,
        kind: 'settling',
        status: 'approved',
        amount_fen: 1,
        catalogue_year: 2024,
        eligibility_json: '[]',
        applied_via: 'staff',
        applied_by: null,
        applied_at: 'x',
        note: null,
        reviewed_by: null,
        reviewed_at: null,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        commitment_entry_id: null,
        disbursement_entry_id: null,
        disbursed_on: null,
        updated_at: 'x',
      })
      .execute()
      .catch((e) => e);
    expect(bypass).toBeInstanceOf(Error);
    const list = await listApplications(t.db, { scopeRootId: s.district.id, page: 1, pageSize: 20 });
    expect(list.total).toBe(1);
    expect(list.byStatus.submitted).toEqual({ count: 1, amountFen: 30_000_000 });
  });

  it('two staff approving the same application at once: one approves, the other is refused; one commitment', async () => {
    const s = await setupTalent(t.db);
    const a = await applyForSubsidy(t.db, {
      talentId: s.alice.id,
      kind: 'settling',
      via: 'staff',
      actor: STAFF,
    });
    await transitionApplication(t.db, { id: a.id, action: 'review', actor: STAFF, fundId: s.fund.id });
    const other =
      t.dialect === 'postgres' ? createDb({ dialect: 'postgres', url: t.url, poolSize: 4 }) : t.db;
    try {
      const results = await Promise.all(
        [t.db, other, t.db, other].map((d) =>
          transitionApplication(d, { id: a.id, action: 'approve', actor: STAFF, fundId: s.fund.id }).then(
            () => 'ok',
            (e) => `${e.kind}:${e.messageKey}`,
          ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 'CONFLICT:talent.illegalTransition')).toHaveLength(3);
    } finally {
      if (other !== t.db) await other.destroy();
    }
    expect(await fundBalances(t.db, s.fund.id)).toMatchObject({
      availableFen: 70_000_000,
      committedFen: 30_000_000,
    });
  });

  it('the registry lists within scope with counts by how introduced', async () => {
    const s = await setupTalent(t.db);
    const all = await listTalents(t.db, { scopeRootId: s.district.id, page: 1, pageSize: 10 });
    expect(all.total).toBe(3);
    expect(all.byVia).toEqual({ public_selection: 1, introduction: 1, local: 1 });
    const pub = await listTalents(t.db, {
      scopeRootId: s.district.id,
      introducedVia: 'public_selection',
      page: 1,
      pageSize: 10,
    });
    expect(pub.rows.map((r) => r.name)).toEqual(['王强']);
    expect(pub.rows[0]!.tierName).toBe('D类人才');
  });
});
