import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { appraisalSnapshot, fixedAppraisalFlags, NO_APPRAISAL_FLAGS } from './appraisal.ts';
import { isLegalMove, STAGES } from './campaign.ts';
import { withCheckDigit } from './crypto.ts';
import { createCadre, getCadre, postHistory, revealIdCard } from './files.ts';
import { personTimesOf, recordRotation, rotationDueList, rotationPersonTimes } from './rotation.ts';
import {
  campaignDetail,
  createCampaign,
  createVacancy,
  decideCandidate,
  fileObjection,
  nominate,
  recordStageScore,
  registerCandidate,
  resolveObjection,
  reviewQualification,
  transitionCampaign,
} from './selection.ts';

const TODAY = '2026-11-28';

describeEachDialect('cadres repository', (t) => {
  async function world() {
    const district = await createUnit(t.db, { parentId: null, kind: 'district', name: '站前区', code: 'ZQ' });
    const a = await createUnit(t.db, { parentId: district.id, kind: 'street', name: '八田街道', code: 'S1' });
    const b = await createUnit(t.db, { parentId: district.id, kind: 'street', name: '东风街道', code: 'S2' });
    const mk = (name: string, unit: number, over: Record<string, unknown> = {}) =>
      createCadre(t.db, {
        name,
        gender: 'M',
        birthDate: '1990-05-01',
        idCard: withCheckDigit('21080219900501123'),
        orgUnitId: unit,
        postTitle: '科员',
        postSince: '2019-07-01',
        rank: 'staff',
        rankSince: '2019-07-01',
        education: '大学本科',
        ...over,
      });
    return { district, a, b, mk };
  }

  it('stores the ID number encrypted, shows it masked, reveals it in scope only', async () => {
    const w = await world();
    const c = await w.mk('张伟', w.a.id);
    const raw = await t.db.selectFrom('cadre').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    const id = withCheckDigit('21080219900501123');
    expect(raw.id_card_enc).not.toContain(id);
    expect(raw.id_card_masked).toBe(`210***********${id.slice(-4)}`);
    const snap = await appraisalSnapshot(NO_APPRAISAL_FLAGS, TODAY);
    const view = await getCadre(t.db, c.id, w.district.id, TODAY, snap);
    expect(view).not.toHaveProperty('id_card_enc');
    expect(view.yearsInPost).toBe(7);
    expect(await revealIdCard(t.db, c.id, w.a.id)).toBe(id);
    await expect(revealIdCard(t.db, c.id, w.b.id)).rejects.toThrow(/outOfScope/);
  }, 30_000);

  it('runs a public selection to appointment across the National Day holiday, in one transaction', async () => {
    const w = await world();
    const flags = await appraisalSnapshot(fixedAppraisalFlags({ keyAdjustment: { 2025: [w.b.id] } }), TODAY);
    const c1 = await w.mk('甲', w.a.id);
    const c2 = await w.mk('乙', w.a.id);
    const c3 = await w.mk('丙', w.b.id); // unit under key adjustment
    const v = await createVacancy(t.db, {
      orgUnitId: w.a.id,
      title: '副主任',
      rank: 'deputy_section',
      openedOn: '2026-08-01',
    });
    for (const c of [c1, c2, c3])
      await nominate(
        t.db,
        {
          vacancyId: v.id,
          cadreId: c.id,
          source: 'organization',
          reason: '组织推荐',
          recommenderUserId: null,
        },
        '2026-08-02',
        flags,
      );
    const k = await createCampaign(t.db, {
      vacancyId: v.id,
      kind: 'public_selection',
      title: '2026年公开选拔',
      slots: 1,
      on: '2026-08-03',
    });
    const go = (to: Parameters<typeof transitionCampaign>[1]['to'], on: string) =>
      transitionCampaign(t.db, { campaignId: k.id, to, on, today: TODAY, actorId: null });
    await go('registration', '2026-08-05');
    const k1 = await registerCandidate(t.db, { campaignId: k.id, cadreId: c1.id });
    const k2 = await registerCandidate(t.db, { campaignId: k.id, cadreId: c2.id });
    await expect(registerCandidate(t.db, { campaignId: k.id, cadreId: c3.id })).rejects.toThrow(
      /notEligible/,
    );
    await go('qualification', '2026-08-20');
    await reviewQualification(t.db, { candidateId: k1.id, qualified: true, note: null });
    await reviewQualification(t.db, { candidateId: k2.id, qualified: true, note: null });
    await go('exam', '2026-08-25');
    await recordStageScore(t.db, { candidateId: k1.id, stage: 'exam', score: 8000 });
    await recordStageScore(t.db, { candidateId: k2.id, stage: 'exam', score: 9000 });
    await go('interview', '2026-09-01');
    await recordStageScore(t.db, { candidateId: k1.id, stage: 'interview', score: 9000 });
    await recordStageScore(t.db, { candidateId: k2.id, stage: 'interview', score: 8000 });
    await go('inspection', '2026-09-10');
    await recordStageScore(t.db, { candidateId: k1.id, stage: 'inspection', score: 8500 });
    await recordStageScore(t.db, { candidateId: k2.id, stage: 'inspection', score: 8500 });
    await go('decision', '2026-09-20');
    const d = await campaignDetail(t.db, k.id, '2026-09-20');
    expect(d.candidates.map((c) => [c.name, c.total, c.rank, c.tied])).toEqual([
      ['甲', 8500, 1, true],
      ['乙', 8500, 1, true],
    ]);
    await decideCandidate(t.db, { candidateId: k1.id, decided: true });
    const pub = await go('publicity', '2026-09-29');
    expect(pub.after.publicity_end).toBe('2026-10-10');
    const obj = await fileObjection(t.db, {
      candidateId: k1.id,
      content: '反映问题',
      on: '2026-10-09',
      today: TODAY,
      createdBy: null,
    });
    await expect(go('appointed', '2026-10-12')).rejects.toThrow(/openObjections/);
    await resolveObjection(t.db, { objectionId: obj.id, upheld: false, resolution: '经核查不属实' });
    await expect(go('appointed', '2026-10-10')).rejects.toThrow(/publicityRunning/);
    const done = await go('appointed', '2026-10-12');
    expect(done.appointedCadreIds).toEqual([c1.id]);
    const hist = await postHistory(t.db, c1.id);
    expect(hist.map((p) => [p.title, p.rank, p.start_date, p.end_date, p.source])).toEqual([
      ['副主任', 'deputy_section', '2026-10-12', null, 'appointment'],
      ['科员', 'staff', '2019-07-01', '2026-10-12', 'initial'],
    ]);
    const file = await getCadre(t.db, c1.id, w.district.id, TODAY, flags);
    expect(file).toMatchObject({ rank: 'deputy_section', rankSince: '2026-10-12', postTitle: '副主任' });
    const vac = await t.db
      .selectFrom('cadre_vacancy')
      .select('status')
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(vac.status).toBe('filled');
  }, 30_000);

  it('lists cadres due for rotation and counts person-times by year (SQL = reference, property)', async () => {
    const w = await world();
    const old = await w.mk('老', w.a.id, { postSince: '2015-01-01' });
    await w.mk('新', w.a.id, { postSince: '2024-01-01' });
    await w.mk('要', w.b.id, { postSince: '2021-06-01', postIsKey: true });
    const due = await rotationDueList(t.db, { scopeRootId: w.district.id, asOf: TODAY });
    expect(due.rows.map((r) => [r.name, r.dueDate, r.overdue])).toEqual([
      ['老', '2025-01-01', true],
      ['要', '2026-06-01', true],
    ]);
    const soon = await rotationDueList(t.db, {
      scopeRootId: w.a.id,
      asOf: TODAY,
      policy: { limitYears: 3, keyPostLimitYears: 2 },
    });
    expect(soon.rows.map((r) => r.name)).toEqual(['老']);
    await recordRotation(t.db, {
      cadreId: old.id,
      kind: 'exchange',
      onDate: '2026-03-01',
      toUnitId: w.b.id,
      toTitle: '科员',
      toIsKey: false,
      note: '',
      createdBy: null,
    });
    expect(
      (await rotationDueList(t.db, { scopeRootId: w.district.id, asOf: TODAY })).rows.map((r) => r.name),
    ).toEqual(['要']);

    const ids = [old.id];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            year: fc.integer({ min: 2023, max: 2026 }),
            kind: fc.constantFrom('rotation' as const, 'exchange' as const),
          }),
          { maxLength: 8 },
        ),
        async (recs) => {
          await t.db.deleteFrom('cadre_rotation').execute();
          for (const r of recs)
            await t.db
              .insertInto('cadre_rotation')
              .values({
                cadre_id: ids[0]!,
                year: r.year,
                on_date: `${r.year}-05-01`,
                kind: r.kind,
                from_unit_id: [w.a.id, w.b.id][n++ % 2]!,
                from_title: 'x',
                to_unit_id: w.a.id,
                to_title: `y${n}`,
                to_is_key: 0,
                note: '',
                created_by: null,
                created_at: 'x',
              })
              .execute();
          const all = await t.db
            .selectFrom('cadre_rotation')
            .select(['year', 'kind', 'from_unit_id'])
            .execute();
          expect(await rotationPersonTimes(t.db, w.district.id)).toEqual(personTimesOf(all));
          expect(await rotationPersonTimes(t.db, w.a.id)).toEqual(
            personTimesOf(all.filter((r) => r.from_unit_id === w.a.id)),
          );
        },
      ),
      { numRuns: 15 },
    );
  }, 30_000);

  it('refuses every illegal transition from every stage and changes nothing', async () => {
    const w = await world();
    const v = await createVacancy(t.db, {
      orgUnitId: w.a.id,
      title: '副主任',
      rank: 'deputy_section',
      openedOn: '2026-08-01',
    });
    const k = await createCampaign(t.db, {
      vacancyId: v.id,
      kind: 'competitive',
      title: '竞争上岗',
      slots: 1,
      on: '2026-08-03',
    });
    const all = [...STAGES, 'cancelled'] as const;
    for (const from of all) {
      await t.db.updateTable('cadre_campaign').set({ stage: from }).where('id', '=', k.id).execute();
      for (const to of all) {
        if (isLegalMove(from, to)) continue;
        const err = await transitionCampaign(t.db, {
          campaignId: k.id,
          to,
          on: '2026-08-04',
          today: TODAY,
          actorId: null,
        }).catch((e) => e);
        expect(err, `${from} → ${to}`).toMatchObject({
          kind: 'CONFLICT',
          messageKey: 'cadres.campaign.illegal',
        });
        const now = await t.db
          .selectFrom('cadre_campaign')
          .select(['stage', 'last_on'])
          .where('id', '=', k.id)
          .executeTakeFirstOrThrow();
        expect(now).toEqual({ stage: from, last_on: '2026-08-03' });
      }
    }
    expect(await t.db.selectFrom('cadre_campaign_event').selectAll().execute()).toEqual([]);
  }, 30_000);
});

describeEachDialect('cadres campaign concurrency', (t) => {
  it('of two concurrent transitions of one campaign, exactly one succeeds', async () => {
    const district = await createUnit(t.db, { parentId: null, kind: 'district', name: '站前区', code: 'ZQ' });
    const v = await createVacancy(t.db, {
      orgUnitId: district.id,
      title: '副主任',
      rank: 'deputy_section',
      openedOn: '2026-08-01',
    });
    const k = await createCampaign(t.db, {
      vacancyId: v.id,
      kind: 'competitive',
      title: '竞争上岗',
      slots: 1,
      on: '2026-08-03',
    });
    const move = () =>
      t.db.transaction().execute((trx) =>
        transitionCampaign(trx, {
          campaignId: k.id,
          to: 'registration',
          on: '2026-08-04',
          today: '2026-11-28',
          actorId: null,
        }),
      );
    const results = await Promise.allSettled([move(), move(), move()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ kind: expect.stringMatching(/CONFLICT/) });
    const events = await t.db.selectFrom('cadre_campaign_event').selectAll().execute();
    expect(events).toHaveLength(1);
  }, 30_000);
});
