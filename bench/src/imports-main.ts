/**
 * `node src/imports-main.ts [--quick] [--rows=N] [--big=N] [--big-runs=N] [--big-dialects=sqlite,postgres]
 * [--big-node-options=,OPTS] [--small-dialects=sqlite,postgres] [--no-small] [--no-big] [--no-write]` — only the imports benchmark (issue #14): 120,000
 * households from xlsx on SQLite and PostgreSQL against parsing the file alone, and 1.2 M from
 * CSV on both engines with every step in a child process that reports its peak memory. Writes its own section of bench/RESULTS.md (between the
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

if (!process.argv.includes('--no-small')) {
  const l0 = la();
  const results: [string, ImportsBenchResult, string][] = [];
  for (const dialect of (arg('small-dialects') ?? 'sqlite,postgres').split(',') as (
    | 'sqlite'
    | 'postgres'
  )[]) {
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

/**
 * The 1.2 M-row CSV steps with the households import as of 6c6ca84 (before it stopped holding
 * the scope's members and every address met in memory): peak RSS in MB and time in ms per
 * round, measured on 2026-12-03 ~12:55–13:05 UTC on this machine (load average 3–13) by this
 * bench with ZQ_BENCH_IMPORTS_MODULE pointing at that commit's packages/imports/src.
 */
const BEFORE: Record<
  'sqlite' | 'postgres',
  { dry: number[]; commit: number[]; dryMs: number[]; commitMs: number[] }
> = {
  sqlite: {
    dry: [519, 514, 496],
    commit: [536, 540, 511],
    dryMs: [16540, 23783, 21808],
    commitMs: [39425, 44058, 35872],
  },
  postgres: {
    dry: [516, 512, 486],
    commit: [615, 682, 631],
    dryMs: [18710, 18991, 16918],
    commitMs: [64345, 65255, 56863],
  },
};

if (!process.argv.includes('--no-big')) {
  const bigRuns = Number(arg('big-runs') ?? 3);
  const dialects = (arg('big-dialects') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
  // The steps with Node's defaults (as the server and the worker run); --big-node-options=,--max-semi-space-size=16
  // adds rounds with other NODE_OPTIONS for the child steps (comma-separated variants; '' = the defaults).
  const variants = (arg('big-node-options') ?? '').split(',');
  const worst: string[] = [];
  const tables: string[] = [];
  let fileMb = 0;
  const l0 = la();
  for (const dialect of dialects)
    for (const flags of variants) {
      const label = flags || 'Node defaults';
      log(
        `imports ${dialect}: ${big} rows from CSV, ${bigRuns} rounds, each step in a child process (${label}) …`,
      );
      const r = await runImportsBench({
        dialect,
        rows: big,
        format: 'csv',
        runs: bigRuns,
        child: true,
        childNodeOptions: flags,
        log,
      });
      fileMb = r.fileMb;
      const m = r.memory!;
      const peaks = (xs: typeof m.parse) => xs.map((x) => x.maxRssMb);
      const parsePeak = med(peaks(m.parse));
      const before = flags ? { dry: [], commit: [], dryMs: [], commitMs: [] } : BEFORE[dialect];
      const beforeOf = (xs: number[]) => (xs.length ? `${f0(med(xs))} (${rng(xs)})` : '—');
      const heap = (mem: typeof m.parse) => mem.map((x) => x.atPeakMb?.heapTotal ?? '?').join(', ');
      const row = (what: string, xs: number[], mem: typeof m.parse, was: number[]) =>
        `| ${dialect} | ${label} | ${what} | ${xs.length} | ${f0(med(xs))} | ${rng(xs)} | ${(med(xs) / med(r.parse)).toFixed(2)}× | **${f0(med(peaks(mem)))}** | ${rng(peaks(mem))} | ${(med(peaks(mem)) / parsePeak).toFixed(2)}× | ${heap(mem)} | ${mem[0]!.startRssMb} | ${beforeOf(was)}${was.length ? ` → ${(med(peaks(mem)) / med(was)).toFixed(2)}×` : ''} |`;
      const both = r.dry.map((d, i) => d + r.commit[i]!);
      tables.push(
        row('parse only (baseline)', r.parse, m.parse, []),
        row('dry run', r.dry, m.dry, before.dry),
        row('commit', r.commit, m.commit, before.commit),
        `| ${dialect} | ${label} | dry run + commit | ${both.length} | ${f0(med(both))} | ${rng(both)} | ${(med(both) / med(r.parse)).toFixed(2)}× | | | | | | |`,
        ...(before.dryMs.length
          ? [
              `| ${dialect} | ${label} | before: dry run / commit time | 3 | ${f0(med(before.dryMs))} / ${f0(med(before.commitMs))} | ${rng(before.dryMs)} / ${rng(before.commitMs)} | | | | | | | |`,
            ]
          : []),
        `| ${dialect} | ${label} | load average at the end | | | | | | | | | | ${la()} |`,
      );
      const w = Math.max(...peaks(m.dry), ...peaks(m.commit));
      worst.push(
        `${dialect}, ${label}: ${w} MB — ${w < 300 ? 'under the 300 MB target' : 'TARGET MISSED (300 MB)'}`,
      );
    }
  out.push(
    `### ${big.toLocaleString('en-US')} households from CSV (${fileMb.toFixed(1)} MB), each step in a child process`,
    '',
    `Load average (1/5/15 min) at the start: ${l0}.`,
    'Peak memory is the child process’s resident set: getrusage’s max RSS (the kernel’s high-water mark; median and range of the',
    'rounds, and its ratio to the parse-only step’s, the same reader over the same file with no database work), and V8’s heap',
    '(reserved, `heapTotal`) when the sampled resident set (every 50 ms) was highest. Target (the issue): under 300 MB. SQLite:',
    `the database is a file (WAL), which the child processes open. Node options of the steps: ${variants.map((v) => v || 'Node’s defaults').join('; ')}`,
    '(the server and the worker run with the defaults). “Before”: the peak of the same step with the households import as of 6c6ca84',
    '(every address met kept in a Set, the scope’s members and zones in maps; measured earlier the same day by this bench with',
    'Node’s defaults, 3 rounds), and after ÷ before.',
    '',
    '| engine | Node options | step | rounds | median ms | range ms | ratio to parse | max RSS MB (median) | range MB | RSS ÷ parse-only | V8 heap at peak MB (per round) | RSS at start MB | before MB → ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...tables,
    '',
    `Peak memory of the import (dry run and commit, every round): ${worst.join('; ')}.`,
    '',
  );
}

out.push(
  'Notes (2026-12-03). Changes the bench led to in packages/imports, earlier: the xlsx reader no longer splits Chinese characters',
  'at chunk boundaries (exceljs#2084: 2 rows in 5,000 were refused as unknown members); on PostgreSQL the per-chunk lookup joins',
  'the (committee, address) pairs through unnest (the two in-lists were planned as a scan of each committee’s rows, growing with',
  'every chunk: a 120,000-row commit took 23.8 s = 4.95× parse, a dry run right after it 35 s), new rows go in as one unnest',
  'insert per chunk while the next chunk is read, and a commit analyzes the table it filled.',
  '',
  'Then the peak memory of the 1.2 M-row import (638 MB on PostgreSQL; target 300 MB). The process starts at ~125 MB (modules)',
  'and parsing alone peaks at ~175 MB. First the live data went: every address met (a Set of 1.2 M strings) and, per member of',
  'the scope (98,000 at this scale), its row, blind index and zone in four maps, held for the whole run. A dry run’s addresses',
  'now go to a temporary table with a unique key on the run’s own connection (each chunk inserts its keys with its number, ON',
  'CONFLICT DO NOTHING; only when fewer were added than sent are those of earlier chunks read back); a commit finds the addresses',
  'it wrote in earlier chunks on record above its watermark (the highest household id when it began) and keys only those',
  'households on record before it. The members a chunk names are looked up per chunk with their zones; SQLite’s statements take',
  'their lists as one JSON text. That left 290 MB on SQLite and 324 / 332 MB (dry run / commit) on PostgreSQL (this section at',
  '310850b, 3 rounds, Node’s defaults), above the working set by what V8 let grow: its young generation (two semi-spaces,',
  'doubled each time the bytes surviving young collections add up to their size, up to 64 MB each here without pointer',
  'compression) and an old generation let grow to ~4× its live size (~28 MB) between full collections.',
  '',
  'What filled the old generation on PostgreSQL (`--trace-gc --trace-gc-nvp`, and the sampling heap profiler keeping objects',
  'collected by full collections only): every young collection promoted 1.6–3 MB — the values and rows of the statements, the',
  'address keys and blind indexes sent as parameters, the chunk awaiting them — and the old generation reached ~115 MB before',
  'each full collection. A 30-line script reproduced it with pg alone (one statement with a 25 KB parameter or text, 4,000',
  'times: 1.6 MB promoted per collection, 220 MB peak) and not through pg’s callback form (0.01 MB, 114 MB), nor with raw',
  'sockets or plain promises of the same sizes. So the client Kysely is handed (packages/db `createDb`) now answers',
  '`query(text, values)` through pg’s callback, wrapped in a plain promise: promoted per collection 0.06 MB, PostgreSQL dry run',
  '321–325 → 243–246 MB in scratch runs. Commits still peaked at 329–340 MB in 3 of 10 runs (promotion then ~3 MB per',
  'collection from early on, sustained after each full collection: what a chain of dead old objects, each keeping the next',
  'young one alive, would look like; not proven); a chunk’s lists (rows, records, inserts) are now emptied when it is done, so',
  'that such objects would keep no rows alive',
  '(4 of 4 scratch commits 251–258 MB, and the rounds above). On SQLite the young generation of a commit sat at the point of',
  'doubling (surviving bytes ~0.27 MB per young collection, over 200 collections): chunks of 250 rows there (a statement has',
  'no round trip in SQLite) keep it at 2 × 32 MB — commit 272–277 → 225–226 MB. PostgreSQL keeps 500 (a round trip each; its',
  'xlsx commit is at the ≤ 2× limit). No V8 flag is set: `--max-semi-space-size=16` in the children (option',
  '`--big-node-options=,--max-semi-space-size=16`) took PostgreSQL’s peaks from 324 / 332 to 223 / 248 MB at 310850b.',
  'The 1.2 M-row CSV (73 MB) goes through the upload limit as it is (ZQ_UPLOAD_MAX_MB, default 256 MB; it was 64 MB).',
  '',
  'Left (run of 17:16 UTC, b1f0cba): a SQLite dry run peaked at 371 MB in one round of three (228 and 232 in the others).',
  'Scratch SQLite dry runs after the change: 1 of 11 at 365 MB under --trace-gc (10 more under the sampling profiler, all',
  '236–241): from ~5 s on, every young collection promoted all it kept (~6% of what was allocated: 1, 2, then 4 MB per',
  'collection as the young generation grew to 2 × 64 MB), the same pattern as the PostgreSQL commits above, and seen before',
  'these changes too (1 of 3). Not pretenuring (--trace-pretenuring reports nothing), not the readable stream’s buffer (its',
  'slots are cleared); the chain is not found. Verdict against 300 MB with Node’s defaults: PostgreSQL under it in every round',
  '(dry run 243–248, commit 252–257 MB); SQLite’s commit under it (221–225), its dry run under it in 2 rounds of 3 (median',
  '232) and over it in 1 (371).',
  '',
  'The xlsx ratios above were taken at a load average of ~10 on 2 cores (parse 2.7–8.2 s, commits ranging 2×): over 2× on',
  'both engines. Alternating in one process at the same load (scratch, 120,000 rows, 3 rounds, the commit as runImport in a',
  'transaction, medians against parse): SQLite chunks of 250 1.81×, of 500 1.67× (250 costs ~8%); PostgreSQL through the',
  'callback client 1.83×, through pg’s own promise (a plain Kysely pool, the state before) 3.27×.',
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
