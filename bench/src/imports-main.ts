/**
 * `node src/imports-main.ts [--quick] [--rows=N] [--big=N] [--no-big] [--no-write]` — only the
 * imports benchmark (issue #14): 120,000 households from xlsx on SQLite and PostgreSQL against
 * parsing the file alone, and 1.2 M from CSV on PostgreSQL with every step in a child process
 * that reports its peak memory. Writes its own section of bench/RESULTS.md (between the
 * markers below, replaced on each run), leaving the rest of the file alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { type ImportsBenchResult, runImportsBench } from './imports.ts';

const quick = process.argv.includes('--quick');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rows = Number(arg('rows') ?? 120_000);
const big = Number(arg('big') ?? 1_200_000);
const runs = Number(arg('runs') ?? (quick ? 3 : 5));
const START = '<!-- bench:imports:start -->';
const END = '<!-- bench:imports:end -->';
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const la = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

const f0 = (x: number) => x.toFixed(0);
const rng = (xs: number[]) => `${f0(Math.min(...xs))}–${f0(Math.max(...xs))}`;
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function table(label: string, r: ImportsBenchResult, loadNote: string): string[] {
  const both = r.dry.map((d, i) => d + r.commit[i]!);
  const p = med(r.parse);
  const line = (what: string, xs: number[], target = '') =>
    `| ${label} | ${what} | ${xs.length} | ${f0(med(xs))} | ${rng(xs)} | ${(med(xs) / p).toFixed(2)}× | ${target} |`;
  return [
    line('parse only (baseline)', r.parse),
    line('dry run', r.dry),
    line('commit', r.commit, '≤ 2×'),
    line('dry run + commit', both),
    `| ${label} | re-check (dry run, all ${r.parse.length ? 'rows' : ''} on record, unchanged) | 1 | ${f0(r.recheckMs)} | — | ${(r.recheckMs / p).toFixed(2)}× | |`,
    ...(loadNote ? [`| ${label} | load average during the runs | | | | | ${loadNote} |`] : []),
  ];
}

const out: string[] = [
  START,
  '## Imports: households from xlsx and CSV',
  '',
  `Written by \`node src/imports-main.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString()} (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}).`,
  `The machine is shared: other engineers' builds and tests ran on the same 2 cores; the 1/5/15-minute load averages are noted per table.`,
  '',
  'The demo district (units, members and their zones of `@zhanqian/seeds`, without households; each member given an identity',
  'number as the roster import stores it) and a households file as the import page’s template lays it out: every other row names',
  'its member by identity number, the rest by name and branch code; a backbone every 25th row, a contact every 5th. Each round:',
  '**parse only** — `readRows` (the import’s own streaming reader: exceljs WorkbookReader / csv-parse) pulls every row, no database',
  'work; a fresh upload (not timed); its **dry run** (`dryRunBatch`: every row checked against the database, counts and errors',
  'stored); its **commit** (`commitBatch`, the body of the worker job `imports.commit`: one transaction, every row new, audit record);',
  'then the households are deleted (not timed). Ratios are against the median parse-only time of the same run. The issue’s target',
  '(≤ 2×) is read as the commit against parsing: the commit is the import, reading the whole file once as the parse does; the dry run',
  'is a separate step the office runs first (also shown, and the two together).',
  '',
];

{
  const l0 = la();
  const results: [string, ImportsBenchResult, string][] = [];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    log(`imports ${dialect}: ${rows} rows from xlsx, ${runs} rounds …`);
    const r = await runImportsBench({ dialect, rows, format: 'xlsx', runs, log });
    results.push([dialect, r, `${la()} at the end`]);
  }
  out.push(
    `### ${rows.toLocaleString('en-US')} households from xlsx (${results[0]![1].fileMb.toFixed(1)} MB), in process`,
    '',
    `Load average (1/5/15 min) at the start: ${l0}.`,
    '',
    '| engine | step | rounds | median ms | range ms | ratio to parse | target / note |',
    '|---|---|---|---|---|---|---|',
    ...results.flatMap(([d, r, note]) => table(d, r, note)),
    '',
  );
}

if (!process.argv.includes('--no-big')) {
  const l0 = la();
  const bigRuns = Number(arg('big-runs') ?? 3);
  log(`imports postgres: ${big} rows from CSV, ${bigRuns} rounds, each step in a child process …`);
  const r = await runImportsBench({
    dialect: 'postgres',
    rows: big,
    format: 'csv',
    runs: bigRuns,
    child: true,
    log,
  });
  const m = r.memory!;
  const peaks = (xs: typeof m.parse) => xs.map((x) => x.maxRssMb);
  const sampled = (xs: typeof m.parse) => xs.map((x) => x.sampledPeakMb);
  const worst = Math.max(...peaks(m.dry), ...peaks(m.commit));
  out.push(
    `### ${big.toLocaleString('en-US')} households from CSV (${r.fileMb.toFixed(1)} MB) on PostgreSQL, each step in a child process`,
    '',
    `Load average (1/5/15 min) at the start: ${l0}; at the end: ${la()}.`,
    'Peak memory is the child process’s resident set: getrusage’s max RSS (the kernel’s high-water mark) and, beside it, the',
    'highest of `process.memoryUsage().rss` sampled every 50 ms. Target: under 300 MB.',
    '',
    '| step | rounds | median ms | range ms | ratio to parse | max RSS MB (per round) | sampled peak MB | RSS at start MB |',
    '|---|---|---|---|---|---|---|---|',
    ...(
      [
        ['parse only (baseline)', r.parse, m.parse],
        ['dry run', r.dry, m.dry],
        ['commit', r.commit, m.commit],
      ] as const
    ).map(
      ([what, xs, mem]) =>
        `| ${what} | ${xs.length} | ${f0(med(xs))} | ${rng(xs)} | ${(med(xs) / med(r.parse)).toFixed(2)}× | ${peaks(mem).join(', ')} | ${Math.max(...sampled(mem))} | ${mem[0]!.startRssMb} |`,
    ),
    `| dry run + commit | ${r.dry.length} | ${f0(med(r.dry.map((d, i) => d + r.commit[i]!)))} | ${rng(r.dry.map((d, i) => d + r.commit[i]!))} | ${(med(r.dry.map((d, i) => d + r.commit[i]!)) / med(r.parse)).toFixed(2)}× | | | |`,
    '',
    `Peak memory of the import (dry run and commit): ${worst} MB — ${worst < 300 ? 'under the 300 MB target' : 'TARGET MISSED (300 MB)'}.`,
    '',
  );
}

out.push(
  'Notes (2026-12-03). Changes the bench led to in packages/imports: the xlsx reader no longer splits Chinese characters at',
  'chunk boundaries (exceljs#2084: 2 rows in 5,000 were refused as unknown members); on PostgreSQL the per-chunk lookup joins the',
  '(committee, address) pairs through unnest (the two in-lists were planned as a scan of each committee’s rows, growing with',
  'every chunk: a 120,000-row commit took 23.8 s = 4.95× parse, a dry run right after it 35 s), new rows go in as one unnest insert',
  'per chunk while the next chunk is read, and a commit analyzes the table it filled. Left: peak memory of the 1.2 M-row import.',
  "The process starts at ~130 MB (modules); with the steps' old space capped at 128 MB the import ran out of memory, so most of",
  'the excess is live data, not garbage: the run keeps every address seen (a Set of 1.2 M strings, to refuse duplicates in the file) and, per',
  'member of the scope (98,000 at this scale), its row, blind index and zone in four maps. Replacing the Set by 16-byte digests',
  'moved the peaks from 479 / 635 to 473 / 583 MB (one run each, not kept). What would bound it: duplicate addresses found by',
  'the database (a temporary table with a unique index, filled per chunk, on the commit’s and the dry run’s own connection) and members looked up per chunk',
  'instead of held whole; why the commit peaks ~125 MB above the dry run is not yet known. The 1.2 M-row CSV is 73 MB, over the upload route’s 64 MB (IMPORT_MAX_BYTES): the bench uploads it',
  'with a larger limit; importing such a file through the browser needs that limit raised.',
  END,
);
if (process.argv.includes('--no-write')) {
  process.stdout.write(`${out.join('\n')}\n`);
} else {
  const path = resolve(import.meta.dirname, '../RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const section = out.join('\n');
  const at = text.indexOf(START);
  writeFileSync(
    path,
    at >= 0
      ? text.slice(0, at) + section + text.slice(text.indexOf(END) + END.length)
      : `${text.trimEnd()}\n\n${section}\n`,
  );
  log('wrote the imports section of bench/RESULTS.md');
}
