import { TRPCError } from '@trpc/server';
import { appRouter } from '@zhanqian/api-router';
import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

type Caller = Awaited<ReturnType<typeof callerAs>>;
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHORIZED';

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError && (e.code === 'FORBIDDEN' || e.code === 'UNAUTHORIZED')) return e.code;
    throw e;
  }
}

const ACCOUNTS = [
  null,
  'district_admin',
  'kaohe',
  'ganbu',
  'rencai',
  'street1',
  'unit_reporter',
  'branch_secretary',
  'member',
  'sys_admin',
  'sec_admin',
  'audit_admin',
] as const;

let codeSeq = 0;
const PROCEDURES: Record<string, { allowed: string[]; run: (c: Caller, f: Fixture) => Promise<unknown> }> = {
  'org.tree': {
    allowed: [
      'district_admin',
      'kaohe',
      'ganbu',
      'rencai',
      'street1',
      'unit_reporter',
      'branch_secretary',
      'sys_admin',
    ],
    run: (c) => c.org.tree({}),
  },
  'org.members': {
    allowed: ['district_admin', 'ganbu', 'street1', 'branch_secretary'],
    run: (c) => c.org.members({}),
  },
  'org.createUnit': {
    allowed: ['district_admin', 'street1', 'sys_admin'],
    run: (c, f) =>
      c.org.createUnit({
        parentId: f.streets[0]!.committee.id,
        kind: 'branch',
        name: '新支部',
        code: `NB${++codeSeq}`,
      }),
  },
  'audit.list': {
    allowed: ACCOUNTS.filter((a) => a !== null),
    run: (c) => c.audit.list({}),
  },
  'audit.verify': { allowed: ['audit_admin'], run: (c) => c.audit.verify() },
  'auth.users.list': { allowed: ['sys_admin', 'sec_admin'], run: (c) => c.auth.users.list({}) },
  'auth.users.unlock': {
    allowed: ['sec_admin'],
    run: (c, f) => c.auth.users.unlock({ userId: f.users.member! }),
  },
  'auth.me': { allowed: ACCOUNTS.filter((a) => a !== null), run: (c) => c.auth.me() },
};

describe('procedure declarations', () => {
  it('every procedure declares its permission', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { permission?: unknown } } }
    >;
    const names = Object.keys(procedures);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(procedures[name]!._def.meta?.permission, name).toBeDefined();
  });
});

describeEachDialect('role matrix', (t) => {
  it('allows exactly the roles that hold each permission', async () => {
    const f = await buildFixture(t.db);
    const table: Record<string, Record<string, Outcome>> = {};
    const expected: Record<string, Record<string, Outcome>> = {};
    for (const [proc, spec] of Object.entries(PROCEDURES)) {
      table[proc] = {};
      expected[proc] = {};
      for (const account of ACCOUNTS) {
        const key = account ?? 'anonymous';
        table[proc][key] = await outcome(async () => spec.run(await callerAs(t.db, account), f));
        expected[proc][key] =
          account === null ? 'UNAUTHORIZED' : spec.allowed.includes(account) ? 'ok' : 'FORBIDDEN';
      }
    }
    expect(table).toEqual(expected);
  });

  it('audits every denial', async () => {
    const f = await buildFixture(t.db);
    const member = await callerAs(t.db, 'member');
    await expect(member.audit.verify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_id: f.users.member, action: 'audit.verify' });
  });
});
