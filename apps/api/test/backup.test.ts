import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deriveAuditKeys, recordAudit, verifyAuditChain } from '@zhanqian/audit';
import {
  countRows,
  createDb,
  type Database,
  type DatabaseConfig,
  type Kysely,
  migrateToLatest,
  sql,
} from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterEach, expect, it } from 'vitest';
import { type BackupManifest, backup, restore } from '../src/cli/backup.ts';
import { buildFixture } from './fixture.ts';

const run = promisify(execFile);

const configOf = (url: string): DatabaseConfig =>
  url.startsWith('postgres') ? { dialect: 'postgres', url, poolSize: 2 } : { dialect: 'sqlite', path: url };
const CLI = resolve(import.meta.dirname, '../src/cli/main.ts');

/** `zq <args>` against a database; resolves with the exit code and output. */
async function zq(
  url: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describeEachDialect('zq backup and restore', (t) => {
  const cleanups: (() => Promise<void>)[] = [];
  let dir = '';
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  /** A database to back up: the suite's PostgreSQL one, or (SQLite runs in memory) a file. */
  async function source(): Promise<{ db: Kysely<Database>; url: string }> {
    dir = mkdtempSync(join(tmpdir(), 'zq-backup-'));
    if (t.dialect === 'postgres') return { db: t.db, url: t.url };
    const path = join(dir, 'source.sqlite');
    const db = createDb({ dialect: 'sqlite', path });
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    return { db, url: path };
  }

  /** A new, empty database (never migrated) to restore into. */
  async function freshTarget(): Promise<{ db: () => Kysely<Database>; url: string }> {
    let url: string;
    if (t.dialect === 'sqlite') url = join(dir, `target-${randomBytes(3).toString('hex')}.sqlite`);
    else {
      const name = `zq_restore_${randomBytes(4).toString('hex')}`;
      await sql`create database ${sql.id(name)}`.execute(t.db);
      cleanups.push(async () => {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(t.db);
      });
      const u = new URL(t.url);
      u.pathname = `/${name}`;
      url = u.toString();
    }
    let opened: Kysely<Database> | undefined;
    cleanups.push(async () => opened?.destroy());
    const db = () => {
      opened ??= createDb(
        t.dialect === 'sqlite' ? { dialect: 'sqlite', path: url } : { dialect: 'postgres', url, poolSize: 2 },
      );
      return opened;
    };
    return { db, url };
  }

  /** Some data and an audit chain (one record with a lone surrogate among them). */
  async function populate(db: Kysely<Database>) {
    await buildFixture(db);
    for (let i = 0; i < 5; i++)
      await recordAudit(db, {
        actorId: 1,
        actor: 'admin',
        action: 'org.create',
        objectType: 'org_unit',
        objectId: i,
      });
    await recordAudit(db, { actorId: null, actor: '\ud800x', action: 'auth.login', objectType: 'app_user' });
  }

  it('restores into a fresh database: the same rows, a verified chain, the head of the manifest', async () => {
    const src = await source();
    await populate(src.db);
    const before = await countRows(src.db, t.dialect);
    const out = join(dir, t.dialect === 'sqlite' ? 'zq.sqlite' : 'zq.dump');
    const b = await zq(src.url, ['backup', '--out', out]);
    expect(b.stderr.replace(/!!![^\n]*!!!/g, '').trim()).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain(`backed up ${t.dialect} to ${out}`);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as BackupManifest;
    expect(manifest.audit).toMatchObject({ count: 6, lastId: 6 });
    expect(manifest.tables).toEqual(before);
    // the backup itself is audited, in the source, after the copy
    expect(
      (await src.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').executeTakeFirst())
        ?.action,
    ).toBe('backup.create');

    const target = await freshTarget();
    const r = await zq(target.url, ['restore', '--from', out]);
    expect([r.code, r.stderr.replace(/!!![^\n]*!!!/g, '').trim()]).toEqual([0, '']);
    expect(r.stdout).toContain('audit chain verified: 6 records, head #6 as in the manifest');

    const db = target.db();
    const after = await countRows(db, t.dialect);
    // the same rows, plus the record of the restore itself
    expect({ ...after, audit_log: after.audit_log! - 1 }).toEqual(before);
    for (const table of ['org_unit', 'member', 'app_user', 'audit_log'])
      expect(after[table], table).toBeGreaterThan(0);
    expect(await db.selectFrom('org_unit').select(['code', 'name']).orderBy('code').execute()).toEqual(
      await src.db.selectFrom('org_unit').select(['code', 'name']).orderBy('code').execute(),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 7 });
    const rows = await db.selectFrom('audit_log').select(['action', 'actor']).orderBy('id').execute();
    expect(rows.at(-1)).toEqual({ action: 'backup.restore', actor: 'zq-cli' });
    expect(rows[5]).toEqual({ action: 'auth.login', actor: '\ufffdx' });
  }, 300_000);

  it('refuses another key, a changed manifest or file, and a target holding data unless forced', async () => {
    const src = await source();
    await populate(src.db);
    const out = join(dir, 'zq.backup');
    await backup(configOf(src.url), out);
    await expect(backup(configOf(src.url), out)).rejects.toThrow(/exists/);
    const target = await freshTarget();
    const into = configOf(target.url);

    await expect(restore(into, out, { keys: deriveAuditKeys(Buffer.alloc(32, 1)) })).rejects.toThrow(
      /signature does not verify.*ZQ_AUDIT_KEY/,
    );
    const manifestFile = `${out}.manifest.json`;
    const original = readFileSync(manifestFile, 'utf8');
    const m = JSON.parse(original) as BackupManifest;
    writeFileSync(manifestFile, JSON.stringify({ ...m, audit: { ...m.audit, count: m.audit.count - 1 } }));
    await expect(restore(into, out)).rejects.toThrow(/signature does not verify/);
    writeFileSync(manifestFile, original);
    await expect(restore(into, join(dir, 'nothing'))).rejects.toThrow(/no backup at/);
    // nothing was restored so far
    if (t.dialect === 'sqlite') expect(existsSync(target.url)).toBe(false);
    else expect(await countRows(target.db(), 'postgres')).toEqual({});

    expect((await restore(into, out)).checked).toBe(6);
    await expect(restore(into, out)).rejects.toThrow(/is not empty: add --force/);
    expect((await restore(into, out, { force: true })).checked).toBe(6);
    expect(await verifyAuditChain(target.db())).toEqual({ ok: true, checked: 7 });

    appendFileSync(out, 'x');
    await expect(restore(into, out, { force: true })).rejects.toThrow(/not the file its manifest describes/);
  }, 120_000);

  it('explains both commands with --help; a failure exits 1 with the reason on stderr', async () => {
    const h = await zq(':memory:', ['restore', '--help']);
    expect([h.code, h.stdout]).toEqual([0, expect.stringContaining('--force')]);
    dir = mkdtempSync(join(tmpdir(), 'zq-backup-'));
    const missing = await zq(join(dir, 'x.sqlite'), ['restore', '--from', join(dir, 'nothing')]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/zq: no backup at/)]);
  }, 300_000);
});
