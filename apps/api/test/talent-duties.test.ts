import { verifyAuditChain } from '@zhanqian/audit';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture, httpApp, httpSignIn } from './fixture.ts';

/**
 * Issue #21 through the API: separation of duties on the subsidy fund (item 2), editing the
 * registry with import and export and attachments on applications (item 14), money in yuan
 * in messages (item 9).
 */

const talentAs = async (db: Kysely<Database>, username: string, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  (await callerAs(db, username, locale)).talent;

const TABLES = [
  'talent_tier',
  'talent_catalogue',
  'talent_person',
  'talent_fund_entry',
  'talent_subsidy_application',
  'talent_duty_pair',
  'talent_attachment',
  'evidence_file',
] as const;

/** Row counts of every table a refused request could touch, the audit log included. */
async function counts(db: Kysely<Database>) {
  const out: Record<string, number> = await tableCounts(db);
  for (const t of TABLES) {
    const r = await db.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** Everything of the fund and the applications, to prove a refusal changed nothing. */
async function state(db: Kysely<Database>) {
  return {
    counts: await counts(db),
    apps: await db.selectFrom('talent_subsidy_application').selectAll().orderBy('id').execute(),
    pairs: await db.selectFrom('talent_duty_pair').selectAll().orderBy('step_a').orderBy('step_b').execute(),
  };
}

/** Two more talent-office accounts (same password as the fixture's): the approver and the payer. */
async function moreStaff(db: Kysely<Database>, f: Fixture) {
  const hash = (
    await db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'rencai')
      .executeTakeFirstOrThrow()
  ).password_hash;
  for (const [username, display] of [
    ['rencai_shenpi', '人才办主任'],
    ['rencai_bofu', '人才办资金会计'],
  ] as const)
    await db
      .insertInto('app_user')
      .values({
        username,
        display_name: display,
        password_hash: hash,
        role: 'dept_admin',
        org_unit_id: f.departments.rcb.id,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
}

async function setup(db: Kysely<Database>, f: Fixture, budgetFen = 1_000_000_000) {
  const rc = await talentAs(db, 'rencai');
  await rc.fund.open({});
  await rc.fund.budget({ amountFen: budgetFen, reason: '区财政拨入人才专项资金', entryDate: '2024-01-02' });
  const tier = await rc.registry.createTier({
    code: 'B',
    name: 'B类人才',
    rank: 2,
    settlingFen: 20_000_000,
    housingFen: 30_000_000,
  });
  await rc.registry.addCatalogueField({ year: 2024, fieldCode: 'IC', fieldName: '集成电路' });
  const base = {
    gender: 'F' as const,
    birthDate: '1990-01-01',
    fieldCode: 'IC',
    fieldName: '集成电路',
    employer: '营口某芯片公司',
    introducedOn: '2024-04-01',
    introducedVia: 'introduction' as const,
    tierId: tier.id,
  };
  const linked = await rc.registry.create({
    ...base,
    name: '党员1-1',
    memberId: f.streets[0]!.members[0]!.id,
  });
  const other = await rc.registry.create({ ...base, name: '张工', introducedVia: 'public_selection' });
  await moreStaff(db, f);
  return { rc, tier, linked, other };
}

/** A one-page PDF and a 1×1 PNG, as an office scanner would give them. */
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);

describeEachDialect('talent API: separation of duties, registry editing, attachments (#21)', (t) => {
  it('four eyes: the applicant, verifier, approver and payer are four accounts; each repeat is refused in zh-CN and en and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const { rc, other } = await setup(t.db, f);
    const shenpi = await talentAs(t.db, 'rencai_shenpi');
    const bofu = await talentAs(t.db, 'rencai_bofu');
    const admin = await talentAs(t.db, 'district_admin');
    const app = await rc.applications.submit({ talentId: other.id, kind: 'settling' });

    const refused = async (call: () => Promise<unknown>, message: string) => {
      const before = await state(t.db);
      await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN', message });
      expect(await state(t.db)).toEqual(before);
    };
    // the applicant cannot verify their own application
    await refused(
      () => rc.applications.transition({ id: app.id, action: 'review' }),
      '职责分离：您已办理该申请的“申请”，“审核”须由另一账号办理',
    );
    const en = await talentAs(t.db, 'rencai', 'en');
    await refused(
      () => en.applications.transition({ id: app.id, action: 'review' }),
      'Separation of duties: you already did the filing step of this application; its review must be done by another account',
    );
    await shenpi.applications.transition({ id: app.id, action: 'review' });
    await refused(
      () => shenpi.applications.transition({ id: app.id, action: 'approve' }),
      '职责分离：您已办理该申请的“审核”，“批准”须由另一账号办理',
    );
    await refused(
      () => rc.applications.transition({ id: app.id, action: 'approve' }),
      '职责分离：您已办理该申请的“申请”，“批准”须由另一账号办理',
    );
    await bofu.applications.transition({ id: app.id, action: 'approve' });
    for (const c of [rc, shenpi, bofu])
      await expect(c.applications.transition({ id: app.id, action: 'disburse' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    const paid = await admin.applications.transition({ id: app.id, action: 'disburse' });
    expect(paid.status).toBe('disbursed');
    const seen = await rc.applications.get({ id: app.id });
    expect(seen.actors).toEqual({
      apply: 'rencai',
      review: '人才办主任',
      approve: '人才办资金会计',
      disburse: 'district_admin',
    });
    // a refusal wrote no audit record and left the chain whole
    const actions = (
      await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('object_type', '=', 'talent_subsidy_application')
        .orderBy('id')
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual([
      'talent.applications.submit',
      'talent.applications.review',
      'talent.applications.approve',
      'talent.applications.disburse',
    ]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('the talent office edits which steps must differ (audited); others are refused; bad pairs are refused; the rule in force applies at once', async () => {
    const f = await buildFixture(t.db);
    const { rc, other } = await setup(t.db, f);
    const rule = await rc.settings.duties();
    expect(rule.pairs).toHaveLength(6);
    for (const who of ['ganbu', 'member', 'kaohe', 'sys_admin']) {
      const c = await talentAs(t.db, who);
      const before = await state(t.db);
      await expect(c.settings.saveDuties({ pairs: [] }), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const after = await state(t.db);
      expect({ ...after, counts: { ...after.counts, audit_log: 0 } }).toEqual({
        ...before,
        counts: { ...before.counts, audit_log: 0 },
      });
    }
    const before = await state(t.db);
    await expect(rc.settings.saveDuties({ pairs: [['review', 'review']] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(rc.settings.saveDuties({ pairs: [['review', 'pay' as 'approve']] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await state(t.db)).toEqual(before);
    // only approver ≠ payer: one person may file, review and approve, not also pay
    const saved = await rc.settings.saveDuties({
      pairs: [
        ['disburse', 'approve'],
        ['approve', 'disburse'],
      ],
    });
    expect(saved.pairs).toEqual([['approve', 'disburse']]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'before_json', 'after_json'])
      .where('action', '=', 'talent.settings.saveDuties')
      .where('result', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe('rencai');
    expect(JSON.parse(audit.before_json!).pairs).toHaveLength(6);
    expect(JSON.parse(audit.after_json!)).toEqual({ pairs: [['approve', 'disburse']] });
    expect(await rc.settings.duties()).toMatchObject({
      pairs: [['approve', 'disburse']],
      updatedByName: 'rencai',
    });
    const app = await rc.applications.submit({ talentId: other.id, kind: 'housing' });
    await rc.applications.transition({ id: app.id, action: 'review' });
    await rc.applications.transition({ id: app.id, action: 'approve' });
    await expect(rc.applications.transition({ id: app.id, action: 'disburse' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '职责分离：您已办理该申请的“批准”，“拨付”须由另一账号办理',
    });
    await (await talentAs(t.db, 'rencai_bofu')).applications.transition({ id: app.id, action: 'disburse' });
  });

  it('a short fund is refused in yuan: "可用 100.00 元，需要 200,000.00 元"', async () => {
    const f = await buildFixture(t.db);
    const { rc, other } = await setup(t.db, f, 10_000);
    const app = await rc.applications.submit({ talentId: other.id, kind: 'settling' });
    await (await talentAs(t.db, 'rencai_shenpi')).applications.transition({ id: app.id, action: 'review' });
    const bofu = await talentAs(t.db, 'rencai_bofu');
    await expect(bofu.applications.transition({ id: app.id, action: 'approve' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '人才专项资金可用余额不足：可用 100.00 元，需要 200,000.00 元',
    });
    await expect(
      (await talentAs(t.db, 'rencai_bofu', 'en')).applications.transition({ id: app.id, action: 'approve' }),
    ).rejects.toMatchObject({
      message: 'The talent fund has too little available: 100.00 yuan available, 200,000.00 yuan needed',
    });
  });

  it('registry: add and edit a talent, tier and catalogue field; every write audited; outsiders refused; bad input localized', async () => {
    const f = await buildFixture(t.db);
    const { rc, tier, other } = await setup(t.db, f);
    const mark = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`max(id)`.as('id'))
      .executeTakeFirstOrThrow();
    const created = await rc.registry.create({
      name: '陈晨',
      gender: 'M',
      birthDate: '1991-02-03',
      fieldCode: 'IC',
      fieldName: '集成电路',
      employer: '营口某软件公司',
      introducedOn: '2025-05-06',
      introducedVia: 'introduction',
      tierId: tier.id,
    });
    const edited = await rc.registry.update({ id: created.id, employer: '营口港务集团' });
    expect(edited.employer).toBe('营口港务集团');
    const t2 = await rc.registry.updateTier({ id: tier.id, settlingFen: 25_000_000 });
    expect(t2.settling_fen).toBe(25_000_000);
    const cat = await rc.registry.catalogue({ year: 2024 });
    const renamed = await rc.registry.updateCatalogueField({
      id: cat.fields[0]!.id,
      fieldName: '集成电路设计',
    });
    expect(renamed.field_name).toBe('集成电路设计');
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('id', '>', Number(mark.id))
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.action)).toEqual([
      'talent.registry.create',
      'talent.registry.update',
      'talent.registry.updateTier',
      'talent.registry.updateCatalogueField',
    ]);
    expect(JSON.parse(audited[1]!.before_json!).employer).toBe('营口某软件公司');
    expect((await rc.registry.get({ id: created.id })).tierName).toBe('B类人才');
    for (const who of ['ganbu', 'member', 'street1']) {
      const c = await talentAs(t.db, who);
      const before = await state(t.db);
      await expect(c.registry.update({ id: other.id, employer: '越权' }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(
        c.registry.updateCatalogueField({ id: cat.fields[0]!.id, fieldName: 'x' }),
        who,
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(c.registry.dryRun({ kind: 'tiers', base64: 'UEs=' }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const after = await state(t.db);
      expect({ ...after.counts, audit_log: 0 }).toEqual({ ...before.counts, audit_log: 0 });
      expect(after.counts.audit_log).toBe(before.counts.audit_log! + 3); // the denials
    }
    const before = await state(t.db);
    // the input's own message, in the caller's language (the wire shows it after 输入有误：)
    const issue = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { code: string; cause?: { issues?: { message: string }[] } }) => [
          e.code,
          e.cause?.issues?.[0]?.message,
        ],
      );
    expect(await issue(rc.registry.update({ id: other.id, name: '  ' }))).toEqual([
      'BAD_REQUEST',
      '请填写姓名',
    ]);
    const en = await talentAs(t.db, 'rencai', 'en');
    expect(await issue(en.registry.update({ id: other.id, name: '' }))).toEqual([
      'BAD_REQUEST',
      'The name is required',
    ]);
    expect(await issue(en.registry.update({ id: other.id, employer: 'x'.repeat(201) }))).toEqual([
      'BAD_REQUEST',
      'The employer takes at most 200 characters',
    ]);
    expect(await state(t.db)).toEqual(before);
  });

  it('registry files: template, dry run with every problem by row and column (nothing written), import audited per row, the same file again unchanged, export with a Chinese name', async () => {
    const f = await buildFixture(t.db);
    const { rc } = await setup(t.db, f);
    const tpl = await rc.registry.template({ kind: 'talents' });
    expect(tpl.filename).toBe('人才名册-导入模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(tpl.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('人才名册')!;
    ws.addRow([
      null,
      '周敏',
      '女',
      '1992-08-09',
      'IC',
      '集成电路',
      '营口某芯片公司',
      '2024-06-01',
      '引进',
      'B',
    ]);
    ws.addRow([
      null,
      '吴刚',
      '男',
      '',
      'IC',
      '集成电路',
      '营口某港口公司',
      '2024-06-02',
      '公开选拔',
      'B类人才',
    ]);
    const good = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    ws.addRow([null, '', '男', '1990-02-30', 'IC', '集成电路', 'x', '2024-06-02', '调入', 'Z']);
    const bad = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');

    const before = await state(t.db);
    const refused = await rc.registry.dryRun({ kind: 'talents', base64: bad });
    expect(refused).toEqual({
      ok: false,
      errors: [
        { sheet: '人才名册', row: 4, column: 'B 姓名', problem: '“姓名”不能为空' },
        {
          sheet: '人才名册',
          row: 4,
          column: 'D 出生日期',
          problem: '“1990-02-30”不是有效日期（格式 YYYY-MM-DD）',
        },
        {
          sheet: '人才名册',
          row: 4,
          column: 'I 引进方式',
          problem: '引进方式应为 公开选拔、引进 或 本地培养：“调入”',
        },
        {
          sheet: '人才名册',
          row: 4,
          column: 'J 人才层次',
          problem: '人才层次“Z”不存在（填写层次编码或名称）',
        },
      ],
    });
    const importRefused = await rc.registry.import({ kind: 'talents', base64: bad });
    expect(importRefused.ok).toBe(false);
    const after = await state(t.db);
    // nothing but the two audit records (the failed dry run and import)
    expect({ ...after, counts: { ...after.counts, audit_log: 0 } }).toEqual({
      ...before,
      counts: { ...before.counts, audit_log: 0 },
    });
    expect(after.counts.audit_log).toBe(before.counts.audit_log! + 2);

    expect(await rc.registry.dryRun({ kind: 'talents', base64: good })).toEqual({
      ok: true,
      counts: { new: 2, changed: 0, unchanged: 0 },
    });
    expect(await rc.registry.import({ kind: 'talents', base64: good })).toEqual({
      ok: true,
      counts: { new: 2, changed: 0, unchanged: 0 },
    });
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'object_type'])
      .where('action', 'like', 'talent.registry.import%')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'talent.registry.import', // the refused one
      'talent.registry.import.create',
      'talent.registry.import.create',
      'talent.registry.import',
    ]);
    expect(await rc.registry.import({ kind: 'talents', base64: good })).toEqual({
      ok: true,
      counts: { new: 0, changed: 0, unchanged: 2 },
    });
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    const exported = await rc.registry.export({ kind: 'talents' });
    expect(exported.filename).toBe(`人才名册-${year}.xlsx`);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(exported.base64, 'base64') as unknown as ArrayBuffer);
    expect(back.getWorksheet('人才名册')!.actualRowCount).toBe(5); // header + 4 talents
    expect((await rc.registry.export({ kind: 'tiers' })).filename).toBe('人才层次与补贴标准.xlsx');
    expect((await rc.registry.export({ kind: 'catalogue', year: 2024 })).filename).toBe(
      '急需紧缺人才目录-2024.xlsx',
    );
    expect((await rc.reports.xlsx()).filename).toBe(`人才专项资金-${year}.xlsx`);
    const exports = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'talent.registry.export')
      .orderBy('id')
      .execute();
    expect(JSON.parse(exports[0]!.after_json!)).toMatchObject({ kind: 'talents', rows: 4 });
    // the district admin reads and exports but the member app cannot
    await expect((await talentAs(t.db, 'member')).registry.export({ kind: 'talents' })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
  });

  it('attachments: uploaded through /files, attached to an application, read by its talent and the office, not by others; closed after approval', async () => {
    const f = await buildFixture(t.db);
    const { rc, other } = await setup(t.db, f);
    const app = httpApp(t.db);
    const session = async (username: string) => {
      const res = await httpSignIn(app, t.db, username);
      expect(res.status, username).toBe(200);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const upload = async (cookie: string, name: string, bytes: Uint8Array, mime: string) => {
      const form = new FormData();
      form.append('file', new File([bytes], name, { type: mime }));
      const res = await app.request('/files', {
        method: 'POST',
        body: form,
        headers: { cookie, 'x-zq-client': 'test' },
      });
      return { status: res.status, body: (await res.json()) as { id: string } };
    };
    const read = async (cookie: string, id: string) =>
      (await app.request(`/files/${id}`, { headers: { cookie } })).status;

    const member = await talentAs(t.db, 'member');
    const mine = await member.applications.submit({ kind: 'housing' });
    const staffFiled = await rc.applications.submit({ talentId: other.id, kind: 'settling' });
    const memberCookie = await session('member');
    const degree = await upload(memberCookie, '学位证书.pdf', PDF, 'application/pdf');
    expect(degree.status).toBe(201);
    const att = await member.applications.attach({
      applicationId: mine.id,
      fileId: degree.body.id,
      kind: 'degree',
    });
    expect(att).toMatchObject({ kind: 'degree', name: '学位证书.pdf', mime: 'application/pdf' });
    expect((await member.applications.mine()).attachments[mine.id]).toHaveLength(1);
    // a member cannot attach to someone else's application, nor attach someone else's upload
    await expect(
      member.applications.attach({ applicationId: staffFiled.id, fileId: degree.body.id, kind: 'degree' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const rcCookie = await session('rencai');
    const contract = await upload(rcCookie, '购房合同.png', PNG, 'image/png');
    expect(contract.status).toBe(201);
    await expect(
      member.applications.attach({ applicationId: mine.id, fileId: contract.body.id, kind: 'house' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: '只能添加本人上传的文件' });
    await rc.applications.attach({ applicationId: mine.id, fileId: contract.body.id, kind: 'house' });
    const seen = await rc.applications.get({ id: mine.id });
    expect(seen.attachments.map((a) => [a.kind, a.name])).toEqual([
      ['degree', '学位证书.pdf'],
      ['house', '购房合同.png'],
    ]);
    // reads: the talent and the office yes; another department and another member no
    expect(await read(memberCookie, degree.body.id)).toBe(200);
    expect(await read(memberCookie, contract.body.id)).toBe(200);
    expect(await read(rcCookie, degree.body.id)).toBe(200);
    const hash = (
      await t.db
        .selectFrom('app_user')
        .select('password_hash')
        .where('username', '=', 'member')
        .executeTakeFirstOrThrow()
    ).password_hash;
    await t.db
      .insertInto('app_user')
      .values({
        username: 'member2',
        display_name: 'member2',
        password_hash: hash,
        role: 'member',
        org_unit_id: f.streets[0]!.branch.id,
        member_id: f.streets[0]!.members[1]!.id,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    expect(await read(await session('member2'), degree.body.id)).toBe(403);
    expect(await read(await session('ganbu'), degree.body.id)).toBe(403);
    // the audit names each attach
    const attachAudits = await t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'talent.applications.attach')
      .orderBy('id')
      .execute();
    expect(attachAudits.map((a) => a.actor)).toEqual(['member', 'rencai']);
    // once approved, the files are what the decision was made on
    await (await talentAs(t.db, 'rencai_shenpi')).applications.transition({ id: mine.id, action: 'review' });
    await (await talentAs(t.db, 'rencai_bofu')).applications.transition({ id: mine.id, action: 'approve' });
    const more = await upload(memberCookie, '补充.pdf', PDF, 'application/pdf');
    const before = await state(t.db);
    await expect(
      member.applications.attach({ applicationId: mine.id, fileId: more.body.id, kind: 'other' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: '申请已批准，不能再增删附件' });
    await expect(member.applications.detach({ id: att.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await state(t.db)).toEqual(before);
  });
});
