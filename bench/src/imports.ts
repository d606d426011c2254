import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createDb, type Database, type Kysely, migrateToLatest, sql } from '@zhanqian/db';
import { createTestDb, type TestDb } from '@zhanqian/db/testing';
import {
  commitBatch,
  createBatch,
  dryRunBatch,
  type ImportStore,
  localImportStore,
  queueCommit,
  readRows,
} from '@zhanqian/imports';
import {
  type BenchDistrict,
  householdRows,
  loadBenchDistrict,
  writeHouseholdsCsv,
  writeHouseholdsXlsx,
} from './imports-data.ts';
import { median } from './timing.ts';
import type { BenchRow } from './types.ts';

const run = promisify(execFile);

export interface ChildStep {
  ms: number;
  startRssMb: number;
  sampledPeakMb: number;
  maxRssMb: number;
  /** V8's heap (used, reserved) and memory outside it when the sampled resident set was highest. */
  atPeakMb?: { heapUsed: number; heapTotal: number; external: number };
  result: unknown;
}

export interface ImportsBenchResult {
  rows: BenchRow[];
  fileMb: number;
  parse: number[];
  dry: number[];
  commit: number[];
  /** A dry run of the same file once every row is on record (all unchanged). */
  recheckMs: number;
  /** Per step, in child processes only: peak memory of each round. */
  memory?: { parse: ChildStep[]; dry: ChildStep[]; commit: ChildStep[] };
  setupMs: number;
}

/**
 * Runs one step in a child process (see imports-child.ts) and reads its report; `nodeOptions`
 * are its NODE_OPTIONS (default: ZQ_BENCH_CHILD_NODE_OPTIONS, else the bench's own).
 */
async function inChild(args: Record<string, unknown>, nodeOptions?: string): Promise<ChildStep> {
  const { stdout } = await run(
    process.execPath,
    [resolve(import.meta.dirname, 'imports-child.ts'), JSON.stringify(args)],
    {
      maxBuffer: 1 << 20,
      env: {
        ...process.env,
        NODE_OPTIONS:
          nodeOptions ?? process.env.ZQ_BENCH_CHILD_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '',
      },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildStep;
}

async function upload(
  db: Kysely<Database>,
  store: ImportStore,
  d: BenchDistrict,
  path: string,
  name: string,
) {
  return createBatch(db, store, {
    kind: 'households',
    scopeUnitId: d.rootId,
    fileName: name,
    body: createReadStream(path),
    uploadedBy: null,
    actor: 'bench',
    // No limit given: the upload route's own (ZQ_UPLOAD_MAX_MB, default 256 MB), which the 1.2 M-row CSV (73 MB) must pass.
  });
}

/** A migrated SQLite database in a file, which the steps' child processes open too. */
async function sqliteFile(path: string): Promise<TestDb> {
  const db = createDb({ dialect: 'sqlite', path });
  await migrateToLatest(db);
  return { db, dialect: 'sqlite', url: path, destroy: () => db.destroy() };
}

const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/**
 * Importing `rows` households into the demo district (scale: one per 120,000 rows, without
 * its households) through @zhanqian/imports as the import page does — upload, dry run, commit
 * (the worker job's body: one transaction) — against stream-reading the same file through the
 * same reader with no database work. Each round: parse, a fresh upload, its dry run, its
 * commit (every row new), then the households are deleted (not timed). `child`: every step
 * runs in a process of its own that reports its peak memory; on SQLite the database is then a
 * file in the bench's temporary folder (the processes share it), not one in memory.
 */
export async function runImportsBench(opts: {
  dialect: 'sqlite' | 'postgres';
  rows: number;
  format: 'xlsx' | 'csv';
  runs: number;
  child?: boolean;
  /** NODE_OPTIONS of the child steps ('' = Node's defaults). */
  childNodeOptions?: string;
  log?: (s: string) => void;
}): Promise<ImportsBenchResult> {
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'zq-bench-imports-'));
  const t =
    opts.child && opts.dialect === 'sqlite'
      ? await sqliteFile(join(dir, 'bench.sqlite'))
      : await createTestDb(opts.dialect, { poolSize: 4 });
  try {
    const s0 = performance.now();
    const district = await loadBenchDistrict(t.db, Math.max(1, Math.ceil(opts.rows / 120_000)));
    const fileName = `households.${opts.format}`;
    const path = join(dir, fileName);
    if (opts.format === 'xlsx') await writeHouseholdsXlsx(path, householdRows(district, opts.rows));
    else await writeHouseholdsCsv(path, householdRows(district, opts.rows));
    const setupMs = performance.now() - s0;
    const fileMb = statSync(path).size / 2 ** 20;
    log(
      `  ${opts.dialect}: district of ${district.members.length} members and a ${fileMb.toFixed(1)} MB ${opts.format} of ${opts.rows} rows in ${(setupMs / 1000).toFixed(0)} s`,
    );
    const storeRoot = join(dir, 'store');
    const store = localImportStore(storeRoot);
    const base = { dialect: opts.dialect, url: t.url, storeRoot, path, format: opts.format };
    const parse: number[] = [];
    const dry: number[] = [];
    const commit: number[] = [];
    const memory = { parse: [] as ChildStep[], dry: [] as ChildStep[], commit: [] as ChildStep[] };
    let recheckMs = Number.NaN;
    for (let i = 0; i < opts.runs; i++) {
      // Parse only: the same reader over the same file, every row pulled, nothing else.
      if (opts.child) {
        const c = await inChild({ ...base, step: 'parse', batchId: '' }, opts.childNodeOptions);
        memory.parse.push(c);
        parse.push(c.ms);
      } else {
        const p0 = performance.now();
        let n = 0;
        for await (const _ of readRows(path, opts.format)) n++;
        parse.push(performance.now() - p0);
        if (n !== opts.rows + 1) throw new Error(`read ${n} rows, expected ${opts.rows + 1}`);
      }
      const batch = await upload(t.db, store, district, path, fileName);
      let checked: { total_rows: number | null; new_rows: number | null; error_count: number };
      if (opts.child) {
        const c = await inChild({ ...base, step: 'dry', batchId: batch.id }, opts.childNodeOptions);
        memory.dry.push(c);
        dry.push(c.ms);
        checked = await t.db
          .selectFrom('import_batch')
          .selectAll()
          .where('id', '=', batch.id)
          .executeTakeFirstOrThrow();
      } else {
        const d0 = performance.now();
        checked = await dryRunBatch(t.db, store, batch.id);
        dry.push(performance.now() - d0);
      }
      if (checked.error_count !== 0 || checked.new_rows !== opts.rows)
        throw new Error(
          `dry run: ${checked.error_count} errors, ${checked.new_rows} new of ${checked.total_rows}: ${JSON.stringify(
            (
              await t.db
                .selectFrom('import_batch')
                .select('errors_json')
                .where('id', '=', batch.id)
                .executeTakeFirstOrThrow()
            ).errors_json?.slice(0, 500),
          )}`,
        );
      await t.db.transaction().execute((trx) => queueCommit(trx, batch.id));
      if (opts.child) {
        const c = await inChild({ ...base, step: 'commit', batchId: batch.id }, opts.childNodeOptions);
        memory.commit.push(c);
        commit.push(c.ms);
      } else {
        const c0 = performance.now();
        const res = await commitBatch(t.db, store, batch.id);
        commit.push(performance.now() - c0);
        if (res.status !== 'committed') throw new Error(`commit: ${res.status}`);
      }
      const n = await t.db
        .selectFrom('household')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(n.n) !== opts.rows)
        throw new Error(`${n.n} households after the commit, expected ${opts.rows}`);
      log(
        `  round ${i + 1}: parse ${parse.at(-1)!.toFixed(0)} ms, dry run ${dry.at(-1)!.toFixed(0)} ms, commit ${commit.at(-1)!.toFixed(0)} ms${
          opts.child
            ? ` (peak RSS ${memory.parse.at(-1)!.maxRssMb} / ${memory.dry.at(-1)!.maxRssMb} / ${memory.commit.at(-1)!.maxRssMb} MB)`
            : ''
        }`,
      );
      if (i === opts.runs - 1) {
        // The same file again with every row on record: what a re-import checks (all unchanged).
        const again = await upload(t.db, store, district, path, fileName);
        const r0 = performance.now();
        const b = await dryRunBatch(t.db, store, again.id);
        recheckMs = performance.now() - r0;
        if (b.unchanged_rows !== opts.rows) throw new Error(`re-check: ${b.unchanged_rows} unchanged`);
      } else {
        await t.db.deleteFrom('household').execute();
        if (opts.dialect === 'postgres') await sql`vacuum analyze household`.execute(t.db);
      }
    }
    const p = median(parse);
    const dr = median(dry);
    const c = median(commit);
    const both = parse.map((_, i) => dry[i]! + commit[i]!);
    const what = `${opts.rows.toLocaleString('en-US')} households from ${opts.format} (${fileMb.toFixed(1)} MB)`;
    const baselineName = 'parse only: the same reader over the same file, no database work';
    const peakNote = (xs: ChildStep[]) =>
      xs.length
        ? `; peak RSS ${Math.max(...xs.map((x) => x.maxRssMb))} MB (process start ${xs[0]!.startRssMb} MB)`
        : '';
    const rows: BenchRow[] = [
      {
        name: `imports: commit of ${what}`,
        dialect: opts.dialect,
        medianMs: c,
        runs: opts.runs,
        baselineName,
        baselineMedianMs: p,
        ratio: c / p,
        target: '≤ 2×',
        notes: `range ${range(commit)} ms; parse range ${range(parse)} ms${peakNote(memory.commit)}`,
      },
      {
        name: `imports: dry run of ${what}`,
        dialect: opts.dialect,
        medianMs: dr,
        runs: opts.runs,
        baselineName,
        baselineMedianMs: p,
        ratio: dr / p,
        notes: `range ${range(dry)} ms; re-check with every row on record (all unchanged): ${recheckMs.toFixed(0)} ms${peakNote(memory.dry)}`,
      },
      {
        name: `imports: dry run + commit of ${what}`,
        dialect: opts.dialect,
        medianMs: median(both),
        runs: opts.runs,
        baselineName,
        baselineMedianMs: p,
        ratio: median(both) / p,
        notes: `range ${range(both)} ms${peakNote(memory.parse).replace('peak', 'parse-only peak')}`,
      },
    ];
    return { rows, fileMb, parse, dry, commit, recheckMs, memory: opts.child ? memory : undefined, setupMs };
  } finally {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
