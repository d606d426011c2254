/**
 * `pnpm bench` — runs every benchmark and writes bench/RESULTS.md: the machine, the date, and
 * each figure as a median of several runs with its ratio against a baseline measured in the
 * same run on the same engine. `--quick` runs scale 1 only with fewer runs (a smoke test).
 * PostgreSQL comes from ZQ_TEST_PG_URL (default: the machine's at 127.0.0.1:5432).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { runApiBench } from './api.ts';
import { runSeedingBench } from './seeding.ts';
import type { BenchRow } from './types.ts';

const quick = process.argv.includes('--quick');
const skip = new Set(process.argv.flatMap((a) => (a.startsWith('--skip=') ? a.slice(7).split(',') : [])));
// --only=imports,review: those sections alone (RESULTS.md is then rewritten with their rows only).
const only = new Set(process.argv.flatMap((a) => (a.startsWith('--only=') ? a.slice(7).split(',') : [])));
const rows: BenchRow[] = [];
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

async function section(name: string, fn: () => Promise<BenchRow[]>) {
  if (skip.has(name) || skip.has(name.split(' ')[0]!) || (only.size > 0 && !only.has(name.split(' ')[0]!)))
    return log(`${name}: skipped`);
  log(`${name} …`);
  const t0 = performance.now();
  try {
    const r = await fn();
    rows.push(...r);
    for (const row of r)
      log(
        `  ${row.name} [${row.dialect}${row.scale ? ` ×${row.scale}` : ''}]: ${row.medianMs.toFixed(1)} ms, ${row.ratio.toFixed(3)}× ${row.baselineName}`,
      );
  } catch (err) {
    log(`${name} FAILED: ${(err as Error).stack ?? err}`);
    rows.push({
      name: `${name}: FAILED — ${(err as Error).message}`,
      dialect: 'http',
      medianMs: Number.NaN,
      runs: 0,
      baselineName: '—',
      baselineMedianMs: Number.NaN,
      ratio: Number.NaN,
    });
  }
  log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

const runs = quick ? 3 : 5;
const starScales: ['sqlite' | 'postgres', number][] = quick
  ? [
      ['sqlite', 1],
      ['postgres', 1],
    ]
  : [
      ['sqlite', 1],
      ['postgres', 1],
      ['sqlite', 10],
      ['postgres', 10],
      ['postgres', 100],
    ];

for (const [dialect, scale] of starScales) {
  await section(`stars ${dialect} ×${scale}`, async () => {
    const { runStarsBench } = await import('./stars.ts');
    // Seven rounds at the smaller scales: their ratios sit near the target, and a busy machine moves a median of five.
    return runStarsBench({ dialect, scale, runs: scale >= 100 ? 3 : quick ? runs : 7 });
  });
}
await section('scoring', async () => {
  const { runScoringBench } = await import('./scoring.ts');
  return [
    ...(await runScoringBench({ dialect: 'sqlite', runs })),
    ...(await runScoringBench({ dialect: 'postgres', runs })),
  ];
});
await section('review', async () => {
  const { runReviewBench } = await import('./review.ts');
  return [
    (await runReviewBench({ dialect: 'sqlite', runs })).row,
    (await runReviewBench({ dialect: 'postgres', runs })).row,
  ];
});
await section('imports', async () => {
  // The households import (issue #14): 120,000 rows from xlsx on both engines; the 1.2 M-row CSV
  // and its peak memory are in `node src/imports-main.ts` (minutes of work, its own section of this file).
  const { runImportsBench } = await import('./imports.ts');
  return [
    ...(await runImportsBench({ dialect: 'sqlite', rows: 120_000, format: 'xlsx', runs: 3 })).rows,
    ...(await runImportsBench({ dialect: 'postgres', rows: 120_000, format: 'xlsx', runs: 3 })).rows,
  ];
});
// --api-seconds=N: each autocannon load that long (default 10, 3 with --quick).
const apiSeconds = Number(
  process.argv.find((a) => a.startsWith('--api-seconds='))?.slice(14) ?? (quick ? 3 : 10),
);
await section('api', () => runApiBench({ seconds: apiSeconds, runs: 3 }));
await section('seeding', async () => [
  ...(await runSeedingBench({ dialect: 'sqlite', scale: quick ? 1 : 10 })),
  ...(await runSeedingBench({ dialect: 'postgres', scale: quick ? 1 : 10 })),
]);

// With --only, the main table's rows of the sections not rerun are kept from the file as it was
// (a row belongs to the section its name starts with: 'API: …' to api, 'stars: …' to stars …).
const resultsFile = resolve(import.meta.dirname, '../RESULTS.md');
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const keptRows =
  only.size === 0
    ? []
    : previous
        .split('<!-- bench:')[0]!
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| what |'))
        .filter((l) => !only.has(l.slice(2).split(':')[0]!.trim().toLowerCase()));
const previousDate = previous.match(/^Written by .* on (\S+)/m)?.[1];

const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(2)) : '—');
const lines = [
  '# Benchmark results',
  '',
  `Written by \`pnpm bench${quick ? ' --quick' : ''}\` on ${new Date().toISOString()} (Asia/Shanghai ${new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}).`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}.`,
  '',
  'Each figure is the median of the runs shown; the ratio is figure ÷ baseline, both measured in this run on the same engine',
  '(for the API rows: baseline requests/s ÷ the case’s requests/s, so above 1 means slower than the baseline).',
  '',
  '| what | engine | scale | median ms | runs | baseline | baseline ms | ratio | target | notes |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.dialect} | ${r.scale ?? ''} | ${fmt(r.medianMs)} | ${r.runs} | ${r.baselineName} | ${fmt(r.baselineMedianMs)} | ${Number.isFinite(r.ratio) ? `${r.ratio.toFixed(3)}×` : '—'} | ${r.target ?? ''} | ${r.notes ?? ''} |`,
  ),
  ...keptRows,
  '',
  ...(keptRows.length
    ? [
        `Rerun here: ${[...only].join(', ')}. The ${keptRows.length} rows after them are kept from the run of ${previousDate ?? 'an earlier date'} (not rerun).`,
        '',
      ]
    : []),
];
// The sections the dedicated entries write (review-main.ts, imports-main.ts) are kept as they are.
const resultsPath = resolve(import.meta.dirname, '../RESULTS.md');
const kept = existsSync(resultsPath)
  ? [
      ...readFileSync(resultsPath, 'utf8').matchAll(
        /<!-- bench:(\w+):start -->[\s\S]*?<!-- bench:\1:end -->/g,
      ),
    ].map((m) => m[0])
  : [];
writeFileSync(resultsPath, [...lines, ...kept.flatMap((k) => [k, ''])].join('\n'));
log('wrote bench/RESULTS.md');
