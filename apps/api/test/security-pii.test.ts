import { sql } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

// Sign-ins hash passwords (argon2id): give each test room when the whole suite runs at once.
vi.setConfig({ testTimeout: 30_000 });

const ID = '11010519491231002X';
const PHONE = '13812345678';

describeEachDialect('security: personal information (PIPL, SM4)', (t) => {
  async function withPii() {
    const f = await buildFixture(t.db);
    const m = f.streets[0]!.members[0]!;
    await (await callerAs(t.db, 'street1')).org.setMemberPii({
      id: m.id,
      idCard: ID.toLowerCase(),
      phone: PHONE,
    });
    return { f, m };
  }

  it('stores ID-card and phone numbers only as SM4-GCM ciphertext', async () => {
    const { m } = await withPii();
    const raw = await sql<Record<string, unknown>>`select * from member where id = ${m.id}`.execute(t.db);
    const row = raw.rows[0]!;
    expect(String(row.id_card_enc)).toMatch(/^sm4gcm1:/);
    expect(String(row.phone_enc)).toMatch(/^sm4gcm1:/);
    const dump = JSON.stringify(raw.rows);
    for (const clear of [ID, ID.toLowerCase(), PHONE, ID.slice(0, 10), PHONE.slice(3)])
      expect(dump).not.toContain(clear);
    // nor anywhere in the audit log
    const audit = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toContain(ID);
    expect(audit).not.toContain(PHONE);
    expect(audit).toContain('110***********002X');
  });

  it('shows the numbers masked to everyone who may read the member', async () => {
    const { m } = await withPii();
    for (const who of ['street1', 'branch_secretary', 'district_admin', 'ganbu']) {
      const member = await (await callerAs(t.db, who)).org.member({ id: m.id });
      expect(member).toMatchObject({ idCard: '110***********002X', phone: '138****5678', hasIdCard: true });
      expect(JSON.stringify(member)).not.toContain('sm4gcm1:');
    }
  });

  it('reveals a number only to a permitted role in scope, and audits each reveal', async () => {
    const { f, m } = await withPii();
    const ganbu = await callerAs(t.db, 'ganbu'); // 干部科: the cadre portal holds member.reveal
    expect(await ganbu.org.revealMember({ id: m.id, field: 'idCard' })).toMatchObject({ value: ID });
    expect(await ganbu.org.revealMember({ id: m.id, field: 'phone' })).toMatchObject({ value: PHONE });
    const reveals = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'org.member.reveal')
      .orderBy('id')
      .execute();
    expect(reveals).toHaveLength(2);
    expect(reveals[0]).toMatchObject({
      actor_id: f.users.ganbu,
      object_type: 'member',
      object_id: String(m.id),
    });
    expect(reveals.map((r) => JSON.parse(r.after_json!).field)).toEqual(['idCard', 'phone']);
    expect(JSON.stringify(reveals)).not.toContain(ID);

    for (const who of ['street1', 'branch_secretary', 'district_admin', 'sys_admin', 'audit_admin', 'member'])
      await expect(
        (await callerAs(t.db, who)).org.revealMember({ id: m.id, field: 'idCard' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)`.as('n'))
      .where('action', '=', 'org.revealMember')
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(Number(denied.n)).toBe(6);

    // a cadre-portal department inside street 2 may not reveal a member of street 1
    const s2 = f.streets[1]!.street;
    // (inserted directly: the org rules place no department under a street, but scope must hold anyway)
    const dept = await t.db
      .insertInto('org_unit')
      .values({
        parent_id: s2.id,
        kind: 'department',
        name: '街道组织办',
        code: 'S2-ZZB',
        portal: 'cadre',
        created_at: 'x',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('org_closure')
      .values([
        { ancestor_id: dept.id, descendant_id: dept.id, depth: 0 },
        { ancestor_id: s2.id, descendant_id: dept.id, depth: 1 },
        { ancestor_id: f.district.id, descendant_id: dept.id, depth: 2 },
      ])
      .execute();
    await t.db
      .insertInto('app_user')
      .values({
        username: 's2cadre',
        display_name: 's2cadre',
        password_hash: 'x',
        role: 'dept_admin',
        org_unit_id: dept.id,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    const s2cadre = await callerAs(t.db, 's2cadre');
    await expect(s2cadre.org.revealMember({ id: m.id, field: 'phone' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.member.reveal').execute(),
    ).toHaveLength(2);
  });

  it('finds a member by exact ID-card number through the keyed hash, within scope', async () => {
    const { m } = await withPii();
    const ganbu = await callerAs(t.db, 'ganbu');
    expect(await ganbu.org.findByIdCard({ idCard: ` ${ID.toLowerCase()} ` })).toEqual([
      { id: m.id, name: m.name, branch_id: m.branch_id },
    ]);
    expect(await ganbu.org.findByIdCard({ idCard: '110105194912310021' }).catch((e) => e.code)).toBe(
      'BAD_REQUEST',
    );
    expect(await ganbu.org.findByIdCard({ idCard: '110105194912310038' })).toEqual([]);
    const hash = await t.db
      .selectFrom('member')
      .select('id_card_hash')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(hash.id_card_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses invalid numbers and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const m = f.streets[0]!.members[0]!;
    const street1 = await callerAs(t.db, 'street1');
    const before = await tableCounts(t.db);
    await expect(street1.org.setMemberPii({ id: m.id, idCard: '110105194912310021' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '身份证号码格式或校验位错误',
    });
    await expect(street1.org.setMemberPii({ id: m.id, phone: '12345' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await tableCounts(t.db)).toEqual(before);
    const row = await t.db.selectFrom('member').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id_card_enc: null, phone_enc: null });
    // a writer outside the member's subtree is refused
    await expect(
      (await callerAs(t.db, 'street1')).org.setMemberPii({ id: f.streets[1]!.members[0]!.id, phone: PHONE }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // clearing removes ciphertext and hash
    await street1.org.setMemberPii({ id: m.id, idCard: ID, phone: PHONE });
    expect(await street1.org.setMemberPii({ id: m.id, idCard: null, phone: null })).toMatchObject({
      idCard: null,
      phone: null,
    });
    const cleared = await t.db
      .selectFrom('member')
      .selectAll()
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(cleared).toMatchObject({ id_card_enc: null, phone_enc: null, id_card_hash: null });
  });
});
