import { serve } from '@hono/node-server';
import type { Logger } from '@zhanqian/api-router';
import type { Database, Kysely } from '@zhanqian/db';
import { createApp } from './app.ts';
import type { AppEnv } from './env.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server; resolves once it listens. */
export function startServer(db: Kysely<Database>, env: AppEnv, logger: Logger): Promise<RunningServer> {
  const app = createApp({
    db,
    authConfig: env.auth,
    logger,
    cookieSecure: env.cookieSecure,
    trustProxy: env.trustProxy,
    webRoot: env.root,
    mfDir: env.mfDir,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
      const host = env.host.includes(':') ? `[${env.host}]` : env.host;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open; end idle ones now.
            (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}

/**
 * Graceful stop on SIGTERM/SIGINT: stop accepting, finish in-flight requests, then release
 * the database. A second signal, or 10 s, forces the exit.
 */
export function onShutdown(logger: Logger, steps: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        logger.error({ err }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
