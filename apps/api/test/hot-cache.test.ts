import type { SharedRead } from '@zhanqian/api-router';
import { DEFAULT_AUTH_CONFIG, type Principal } from '@zhanqian/auth';
import type { ChangeFeed, Database, Kysely } from '@zhanqian/db';
import { describe, expect, it } from 'vitest';
import { etagMatches, HotCache } from '../src/hot.ts';

/** The cache's own rules, without a database: what a change drops, and what a late copy may not do. */

class FakeFeed implements ChangeFeed {
  live = true;
  private handlers = new Set<(t: string) => void>();
  subscribe(h: (t: string) => void) {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }
  tell(topic: string) {
    for (const h of this.handlers) h(topic);
  }
  settle = async () => {};
  ready = async () => true;
  poll() {}
  close = async () => {};
}

const who = (userId: number, scopeRootId: number): Principal => ({
  userId,
  username: `u${userId}`,
  displayName: `u${userId}`,
  role: 'unit_reporter',
  orgUnitId: scopeRootId,
  memberId: null,
  scopeRootId,
  permissions: new Set(['scoring.read']),
});

const byScope: SharedRead = {
  audience: (p) => `scope:${p.scopeRootId}`,
  tags: (p) => ['scoring', `user:${p.userId}`],
  version: null,
};

function setup() {
  const feed = new FakeFeed();
  const hot = new HotCache({} as Kysely<Database>, feed, DEFAULT_AUTH_CONFIG);
  return { feed, hot };
}

describe('HotCache', () => {
  it('shares an answer within an audience only', async () => {
    const { hot } = setup();
    const s1 = hot.slot('q', byScope, who(1, 10), 'zh-CN', '{}')!;
    await hot.put(s1, 'A');
    expect(hot.get(hot.slot('q', byScope, who(2, 10), 'zh-CN', '{}')!)?.body).toBe('A');
    expect(hot.get(hot.slot('q', byScope, who(3, 11), 'zh-CN', '{}')!)).toBeUndefined();
    expect(hot.get(hot.slot('q', byScope, who(1, 10), 'en', '{}')!)).toBeUndefined();
    expect(hot.get(hot.slot('q', byScope, who(1, 10), 'zh-CN', '{"a":1}')!)).toBeUndefined();
  });

  it('a change drops the answers it tags, and no others', async () => {
    const { hot, feed } = setup();
    const other: SharedRead = { ...byScope, tags: () => ['stars'] };
    await hot.put(hot.slot('q', byScope, who(1, 10), 'zh-CN', null)!, 'A');
    await hot.put(hot.slot('r', other, who(1, 10), 'zh-CN', null)!, 'B');
    feed.tell('scoring');
    expect(hot.get(hot.slot('q', byScope, who(1, 10), 'zh-CN', null)!)).toBeUndefined();
    expect(hot.get(hot.slot('r', other, who(1, 10), 'zh-CN', null)!)?.body).toBe('B');
    feed.tell('*');
    expect(hot.size.answers).toBe(0);
  });

  it('an answer read before a change is not kept after it', async () => {
    const { hot, feed } = setup();
    const slot = hot.slot('q', byScope, who(1, 10), 'zh-CN', null)!;
    feed.tell('scoring'); // arrives while the answer is being computed
    await hot.put(slot, 'stale');
    expect(hot.get(hot.slot('q', byScope, who(1, 10), 'zh-CN', null)!)).toBeUndefined();
  });

  it('nothing is kept or served while the feed is not live; no audience, no slot', async () => {
    const { hot, feed } = setup();
    feed.live = false;
    expect(hot.slot('q', byScope, who(1, 10), 'zh-CN', null)).toBeNull();
    feed.live = true;
    expect(hot.slot('q', { ...byScope, audience: () => null }, who(1, 10), 'zh-CN', null)).toBeNull();
    expect(hot.slot('q', byScope, null, 'zh-CN', null)).toBeNull();
  });

  it('If-None-Match: lists, weak and strong forms, *', () => {
    expect(etagMatches('W/"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('"b", W/"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('*', 'W/"a"')).toBe(true);
    expect(etagMatches('W/"b"', 'W/"a"')).toBe(false);
    expect(etagMatches(null, 'W/"a"')).toBe(false);
  });
});
