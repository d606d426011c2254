import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

// Issue #21 item 13: the member app's 我的 showed the account's username (and a display name
// like "党员") instead of the person. auth.me answers the linked member's name from the roll.
describeEachDialect('auth.me: the person behind the account', (t) => {
  it("answers the linked member's name, and null for an account linked to no member", async () => {
    const f = await buildFixture(t.db);
    const member = await (await callerAs(t.db, 'member')).auth.me();
    expect(member.memberId).toBe(f.streets[0]!.members[0]!.id);
    expect(member.memberName).toBe('党员1-1');
    expect(member.username).toBe('member');

    // the roll is the source: a corrected name shows at once
    await t.db
      .updateTable('member')
      .set({ name: '邵伟东' })
      .where('id', '=', f.streets[0]!.members[0]!.id)
      .execute();
    expect((await (await callerAs(t.db, 'member')).auth.me()).memberName).toBe('邵伟东');

    for (const username of ['street1', 'branch_secretary', 'sys_admin']) {
      const me = await (await callerAs(t.db, username)).auth.me();
      expect([username, me.memberId, me.memberName]).toEqual([username, null, null]);
    }
  });
});
