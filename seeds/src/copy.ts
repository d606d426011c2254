import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Escapes one value for COPY's text format (\N is NULL). */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Streams rows into a PostgreSQL table with COPY FROM STDIN: PostgreSQL's bulk-load fast
 * path, several times faster than multi-row INSERTs, and constant memory (rows are pulled
 * from the iterable as the socket drains).
 */
export async function copyRows<T extends Record<string, unknown>>(
  client: pg.PoolClient,
  table: string,
  columns: (keyof T & string)[],
  rows: Iterable<T>,
  onRow?: (n: number) => void,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  let n = 0;
  async function* lines() {
    let buf = '';
    for (const row of rows) {
      buf += `${columns.map((c) => field(row[c])).join('\t')}\n`;
      n++;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
        onRow?.(n);
      }
    }
    if (buf) yield buf;
    onRow?.(n);
  }
  const { Readable: R } = await import('node:stream');
  await pipeline(R.from(lines()) as Readable, stream);
  return n;
}
