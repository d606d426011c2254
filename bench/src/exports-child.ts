/**
 * One step of the exports bench in a process of its own, so that its peak memory is the
 * step's: `node exports-child.ts '<json>'` with { step: 'read' | 'xlsx', dialect, url, storeRoot,
 * exportId, unitId }. `read` pages through the list's own query (stars.entities, households)
 * as the export does, writing nothing; `xlsx` runs the export job's body (runExport: the same
 * pages streamed through ExcelJS's WorkbookWriter to a file, put in the file store). Prints one
 * JSON line: the time, the resident set sampled every 50 ms, getrusage's max RSS, the rows.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '@zhanqian/db';
import { exportKey, openList, runExport } from '@zhanqian/exports';
import { localFileStore } from '@zhanqian/files';

interface Args {
  step: 'read' | 'xlsx';
  dialect: 'sqlite' | 'postgres';
  url: string;
  storeRoot: string;
  exportId: string;
  unitId: number;
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
const t0 = performance.now();
let rows = 0;
let fileMb = 0;
if (args.step === 'read') {
  const opened = await openList(
    db,
    'stars.entities',
    { scopeRootId: args.unitId },
    {
      year: 2026,
      level: 'household',
      unitId: args.unitId,
    },
  );
  for await (const b of opened.batches()) rows += b.length;
} else {
  const done = await runExport(db, localFileStore(args.storeRoot), args.exportId);
  rows = done.done;
  fileMb = statSync(join(args.storeRoot, exportKey(args.exportId))).size / 2 ** 20;
}
const ms = performance.now() - t0;
clearInterval(timer);
await db.destroy();
process.stdout.write(
  `${JSON.stringify({ ms, rows, fileMb, peakRssMb: mb(peak), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), startRssMb: mb(startRss) })}\n`,
);
