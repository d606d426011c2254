import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const root = resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

/**
 * Builds both apps and the domains' remotes (turbo caches unchanged builds), starts `zq start`
 * on a fresh SQLite file with the demo district, and hands the base URL to the tests.
 */
export default async function setup(project: TestProject) {
  const build = spawnSync(
    'pnpm',
    [
      '-s',
      'turbo',
      'run',
      'build',
      '--filter=@zhanqian/admin',
      '--filter=@zhanqian/member',
      // the domains' screens: Module Federation remotes, served by the platform from their dist
      '--filter=@zhanqian/*-ui',
      '--output-logs=errors-only',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) throw new Error('building the web apps failed');
  const dir = mkdtempSync(join(tmpdir(), 'zq-e2e-'));
  const port = await freePort();
  const server: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'apps/api/src/cli/main.ts', 'start'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: join(dir, 'e2e.sqlite'),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ZQ_DEMO_TOTP: '1',
        // deployments of the domains' screens made by the tests (mf.e2e.ts), not the developer's data/mf
        ZQ_MF_DIR: join(dir, 'mf'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  server.stdout?.on('data', (d) => (output += d));
  server.stderr?.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the platform exited early:\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the platform did not answer /healthz:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseUrl', base);
  project.provide('mfDir', join(dir, 'mf'));
  project.provide('startOutput', output);
  // The demo administrators' authenticator secrets, printed by `zq start` with ZQ_DEMO_TOTP=1.
  const secrets: Record<string, string> = {};
  for (const m of output.matchAll(/demo second factor: (\S+)\s+TOTP secret (\S+)/g)) secrets[m[1]!] = m[2]!;
  project.provide('totpSecrets', secrets);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The running platform's ZQ_MF_DIR (remotes deployed with `zq mf deploy`). */
    mfDir: string;
    startOutput: string;
    totpSecrets: Record<string, string>;
  }
}
