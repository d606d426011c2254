/**
 * One step of the imports bench in a process of its own, so that its peak memory is the
 * step's and not the bench's (which holds the generated district): `node imports-child.ts
 * '<json>'` with { step: 'parse' | 'dry' | 'commit', dialect, url, storeRoot, batchId,
 * path, format }. Prints one JSON line: the time, the resident set sampled every 50 ms and
 * the kernel's high-water mark (getrusage maxrss), and what the step reported.
 *
 * ZQ_BENCH_IMPORTS_MODULE (a path to another copy of packages/imports/src/index.ts, e.g. one
 * checked out from an earlier commit into packages/imports/.before/src so that its imports
 * resolve): the steps run that version instead, for a before/after comparison in one run.
 */
import { createDb } from '@zhanqian/db';
import type * as Imports from '@zhanqian/imports';

interface Args {
  step: 'parse' | 'dry' | 'commit';
  dialect: 'sqlite' | 'postgres';
  url: string;
  storeRoot: string;
  batchId: string;
  path: string;
  format: 'xlsx' | 'csv';
}

const args = JSON.parse(process.argv[2]!) as Args;
const { commitBatch, dryRunBatch, localImportStore, readRows } = (await import(
  process.env.ZQ_BENCH_IMPORTS_MODULE ?? '@zhanqian/imports'
)) as typeof Imports;
const mb = (b: number) => Math.round(b / 2 ** 20);
const startRss = process.memoryUsage().rss;
let peak = startRss;
// What the resident set is made of at its sampled peak: V8's heap (used / reserved) and memory outside it.
let atPeak = process.memoryUsage();
const timer = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak) {
    peak = m.rss;
    atPeak = m;
  }
}, 50);

const db =
  args.dialect === 'postgres'
    ? createDb({ dialect: 'postgres', url: args.url, poolSize: 4 })
    : createDb({ dialect: 'sqlite', path: args.url });
const store = localImportStore(args.storeRoot);
const t0 = performance.now();
let result: unknown;
if (args.step === 'parse') {
  let n = 0;
  for await (const _ of readRows(args.path, args.format)) n++;
  result = { rows: n };
} else if (args.step === 'dry') {
  const b = await dryRunBatch(db, store, args.batchId);
  result = { total: b.total_rows, new: b.new_rows, errors: b.error_count };
} else {
  result = await commitBatch(db, store, args.batchId);
}
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
await db.destroy();
process.stdout.write(
  `${JSON.stringify({
    ms,
    startRssMb: mb(startRss),
    sampledPeakMb: mb(peak),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    atPeakMb: {
      heapUsed: mb(atPeak.heapUsed),
      heapTotal: mb(atPeak.heapTotal),
      external: mb(atPeak.external),
    },
    result,
  })}\n`,
);
