import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { exportSettings } from '@zhanqian/api-router';
import { withCheckDigit } from '@zhanqian/cadres';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { DIRECT_EXPORT_MAX_ROWS, runExport } from '@zhanqian/exports';
import { localFileStore } from '@zhanqian/files';
import { sampleScheme } from '@zhanqian/scoring';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture, httpApp, httpSignIn } from './fixture.ts';
import { yearWithResults } from './scoring-year.ts';

/**
 * Issue #19 item 3: every list's export holds the rows of its screen (same filters, same order,
 * same count), with the list's permission and scope; large ones run as a job whose file only
 * its requester downloads; every export is audited.
 */

type Caller = Awaited<ReturnType<typeof callerAs>>;
type FileAnswer = { mode: 'file'; fileName: string; base64: string; rows: number };

let uploads: string;
beforeAll(async () => {
  uploads = await mkdtemp(join(tmpdir(), 'zq-exports-test-'));
  process.env.ZQ_UPLOAD_DIR = uploads;
});
afterAll(async () => {
  await rm(uploads, { recursive: true, force: true });
});
afterEach(() => {
  exportSettings.directMaxRows = DIRECT_EXPORT_MAX_ROWS;
});

/** The sheet's rows as arrays of cell values (header first). */
async function sheetRows(answer: unknown): Promise<unknown[][]> {
  const a = answer as FileAnswer;
  expect(a.mode).toBe('file');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(a.base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

/** A 2026 year with both streets and both communities ranked. */
async function rankedYear(db: Kysely<Database>, f: Fixture) {
  return (await yearWithResults(db, f, 'community')).kaohe;
}

/** Every page of a paged screen query, in its order. */
async function allPages<R>(fetch: (page: number) => Promise<{ total: number; rows: R[] }>): Promise<R[]> {
  const out: R[] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(page);
    out.push(...res.rows);
    if (out.length >= res.total || res.rows.length === 0) return out;
  }
}

describeEachDialect('list exports', (t) => {
  it('rankings and the bottom two: the screen rows of the chosen category, in order; fen-free points as 0.00 numbers', async () => {
    const f = await buildFixture(t.db);
    const kaohe = await rankedYear(t.db, f);
    for (const category of ['street', 'community']) {
      const screen = await kaohe.scoring.results.rankings({ year: 2026, category });
      expect(screen.rows.length).toBe(2);
      const file = await kaohe.exports.rankings({ year: 2026, category });
      expect((file as FileAnswer).fileName).toBe(
        `2026年千分制考核排名（${category === 'street' ? '街道' : '社区'}）.xlsx`,
      );
      const rows = await sheetRows(file);
      expect(rows[0]!.slice(0, 3)).toEqual(['名次', '考核对象', '总分']);
      expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(
        screen.rows.map((r) => [r.rank, r.unitName, r.total / 100]),
      );
      expect(rows).toHaveLength(screen.rows.length + 1);
    }
    const bottom = await kaohe.scoring.results.bottomTwo({ year: 2026 });
    expect(bottom.rows.length).toBeGreaterThan(0);
    const bottomRows = await sheetRows(await kaohe.exports.bottomTwo({ year: 2026 }));
    expect(bottomRows.slice(1).map((r) => r[1])).toEqual(bottom.rows.map((r) => r.unitName));
    // English UI: English headers and file name
    const en = await callerAs(t.db, 'kaohe', 'en');
    const enFile = (await en.exports.rankings({ year: 2026, category: 'street' })) as FileAnswer;
    expect(enFile.fileName).toBe('2026 appraisal rankings (Street).xlsx');
    expect((await sheetRows(enFile))[0]!.slice(0, 3)).toEqual(['Rank', 'Subject', 'Total']);
  });

  it('star ratings, the talent registry, the member roster and cadre files equal their screens', async () => {
    const f = await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    // star ratings: the members and branches under the district
    for (const level of ['member', 'branch'] as const) {
      const screen = await admin.stars.entities({ year: 2026, level, pageSize: 200 });
      expect(screen.rows.length).toBeGreaterThan(1);
      const rows = await sheetRows(await admin.exports.stars({ year: 2026, level }));
      expect(rows.slice(1).map((r) => [String(r[0]), r[1], r[2]])).toEqual(
        screen.rows.map((r) => [r.code, r.name, r.stars]),
      );
      expect(rows.length - 1).toBe(screen.total);
    }
    // the talent registry, with a filter
    const rc = await callerAs(t.db, 'rencai');
    const tier = await rc.talent.registry.createTier({
      code: 'B',
      name: 'B类人才',
      rank: 2,
      settlingFen: 20_000_000,
      housingFen: 30_000_000,
    });
    const base = {
      gender: 'F' as const,
      birthDate: '1990-01-01',
      fieldCode: 'IC',
      fieldName: '集成电路',
      employer: '某芯片公司',
      introducedOn: '2024-04-01',
      tierId: tier.id,
    };
    for (const [name, via] of [
      ['张工', 'introduction'],
      ['李工', 'public_selection'],
      ['王工', 'introduction'],
    ] as const)
      await rc.talent.registry.create({ ...base, name, introducedVia: via });
    for (const filter of [{}, { introducedVia: 'introduction' as const }, { q: '李' }]) {
      const screen = await allPages((page) => rc.talent.registry.list({ ...filter, page, pageSize: 2 }));
      expect(screen.length).toBeGreaterThan(0);
      const rows = await sheetRows(await rc.exports.talents(filter));
      expect(rows[0]!.slice(0, 2)).toEqual(['编号', '姓名']);
      expect(rows.slice(1).map((r) => [r[0], r[1], r[7]])).toEqual(
        screen.map((r) => [r.id, r.name, r.introduced_via === 'introduction' ? '引进' : '公开选拔']),
      );
    }
    // the member roster: the whole tree, one street, a search
    for (const filter of [
      {},
      { unitId: f.streets[1]!.street.id },
      { q: '党员1' },
      { status: 'all' as const },
    ]) {
      const screen = await allPages((page) => admin.org.members({ ...filter, page, pageSize: 3 }));
      expect(screen.length).toBeGreaterThan(0);
      const file = (await admin.exports.members(filter)) as FileAnswer;
      expect(file.fileName).toMatch(/^党员名册-\d{8}\.xlsx$/);
      const rows = await sheetRows(file);
      expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual(
        screen.map((r) => [r.id, r.name, r.branchName]),
      );
    }
    // cadre files: ID numbers masked as on the screen
    const ganbu = await callerAs(t.db, 'ganbu');
    await ganbu.cadres.files.create({
      name: '张伟',
      gender: 'M',
      birthDate: '1990-05-01',
      idCard: withCheckDigit('21080219900501123'),
      orgUnitId: f.streets[0]!.street.id,
      postTitle: '科员',
      postSince: '2019-07-01',
      rank: 'staff',
      rankSince: '2019-07-01',
      education: '大学本科',
    });
    const cadres = await ganbu.cadres.files.list({});
    expect(cadres.rows).toHaveLength(1);
    const cadreRows = await sheetRows(await ganbu.exports.cadres({}));
    expect(cadreRows.slice(1).map((r) => [r[0], r[3], r[8]])).toEqual(
      cadres.rows.map((r) => [r.name, r.idCardMasked, '科员']),
    );
    expect(String(cadreRows[1]![3])).not.toContain('19900501');
    // each export audited with its filter and row count
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', 'like', 'exports.%')
      .execute();
    expect(new Set(audited.map((a) => a.action))).toEqual(
      new Set([
        'exports.stars.entities',
        'exports.talent.registry',
        'exports.org.members',
        'exports.cadres.files',
      ]),
    );
    expect(
      JSON.parse(audited.find((a) => a.action === 'exports.talent.registry')!.after_json!),
    ).toMatchObject({
      rows: 3,
      mode: 'file',
    });
  }, 60_000);

  it('refuses another street, a role without the list, and results not yet published; a refusal writes no file', async () => {
    const f = await buildFixture(t.db);
    const street1 = await callerAs(t.db, 'street1');
    const other = f.streets[1]!;
    // its own street's roll exports; the other street's does not
    expect(await code(street1.exports.members({ unitId: f.streets[0]!.street.id }))).toBe('ok');
    expect(await code(street1.exports.members({ unitId: other.street.id }))).toBe('FORBIDDEN');
    expect(await code(street1.exports.members({ branchId: other.branch.id }))).toBe('FORBIDDEN');
    expect(await code(street1.exports.stars({ year: 2026, level: 'member', unitId: other.branch.id }))).toBe(
      'FORBIDDEN',
    );
    // without a unit: its own subtree only
    const own = await sheetRows(await street1.exports.members({}));
    expect(own.slice(1).map((r) => r[1])).toEqual(['党员1-1', '党员1-2']);
    // a member reads no roster, no talent registry
    const member: Caller = await callerAs(t.db, 'member');
    expect(await code(member.exports.members({}))).toBe('FORBIDDEN');
    expect(await code(member.exports.talents({}))).toBe('FORBIDDEN');
    expect(await code((await callerAs(t.db, null)).exports.members({}))).toBe('UNAUTHORIZED');
    // results of an open year are the assessment office's only
    const kaohe = await callerAs(t.db, 'kaohe');
    await kaohe.scoring.scheme.save({ def: sampleScheme(2026) });
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'open' });
    expect(await code(street1.exports.rankings({ year: 2026 }))).toBe('FORBIDDEN');
    const denied = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('result', '=', 'denied')
      .where('action', 'like', 'exports.%')
      .execute();
    expect(denied.map((d) => d.action)).toEqual(
      expect.arrayContaining(['exports.members', 'exports.talents']),
    );
    expect(await t.db.selectFrom('export_file').selectAll().execute()).toEqual([]);
  });

  it('a list above the threshold runs as a job: progress, then a file its requester alone downloads', async () => {
    const f = await buildFixture(t.db);
    exportSettings.directMaxRows = 2;
    const admin = await callerAs(t.db, 'district_admin');
    const answer = await admin.exports.members({});
    if (answer.mode !== 'job') throw new Error('expected a job');
    expect(answer.export).toMatchObject({ status: 'queued', total: 4, done: 0 });
    const queued = await t.db
      .selectFrom('job_outbox')
      .selectAll()
      .where('job_name', '=', 'exports.xlsx')
      .execute();
    expect(queued).toHaveLength(1);
    // the job's handler (what the worker runs)
    const seen: number[] = [];
    await runExport(t.db, localFileStore(uploads), answer.export.id, async (n) => {
      seen.push(n);
    });
    expect(seen).toEqual([4]);
    expect(await admin.exports.status({ id: answer.export.id })).toMatchObject({
      status: 'done',
      done: 4,
      total: 4,
    });
    // someone else's export is not theirs to see
    const street1 = await callerAs(t.db, 'street1');
    expect(await code(street1.exports.status({ id: answer.export.id }))).toBe('NOT_FOUND');

    const app = httpApp(t.db);
    const cookieOf = async (user: string) =>
      (await httpSignIn(app, t.db, user)).headers.get('set-cookie')!.split(';')[0]!;
    const res = await app.request(`/exports/${answer.export.id}`, {
      headers: { cookie: await cookieOf('district_admin') },
    });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toMatch(/党员名册-\d{8}\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const screen = await admin.org.members({ pageSize: 200 });
    const names: unknown[] = [];
    wb.worksheets[0]!.eachRow((row, i) => {
      if (i > 1) names.push(row.getCell(2).value);
    });
    expect(names).toEqual(screen.rows.map((r) => r.name));
    const theirs = await app.request(`/exports/${answer.export.id}`, {
      headers: { cookie: await cookieOf('street1') },
    });
    expect(theirs.status).toBe(404);
    expect((await app.request(`/exports/${answer.export.id}`)).status).toBe(401);
    void f;
  }, 60_000);
});
