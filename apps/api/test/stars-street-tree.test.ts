import { describeEachDialect } from '@zhanqian/db/testing';
import { topStarLevelIn } from '@zhanqian/stars';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

const YEAR = 2026;
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * #21 item 7: a street admin's star tree. A street is no star level; the tree of a street
 * starts with its communities (topStarLevelIn), which stars.entities lists under the street, and
 * a rating below reloads them without asking for level=street (which is bad input, said clearly).
 */
describeEachDialect('stars: a street admin’s tree', (t) => {
  it('lists the street’s communities, then their branches; level=street is refused with the levels there are', async () => {
    const f = await buildFixture(t.db);
    await (await callerAs(t.db, 'district_admin')).stars.initYear({ year: YEAR });
    const street1 = await callerAs(t.db, 'street1');
    const me = await street1.auth.me();
    expect(me.unit.kind).toBe('street');
    const s1 = f.streets[0]!;

    const level = topStarLevelIn(me.unit.kind)!;
    expect(level).toBe('committee');
    // what the tree asks for at its root: the communities of the street (its scope by default)
    const committees = await street1.stars.entities({ year: YEAR, level });
    expect(committees.rows.map((r) => r.id)).toEqual([s1.committee.id]);
    expect(
      (await street1.stars.entities({ year: YEAR, level, unitId: s1.street.id })).rows.map((r) => r.id),
    ).toEqual([s1.committee.id]);
    // expanding a community: its branches, then a branch's members
    const branches = await street1.stars.entities({ year: YEAR, level: 'branch', unitId: s1.committee.id });
    expect(branches.rows.map((r) => r.id)).toEqual([s1.branch.id]);
    // a rating (the tree then reloads what is open: never level=street)
    await street1.stars.rate({ year: YEAR, level: 'branch', id: s1.branch.id, met: ALL });
    const after = await street1.stars.entities({ year: YEAR, level: 'branch', unitId: s1.committee.id });
    expect(after.rows[0]).toMatchObject({ id: s1.branch.id, stars: 10, rated: true });

    // the street itself is no star level: bad input, with the levels there are
    await expect(
      // @ts-expect-error level=street is what the old tree sent
      street1.stars.entities({ year: YEAR, level: 'street', unitId: s1.street.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('街道不评星') });
    // and another street's communities stay out of reach
    await expect(
      street1.stars.entities({ year: YEAR, level, unitId: f.streets[1]!.street.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
