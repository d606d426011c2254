import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PII_CONTEXT } from '@zhanqian/auth';
import { blindIndex, nowIso } from '@zhanqian/core';
import { type Database, dialectOf, type Kysely, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import { expect, it } from 'vitest';
import { commitBatch, createBatch, dryRunBatch, queueCommit } from './batch.ts';
import { householdsSpec } from './households.ts';
import { checkDigitOf } from './idcard.ts';
import { runImport } from './run.ts';
import { localImportStore } from './store.ts';

const store = localImportStore(mkdtempSync(join(tmpdir(), 'zq-households-')));
const HEADER = '户主姓名,楼栋,单元,门牌,人口,责任党员身份证号,责任党员,责任党员所在党支部,居民骨干,联系电话';
const idFor = (n: number) => {
  const first17 = `2101021980010${1 + (n % 9)}${String(n).padStart(3, '0')}`.slice(0, 17);
  return first17 + checkDigitOf(first17);
};

/**
 * A district with two community committees (a building branch each) and a third committee
 * outside the import's street; 6 members, none with a zone yet. Member 5 sits in the other
 * street: out of the import's scope.
 */
async function district(db: Kysely<Database>) {
  const root = await createUnit(db, { parentId: null, kind: 'district', name: '新城区', code: 'D' });
  const street = await createUnit(db, { parentId: root.id, kind: 'street', name: '一街道', code: 'S1' });
  const other = await createUnit(db, { parentId: root.id, kind: 'street', name: '二街道', code: 'S2' });
  const units = [];
  for (const [parent, code] of [
    [street.id, 'C1'],
    [street.id, 'C2'],
    [other.id, 'C3'],
  ] as const) {
    const c = await createUnit(db, { parentId: parent, kind: 'committee', name: `${code}社区党委`, code });
    units.push(
      await createUnit(db, { parentId: c.id, kind: 'branch', name: `${code}楼栋党支部`, code: `${code}B` }),
    );
  }
  const branchOf = [0, 0, 0, 1, 1, 2];
  for (let n = 0; n < 6; n++)
    await db
      .insertInto('member')
      .values({
        branch_id: units[branchOf[n]!]!.id,
        name: `党员${n}`,
        gender: 'M',
        created_at: nowIso(),
        id_card_hash: blindIndex(idFor(n), PII_CONTEXT.idCard),
      })
      .execute();
  return { streetId: street.id };
}

async function upload(db: Kysely<Database>, scopeUnitId: number, lines: string[]) {
  return createBatch(db, store, {
    kind: 'households',
    scopeUnitId,
    fileName: 'households.csv',
    body: (async function* () {
      yield new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
    })(),
    uploadedBy: null,
    actor: 'test',
  });
}

/** Every household and zone, and the temporary key tables left behind (none expected). */
async function snapshot(db: Kysely<Database>) {
  const leftover =
    dialectOf(db) === 'postgres'
      ? await sql<{
          n: number;
        }>`select count(*)::int as n from pg_class where relname like 'zq_import_keys_%'`.execute(db)
      : await sql<{
          n: number;
        }>`select count(*) as n from sqlite_temp_master where name like 'zq_import_keys_%'`.execute(db);
  return {
    households: await db.selectFrom('household').selectAll().orderBy('id').execute(),
    zones: await db.selectFrom('zone').selectAll().orderBy('id').execute(),
    tempTables: Number(leftover.rows[0]!.n),
  };
}

/**
 * 4,500 rows over members 0–4 (nine chunks of 500 on PostgreSQL, 18 of 250 on SQLite): addresses numbered per committee,
 * members 0, 1 and 3 by identity number, 2 and 4 by name and branch code; a member's rows span chunks.
 */
function rows(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 4500; i++) {
    const m = Math.floor(i / 900);
    const committee = m <= 2 ? 0 : 1;
    const k = committee === 0 ? i : i - 2700;
    const byId = m !== 2 && m !== 4;
    out.push(
      [
        `户主${i}`,
        `${1 + Math.floor(k / 40)}号楼`,
        `${1 + (Math.floor(k / 10) % 4)}单元`,
        `${101 + (k % 10)}`,
        1 + (i % 5),
        byId ? idFor(m) : '',
        byId ? '' : `党员${m}`,
        byId ? '' : m <= 2 ? 'C1B' : 'C2B',
        i % 25 === 0 ? '是' : '否',
        i % 5 === 0 ? `139${String(i).padStart(8, '0')}` : '',
      ].join(','),
    );
  }
  return out;
}

describeEachDialect('households import: keys and members per chunk', (t) => {
  it('refuses an address repeated in the file, in its chunk or chunks later (the same addresses in the other committee are other households)', async () => {
    const { streetId } = await district(t.db);
    const lines = rows();
    // Row 4 (line 3): row 3's address again, in full-width digits and with spaces (the same key).
    lines[2] = lines[2]!.replace(/^户主2,1号楼,1单元,103/, '户主2b,１ 号楼,1单元, 102');
    // Row 4,102 (ninth chunk; 17th on SQLite): row 3's address (committee C1, member 0) again, for member 1 (same committee).
    lines[4100] = `户主x,1号楼,1单元,102,2,${idFor(1)},,,否,`;
    // Row 4,103: a member outside the street (member 5, street S2) is unknown here.
    lines[4101] = `户主z,9号楼,1单元,101,2,${idFor(5)},,,否,`;
    // Row 4,104: name and branch of a member in the other committee's branch.
    lines[4102] = `户主w,9号楼,1单元,102,2,,党员0,C2B,否,`;
    const before = await snapshot(t.db);
    const b = await upload(t.db, streetId, lines);
    // Called on the instance (not a transaction): on PostgreSQL the run takes one pooled connection.
    const checked = await dryRunBatch(t.db, store, b.id);
    expect(JSON.parse(checked.errors_json!)).toEqual([
      // The address as this row writes it.
      {
        sheet: 'households.csv',
        row: 4,
        column: 'D 门牌',
        code: 'duplicateKey',
        params: { value: '１ 号楼 1单元 102' },
      },
      {
        sheet: 'households.csv',
        row: 4102,
        column: 'D 门牌',
        code: 'duplicateKey',
        params: { value: '1号楼 1单元 102' },
      },
      { sheet: 'households.csv', row: 4103, column: 'F 责任党员身份证号', code: 'memberNotFound' },
      {
        sheet: 'households.csv',
        row: 4104,
        column: 'G 责任党员',
        code: 'memberNotFoundByName',
        params: { name: '党员0', branch: 'C2楼栋党支部' },
      },
    ]);
    expect(checked.rejected_rows).toBe(4);
    expect(checked.new_rows).toBe(4496);
    expect(await snapshot(t.db)).toEqual(before);
  }, 60_000);

  it('commits all rows with one zone per member across chunks; the same file again changes nothing; a refused commit leaves nothing', async () => {
    const { streetId } = await district(t.db);
    const lines = rows();
    const b = await upload(t.db, streetId, lines);
    const checked = await dryRunBatch(t.db, store, b.id);
    expect(checked.error_count).toBe(0);
    expect(checked.new_rows).toBe(4500);
    await t.db.transaction().execute((trx) => queueCommit(trx, b.id));
    expect(await commitBatch(t.db, store, b.id)).toEqual({
      status: 'committed',
      counts: { total: 4500, new: 4500, changed: 0, unchanged: 0, rejected: 0 },
    });
    const after = await snapshot(t.db);
    expect(after.households).toHaveLength(4500);
    expect(after.zones).toHaveLength(5);
    expect(after.tempTables).toBe(0);
    expect(new Set(after.households.map((h) => h.zone_id)).size).toBe(5);

    const again = await upload(t.db, streetId, lines);
    const second = await dryRunBatch(t.db, store, again.id);
    expect([second.unchanged_rows, second.error_count]).toEqual([4500, 0]);
    await t.db.transaction().execute((trx) => queueCommit(trx, again.id));
    expect((await commitBatch(t.db, store, again.id)).counts).toMatchObject({ unchanged: 4500 });
    expect(await snapshot(t.db)).toEqual(after);

    // Checked clean, then member 4 dies before the commit: its rows are refused, all is rolled back.
    const third = await upload(t.db, streetId, [
      ...lines.slice(0, 3500),
      ...lines.slice(3600).map((l) => l.replace(/^户主/, '户')),
    ]);
    expect((await dryRunBatch(t.db, store, third.id)).error_count).toBe(0);
    await t.db.transaction().execute((trx) => queueCommit(trx, third.id));
    await t.db.updateTable('member').set({ status: 'deceased' }).where('name', '=', '党员4').execute();
    const refused = await commitBatch(t.db, store, third.id);
    expect(refused.status).toBe('failed');
    const failed = await t.db
      .selectFrom('import_batch')
      .selectAll()
      .where('id', '=', third.id)
      .executeTakeFirstOrThrow();
    expect(failed.error_count).toBe(900);
    expect(JSON.parse(failed.errors_json!)[0]).toMatchObject({ row: 3502, code: 'memberNotFoundByName' });
    expect(await snapshot(t.db)).toEqual(after);
  }, 60_000);

  it('a commit refuses a repeated address too: one written by an earlier chunk, one on record before, one twice in a chunk', async () => {
    const { streetId } = await district(t.db);
    const dir = mkdtempSync(join(tmpdir(), 'zq-households-commit-'));
    /** Runs the commit's rules on a file straight (no dry run first) in a transaction rolled back. */
    const commitRules = async (lines: string[]) => {
      const path = join(dir, `${Math.random()}.csv`);
      writeFileSync(path, `${[HEADER, ...lines].join('\r\n')}\r\n`);
      let errors: { row: number; code: string }[] = [];
      await t.db
        .transaction()
        .execute(async (trx) => {
          const res = await runImport(householdsSpec, {
            db: trx,
            path,
            format: 'csv',
            fileName: 'households.csv',
            scopeRootId: streetId,
            apply: true,
            actorId: null,
            today: '2026-12-03',
          });
          errors = res.errors.map((e) => ({ row: e.row, code: e.code }));
          throw new Error('rollback');
        })
        .catch((e: Error) => {
          if (e.message !== 'rollback') throw e;
        });
      return errors;
    };
    const lines = rows();
    const fresh = [...lines];
    fresh[2] = fresh[2]!.replace(/^户主2,1号楼,1单元,103/, '户主2b,1号楼,1单元,102'); // row 4 = row 3's address, same chunk
    fresh[4100] = `户主x,1号楼,1单元,102,2,${idFor(1)},,,否,`; // row 4,102 = row 3's address, written eight chunks before (16 on SQLite)
    expect(await commitRules(fresh)).toEqual([
      { row: 4, code: 'duplicateKey' },
      { row: 4102, code: 'duplicateKey' },
    ]);

    // On record: the same file again, with row 3's household twice more and a new address twice.
    const b = await upload(t.db, streetId, lines);
    await dryRunBatch(t.db, store, b.id);
    await t.db.transaction().execute((trx) => queueCommit(trx, b.id));
    expect((await commitBatch(t.db, store, b.id)).status).toBe('committed');
    const before = await snapshot(t.db);
    const again = [...lines];
    again[4100] = `户主x,1号楼,1单元,102,2,${idFor(1)},,,否,`; // row 4,102: on record before, first met at row 3
    again.push(`户主n,99号楼,1单元,101,2,${idFor(0)},,,否,`, `户主n,99号楼,1单元,101,3,${idFor(1)},,,否,`);
    expect(await commitRules(again)).toEqual([
      { row: 4102, code: 'duplicateKey' },
      { row: 4503, code: 'duplicateKey' },
    ]);
    expect(await snapshot(t.db)).toEqual(before);
  }, 60_000);
});
