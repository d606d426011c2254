import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { recordAudit } from '@zhanqian/audit';
import { createDb, type Database, type Kysely, migrateToLatest, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterEach, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../src/cli/main.ts');

/** `zq <args>` against a database; resolves with the exit code and output. */
async function zq(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describeEachDialect('security: the zq audit commands', (t) => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** The suite's PostgreSQL database, or (SQLite runs in memory) a migrated file of our own. */
  async function target(): Promise<{ db: Kysely<Database>; url: string; close(): Promise<void> }> {
    if (t.dialect === 'postgres') return { db: t.db, url: t.url, close: async () => {} };
    dir = mkdtempSync(join(tmpdir(), 'zq-cli-'));
    const path = join(dir, 'z.sqlite');
    const db = createDb({ dialect: 'sqlite', path });
    await migrateToLatest(db);
    return { db, url: path, close: () => db.destroy() };
  }

  it('verify passes an intact chain and exits 1 at a changed or deleted record', async () => {
    const { db, url, close } = await target();
    try {
      for (let i = 0; i < 4; i++)
        await recordAudit(db, { actorId: 1, actor: 'a', action: 'x.y', objectType: 'o', objectId: i });
      const ok = await zq(url, 'audit', 'verify');
      expect([ok.code, ok.stdout.trim()]).toEqual([0, 'audit chain intact: 4 records']);

      // an intruder with DDL rights switches the guard off and edits a record
      if (t.dialect === 'postgres') await sql`alter table audit_log disable trigger user`.execute(db);
      else await sql`drop trigger audit_log_no_update`.execute(db);
      await sql`update audit_log set actor = 'someone else' where id in (2, 3)`.execute(db);
      const changed = await zq(url, 'audit', 'verify');
      expect(changed.code).toBe(1);
      // every broken record is listed, not only the first
      expect(changed.stderr).toContain('audit chain BROKEN at record #2 (hash); 2 problems in 4 records:');
      expect(changed.stderr).toContain('\n  #2 hash\n  #3 hash\n');

      if (t.dialect === 'sqlite') await sql`drop trigger audit_log_retention`.execute(db);
      await sql`delete from audit_log where id in (1, 2)`.execute(db);
      const deleted = await zq(url, 'audit', 'verify');
      expect(deleted.code).toBe(1);
      expect(deleted.stderr).toContain('audit chain BROKEN at record #3 (link)');
    } finally {
      await close();
    }
  }, 60_000);

  it('exports the log as CSV and records the export', async () => {
    const { db, url, close } = await target();
    try {
      await recordAudit(db, { actorId: 1, actor: 'a', action: 'auth.login', objectType: 'app_user' });
      const out = join(dir ?? mkdtempSync(join(tmpdir(), 'zq-cli-')), 'audit.csv');
      dir ??= resolve(out, '..');
      const r = await zq(url, 'audit', 'export', '--out', out);
      expect([r.code, r.stdout.trim()]).toEqual([0, `exported 1 audit records to ${out}`]);
      const csv = readFileSync(out, 'utf8');
      expect(csv.split('\r\n')[1]).toContain('auth.login');
      const exports = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'audit.export')
        .execute();
      expect(exports).toHaveLength(1);
      expect((await zq(url, 'audit', 'export', '--out', out, '--from', 'soon')).code).toBe(1);
      expect((await zq(url, 'user', 'totp-code', '--username', 'nobody')).code).toBe(1);
    } finally {
      await close();
    }
  }, 60_000);
});
