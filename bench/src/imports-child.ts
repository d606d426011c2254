/**
 * One step of the imports bench in a process of its own, so that its peak memory is the
 * step's and not the bench's (which holds the generated district): `node imports-child.ts
 * '<json>'` with { step: 'parse' | 'dry' | 'commit', dialect, url, storeRoot, batchId,
 * path, format }. Prints one JSON line: the time, the resident set sampled every 50 ms and
 * the kernel's high-water mark (getrusage maxrss), and what the step reported.
 */
import { createDb } from '@zhanqian/db';
import { commitBatch, dryRunBatch, localImportStore, readRows } from '@zhanqian/imports';

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
const mb = (b: number) => Math.round(b / 2 ** 20);
const startRss = process.memoryUsage().rss;
let peak = startRss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
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
    result,
  })}\n`,
);
