import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  type AuditKeys,
  auditChainHead,
  auditKeys,
  recordAudit,
  sameDigest,
  verifyAuditChain,
} from '@zhanqian/audit';
import {
  backupSqliteFile,
  countRows,
  createDb,
  type Database,
  type DatabaseConfig,
  holdsData,
  type Kysely,
  openSqliteReadonly,
  restoreSqliteFile,
  sql,
} from '@zhanqian/db';

/**
 * `zq backup` / `zq restore`. A backup is two files: the copy itself (SQLite: a database file
 * made with the online backup API; PostgreSQL: a `pg_dump -Fc` archive) and FILE.manifest.json,
 * which records the chain's head (last id, hash, number of records) and every table's row count
 * as of the copy, the copy's SHA-256, and an HMAC-SM3 over all of it under a key derived from
 * ZQ_AUDIT_KEY. A restore checks the manifest first, and after restoring verifies the audit
 * chain and compares the head and the counts with the manifest.
 */
export interface BackupManifest {
  format: 'zhanqian-backup/1';
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  /** The backup's file name (the manifest sits beside it). */
  file: string;
  bytes: number;
  sha256: string;
  audit: { lastId: number | null; hash: string; count: number };
  tables: Record<string, number>;
  /** HMAC-SM3 over every field above (manifest key derived from ZQ_AUDIT_KEY). */
  signature: string;
}

export const manifestPath = (file: string) => `${file}.manifest.json`;

function signManifest(m: Omit<BackupManifest, 'signature'>, keys: AuditKeys): string {
  const body = JSON.stringify([
    m.format,
    m.dialect,
    m.createdAt,
    m.file,
    m.bytes,
    m.sha256,
    m.audit,
    m.tables,
  ]);
  return createHmac('sm3', keys.manifest).update(body).digest('hex');
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The chain's head and the row counts of a database. */
async function describe(db: Kysely<Database>, dialect: 'sqlite' | 'postgres') {
  return { audit: await auditChainHead(db), tables: await countRows(db, dialect) };
}

/** A PostgreSQL URL without its password, which goes to the client tools in PGPASSWORD instead. */
function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env };
}

/** Runs a PostgreSQL client tool; rejects with its stderr, or with how to install it when missing. */
function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'ENOENT'
            ? `${tool} is not on PATH: a PostgreSQL backup needs the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client-15)`
            : `${tool}: ${err.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

export interface BackupResult {
  manifest: BackupManifest;
  manifestFile: string;
}

/** Writes a consistent copy of the database to `out` and its signed manifest beside it. */
export async function backup(
  config: DatabaseConfig,
  out: string,
  keys: AuditKeys = auditKeys(),
): Promise<BackupResult> {
  if (existsSync(out)) throw new Error(`${out} exists: give a new file name`);
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  let described: Awaited<ReturnType<typeof describe>>;
  try {
    if (config.dialect === 'sqlite') {
      if (config.path === ':memory:') throw new Error('an in-memory database cannot be backed up');
      if (!existsSync(config.path)) throw new Error(`no database at ${config.path}`);
      await backupSqliteFile(config.path, tmp);
      // Described from the copy itself, so the manifest is exactly what the file holds.
      const copy = openSqliteReadonly(tmp);
      try {
        described = await describe(copy, 'sqlite');
      } finally {
        await copy.destroy();
      }
    } else {
      described = await backupPostgres(config, tmp);
    }
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const body = {
    format: 'zhanqian-backup/1' as const,
    dialect: config.dialect,
    createdAt: new Date().toISOString(),
    file: basename(out),
    bytes: statSync(out).size,
    sha256: await sha256(out),
    ...described,
  };
  const manifest: BackupManifest = { ...body, signature: signManifest(body, keys) };
  const manifestFile = manifestPath(out);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, manifestFile };
}

/**
 * pg_dump of the database as of one snapshot: a read-only repeatable-read transaction exports
 * its snapshot, reads the chain's head and the row counts in it, and pg_dump dumps that same
 * snapshot (`--snapshot`) while the transaction stays open.
 */
async function backupPostgres(config: Extract<DatabaseConfig, { dialect: 'postgres' }>, out: string) {
  const db = createDb({ ...config, poolSize: 1 });
  try {
    return await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const snap = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx);
        const described = await describe(trx, 'postgres');
        const conn = pgConnection(config.url);
        await runTool(
          'pg_dump',
          ['--format=custom', `--snapshot=${snap.rows[0]!.id}`, `--file=${out}`, `--dbname=${conn.url}`],
          conn.env,
        );
        return described;
      });
  } finally {
    await db.destroy();
  }
}

/** Reads and checks a backup's manifest and file: signature (ZQ_AUDIT_KEY), size and SHA-256. */
export async function readManifest(from: string, keys: AuditKeys = auditKeys()): Promise<BackupManifest> {
  const file = manifestPath(from);
  if (!existsSync(from)) throw new Error(`no backup at ${from}`);
  if (!existsSync(file)) throw new Error(`no manifest beside the backup (${file})`);
  let m: BackupManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  } catch (err) {
    throw new Error(`${file} is not a backup manifest: ${(err as Error).message}`);
  }
  if (m?.format !== 'zhanqian-backup/1') throw new Error(`${file} is not a zhanqian-backup/1 manifest`);
  const { signature, ...body } = m;
  if (typeof signature !== 'string' || !sameDigest(signManifest(body, keys), signature))
    throw new Error(
      `the manifest's signature does not verify: it was changed, or made with another ZQ_AUDIT_KEY`,
    );
  if (statSync(from).size !== m.bytes || (await sha256(from)) !== m.sha256)
    throw new Error(`${from} is not the file its manifest describes (size or SHA-256 differs)`);
  return m;
}

export interface RestoreResult {
  manifest: BackupManifest;
  checked: number;
}

/**
 * Restores a backup into the database named by `config` and checks it: the audit chain
 * verifies and its head and every table's row count equal the manifest's. A target holding
 * data is refused unless `force`.
 */
export async function restore(
  config: DatabaseConfig,
  from: string,
  opts: { force?: boolean; keys?: AuditKeys } = {},
): Promise<RestoreResult> {
  const keys = opts.keys ?? auditKeys();
  const m = await readManifest(from, keys);
  if (m.dialect !== config.dialect)
    throw new Error(`the backup is of a ${m.dialect} database; DATABASE_URL names a ${config.dialect} one`);
  if (config.dialect === 'sqlite') {
    if (config.path === ':memory:') throw new Error('cannot restore into an in-memory database');
    if (existsSync(config.path)) {
      const target = openSqliteReadonly(config.path);
      try {
        if (!opts.force && (await holdsData(target, 'sqlite')))
          throw new Error(
            `the target database ${config.path} is not empty: add --force to replace it (stop the platform first)`,
          );
      } finally {
        await target.destroy();
      }
    }
    mkdirSync(dirname(config.path), { recursive: true });
    await restoreSqliteFile(from, config.path);
  } else {
    const db = createDb({ ...config, poolSize: 1 });
    try {
      if (!opts.force && (await holdsData(db, 'postgres')))
        throw new Error(
          'the target database is not empty: add --force to replace it (stop the platform first)',
        );
      // Empty tables (a migrated database) or --force: start from an empty schema, as pg_restore expects.
      await sql`drop schema if exists pgboss cascade`.execute(db);
      await sql`drop schema public cascade`.execute(db);
      await sql`create schema public`.execute(db);
    } finally {
      await db.destroy();
    }
    const conn = pgConnection(config.url);
    await runTool(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${conn.url}`,
        from,
      ],
      conn.env,
    );
  }
  const db = createDb(config.dialect === 'postgres' ? { ...config, poolSize: 2 } : config);
  try {
    const result = await verifyAuditChain(db, { keys, limit: 5 });
    if (!result.ok) {
      const list = (result.bad ?? []).map((b) => `#${b.id} ${b.problem}${b.detail ? ` (${b.detail})` : ''}`);
      throw new Error(
        `restored, but the audit chain does not verify: ${result.badCount} problems: ${list.join('; ')}`,
      );
    }
    const now = await describe(db, config.dialect);
    const a = now.audit;
    if (a.lastId !== m.audit.lastId || a.hash !== m.audit.hash || a.count !== m.audit.count)
      throw new Error(
        `restored, but the audit chain's head (#${a.lastId}, ${a.count} records) differs from the manifest's (#${m.audit.lastId}, ${m.audit.count} records)`,
      );
    const differing = Object.keys({ ...m.tables, ...now.tables }).filter(
      (t) => m.tables[t] !== now.tables[t],
    );
    if (differing.length)
      throw new Error(
        `restored, but row counts differ from the manifest's: ${differing.map((t) => `${t} ${now.tables[t] ?? 'missing'} ≠ ${m.tables[t] ?? 'missing'}`).join(', ')}`,
      );
    await recordAudit(
      db,
      {
        actorId: null,
        actor: 'zq-cli',
        action: 'backup.restore',
        objectType: 'database',
        after: { file: m.file, createdAt: m.createdAt, sha256: m.sha256, audit: m.audit },
      },
      keys,
    );
    return { manifest: m, checked: result.checked };
  } finally {
    await db.destroy();
  }
}
