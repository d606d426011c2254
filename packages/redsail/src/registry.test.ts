import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { coverageSql } from './coverage-sql.ts';
import {
  changeStatus,
  createEnterprise,
  createJointBranch,
  jointPartners,
  listEnterprises,
  statusHistory,
} from './registry.ts';
import { code, district } from './testing.ts';

describeEachDialect('redsail registry', (t) => {
  const base = {
    kind: 'enterprise' as const,
    industry: '商贸',
    size: 'small' as const,
    address: '',
    tradingArea: null,
    memberCount: 3,
    jointBranchId: null,
    instructorName: null,
    stationId: null,
  };

  it('registers with a checked credit code, once per code', async () => {
    const d = await district(t.db);
    const e = await createEnterprise(
      t.db,
      {
        ...base,
        name: '甲公司',
        creditCode: code(1).toLowerCase(),
        streetId: d.s1.id,
        registeredOn: '2024-01-01',
        partyStatus: 'own',
      },
      null,
    );
    expect(e.credit_code).toBe(code(1));
    await expect(
      createEnterprise(
        t.db,
        {
          ...base,
          name: '乙',
          creditCode: code(1),
          streetId: d.s1.id,
          registeredOn: '2024-01-01',
          partyStatus: 'none',
        },
        null,
      ),
    ).rejects.toMatchObject({ messageKey: 'redsail.creditCodeTaken' });
    const bad = `${code(2).slice(0, 17)}${code(2)[17] === '0' ? '1' : '0'}`;
    await expect(
      createEnterprise(
        t.db,
        {
          ...base,
          name: '丙',
          creditCode: bad,
          streetId: d.s1.id,
          registeredOn: '2024-01-01',
          partyStatus: 'none',
        },
        null,
      ),
    ).rejects.toMatchObject({ kind: 'BAD_INPUT', messageKey: 'redsail.badCreditCode' });
  });

  it('refuses a joint status without its branch, and a station of another street', async () => {
    const d = await district(t.db);
    const input = { ...base, name: '丁', creditCode: code(3), streetId: d.s1.id, registeredOn: '2024-01-01' };
    await expect(createEnterprise(t.db, { ...input, partyStatus: 'joint' }, null)).rejects.toMatchObject({
      messageKey: 'redsail.jointNeedsBranch',
    });
    await expect(
      createEnterprise(t.db, { ...input, partyStatus: 'none', stationId: d.st2.id }, null),
    ).rejects.toMatchObject({
      messageKey: 'redsail.stationOutsideStreet',
    });
  });

  it('keeps the status history by date; coverage as of a date reads it', async () => {
    const d = await district(t.db);
    const j = await createJointBranch(t.db, '联合党支部一');
    const a = await createEnterprise(
      t.db,
      {
        ...base,
        name: '甲',
        creditCode: code(4),
        streetId: d.s1.id,
        registeredOn: '2024-03-01',
        partyStatus: 'none',
      },
      null,
    );
    const b = await createEnterprise(
      t.db,
      {
        ...base,
        name: '乙',
        creditCode: code(5),
        streetId: d.s1.id,
        registeredOn: '2024-03-01',
        partyStatus: 'joint',
        jointBranchId: j.id,
      },
      null,
    );
    await changeStatus(
      t.db,
      a.id,
      {
        partyStatus: 'joint',
        jointBranchId: j.id,
        instructorName: null,
        stationId: d.st1.id,
        onDate: '2025-05-01',
        note: '组建联合党支部',
      },
      null,
    );
    await expect(
      changeStatus(
        t.db,
        a.id,
        {
          partyStatus: 'none',
          jointBranchId: null,
          instructorName: null,
          stationId: null,
          onDate: '2025-01-01',
          note: '',
        },
        null,
      ),
    ).rejects.toMatchObject({ messageKey: 'redsail.statusDateBeforeLast' });
    expect((await statusHistory(t.db, a.id)).map((h) => [h.on_date, h.party_status])).toEqual([
      ['2024-03-01', 'none'],
      ['2025-05-01', 'joint'],
    ]);
    expect(
      (
        await jointPartners(
          t.db,
          await t.db.selectFrom('rs_enterprise').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow(),
        )
      ).map((p) => p.id),
    ).toEqual([a.id]);
    const area = { rootId: d.root.id };
    expect((await coverageSql(t.db, area, '2023-12-31')).district.total).toBe(0);
    expect((await coverageSql(t.db, area, '2024-12-31')).district).toEqual({
      total: 2,
      orgCovered: 1,
      workCovered: 1,
    });
    expect((await coverageSql(t.db, area, '2025-12-31')).district).toEqual({
      total: 2,
      orgCovered: 2,
      workCovered: 2,
    });
    expect((await coverageSql(t.db, area)).stations).toEqual([
      { id: d.st1.id, total: 1, orgCovered: 1, workCovered: 1 },
    ]);
  });

  it('lists only the area it is asked for', async () => {
    const d = await district(t.db);
    for (const [n, s] of [
      [6, d.s1],
      [7, d.s2],
    ] as const)
      await createEnterprise(
        t.db,
        {
          ...base,
          name: `企业${n}`,
          creditCode: code(n),
          streetId: s.id,
          registeredOn: '2024-01-01',
          partyStatus: 'none',
        },
        null,
      );
    expect(
      (await listEnterprises(t.db, { rootId: d.s1.id }, {}, { page: 1, pageSize: 10 })).rows.map(
        (r) => r.name,
      ),
    ).toEqual(['企业6']);
    expect(
      (await listEnterprises(t.db, { rootId: d.root.id }, { q: '企业7' }, { page: 1, pageSize: 10 })).total,
    ).toBe(1);
  });
});
