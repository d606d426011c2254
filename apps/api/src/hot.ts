import { createHash } from 'node:crypto';
import type { SharedRead } from '@zhanqian/api-router';
import {
  type AuthConfig,
  type Principal,
  principalFor,
  resolveSessionDetail,
  sessionEnded,
  sessionIdOf,
} from '@zhanqian/auth';
import type { AppUser, ChangeFeed, Database, Kysely } from '@zhanqian/db';
import { LRUCache } from 'lru-cache';

/**
 * The API's in-memory state for hot reads (issue #20), one per database handle:
 *
 * - **sessions**: a token's user and principal, for 15 s at most, so a request needs no round
 *   trip to find its caller. A session is re-read from the database when its idle clock would
 *   need touching (once a minute) or when its copy is older than the TTL.
 * - **answers**: serialized tRPC answers of the shared reads (@zhanqian/api-router shared-reads.ts),
 *   keyed by procedure, audience, locale and raw input, each with the tags that drop it.
 *
 * Both are emptied by the database's change feed (@zhanqian/db changes.ts): a revoked session, a
 * changed account, a version switch reach every process through it (PostgreSQL LISTEN/NOTIFY; on
 * SQLite the writing connection's triggers, and `data_version` for other processes). While the
 * feed is not live (PostgreSQL listener reconnecting) neither is used: every request goes the full
 * way. A copy is stored only if no change arrived while it was being read (`seq`), so an answer
 * read before a switch cannot be kept after it.
 */
export class HotCache {
  /** Bumped by every change that drops answers / sessions: a read begun before it is not stored. */
  private answerSeq = 0;
  private sessionSeq = 0;
  private readonly answers: LRUCache<string, Answer>;
  private readonly byTag = new Map<string, Set<string>>();
  private readonly sessions: LRUCache<string, SessionCopy>;
  private readonly sessionsOfUser = new Map<number, Set<string>>();
  private readonly versions = new Map<'scoring' | 'stars', string>();
  private readonly db: Kysely<Database>;
  private readonly feed: ChangeFeed | undefined;
  private readonly authConfig: AuthConfig;

  constructor(
    db: Kysely<Database>,
    feed: ChangeFeed | undefined,
    authConfig: AuthConfig,
    limits: HotLimits = {},
  ) {
    this.db = db;
    this.feed = feed;
    this.authConfig = authConfig;
    this.answers = new LRUCache<string, Answer>({
      max: limits.answers ?? 20_000,
      // Bounded in bytes too: a district's rankings are ~100 KB, a member's inbox a few.
      maxSize: limits.answerBytes ?? 128 * 2 ** 20,
      sizeCalculation: (a) => a.body.length * 2 + 200,
      // A safety net only: every answer is dropped by its change long before.
      ttl: 10 * 60_000,
      dispose: (a, key) => this.untag(key, a.tags),
    });
    this.sessions = new LRUCache<string, SessionCopy>({
      max: limits.sessions ?? 50_000,
      ttl: limits.sessionTtlMs ?? 15_000,
      dispose: (s, id) => {
        const set = this.sessionsOfUser.get(s.user.id);
        set?.delete(id);
        if (set?.size === 0) this.sessionsOfUser.delete(s.user.id);
      },
    });
    feed?.subscribe((topic) => this.changed(topic));
  }

  /** Whether copies may be used now (the feed is live). */
  get enabled(): boolean {
    return this.feed?.live ?? false;
  }

  /** Entries held (for tests and the bench's notes). */
  get size(): { answers: number; sessions: number } {
    return { answers: this.answers.size, sessions: this.sessions.size };
  }

  /** A change from the feed: drop what it covers. */
  private changed(topic: string): void {
    if (topic === '*') {
      this.answerSeq++;
      this.sessionSeq++;
      this.answers.clear();
      this.byTag.clear();
      this.sessions.clear();
      this.versions.clear();
      return;
    }
    if (topic.startsWith('session:')) {
      this.sessionSeq++;
      this.sessions.delete(topic.slice(8));
      return;
    }
    if (topic.startsWith('user:')) {
      this.sessionSeq++;
      for (const id of [...(this.sessionsOfUser.get(Number(topic.slice(5))) ?? [])]) this.sessions.delete(id);
    } else if (topic === 'org') {
      // Principals carry the unit's kind and the scope root.
      this.sessionSeq++;
      this.sessions.clear();
    }
    if (topic === 'scoring' || topic === 'stars') this.versions.delete(topic);
    this.answerSeq++;
    for (const key of [...(this.byTag.get(topic) ?? [])]) this.answers.delete(key);
  }

  private untag(key: string, tags: string[]): void {
    for (const t of tags) {
      const set = this.byTag.get(t);
      set?.delete(key);
      if (set?.size === 0) this.byTag.delete(t);
    }
  }

  /** The caller behind a session token: from memory when seen in the last seconds, else the database. */
  async caller(token: string, now = Date.now()): Promise<{ user: AppUser; principal: Principal } | null> {
    this.feed?.poll();
    const id = sessionIdOf(token);
    if (this.enabled) {
      const s = this.sessions.get(id);
      // Re-read when the idle clock wants its once-a-minute touch (or the session ended).
      if (
        s &&
        now - new Date(s.lastSeenAt).getTime() <= 60_000 &&
        !sessionEnded(s.user, s.lastSeenAt, s.expiresAt, this.authConfig, now)
      )
        return s;
    }
    const seq = this.sessionSeq;
    const found = await resolveSessionDetail(this.db, token, this.authConfig, new Date(now));
    if (!found) return null;
    const principal = await principalFor(this.db, found.user);
    const copy: SessionCopy = { ...found, principal };
    if (this.enabled && seq === this.sessionSeq) {
      this.sessions.set(id, copy);
      const set = this.sessionsOfUser.get(found.user.id) ?? new Set<string>();
      this.sessionsOfUser.set(found.user.id, set.add(id));
    }
    return copy;
  }

  /**
   * Where a GET query's answer would be kept, or null when it is not a shared read for this caller
   * (not in the list, no audience: the procedure decides and refuses), or copies are off.
   */
  slot(
    path: string,
    read: SharedRead | undefined,
    principal: Principal | null,
    locale: string,
    rawInput: string | null,
  ): Slot | null {
    if (!read || !principal || !this.enabled) return null;
    if (rawInput && rawInput.length > 4000) return null;
    const audience = read.audience(principal);
    if (audience === null) return null;
    return {
      key: `${path}\u0000${audience}\u0000${locale}\u0000${rawInput ?? ''}`,
      tags: read.tags(principal),
      version: read.version,
      seq: this.answerSeq,
    };
  }

  get(slot: Slot): Answer | undefined {
    return this.answers.get(slot.key);
  }

  /**
   * Keeps a fresh answer (the tRPC body of a successful call) unless a change arrived since the
   * slot was taken; returns it with its ETag either way.
   */
  async put(slot: Slot, body: string): Promise<Answer> {
    const version = slot.version ? await this.version(slot.version) : '';
    const etag = slot.version
      ? `W/"${slot.version}-${createHash('sha1').update(`${version}\u0000${slot.key}\u0000${body}`).digest('base64url').slice(0, 27)}"`
      : null;
    const answer: Answer = { body, etag, tags: slot.tags };
    if (this.enabled && slot.seq === this.answerSeq) {
      this.answers.set(slot.key, answer);
      for (const t of slot.tags) {
        const set = this.byTag.get(t) ?? new Set<string>();
        this.byTag.set(t, set.add(slot.key));
      }
    }
    return answer;
  }

  /** The area's current versions in one string (its schemes' / snapshots' state), for ETags. */
  private async version(area: 'scoring' | 'stars'): Promise<string> {
    const known = this.versions.get(area);
    if (known !== undefined) return known;
    const seq = this.answerSeq;
    const rows =
      area === 'scoring'
        ? await this.db
            .selectFrom('scoring_scheme')
            .select(['year', 'status', 'current_version_id as v'])
            .orderBy('year')
            .execute()
        : await this.db
            .selectFrom('star_current')
            .select(['year', 'snapshot_id as v', 'revision as status'])
            .orderBy('year')
            .execute();
    const v = rows.map((r) => `${r.year}:${r.status}:${r.v ?? ''}`).join(',');
    if (this.enabled && seq === this.answerSeq) this.versions.set(area, v);
    return v;
  }

  /** After a write: resolves once this process has heard of every change it committed. */
  settle(): Promise<void> {
    return this.feed?.settle() ?? Promise.resolve();
  }
}

export interface HotLimits {
  answers?: number;
  answerBytes?: number;
  sessions?: number;
  sessionTtlMs?: number;
}

interface SessionCopy {
  user: AppUser;
  principal: Principal;
  lastSeenAt: string;
  expiresAt: string;
}

export interface Slot {
  key: string;
  tags: string[];
  version: 'scoring' | 'stars' | null;
  seq: number;
}

export interface Answer {
  body: string;
  etag: string | null;
  tags: string[];
}

/** Whether an If-None-Match header names this ETag (a list, `*`, weak or not). */
export function etagMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((s) => s.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === bare);
}
