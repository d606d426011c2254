import type { Kysely } from 'kysely';
import pg from 'pg';

/**
 * What the database says changed (migration 2026120503_change_feed): the API's in-memory caches
 * drop what a topic covers when it arrives. A topic is `session:<token hash>`, `user:<id>`,
 * `inbox:u:<user id>`, `inbox:o:<org unit id>`, an area (`org`, `member`, `scoring`, `stars`), or
 * `*` — anything may have changed (a commit by another SQLite process, a lost PostgreSQL listener).
 */
export interface ChangeFeed {
  /**
   * True while every committed change is known to reach the handlers. False while a PostgreSQL
   * listener is (re)connecting: caches must then be bypassed, since a change could be missed.
   */
  readonly live: boolean;
  subscribe(handler: (topic: string) => void): () => void;
  /** Resolves once every change committed before the call has reached the handlers. */
  settle(): Promise<void>;
  /** Resolves when the feed is first live (PostgreSQL: listening), or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Per request, SQLite: a commit by another connection since the last call is told as `*` (a pragma read, no I/O). */
  poll(): void;
  close(): Promise<void>;
}

/** The channel the PostgreSQL triggers notify on. */
export const CHANGE_CHANNEL = 'zq_change';

abstract class FeedBase {
  private readonly handlers = new Set<(topic: string) => void>();
  subscribe(handler: (topic: string) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  emit(topic: string): void {
    for (const h of this.handlers) h(topic);
  }
}

/**
 * SQLite: the triggers call `zq_notify(topic)` on the connection that writes, synchronously, so
 * this process hears its own writes at once (before the commit: a cache dropped early is only a
 * miss). Another process's commits move `PRAGMA data_version`, read by `poll()`.
 */
export class SqliteChangeFeed extends FeedBase implements ChangeFeed {
  readonly live = true;
  private version: number | undefined;
  private readonly readVersion: () => number;
  constructor(readVersion: () => number) {
    super();
    this.readVersion = readVersion;
  }
  settle(): Promise<void> {
    return Promise.resolve();
  }
  ready(): Promise<boolean> {
    return Promise.resolve(true);
  }
  poll(): void {
    const v = this.readVersion();
    if (this.version !== undefined && v !== this.version) this.emit('*');
    this.version = v;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * PostgreSQL: one connection of its own LISTENs on `zq_change`. Notifications arrive after their
 * transaction commits, in commit order, so `settle()` sends one of its own and waits for it: by
 * then every change committed earlier has been heard. A lost connection makes the feed not live
 * (caches bypassed and emptied) until it listens again, a second later.
 */
export class PgChangeFeed extends FeedBase implements ChangeFeed {
  live = false;
  private client: pg.Client | undefined;
  private closed = false;
  private seq = 0;
  private readonly waiters = new Map<string, () => void>();
  private readonly readyWaiters = new Set<(ok: boolean) => void>();
  private readonly tag = `settle:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;

  private readonly pool: pg.Pool;
  constructor(pool: pg.Pool) {
    super();
    this.pool = pool;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.pool.options);
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      if (this.client === client) this.client = undefined;
      this.live = false;
      this.emit('*');
      for (const w of this.waiters.values()) w();
      this.waiters.clear();
      client.end().catch(() => {});
      if (!this.closed) setTimeout(() => void this.connect(), 1000).unref();
    };
    client.on('notification', (m) => {
      if (m.channel === CHANGE_CHANNEL) this.receive(m.payload ?? '*');
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.closed || gone) {
      client.end().catch(() => {});
      return;
    }
    this.client = client;
    // Whatever committed while nobody listened is unknown.
    this.emit('*');
    this.live = true;
    for (const r of this.readyWaiters) r(true);
    this.readyWaiters.clear();
  }

  private receive(payload: string): void {
    if (payload.startsWith('settle:')) {
      const w = this.waiters.get(payload);
      if (w) {
        this.waiters.delete(payload);
        w();
      }
      return; // another process's settle, or ours: no change
    }
    this.emit(payload);
  }

  async settle(): Promise<void> {
    if (!this.live) return;
    const token = `${this.tag}${++this.seq}`;
    const heard = new Promise<void>((done) => this.waiters.set(token, done));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), 2000);
    });
    try {
      await this.pool.query('select pg_notify($1, $2)', [CHANGE_CHANNEL, token]);
      if ((await Promise.race([heard, timeout])) === 'timeout') {
        this.waiters.delete(token);
        this.emit('*');
      }
    } catch {
      this.waiters.delete(token);
      this.emit('*');
    } finally {
      clearTimeout(timer);
    }
  }

  ready(timeoutMs = 5000): Promise<boolean> {
    if (this.live) return Promise.resolve(true);
    return new Promise((done) => {
      const timer = setTimeout(() => {
        this.readyWaiters.delete(finish);
        done(false);
      }, timeoutMs);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        done(ok);
      };
      this.readyWaiters.add(finish);
    });
  }

  poll(): void {}

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}

const feeds = new WeakMap<object, ChangeFeed>();
const makers = new WeakMap<object, () => ChangeFeed>();

/** Registers how a Kysely instance's feed is made (createDb does, for both engines). */
export function registerChangeFeed(db: Kysely<any>, make: () => ChangeFeed): void {
  makers.set(db, make);
}

/** A feed already made for `db` (without making one). */
export const existingChangeFeed = (db: Kysely<any>): ChangeFeed | undefined => feeds.get(db);

/**
 * The change feed of a Kysely instance made by `createDb` (made on first use: on PostgreSQL it
 * opens its listening connection then). Undefined for instances made otherwise.
 */
export function changeFeedOf(db: Kysely<any>): ChangeFeed | undefined {
  let feed = feeds.get(db);
  if (!feed) {
    const make = makers.get(db);
    if (!make) return undefined;
    feed = make();
    feeds.set(db, feed);
  }
  return feed;
}
