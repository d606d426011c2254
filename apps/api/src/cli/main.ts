import { writeFileSync } from 'node:fs';
import { createLogger } from '@zhanqian/api-router';
import {
  anchorAuditChain,
  appendAudit,
  auditCsv,
  exportAudit,
  recordAudit,
  verifyAuditChain,
} from '@zhanqian/audit';
import {
  createUser,
  decryptTotpSecret,
  enrollNewTotp,
  ROLES,
  requiresTotp,
  resetUserTotp,
  totpCode,
  unlockUser,
} from '@zhanqian/auth';
import { shanghaiYear } from '@zhanqian/core';
import {
  createDb,
  type Database,
  dialectOf,
  type Kysely,
  migrateToLatest,
  type Role,
  sql,
} from '@zhanqian/db';
import { startEmbeddedWorker, startPgWorker } from '@zhanqian/jobs';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  hasData,
  loadDistrict,
  planDistrict,
  seedCadres,
  seedDemoUsers,
  seedRedsail,
  seedScoring,
  seedStars,
  seedTalent,
} from '@zhanqian/seeds';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadEnv } from '../env.ts';
import { onShutdown, startServer } from '../server.ts';
import { backup, restore } from './backup.ts';
import { firstRunHint, registerInit } from './init.ts';
import { registerMf } from './mf.ts';
import { progressPrinter } from './progress.ts';

/**
 * `pnpm zq <command>`: the operators' command line. Every command exits non-zero on
 * failure with the reason on stderr.
 */
const program = new Command('zq')
  .description('站前区组织工作平台 Zhanqian ops command line')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(`zq: ${str}`) });

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

async function withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const env = loadEnv();
  const db = createDb(env.database);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Wipes the whole database (every table, trigger and the worker's queue schema) and migrates
 * it anew: the ledger and audit triggers refuse row deletes by design, so a demo reset
 * starts from an empty schema instead. Refused in production.
 */
async function resetData(db: Kysely<Database>): Promise<void> {
  if (process.env.NODE_ENV === 'production')
    throw new Error('--reset destroys all data, the audit log included: refused with NODE_ENV=production');
  if (dialectOf(db) === 'postgres') {
    await sql`drop schema if exists pgboss cascade`.execute(db);
    await sql`drop schema public cascade`.execute(db);
    await sql`create schema public`.execute(db);
  } else {
    await sql`pragma foreign_keys = off`.execute(db);
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    for (const { name } of tables.rows) await sql`drop table if exists ${sql.table(name)}`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
  }
  await migrateToLatest(db);
}

async function seed(db: Kysely<Database>, scale: number, users: boolean): Promise<void> {
  const started = performance.now();
  const plan = planDistrict(scale);
  await loadDistrict(db, plan, progressPrinter());
  if (users) await seedDemoUsers(db);
  if (users && process.env.ZQ_DEMO_TOTP === '1') await enrollDemoTotp(db);
  // Every domain's demo data for the current year (and the history each domain keeps).
  const year = shanghaiYear();
  for (const [name, run] of [
    ['scoring', () => seedScoring(db, { scale, year })],
    ['stars', () => seedStars(db, { scale, year })],
    ['talent', () => seedTalent(db, { scale, year })],
    ['cadres', () => seedCadres(db, { scale, year })],
    ['redsail', () => seedRedsail(db, { scale, year })],
  ] as const) {
    const t0 = performance.now();
    await run();
    process.stderr.write(`seeded ${name.padEnd(8)} in ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
  }
  await recordAudit(db, {
    actorId: null,
    actor: 'zq-cli',
    action: 'seed',
    objectType: 'database',
    after: { scale, units: plan.units.length, members: plan.members.length, households: plan.householdCount },
  });
  const s = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `seeded scale ${scale}: ${plan.units.length} units, ${plan.members.length} members, ${plan.householdCount} households in ${s}s\n`,
  );
}

/**
 * ZQ_DEMO_TOTP=1: enrols a second factor for every seeded demo account that needs one and
 * prints the secrets (add them to an authenticator app, or ask `zq user totp-code`).
 */
async function enrollDemoTotp(db: Kysely<Database>): Promise<void> {
  for (const a of DEMO_ACCOUNTS.filter((x) => requiresTotp(x.role))) {
    const u = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', a.username)
      .executeTakeFirst();
    if (!u) continue;
    const { secret } = await enrollNewTotp(db, u.id);
    await recordAudit(db, {
      actorId: null,
      actor: 'zq-cli',
      action: 'auth.totp.enroll',
      objectType: 'app_user',
      objectId: u.id,
      after: { enrolled: true, demo: true },
    });
    process.stderr.write(`demo second factor: ${a.username.padEnd(10)} TOTP secret ${secret}\n`);
  }
}

/** An account by user name, for the ops commands below. */
async function userId(db: Kysely<Database>, username: string): Promise<number> {
  const u = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (!u) throw new Error(`no account named ${username}`);
  return u.id;
}

/**
 * A log written before the audit chain was keyed has no signed head: sign it once, if the
 * chain verifies (otherwise `zq audit verify` says what is wrong).
 */
async function anchorChain(db: Kysely<Database>): Promise<void> {
  const done = await anchorAuditChain(db);
  if (done === 'anchored') process.stderr.write('audit chain: signed its head (ZQ_AUDIT_KEY)\n');
  if (done === 'broken')
    process.stderr.write('audit chain: does not verify, its head is left unsigned: run `zq audit verify`\n');
}

program
  .command('migrate')
  .description('apply all database migrations (SQLite or PostgreSQL per DATABASE_URL)')
  .action(async () => {
    await withDb(async (db) => {
      const results = await migrateToLatest(db);
      for (const r of results)
        process.stdout.write(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}\n`);
      process.stdout.write(results.length ? 'migrations done\n' : 'already up to date\n');
      await anchorChain(db);
    });
  });

program
  .command('seed')
  .description('load the deterministic demo district (scale 1 = 120,000 households, 9,800 members)')
  .addOption(new Option('--scale <n>', 'multiple of the district').argParser(positiveInt).default(1))
  .option('--reset', 'wipe the database (all data, the audit log included) and migrate it anew first')
  .option('--no-users', 'do not create the demo accounts')
  .action(async (opts: { scale: number; reset?: boolean; users: boolean }) => {
    await withDb(async (db) => {
      await migrateToLatest(db);
      if (await hasData(db)) {
        if (!opts.reset) throw new Error('the database already holds a district; add --reset to replace it');
        await resetData(db);
      }
      await seed(db, opts.scale, opts.users);
    });
  });

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('create an account (the password comes from --password or ZQ_PASSWORD)')
  .requiredOption('--username <name>', 'unique user name')
  .addOption(new Option('--role <role>', 'role').choices(ROLES as string[]).makeOptionMandatory())
  .requiredOption(
    '--unit <code>',
    'org unit code (e.g. ZQ for the district, D-KHB for the assessment office)',
  )
  .option('--name <display>', 'display name')
  .option('--password <password>', 'initial password (prefer ZQ_PASSWORD to keep it out of shell history)')
  .action(async (opts: { username: string; role: Role; unit: string; name?: string; password?: string }) => {
    const password = opts.password ?? process.env.ZQ_PASSWORD;
    if (!password) throw new Error('give --password or set ZQ_PASSWORD');
    await withDb(async (db) => {
      const unit = await db
        .selectFrom('org_unit')
        .select('id')
        .where('code', '=', opts.unit)
        .executeTakeFirst();
      if (!unit) throw new Error(`no org unit with code ${opts.unit}`);
      const created = await db.transaction().execute(async (trx) => {
        const u = await createUser(trx, {
          username: opts.username,
          displayName: opts.name ?? opts.username,
          password,
          role: opts.role,
          orgUnitId: unit.id,
        });
        await appendAudit(trx, {
          actorId: null,
          actor: 'zq-cli',
          action: 'auth.users.create',
          objectType: 'app_user',
          objectId: u.id,
          after: u,
        });
        return u;
      });
      process.stdout.write(`created user ${created.username} (#${created.id}, ${created.role})\n`);
    });
  });

user
  .command('unlock')
  .description('lift the sign-in lockout of an account (audited)')
  .requiredOption('--username <name>', 'the account')
  .action(async (opts: { username: string }) => {
    await withDb(async (db) => {
      const id = await userId(db, opts.username);
      await db.transaction().execute(async (trx) => {
        const { before, after } = await unlockUser(trx, id);
        await appendAudit(trx, {
          actorId: null,
          actor: 'zq-cli',
          action: 'auth.users.unlock',
          objectType: 'app_user',
          objectId: id,
          before,
          after,
        });
      });
      process.stdout.write(`unlocked ${opts.username}\n`);
    });
  });
user
  .command('reset-totp')
  .description(
    'remove the second factor of an account (lost phone); it enrols again at its next sign-in (audited)',
  )
  .requiredOption('--username <name>', 'the account')
  .action(async (opts: { username: string }) => {
    await withDb(async (db) => {
      const id = await userId(db, opts.username);
      await db.transaction().execute(async (trx) => {
        await resetUserTotp(trx, id);
        await appendAudit(trx, {
          actorId: null,
          actor: 'zq-cli',
          action: 'auth.totp.reset',
          objectType: 'app_user',
          objectId: id,
        });
      });
      process.stdout.write(
        `second factor of ${opts.username} removed; it enrols again at its next sign-in\n`,
      );
    });
  });
user
  .command('totp-code')
  .description('demo only (ZQ_DEMO_TOTP=1): print the current authentication code of an account')
  .requiredOption('--username <name>', 'the account')
  .action(async (opts: { username: string }) => {
    if (process.env.ZQ_DEMO_TOTP !== '1') throw new Error('totp-code is a demo helper: set ZQ_DEMO_TOTP=1');
    await withDb(async (db) => {
      const u = await db
        .selectFrom('app_user')
        .select('totp_secret')
        .where('username', '=', opts.username)
        .executeTakeFirst();
      if (!u) throw new Error(`no account named ${opts.username}`);
      if (!u.totp_secret) throw new Error(`${opts.username} has no second factor enrolled`);
      process.stdout.write(`${await totpCode(decryptTotpSecret(u.totp_secret))}\n`);
    });
  });

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('export')
  .description('write the audit log (or a date range of it) as CSV for the auditor (audited)')
  .requiredOption('--out <file>', 'the CSV file to write')
  .option('--from <date>', 'first day, YYYY-MM-DD (Asia/Shanghai)')
  .option('--to <date>', 'last day, YYYY-MM-DD (Asia/Shanghai)')
  .action(async (opts: { out: string; from?: string; to?: string }) => {
    for (const d of [opts.from, opts.to])
      if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date (YYYY-MM-DD): ${d}`);
    await withDb(async (db) => {
      const rows = await exportAudit(db, 0, { from: opts.from, to: opts.to }, new Date(), {
        perHour: Number.POSITIVE_INFINITY,
        maxRows: Number.POSITIVE_INFINITY,
      });
      writeFileSync(opts.out, auditCsv(rows));
      await recordAudit(db, {
        actorId: null,
        actor: 'zq-cli',
        action: 'audit.export',
        objectType: 'audit_log',
        after: {
          from: opts.from ?? null,
          to: opts.to ?? null,
          records: rows.length,
          format: 'csv',
          file: opts.out,
        },
      });
      process.stdout.write(`exported ${rows.length} audit records to ${opts.out}\n`);
    });
  });
audit
  .command('verify')
  .description(
    'walk the audit chain (SM3, HMAC-SM3 under ZQ_AUDIT_KEY) against its signed head; list every changed, deleted or missing record and exit 1',
  )
  .addOption(
    new Option('--max <n>', 'list at most this many problems (all are counted)')
      .argParser(positiveInt)
      .default(1000),
  )
  .action(async (opts: { max: number }) => {
    await withDb(async (db) => {
      const result = await verifyAuditChain(db, { limit: opts.max });
      if (!result.ok) {
        const n = result.badCount ?? 0;
        const lines = [
          `audit chain BROKEN at record #${result.firstBad?.id} (${result.firstBad?.problem}); ${n} ${n === 1 ? 'problem' : 'problems'} in ${result.checked} records:`,
          ...(result.bad ?? []).map((b) => `  #${b.id} ${b.problem}${b.detail ? `: ${b.detail}` : ''}`),
        ];
        const listed = result.bad?.length ?? 0;
        if (n > listed) lines.push(`  … and ${n - listed} more (--max raises the limit)`);
        process.stderr.write(`${lines.join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`audit chain intact: ${result.checked} records\n`);
    });
  });

program
  .command('backup')
  .description(
    'write a consistent copy of the database (SQLite: online backup API; PostgreSQL: pg_dump) and FILE.manifest.json with the audit chain head, row counts and SHA-256, signed with ZQ_AUDIT_KEY',
  )
  .requiredOption('--out <file>', 'the backup file to write (must not exist)')
  .action(async (opts: { out: string }) => {
    const env = loadEnv();
    const { manifest, manifestFile } = await backup(env.database, opts.out);
    await withDb((db) =>
      recordAudit(db, {
        actorId: null,
        actor: 'zq-cli',
        action: 'backup.create',
        objectType: 'database',
        after: { file: opts.out, sha256: manifest.sha256, audit: manifest.audit },
      }),
    );
    process.stdout.write(
      `backed up ${manifest.dialect} to ${opts.out} (${manifest.bytes} bytes; audit chain head #${manifest.audit.lastId}, ${manifest.audit.count} records); manifest ${manifestFile}\n`,
    );
  });

program
  .command('restore')
  .description(
    'restore a backup made by `zq backup` into the database named by DATABASE_URL, then verify the audit chain and compare its head and the row counts with the manifest',
  )
  .requiredOption('--from <file>', 'the backup file (its FILE.manifest.json beside it)')
  .option('--force', 'replace a database that holds data (stop the platform first)')
  .action(async (opts: { from: string; force?: boolean }) => {
    const env = loadEnv();
    const { manifest, checked } = await restore(env.database, opts.from, { force: opts.force ?? false });
    process.stdout.write(
      `restored ${opts.from} (made ${manifest.createdAt}); audit chain verified: ${checked} records, head #${manifest.audit.lastId} as in the manifest; row counts of ${Object.keys(manifest.tables).length} tables as in the manifest\n`,
    );
  });

program
  .command('worker')
  .description(
    'run the background worker: pg-boss on PostgreSQL (run as many as you like), in-process on SQLite',
  )
  .addOption(
    new Option('--concurrency <n>', 'jobs run at once by this process').argParser(positiveInt).default(2),
  )
  .action(async (opts: { concurrency: number }) => {
    const env = loadEnv();
    const logger = createLogger(env.logLevel).child({ component: 'worker' });
    if (env.database.dialect === 'postgres') {
      const worker = await startPgWorker(env.database.url, logger, { concurrency: opts.concurrency });
      onShutdown(logger, [() => worker.stop()]);
    } else {
      const db = createDb(env.database);
      await migrateToLatest(db);
      const worker = await startEmbeddedWorker(db, logger);
      onShutdown(logger, [async () => worker.stop(5000), () => db.destroy()]);
    }
    logger.info({ dialect: env.database.dialect }, 'worker started');
  });

registerInit(program);
registerMf(program);

program
  .command('start')
  .description('migrate, seed the demo district when the database is empty, and serve the platform')
  .option('--no-seed', 'do not seed an empty database')
  .action(async (opts: { seed: boolean }) => {
    const env = loadEnv();
    const logger = createLogger(env.logLevel);
    const db = createDb(env.database);
    await migrateToLatest(db);
    await anchorChain(db);
    let seeded = false;
    if (opts.seed && !(await hasData(db))) {
      await seed(db, 1, true);
      seeded = true;
    }
    const server = await startServer(db, env, logger);
    // Embedded mode: the worker's jobs run in this process on a cron (SQLite has one writer).
    // On PostgreSQL the worker runs as its own processes: `pnpm zq worker`.
    const worker =
      env.database.dialect === 'sqlite'
        ? await startEmbeddedWorker(db, logger.child({ component: 'worker' }))
        : null;
    onShutdown(logger, [server.close, async () => worker?.stop(5000), () => db.destroy()]);
    const lines = [
      '',
      `站前区组织工作平台 Zhanqian is running on ${env.database.dialect === 'sqlite' ? `SQLite (${env.database.path})` : 'PostgreSQL'}`,
      `  admin    ${server.url}/admin/   (console, a portal per department)`,
      `  member   ${server.url}/m/       (phone app)`,
      `  API      ${server.url}/trpc    health: ${server.url}/healthz`,
    ];
    if (
      seeded ||
      (await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirst())
    ) {
      lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
      for (const a of DEMO_ACCOUNTS)
        lines.push(`    ${a.username.padEnd(10)} ${a.role.padEnd(17)} ${a.note}`);
      lines.push(
        '  administrators add a second factor: an authenticator app enrols at the first sign-in',
        '  (demo without a phone: seed with ZQ_DEMO_TOTP=1, then `pnpm zq user totp-code --username U`)',
      );
    }
    // --no-seed on an empty database: a one-time setup code for the first-run page.
    lines.push(...(await firstRunHint(db, server.url)));
    process.stdout.write(`${lines.join('\n')}\n\n`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`zq: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
