import { createSession, DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import type { Fixture } from './fixture.ts';
import { yearWithResults as openYear } from './scoring-year.ts';

/** Helpers of the hot-read tests (issue #20): sessions made directly, GET / POST with a bearer token. */

/** Anything that answers a Request: an in-process app, or a server's address (see `over`). */
export interface App {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export async function tokenOf(db: Kysely<Database>, username: string): Promise<string> {
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return (await createSession(db, u.id, DEFAULT_AUTH_CONFIG)).token;
}

export const input = (v: unknown) => `?input=${encodeURIComponent(JSON.stringify(v))}`;

export function get(app: App, path: string, token: string, headers: Record<string, string> = {}) {
  return app.request(`/trpc/${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

export function post(app: App, path: string, token: string, body: unknown = {}) {
  return app.request(`/trpc/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-zq-client': 'test' },
    body: JSON.stringify(body),
  });
}

export const data = async <T = any>(res: Response): Promise<T> =>
  ((await res.json()) as { result: { data: T } }).result.data;

/** Retries `check` until it holds or `ms` pass (a change made outside the API reaches it by the feed). */
export async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

/** An open 2026 scheme with both streets and communities, results computed; a reporter of the second street too. */
export async function yearWithResults(db: Kysely<Database>, f: Fixture) {
  const { kaohe, subjects } = await openYear(db, f);
  const street1 = await db
    .selectFrom('app_user')
    .select(['password_hash'])
    .where('username', '=', 'street1')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('app_user')
    .values({
      username: 'street2',
      display_name: 'street2',
      password_hash: street1.password_hash,
      role: 'unit_reporter',
      org_unit_id: f.streets[1]!.street.id,
      member_id: null,
      password_changed_at: 'x',
      created_at: 'x',
      totp_secret: null,
    })
    .execute();
  return { kaohe, subjects };
}

export const RANKINGS = `scoring.results.rankings${input({ year: 2026 })}`;

/** A server at `base` as an App. */
export const over = (base: string): App => ({ request: (path, init) => fetch(`${base}${path}`, init) });
