/**
 * The README's test command (`./zq test` → `pnpm test`): type-check and lint the whole
 * workspace, then run every vitest project once on every dialect, and finish with one line
 * `N passed, N failed` totalled over all test runs (what CI reads).
 *
 * ZQ_TEST_DIALECTS=sqlite narrows the DB tests to SQLite when no PostgreSQL is at hand;
 * by default both run, and an unreachable PostgreSQL is an error, not a silent skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const dialects = (process.env.ZQ_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
const pgUrl = process.env.ZQ_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const extraArgs = process.argv.slice(2);

function step(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

let failedChecks = 0;
if (!extraArgs.length) {
  if (
    step('type-check (tsc, every package)', 'pnpm', [
      '-s',
      'turbo',
      'run',
      'typecheck',
      '--output-logs=errors-only',
    ]) !== 0
  )
    failedChecks++;
  if (step('lint and format (biome)', 'pnpm', ['-s', 'biome', 'check', '.']) !== 0) failedChecks++;
}

if (dialects.includes('postgres')) {
  const problem = await postgresReachable();
  if (problem) {
    process.stderr.write(
      `PostgreSQL is not reachable at ${pgUrl} (${problem}).\nStart it, point ZQ_TEST_PG_URL at one, or run ZQ_TEST_DIALECTS=sqlite ./zq test.\n`,
    );
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  }
}

const out = mkdtempSync(join(tmpdir(), 'zq-test-'));
const report = join(out, 'vitest.json');
const vitestStatus = step(
  `vitest (dialects: ${dialects.join(', ')})`,
  'pnpm',
  [
    '-s',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    // Projects found by glob don't inherit the root config's timeouts; CLI flags apply to all.
    '--testTimeout=60000',
    '--hookTimeout=120000',
    `--outputFile.json=${report}`,
    ...extraArgs,
  ],
  { ZQ_TEST_DIALECTS: dialects.join(',') },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
} catch {
  failed = 1; // no report: the run itself broke
}
rmSync(out, { recursive: true, force: true });
if (vitestStatus !== 0 && failed === 0) failed = 1; // e.g. an unhandled error outside any test

if (failedChecks)
  process.stdout.write(`\n${failedChecks} static check(s) failed (type-check or lint): see above\n`);
process.stdout.write(
  `\n${passed} passed, ${failed + failedChecks} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(failed + failedChecks > 0 ? 1 : 0);
