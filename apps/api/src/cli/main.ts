import { appendAudit, recordAudit, verifyAuditChain } from '@zhanqian/audit';
import { createUser, ROLES } from '@zhanqian/auth';
import { createDb, type Database, type Kysely, migrateToLatest, type Role } from '@zhanqian/db';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  hasData,
  loadDistrict,
  planDistrict,
  seedDemoUsers,
} from '@zhanqian/seeds';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { onShutdown, startServer } from '../server.ts';
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

async function resetData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      'household',
      'zone',
      'user_session',
      'login_attempt',
      'app_user',
      'member',
      'org_closure',
      'org_unit',
    ] as const) {
      await trx.deleteFrom(table).execute();
    }
  });
}

async function seed(db: Kysely<Database>, scale: number, users: boolean): Promise<void> {
  const started = performance.now();
  const plan = planDistrict(scale);
  await loadDistrict(db, plan, progressPrinter());
  if (users) await seedDemoUsers(db);
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

program
  .command('migrate')
  .description('apply all database migrations (SQLite or PostgreSQL per DATABASE_URL)')
  .action(async () => {
    await withDb(async (db) => {
      const results = await migrateToLatest(db);
      for (const r of results)
        process.stdout.write(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}\n`);
      process.stdout.write(results.length ? 'migrations done\n' : 'already up to date\n');
    });
  });

program
  .command('seed')
  .description('load the deterministic demo district (scale 1 = 120,000 households, 9,800 members)')
  .addOption(new Option('--scale <n>', 'multiple of the district').argParser(positiveInt).default(1))
  .option('--reset', 'delete the existing org tree, members, households and users first')
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

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('verify')
  .description('walk the SM3 hash chain and report the first changed or deleted record')
  .action(async () => {
    await withDb(async (db) => {
      const result = await verifyAuditChain(db);
      if (!result.ok) {
        process.stderr.write(
          `audit chain BROKEN at record #${result.firstBad?.id} (${result.firstBad?.problem}); ${result.checked} records intact before it\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`audit chain intact: ${result.checked} records\n`);
    });
  });

program
  .command('start')
  .description('migrate, seed the demo district when the database is empty, and serve the platform')
  .option('--no-seed', 'do not seed an empty database')
  .action(async (opts: { seed: boolean }) => {
    const env = loadEnv();
    const logger = createLogger(env.logLevel);
    const db = createDb(env.database);
    await migrateToLatest(db);
    let seeded = false;
    if (opts.seed && !(await hasData(db))) {
      await seed(db, 1, true);
      seeded = true;
    }
    const server = await startServer(db, env, logger);
    onShutdown(logger, [server.close, () => db.destroy()]);
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
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`zq: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
