import type { AuditEntry } from '@zhanqian/audit';
import type { AuthConfig, Principal } from '@zhanqian/auth';
import type { Locale } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import type { Logger } from '../logger.ts';

export interface CookieOptions {
  maxAgeSeconds?: number;
}

/** Everything a procedure may touch, built from plain parts so tests need no HTTP. */
export interface Context {
  db: Kysely<Database>;
  principal: Principal | null;
  sessionToken: string | null;
  locale: Locale;
  ip: string | null;
  userAgent: string | null;
  authConfig: AuthConfig;
  logger: Logger;
  setCookie(name: string, value: string, options?: CookieOptions): void;
  clearCookie(name: string): void;
}

export type ContextInner = Pick<Context, 'db' | 'principal' | 'authConfig' | 'logger'> & Partial<Context>;

export function createContextInner(parts: ContextInner): Context {
  return {
    sessionToken: null,
    locale: 'zh-CN',
    ip: null,
    userAgent: null,
    setCookie: () => {},
    clearCookie: () => {},
    ...parts,
  };
}

/** What a write procedure adds to the context: its transaction and the audit hook. */
export interface WriteContext {
  tx: Kysely<Database>;
  audit(entry: Omit<AuditEntry, 'actorId' | 'actor' | 'ip'>): Promise<void>;
  /** One record per entry, appended together (for bulk writes that audit each object). */
  auditMany(entries: Omit<AuditEntry, 'actorId' | 'actor' | 'ip'>[]): Promise<void>;
}
