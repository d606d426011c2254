/**
 * `node src/exports-main.ts [--runs=N] [--dialects=sqlite,postgres] [--no-write]` — the list
 * exports benchmark (issue #19): the demo district's 120,000 households (scale 1) exported as
 * xlsx the way a large export runs (the job `exports.xlsx`: the stars.entities list's own query,
 * page by page, streamed through ExcelJS's WorkbookWriter to a file), each round in a child
 * process that reports its peak memory (getrusage max RSS), against paging through the same
 * query alone. Writes its own section of bench/RESULTS.md (between the markers below).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createDb, migrateToLatest } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import { createExportRequest } from '@zhanqian/exports';
import { loadDistrict, planDistrict } from '@zhanqian/seeds';

const run = promisify(execFile);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(arg('runs') ?? 3);
const dialects = (arg('dialects') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const START = '<!-- bench:exports:start -->';
const END = '<!-- bench:exports:end -->';
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const la = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const rng = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

interface ChildReport {
  ms: number;
  rows: number;
  fileMb: number;
  peakRssMb: number;
  maxRssMb: number;
  startRssMb: number;
}

async function inChild(args: object): Promise<ChildReport> {
  const { stdout } = await run(
    process.execPath,
    [resolve(import.meta.dirname, 'exports-child.ts'), JSON.stringify(args)],
    {
      maxBuffer: 1 << 20,
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
}

const lines: string[] = [];
for (const dialect of dialects) {
  const dir = mkdtempSync(join(tmpdir(), 'zq-bench-exports-'));
  const t =
    dialect === 'sqlite'
      ? await (async () => {
          const path = join(dir, 'bench.sqlite');
          const db = createDb({ dialect: 'sqlite', path });
          await migrateToLatest(db);
          return { db, url: path, destroy: () => db.destroy() };
        })()
      : await createTestDb('postgres', { poolSize: 4 });
  try {
    log(`${dialect}: loading the demo district (scale 1) …`);
    await loadDistrict(t.db, planDistrict(1));
    const district = await t.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'district')
      .executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto('app_user')
      .values({
        username: 'bench',
        display_name: 'bench',
        password_hash: 'x',
        role: 'district_admin',
        org_unit_id: district.id,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const l0 = la();
    const read: ChildReport[] = [];
    const xlsx: ChildReport[] = [];
    for (let i = 0; i < runs; i++) {
      const req = await createExportRequest(t.db, {
        userId: user.id,
        list: 'stars.entities',
        input: { year: 2026, level: 'household', unitId: district.id },
        scopeRootId: district.id,
        locale: 'zh-CN',
        fileName: '2026年星级评定-住户.xlsx',
        total: 0,
      });
      const base = {
        dialect,
        url: t.url,
        storeRoot: join(dir, 'store'),
        exportId: req.id,
        unitId: district.id,
      };
      read.push(await inChild({ ...base, step: 'read' }));
      log(`  ${dialect} read: ${JSON.stringify(read.at(-1))}`);
      xlsx.push(await inChild({ ...base, step: 'xlsx' }));
      log(`  ${dialect} xlsx: ${JSON.stringify(xlsx.at(-1))}`);
    }
    const row = (what: string, xs: ChildReport[]) =>
      `| ${dialect} | ${what} | ${xs[0]!.rows.toLocaleString('en-US')} | ${xs.length} | ${med(xs.map((x) => x.ms)).toFixed(0)} | ${rng(xs.map((x) => x.ms))} | ${med(xs.map((x) => x.maxRssMb))} | ${rng(xs.map((x) => x.maxRssMb))} | ${med(xs.map((x) => x.startRssMb))} | ${xs[0]!.fileMb ? xs[0]!.fileMb.toFixed(1) : '—'} |`;
    lines.push(
      row('read the list only (its query, page by page)', read),
      row('export as xlsx (the job: query + streamed writer + file store)', xlsx),
    );
    lines.push(
      `| ${dialect} | load average (1/5/15 min) | | | | | | | | ${l0} at the start, ${la()} at the end |`,
    );
  } finally {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = [
  START,
  '## List exports: 120,000 households as xlsx',
  '',
  `Written by \`node src/exports-main.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString()} (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}).`,
  'The machine is shared: other engineers’ builds and tests ran on the same 2 cores (load averages in the table).',
  '',
  'The demo district at scale 1 (`@zhanqian/seeds`: 120,000 households). Each round, in a child process of its own (Node’s',
  'defaults): **read** pages through the star-rating list of households under the district (`stars.entities`’ own query',
  '`listEntities`, 2,000 rows a page, as the export reads it) and writes nothing; **export** runs the body of the job',
  '`exports.xlsx` (`runExport`: the same pages streamed through ExcelJS’s streaming WorkbookWriter to a temporary file, then',
  'put in the file store). Peak memory: getrusage’s max RSS of the child (the kernel’s high-water mark).',
  '',
  '| engine | step | rows | rounds | median ms | range ms | max RSS MB (median) | range MB | RSS at start MB | file MB |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...lines,
  END,
].join('\n');
console.log(out);
if (!process.argv.includes('--no-write')) {
  const path = resolve(import.meta.dirname, '../RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const s = text.indexOf(START);
  const e = text.indexOf(END);
  writeFileSync(
    path,
    s >= 0 && e > s ? text.slice(0, s) + out + text.slice(e + END.length) : `${text.trimEnd()}\n\n${out}\n`,
  );
}
