import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { findJob } from '../src/jobs/index.ts';
import { runJob } from '../src/runner.ts';
import { silent } from '../src/testing.ts';

describeEachDialect('redsail.visit-reminders job', (t) => {
  it('is scheduled daily and reminds each leader below the minimum once, however often it runs', async () => {
    const def = findJob('redsail.visit-reminders')!;
    expect(def.cron).toBe('30 8 * * *');
    const db = t.db;
    const unit = await db
      .insertInto('org_unit')
      .values({
        parent_id: null,
        kind: 'district',
        name: 'D',
        code: 'D',
        portal: 'district',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto('app_user')
      .values({
        username: 'lingdao',
        display_name: '区领导',
        password_hash: 'x',
        role: 'dept_admin',
        org_unit_id: unit.id,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('rs_leader')
      .values({ name: '张副区长', title: '副区长', user_id: user.id, created_at: 'x' })
      .execute();
    const out = await runJob(db, def, { day: '2026-12-10' }, { source: 'cron', logger: silent });
    expect(out.rows).toBe(1);
    // a retry of the same run (attempt 2) and the next day's run send nothing
    expect(
      (await runJob(db, def, { day: '2026-12-10' }, { source: 'cron', attempt: 2, logger: silent })).rows,
    ).toBe(0);
    expect((await runJob(db, def, { day: '2026-12-11' }, { source: 'cron', logger: silent })).rows).toBe(0);
    expect((await runJob(db, def, { day: '2026-06-01' }, { source: 'cron', logger: silent })).rows).toBe(0);
    const notices = await db
      .selectFrom('notice')
      .select('recipient_user_id')
      .where('kind', '=', 'redsail_visit_reminder')
      .execute();
    expect(notices).toEqual([{ recipient_user_id: user.id }]);
  });
});
