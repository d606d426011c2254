import { revokeSession } from '@zhanqian/auth';
import { changeFeedOf, type Database, type Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { deliverNotices, notify, pendingNoticeOf } from '@zhanqian/notify';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, httpApp } from './fixture.ts';
import { data, eventually, get, input, post, RANKINGS, tokenOf, yearWithResults } from './hot-helpers.ts';

/**
 * Issue #20 items 1 and 2: shared reads from memory (hot.ts) — never stale after a change, never
 * shared across scopes, ETag / 304 — and sessions from memory, refused at once when revoked.
 */

async function setup(db: Kysely<Database>) {
  const f = await buildFixture(db);
  const year = await yearWithResults(db, f);
  const app = httpApp(db);
  expect(await changeFeedOf(db)!.ready()).toBe(true);
  return { f, app, ...year };
}

describeEachDialect('hot reads (issue #20)', (t) => {
  it('a rankings answer is shared, answers 304 to its ETag, and a version switch changes it at the next request', async () => {
    const { app } = await setup(t.db);
    const kaohe = await tokenOf(t.db, 'kaohe');
    const first = await get(app, RANKINGS, kaohe);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"scoring-/);
    const before = await data(first);
    expect(before.access).toBe('provisional');

    // Held: the same ETag; a client holding it gets 304 and no body.
    const again = await get(app, RANKINGS, kaohe);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await data(again)).toEqual(before);
    const notModified = await get(app, RANKINGS, kaohe, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    // A recomputation (a new result version) is seen by the very next request, with a new ETag.
    const rec = await post(app, 'scoring.results.recompute', kaohe, { year: 2026 });
    expect(rec.status).toBe(200);
    const after = await get(app, RANKINGS, kaohe, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const fresh = await data(after);
    expect(fresh.versionId).toBe((await data(rec)).versionId);
    expect(fresh.versionId).not.toBe(before.versionId);
  });

  it('publication reaches readers at the next request; a street never receives another street’s view', async () => {
    const { app, f } = await setup(t.db);
    const kaohe = await tokenOf(t.db, 'kaohe');
    const s1 = await tokenOf(t.db, 'unit_reporter');
    const s2 = await tokenOf(t.db, 'street2');
    // Before publication: hidden to the streets (and that answer is kept).
    for (const tok of [s1, s2]) {
      const res = await get(app, RANKINGS, tok);
      if (res.status !== 200) throw new Error(await res.text());
      const r = await data(res);
      expect(r.access).toBe('hidden');
      expect(r.rows).toEqual([]);
    }
    expect((await post(app, 'scoring.scheme.setStatus', kaohe, { year: 2026, to: 'closed' })).status).toBe(
      200,
    );
    const pub = await post(app, 'scoring.scheme.setStatus', kaohe, {
      year: 2026,
      to: 'published',
      objectionUntil: '2099-12-31',
    });
    expect(pub.status).toBe(200);
    const street = async (tok: string) => data(await get(app, RANKINGS, tok));
    for (let round = 0; round < 2; round++) {
      const a = await street(s1);
      const b = await street(s2);
      expect(a.access).toBe('final');
      expect(b.access).toBe('final');
      const unitsOf = (r: { rows: { orgUnitId: number }[] }) => r.rows.map((x) => x.orgUnitId).sort();
      expect(unitsOf(a)).toEqual([f.streets[0]!.street.id, f.streets[0]!.committee.id].sort());
      expect(unitsOf(b)).toEqual([f.streets[1]!.street.id, f.streets[1]!.committee.id].sort());
    }
    // A change written outside the API (the worker, another process) arrives through the feed.
    await t.db.updateTable('scoring_scheme').set({ status: 'closed' }).where('year', '=', 2026).execute();
    expect(await eventually(async () => (await street(s1)).access === 'hidden')).toBe(true);
  });

  it('a refusal is never served from memory: each is made and audited by the procedure', async () => {
    const { app } = await setup(t.db);
    const member = await tokenOf(t.db, 'member');
    const audits = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('result', '=', 'denied')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n0 = await audits();
    for (let i = 0; i < 3; i++) expect((await get(app, RANKINGS, member)).status).toBe(403);
    expect(await audits()).toBe(n0 + 3);
  });

  it('a revoked session is refused at the next request; a disabled account too', async () => {
    const { app } = await setup(t.db);
    const member = await tokenOf(t.db, 'member');
    expect((await get(app, 'auth.me', member)).status).toBe(200);
    expect((await get(app, 'auth.me', member)).status).toBe(200); // from memory now
    expect((await post(app, 'auth.logout', member)).status).toBe(200);
    expect((await get(app, 'auth.me', member)).status).toBe(401);

    // Revoked outside this request path (another process's sign-out, a CLI): the feed tells.
    const other = await tokenOf(t.db, 'member');
    expect((await get(app, 'auth.me', other)).status).toBe(200);
    await revokeSession(t.db, other);
    expect(await eventually(async () => (await get(app, 'auth.me', other)).status === 401)).toBe(true);

    const third = await tokenOf(t.db, 'member');
    expect((await get(app, 'auth.me', third)).status).toBe(200);
    await t.db.updateTable('app_user').set({ disabled: 1 }).where('username', '=', 'member').execute();
    expect(await eventually(async () => (await get(app, 'auth.me', third)).status === 401)).toBe(true);
  });

  it("a member's home and inbox from memory follow their changes", async () => {
    const { app, f } = await setup(t.db);
    const member = await tokenOf(t.db, 'member');
    const inbox = `inbox.list${input({})}`;
    const me0 = await data(await get(app, 'auth.me', member));
    const box0 = await data(await get(app, inbox, member));
    expect((await get(app, inbox, member)).headers.get('cache-control')).toBe('no-store');
    expect((await get(app, inbox, member)).headers.get('etag')).toBeNull();
    // A notice to the member's branch, sent by another part of the platform.
    await t.db.transaction().execute((trx) =>
      notify(trx, {
        to: { orgUnitId: f.streets[0]!.branch.id },
        kind: 'scoring.report_returned',
        params: { year: 2026, indicator: '党建述职', reason: '缺少附件' },
      }),
    );
    // The worker's delivery, run here: the outbox rows not yet consumed.
    await t.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('job_outbox')
        .select(['id', 'job_name', 'payload_json'])
        .where('job_name', '=', 'notify.deliver')
        .where('consumed_at', 'is', null)
        .orderBy('id')
        .execute();
      await deliverNotices(
        trx,
        rows.flatMap((r) => pendingNoticeOf({ ...r, id: Number(r.id) }) ?? []),
      );
    });
    const n = await t.db.selectFrom('notice').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(
      await eventually(async () => (await data(await get(app, inbox, member))).unread === box0.unread + 1),
    ).toBe(true);
    // Read through the API: the next request sees it.
    expect((await post(app, 'inbox.markRead', member, { id: n.id })).status).toBe(200);
    expect((await data(await get(app, inbox, member))).unread).toBe(box0.unread);
    // The account's unit renamed: the home shows the new name.
    await t.db
      .updateTable('org_unit')
      .set({ name: '支部一' })
      .where('id', '=', f.streets[0]!.branch.id)
      .execute();
    expect(
      await eventually(async () => (await data(await get(app, 'auth.me', member))).unit.name === '支部一'),
    ).toBe(true);
    expect(me0.unit.name).not.toBe('支部一');
  });

  it('a member’s certification view is theirs alone; a rating change is seen at the next request', async () => {
    const { app, f } = await setup(t.db);
    const district = await callerAs(t.db, 'district_admin');
    await district.stars.initYear({ year: 2026 });
    const mine = f.streets[0]!.members[0]!.id;
    const theirs = f.streets[0]!.members[1]!.id;
    const member = await tokenOf(t.db, 'member');
    const secretary = await tokenOf(t.db, 'branch_secretary');
    const explain = (id: number) => `stars.explain${input({ year: 2026, level: 'member', id })}`;
    const own = await get(app, explain(mine), member);
    expect(own.status).toBe(200);
    expect(own.headers.get('etag')).toMatch(/^W\/"stars-/);
    // The secretary's answer for the other member is kept; the member still may not read it.
    expect((await get(app, explain(theirs), secretary)).status).toBe(200);
    expect((await get(app, explain(theirs), member)).status).toBe(403);
    const stars0 = (await data(own)).entity;
    const rate = await post(app, 'stars.rate', secretary, {
      year: 2026,
      level: 'member',
      id: mine,
      met: [1, 2, 3],
    });
    expect(rate.status).toBe(200);
    const after = await get(app, explain(mine), member, { 'if-none-match': own.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect((await data(after)).criteria.filter((c: { met: boolean }) => c.met)).toHaveLength(3);
    expect(stars0).toBeDefined();
  });
});
