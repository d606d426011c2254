/**
 * The README's test command (`./zq test` → `pnpm test`): type-check and lint the whole
 * workspace, then run every vitest project once on every dialect, and finish with one line
 * `N passed, N failed` totalled over all test runs (what CI reads).
 *
 * ZQ_TEST_DIALECTS=sqlite narrows the DB tests to SQLite when no PostgreSQL is at hand;
 * by default both run, and an unreachable PostgreSQL is an error, not a silent skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
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
const vitestArgs = ['-s', 'vitest', 'run', '--reporter=default', '--reporter=json'];
// Projects found by glob don't inherit the root config's timeouts; CLI flags apply to all
// (the browser tests keep their own: 90 s a test, 240 s a hook, in apps/e2e/vitest.config.ts).
const timeouts = ['--testTimeout=60000', '--hookTimeout=120000'];
const env = { ...process.env, ZQ_TEST_DIALECTS: dialects.join(',') };

interface Run {
  title: string;
  report: string;
  status: number;
}

/** One vitest run; its output goes to the terminal, or to `log` (printed whole when it ends). */
function vitest(title: string, name: string, args: string[], log?: string): Promise<Run> {
  const report = join(out, `${name}.json`);
  return new Promise((done) => {
    const fd = log ? openSync(log, 'w') : undefined;
    const child = spawn('pnpm', [...vitestArgs, `--outputFile.json=${report}`, ...args], {
      stdio: fd === undefined ? 'inherit' : ['ignore', fd, fd],
      env,
    });
    child.on('close', (code) => {
      if (fd !== undefined) closeSync(fd);
      done({ title, report, status: code ?? 1 });
    });
  });
}

// The browser tests (one platform, one chromium, files in turn) mostly wait on the browser and
// the server, the other suites on the databases. ZQ_TEST_PARALLEL=1 runs the two side by side
// (the browser run's output printed when it ends): ~25 instead of ~30 minutes on CI's two
// cores, but two full runs so each had 3 browser tests fail under the load (timeouts, a click
// on a re-rendering page). One vitest run, the browser tests after the rest, is the default.
let runs: Run[];
if (extraArgs.length || process.env.ZQ_TEST_PARALLEL !== '1') {
  process.stdout.write(`\n== vitest (dialects: ${dialects.join(', ')})\n`);
  // one run: the browser tests' 90 s a test (a full district's batch review on a slow machine)
  runs = [await vitest('vitest', 'all', ['--testTimeout=90000', '--hookTimeout=240000', ...extraArgs])];
} else {
  const browserLog = join(out, 'browser.log');
  process.stdout.write(
    `\n== vitest (dialects: ${dialects.join(', ')}), the browser tests alongside (their output follows)\n`,
  );
  runs = await Promise.all([
    vitest('every suite but the browser tests', 'suites', [...timeouts, '--project=!@zhanqian/e2e']),
    vitest('the browser tests', 'browser', ['--project=@zhanqian/e2e'], browserLog).then((r) => {
      process.stdout.write(`\n== the browser tests (@zhanqian/e2e)\n${readFileSync(browserLog, 'utf8')}`);
      return r;
    }),
  ]);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of runs) {
  try {
    const r = JSON.parse(readFileSync(run.report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += r.numPassedTests;
    let f = r.numFailedTests;
    if (run.status !== 0 && f === 0) f = 1; // e.g. an unhandled error outside any test
    failed += f;
    skipped += r.numPendingTests + r.numTodoTests;
    if (runs.length > 1) process.stdout.write(`[${run.title}] ${r.numPassedTests} passed, ${f} failed\n`);
  } catch {
    failed += 1; // no report: the run itself broke
    process.stdout.write(`[${run.title}] no report: the run itself broke (exit ${run.status})\n`);
  }
}
rmSync(out, { recursive: true, force: true });

if (failedChecks)
  process.stdout.write(`\n${failedChecks} static check(s) failed (type-check or lint): see above\n`);
process.stdout.write(
  `\n${passed} passed, ${failed + failedChecks} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(failed + failedChecks > 0 ? 1 : 0);
