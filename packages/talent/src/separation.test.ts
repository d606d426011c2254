import { createDb, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { attachFile, detachFile, listAttachments, mayReadTalentFile } from './attachments.ts';
import { DEFAULT_DUTY_PAIRS } from './duties.ts';
import { dutyConfig, loadDutyPairs, saveDutyPairs } from './duty-config.ts';
import { fundBalances } from './ledger.ts';
import { applyForSubsidy, type TransitionInput, transitionApplication } from './subsidies.ts';
import { addAccounts, addEvidence } from './testing/accounts.ts';
import { setupTalent } from './testing/setup.ts';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (e?.messageKey ? `${e.kind}:${e.messageKey}` : String(e.message ?? e)),
  );

type Db = Parameters<typeof fundBalances>[0];

/** Everything a refused step must leave as it was. */
async function snapshot(db: Db, fundId: number) {
  const apps = await db.selectFrom('talent_subsidy_application').selectAll().orderBy('id').execute();
  const entries = await db
    .selectFrom('talent_fund_entry')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return { apps, entries: Number(entries.n), balances: await fundBalances(db, fundId) };
}

async function world(db: Db) {
  const s = await setupTalent(db, 100_000_000);
  const who = await addAccounts(db, s.rcb.id, ['jingban', 'shenhe', 'shenpi', 'bofu']);
  const as = (name: string) => ({ userId: who[name]!, name });
  const file = await applyForSubsidy(db, {
    talentId: s.alice.id,
    kind: 'settling',
    via: 'staff',
    actor: as('jingban'),
  });
  const step = (action: TransitionInput['action'], by: string) =>
    transitionApplication(db, { id: file.id, action, actor: as(by), fundId: s.fund.id, reason: 'x' });
  return { s, who, as, app: file, step };
}

describeEachDialect('separation of duties on the fund (DB)', (t) => {
  it('starts with all four steps distinct (the migration installs the six pairs)', async () => {
    expect(await loadDutyPairs(t.db)).toEqual(DEFAULT_DUTY_PAIRS);
    expect((await dutyConfig(t.db)).updatedBy).toBeNull();
  });

  it('four different accounts carry an application through; each repeat of an earlier step’s account is refused and changes nothing', async () => {
    const { s, step, who } = await world(t.db);
    const before0 = await snapshot(t.db, s.fund.id);
    // the applicant may not review their own application
    expect(await codeOf(step('review', 'jingban'))).toBe('FORBIDDEN:talent.duty.separate');
    expect(await snapshot(t.db, s.fund.id)).toEqual(before0);
    expect((await step('review', 'shenhe')).after.status).toBe('reviewed');
    const before1 = await snapshot(t.db, s.fund.id);
    for (const by of ['jingban', 'shenhe'])
      expect(await codeOf(step('approve', by)), by).toBe('FORBIDDEN:talent.duty.separate');
    expect(await snapshot(t.db, s.fund.id)).toEqual(before1);
    expect((await step('approve', 'shenpi')).after.status).toBe('approved');
    const before2 = await snapshot(t.db, s.fund.id);
    for (const by of ['jingban', 'shenhe', 'shenpi'])
      expect(await codeOf(step('disburse', by)), by).toBe('FORBIDDEN:talent.duty.separate');
    expect(await snapshot(t.db, s.fund.id)).toEqual(before2);
    const paid = (await step('disburse', 'bofu')).after;
    expect(paid).toMatchObject({
      status: 'disbursed',
      applied_by: who.jingban,
      reviewed_by: who.shenhe,
      decided_by: who.shenpi,
      disbursed_by: who.bofu,
    });
    expect((await fundBalances(t.db, s.fund.id)).disbursedFen).toBe(30_000_000);
  });

  it('the configuration decides: only approver ≠ payer lets one person apply, review and approve', async () => {
    const { s, step, who } = await world(t.db);
    const { before, after } = await saveDutyPairs(t.db, [['disburse', 'approve']], who.shenpi!);
    expect(before).toEqual(DEFAULT_DUTY_PAIRS);
    expect(after).toEqual([['approve', 'disburse']]);
    expect(await dutyConfig(t.db)).toMatchObject({ pairs: after, updatedBy: who.shenpi });
    await step('review', 'jingban');
    await step('approve', 'jingban');
    const mid = await snapshot(t.db, s.fund.id);
    expect(await codeOf(step('disburse', 'jingban'))).toBe('FORBIDDEN:talent.duty.separate');
    expect(await snapshot(t.db, s.fund.id)).toEqual(mid);
    expect((await step('disburse', 'bofu')).after.status).toBe('disbursed');
    // an empty set is the office's deliberate choice
    await saveDutyPairs(t.db, [], who.shenpi!);
    expect(await loadDutyPairs(t.db)).toEqual([]);
    expect(await codeOf(saveDutyPairs(t.db, [['review', 'review']], null))).toBe(
      'BAD_INPUT:talent.duty.samePair',
    );
    expect(await loadDutyPairs(t.db)).toEqual([]);
  });

  it('refusal and rejection are not separated: the applicant’s reviewer may still reject', async () => {
    const { step } = await world(t.db);
    await step('review', 'shenhe');
    expect((await step('reject', 'shenhe')).after.status).toBe('rejected');
  });

  it('attachments: own uploads only, once each, while the application awaits a decision; who may read them', async () => {
    const { s, step, who, app } = await world(t.db);
    const mine = await addEvidence(t.db, { orgUnitId: s.rcb.id, uploadedBy: who.jingban! });
    const theirs = await addEvidence(t.db, {
      orgUnitId: s.rcb.id,
      uploadedBy: who.bofu!,
      name: '合同.png',
      mime: 'image/png',
    });
    const a = await attachFile(t.db, {
      applicationId: app.id,
      fileId: mine,
      kind: 'degree',
      by: who.jingban!,
    });
    expect(a).toMatchObject({ kind: 'degree', name: '学位证书.pdf', mime: 'application/pdf', size: 1234 });
    expect(
      await codeOf(
        attachFile(t.db, { applicationId: app.id, fileId: mine, kind: 'degree', by: who.jingban! }),
      ),
    ).toBe('CONFLICT:talent.attachmentTaken');
    expect(
      await codeOf(
        attachFile(t.db, { applicationId: app.id, fileId: theirs, kind: 'contract', by: who.jingban! }),
      ),
    ).toBe('FORBIDDEN:talent.fileNotYours');
    expect(
      await codeOf(
        attachFile(t.db, {
          applicationId: app.id,
          fileId: '00000000-0000-0000-0000-000000000000',
          kind: 'other',
          by: who.jingban!,
        }),
      ),
    ).toBe('NOT_FOUND:talent.fileNotFound');
    const b = await attachFile(t.db, {
      applicationId: app.id,
      fileId: theirs,
      kind: 'contract',
      by: who.bofu!,
    });
    expect((await listAttachments(t.db, app.id)).map((x) => x.kind)).toEqual(['degree', 'contract']);
    // staff in scope read it; a stranger (another account not linked to the talent) does not
    expect(
      await mayReadTalentFile(
        t.db,
        { userId: who.shenhe!, memberId: null, scopeRootId: s.district.id, staff: true },
        mine,
      ),
    ).toBe(true);
    expect(
      await mayReadTalentFile(
        t.db,
        { userId: who.shenhe!, memberId: null, scopeRootId: s.rcb.id + 999, staff: true },
        mine,
      ),
    ).toBe(false);
    expect(
      await mayReadTalentFile(
        t.db,
        { userId: who.shenhe!, memberId: null, scopeRootId: s.district.id, staff: false },
        mine,
      ),
    ).toBe(false);
    // the talent linked to an account reads the files of their own application
    await t.db
      .updateTable('talent_person')
      .set({ user_id: who.shenhe! })
      .where('id', '=', s.alice.id)
      .execute();
    expect(
      await mayReadTalentFile(
        t.db,
        { userId: who.shenhe!, memberId: null, scopeRootId: -1, staff: false },
        mine,
      ),
    ).toBe(true);
    await detachFile(t.db, b.id);
    expect(await listAttachments(t.db, app.id)).toHaveLength(1);
    await step('review', 'shenhe');
    await step('approve', 'shenpi');
    expect(
      await codeOf(attachFile(t.db, { applicationId: app.id, fileId: theirs, kind: 'house', by: who.bofu! })),
    ).toBe('CONFLICT:talent.attachmentsClosed');
    expect(await codeOf(detachFile(t.db, a.id))).toBe('CONFLICT:talent.attachmentsClosed');
    expect(await listAttachments(t.db, app.id)).toHaveLength(1);
  });

  it('two connections racing to approve as reviewer and as a third account: the reviewer is refused whatever the order', async () => {
    if (t.dialect !== 'postgres') return; // SQLite in memory has one connection
    const { s, step, who, app } = await world(t.db);
    await step('review', 'shenhe');
    const other = createDb({ dialect: 'postgres', url: t.url, poolSize: 2 });
    try {
      const results = await Promise.all([
        transitionApplication(other, {
          id: app.id,
          action: 'approve',
          actor: { userId: who.shenhe!, name: 'shenhe' },
          fundId: s.fund.id,
        }).then(
          () => 'ok',
          (e) => e.messageKey,
        ),
        transitionApplication(t.db, {
          id: app.id,
          action: 'approve',
          actor: { userId: who.shenpi!, name: 'shenpi' },
          fundId: s.fund.id,
        }).then(
          () => 'ok',
          (e) => e.messageKey,
        ),
      ]);
      // refused for the duty, or (when the third account got there first) for the status
      expect(['talent.duty.separate', 'talent.illegalTransition']).toContain(results[0]);
      expect(results[1]).toBe('ok');
      expect((await fundBalances(t.db, s.fund.id)).committedFen).toBe(30_000_000);
    } finally {
      await other.destroy();
    }
  });
});
