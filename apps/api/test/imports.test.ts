import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { DEFAULT_AUTH_CONFIG, principalFor } from '@zhanqian/auth';
import type { Database, ImportKind, Kysely } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { checkDigitOf, commitBatch, createBatch, defaultImportStore } from '@zhanqian/imports';
import { startEmbeddedWorker } from '@zhanqian/jobs';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { importsRoutes } from '../src/routes/imports.ts';
import { buildFixture, callerAs, type Fixture, httpApp, httpSignIn, logger } from './fixture.ts';

process.env.ZQ_UPLOAD_DIR = mkdtempSync(join(tmpdir(), 'zq-imports-'));

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Uploads a file as `username` would (the route's own function), then runs the dry run. */
async function upload(
  db: Kysely<Database>,
  who: string,
  kind: ImportKind,
  bytes: Buffer,
  unitId?: number,
  name = 'f.xlsx',
) {
  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', who)
    .executeTakeFirstOrThrow();
  const batch = await createBatch(db, defaultImportStore(), {
    kind,
    scopeUnitId: unitId ?? (await principalFor(db, user)).scopeRootId,
    fileName: name,
    body: (async function* () {
      yield new Uint8Array(bytes);
    })(),
    uploadedBy: user.id,
    actor: who,
  });
  const c = await callerAs(db, who);
  return c.imports.dryRun({ batchId: batch.id });
}

async function commitThroughWorker(db: Kysely<Database>, who: string, batchId: string) {
  const c = await callerAs(db, who);
  await c.imports.commit({ batchId });
  const worker = await startEmbeddedWorker(db, logger, {
    singleProcess: true,
    relayIntervalMs: 20,
    cron: false,
    retryLimit: 1,
  });
  try {
    await worker.idle();
  } finally {
    await worker.stop();
  }
  return c.imports.status({ batchId });
}

/** Every business table's content (not only counts): proof that a refusal changed nothing. */
async function snapshot(db: Kysely<Database>) {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    'org_unit',
    'org_closure',
    'member',
    'zone',
    'household',
    'member_event',
    'org_unit_history',
  ] as const)
    out[table] = await db
      .selectFrom(table)
      .selectAll()
      .orderBy(table === 'org_closure' ? 'ancestor_id' : 'id')
      .execute();
  return out;
}

const withCheck = (first17: string) => first17 + checkDigitOf(first17);
/** A valid identity number for person n (born 1970–1999, odd 17th digit = man). */
const idFor = (n: number, gender: 'M' | 'F') => {
  const birth = `${1970 + (n % 30)}0${1 + (n % 9)}1${n % 10}`;
  const seq = String(n % 100).padStart(2, '0') + (gender === 'M' ? '1' : '2');
  return withCheck(`210102${birth}${seq}`);
};
const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

const MEMBER_HEADER = [
  '姓名',
  '性别',
  '公民身份号码',
  '民族',
  '出生日期',
  '学历',
  '入党日期',
  '转正日期',
  '人员类别',
  '所在党支部',
  '联系电话',
  '工作单位及职务',
  '家庭住址',
];
function roster(n: number, branch: string, post = '站前区某单位 职员') {
  const rows: unknown[][] = [MEMBER_HEADER];
  for (let i = 0; i < n; i++) {
    const g = i % 2 ? 'F' : 'M';
    const id = idFor(i, g);
    const probationary = i % 10 === 9;
    rows.push([
      `党员${i}`,
      g === 'M' ? '男' : '女',
      id,
      '汉族',
      birthOf(id),
      '大学',
      '2020-07-01',
      probationary ? '' : '2021-07-01',
      probationary ? '预备' : '正式',
      branch,
      `1380013${String(8000 + i)}`,
      post,
      `站前区${i}号`,
    ]);
  }
  return rows;
}

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

async function unitsFixture(db: Kysely<Database>): Promise<Fixture> {
  return buildFixture(db);
}

describeEachDialect('imports: units', (t) => {
  it('a bad units file is refused with all its errors, and nothing changes', async () => {
    await unitsFixture(t.db);
    const before = await snapshot(t.db);
    const res = await upload(
      t.db,
      'district_admin',
      'units',
      await xlsx([
        ['编码', '名称', '类型', '上级编码', '书记'],
        ['S1C2', '新社区', '社区党委', 'S1', '张三'],
        ['S1C2', '重复', '社区党委', 'S1', ''],
        ['bad code', '', '居委会', 'S1', ''],
        ['S1C2B1', '楼栋支部', '楼栋党支部', 'NOPE', ''],
        ['S1C3B1', '支部', '党支部', 'S1', ''],
      ]),
    );
    expect(res.status).toBe('checked');
    expect(res.counts).toMatchObject({ total: 5, rejected: 4, new: 1 });
    expect(res.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'A 编码', 'duplicateKey'],
      [4, 'A 编码', 'badCode'],
      [4, 'B 名称', 'required'],
      [4, 'C 类型', 'badKind'],
      [5, 'D 上级编码', 'parentNotFound'],
      [6, 'D 上级编码', 'badParent'],
    ]);
    // each reason in the caller's language, for the import screen's table
    expect(res.errors[0]!.message).toBe('“S1C2”在文件中重复出现');
    const admin = await callerAs(t.db, 'district_admin');
    expect(await code(() => admin.imports.commit({ batchId: res.id }))).toBe('BAD_REQUEST');
    const file = await admin.imports.errorsXlsx({ batchId: res.id });
    expect(file.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    expect(wb.worksheets[0]!.rowCount).toBe(7);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('creates, renames and moves units with the closure right; the same file twice changes nothing', async () => {
    const f = await unitsFixture(t.db);
    const file = await xlsx([
      ['编码', '名称', '类型', '上级编码', '书记'],
      ['S1C2B1', '幸福里1号楼党支部', '楼栋党支部', 'S1C2', '李四'], // the child before its parent
      ['S1C2', '幸福里社区党委', '社区党委', 'S1', '张三'],
      ['S1C1', '社区1（更名）', '社区党委', 'S1', ''],
      ['S2C1B1', '支部2', '党支部', 'S1C2', ''], // moved from S2C1 to the new committee
    ]);
    const first = await upload(t.db, 'district_admin', 'units', file);
    expect(first.counts).toEqual({ total: 4, new: 2, changed: 2, unchanged: 0, rejected: 0 });
    const done = await commitThroughWorker(t.db, 'district_admin', first.id);
    expect(done.status).toBe('committed');
    const b = await t.db
      .selectFrom('org_unit')
      .selectAll()
      .where('code', '=', 'S1C2B1')
      .executeTakeFirstOrThrow();
    expect(b).toMatchObject({ kind: 'branch', branch_type: 'building', secretary_name: '李四' });
    const moved = await t.db
      .selectFrom('org_unit')
      .selectAll()
      .where('code', '=', 'S2C1B1')
      .executeTakeFirstOrThrow();
    const committee = await t.db
      .selectFrom('org_unit')
      .selectAll()
      .where('code', '=', 'S1C2')
      .executeTakeFirstOrThrow();
    expect(moved.parent_id).toBe(committee.id);
    // The closure equals one recomputed from parent_id.
    const units = await t.db.selectFrom('org_unit').select(['id', 'parent_id']).execute();
    const { closureOf } = await import('@zhanqian/org');
    const expected = closureOf(new Map(units.map((u) => [u.id, u.parent_id])));
    const actual = await t.db.selectFrom('org_closure').selectAll().execute();
    const key = (r: { ancestor_id: number; descendant_id: number; depth: number }) =>
      `${r.ancestor_id}-${r.descendant_id}-${r.depth}`;
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    expect(f.streets[1]!.branch.id).toBe(moved.id);

    const before = await snapshot(t.db);
    const again = await upload(t.db, 'district_admin', 'units', file);
    expect(again.counts).toEqual({ total: 4, new: 0, changed: 0, unchanged: 4, rejected: 0 });
    expect((await commitThroughWorker(t.db, 'district_admin', again.id)).counts).toMatchObject({
      unchanged: 4,
    });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('touches only the caller’s subtree; roles without the permission are refused', async () => {
    await unitsFixture(t.db);
    const res = await upload(
      t.db,
      'street1',
      'units',
      await xlsx([
        ['编码', '名称', '类型', '上级编码'],
        ['S2C9', '别处', '社区党委', 'S2'],
        ['S2C1', '改别人的', '社区党委', 'S1'],
      ]),
    );
    expect(res.errors.map((e) => e.code)).toEqual(['parentOutsideScope', 'codeOutsideScope']);
    const member = await callerAs(t.db, 'member');
    expect(await code(() => member.imports.status({ batchId: res.id }))).toBe('FORBIDDEN');
    const other = await callerAs(t.db, 'branch_secretary');
    expect(await code(() => other.imports.template({ kind: 'units' }))).toBe('FORBIDDEN');
  });
});

describeEachDialect('imports: members', (t) => {
  it('a roster of 50 lands encrypted; the same file twice changes nothing; re-import updates by ID number', async () => {
    await buildFixture(t.db);
    const file = await xlsx(roster(50, 'S1C1B1'));
    const first = await upload(t.db, 'street1', 'members', file);
    expect(first.counts).toEqual({ total: 50, new: 50, changed: 0, unchanged: 0, rejected: 0 });
    expect((await commitThroughWorker(t.db, 'street1', first.id)).status).toBe('committed');
    const rows = await t.db.selectFrom('member').selectAll().where('id_card_hash', 'is not', null).execute();
    expect(rows).toHaveLength(50);
    expect(rows.every((m) => m.id_card_enc && !m.id_card_enc.includes('210102'))).toBe(true);
    expect(rows.filter((m) => m.category === 'probationary')).toHaveLength(5);

    const before = await snapshot(t.db);
    const again = await upload(t.db, 'street1', 'members', file);
    expect(again.counts).toEqual({ total: 50, new: 0, changed: 0, unchanged: 50, rejected: 0 });
    await commitThroughWorker(t.db, 'street1', again.id);
    expect(await snapshot(t.db)).toEqual(before);

    const changed = await upload(t.db, 'street1', 'members', await xlsx(roster(50, 'S1C1B1', '新单位 主任')));
    expect(changed.counts).toMatchObject({ new: 0, changed: 50 });
    await commitThroughWorker(t.db, 'street1', changed.id);
    expect(
      await t.db.selectFrom('member').select('id').where('id_card_hash', 'is not', null).execute(),
    ).toHaveLength(50);
  });

  it('refuses a bad roster with every error (check digit, birth date, sex, branch, category) and changes nothing', async () => {
    await buildFixture(t.db);
    const rows = roster(5, 'S1C1B1');
    const good = rows[1]![2] as string;
    rows[1]![2] = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    rows[2]![4] = '1960-01-01';
    rows[3]![1] = '女'; // row 4 is a man's number
    rows[4]![9] = '没有这个支部';
    rows[5]![8] = '积极分子';
    const before = await snapshot(t.db);
    const res = await upload(t.db, 'street1', 'members', await xlsx(rows));
    expect(res.counts).toMatchObject({ total: 5, rejected: 5 });
    expect(res.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'C 公民身份号码', 'id.checkDigit'],
      [3, 'C 公民身份号码', 'id.birthMismatch'],
      [4, 'C 公民身份号码', 'id.sexMismatch'],
      [5, 'J 所在党支部', 'branchNotFound'],
      [6, 'I 人员类别', 'badCategory'],
    ]);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('two imports at once do not interleave: one runs after the other', async () => {
    await buildFixture(t.db);
    await commitThroughWorker(
      t.db,
      'street1',
      (await upload(t.db, 'street1', 'members', await xlsx(roster(50, 'S1C1B1')))).id,
    );
    const a = await upload(t.db, 'street1', 'members', await xlsx(roster(50, 'S1C1B1', 'A')));
    const b = await upload(t.db, 'street1', 'members', await xlsx(roster(50, 'S1C1B1', 'B')));
    // The queue refuses a second commit of the same kind and district while one waits...
    const c = await callerAs(t.db, 'street1');
    await c.imports.commit({ batchId: a.id });
    expect(await code(() => c.imports.commit({ batchId: b.id }))).toBe('CONFLICT');
    // ...and the database lock serializes two commits started together (any process).
    await t.db.updateTable('import_batch').set({ status: 'queued' }).where('id', '=', b.id).execute();
    const store = defaultImportStore();
    const [ra, rb] = await Promise.all([commitBatch(t.db, store, a.id), commitBatch(t.db, store, b.id)]);
    expect([ra.status, rb.status]).toEqual(['committed', 'committed']);
    const posts = await t.db
      .selectFrom('member')
      .select('work_post')
      .where('id_card_hash', 'is not', null)
      .execute();
    const values = new Set(posts.map((p) => p.work_post));
    expect(values.size).toBe(1);
    // The one that ran second saw the first's rows whole: it changed all 50.
    const later = [...values][0] === 'A' ? ra : rb;
    expect(later.counts).toMatchObject({ changed: 50, unchanged: 0 });
  });
});

describeEachDialect('imports: households and the grid', (t) => {
  it('500 households land with zones and backbones; the grid shows them; the same file twice changes nothing', async () => {
    await buildFixture(t.db);
    await commitThroughWorker(
      t.db,
      'street1',
      (await upload(t.db, 'street1', 'members', await xlsx(roster(50, 'S1C1B1')))).id,
    );
    const rows: unknown[][] = [
      [
        '户主姓名',
        '楼栋',
        '单元',
        '门牌',
        '人口',
        '责任党员身份证号',
        '责任党员',
        '责任党员所在党支部',
        '居民骨干',
        '联系电话',
      ],
    ];
    for (let i = 0; i < 500; i++) {
      const m = i % 50;
      const byId = i % 2 === 0;
      rows.push([
        `户主${i}`,
        `${1 + Math.floor(i / 40)}号楼`,
        `${1 + (Math.floor(i / 10) % 4)}单元`,
        `${100 + (i % 10)}`,
        1 + (i % 5),
        byId ? idFor(m, m % 2 ? 'F' : 'M') : '',
        byId ? '' : `党员${m}`,
        byId ? '' : '支部1',
        i % 25 === 0 ? '是' : '否',
        i % 25 === 0 ? '13900139000' : '',
      ]);
    }
    const file = await xlsx(rows);
    const first = await upload(t.db, 'street1', 'households', file);
    expect(first.errors).toEqual([]);
    expect(first.counts).toEqual({ total: 500, new: 500, changed: 0, unchanged: 0, rejected: 0 });
    expect((await commitThroughWorker(t.db, 'street1', first.id)).status).toBe('committed');
    expect((await t.db.selectFrom('household').select('id').execute()).length).toBe(500);
    expect((await t.db.selectFrom('zone').select('id').execute()).length).toBe(50);

    const c = await callerAs(t.db, 'street1');
    const f = await t.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', 'S1C1')
      .executeTakeFirstOrThrow();
    const grid = await c.imports.grid({ unitId: f.id });
    const members = grid.branches.flatMap((b) => b.members);
    expect(members.reduce((n, m) => n + m.households, 0)).toBe(500);
    const backbones = members.flatMap((m) => m.backbones);
    expect(backbones).toHaveLength(20);
    expect(backbones[0]!.contact).toBe('139****9000');

    const before = await snapshot(t.db);
    const again = await upload(t.db, 'street1', 'households', file);
    expect(again.counts).toEqual({ total: 500, new: 0, changed: 0, unchanged: 500, rejected: 0 });
    await commitThroughWorker(t.db, 'street1', again.id);
    expect(await snapshot(t.db)).toEqual(before);

    // The template of the branch round-trips: uploaded as it is, every row is unchanged.
    const b = await t.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', 'S1C1B1')
      .executeTakeFirstOrThrow();
    const tpl = await c.imports.template({ kind: 'households', unitId: b.id });
    const round = await upload(t.db, 'street1', 'households', Buffer.from(tpl.base64, 'base64'), b.id);
    expect(round.counts).toEqual({ total: 500, new: 0, changed: 0, unchanged: 500, rejected: 0 });
  });

  it('a bad households file is refused with its errors and changes nothing', async () => {
    await buildFixture(t.db);
    const before = await snapshot(t.db);
    const res = await upload(
      t.db,
      'street1',
      'households',
      await xlsx([
        [
          '户主姓名',
          '楼栋',
          '单元',
          '门牌',
          '人口',
          '责任党员身份证号',
          '责任党员',
          '责任党员所在党支部',
          '居民骨干',
        ],
        ['王五', '1号楼', '1单元', '101', 'x', '', '党员1-1', '支部1', '也许'],
        ['', '1号楼', '', '', 3, '', '', '', '否'],
        ['赵六', '1号楼', '', '102', 2, '', '无此人', '支部1', ''],
      ]),
    );
    expect(res.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'badSize'],
      [2, 'badFlag'],
      [3, 'required'],
      [3, 'required'],
      [3, 'memberMissing'],
      [4, 'memberNotFoundByName'],
    ]);
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describeEachDialect('imports: the upload route', (t) => {
  it('streams under its own limit, needs a session and the permission of the kind, refuses cross-site posts', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db, DEFAULT_AUTH_CONFIG);
    const signIn = async (who: string) => {
      const res = await httpSignIn(app, t.db, who);
      return ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
    };
    const admin = await signIn('district_admin');
    const file = await xlsx(roster(3, 'S1C1B1'));
    const post = (
      token: string | null,
      query: string,
      body: Uint8Array,
      headers: Record<string, string> = {},
    ) =>
      app.request(`/imports/upload?${query}`, {
        method: 'POST',
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body,
      });
    const ok = await post(admin, 'kind=members&name=roster.xlsx', file);
    expect(ok.status).toBe(201);
    const batch = (await ok.json()) as { id: string; status: string; size: number };
    expect(batch).toMatchObject({ status: 'uploaded', size: file.byteLength });
    expect(
      await t.db.selectFrom('audit_log').select('id').where('action', '=', 'imports.upload').execute(),
    ).toHaveLength(1);

    expect((await post(null, 'kind=members&name=a.xlsx', file)).status).toBe(401);
    const memberToken = await signIn('member');
    expect((await post(memberToken, 'kind=members&name=a.xlsx', file)).status).toBe(403);
    expect((await post(admin, 'kind=members&name=a.pdf', file)).status).toBe(400);
    expect(
      (await post(admin, 'kind=members&name=a.xlsx', new TextEncoder().encode('not a zip'))).status,
    ).toBe(400);
    const crossSite = await post(admin, 'kind=members&name=a.xlsx', file, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);

    // Over the limit: refused with 413 and nothing kept (a small limit stands in for ZQ_UPLOAD_MAX_MB).
    const small = importsRoutes(
      { db: t.db, authConfig: DEFAULT_AUTH_CONFIG, logger },
      defaultImportStore(),
      1000,
    );
    const big = await small.request('/upload?kind=members&name=big.xlsx', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new Uint8Array(800).fill(0x50));
          c.enqueue(new Uint8Array(800));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(big.status).toBe(413);
    expect(await t.db.selectFrom('import_batch').select('id').execute()).toHaveLength(1);
    void tableCounts;
  });
});
