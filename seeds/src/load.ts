import { createUser } from '@zhanqian/auth';
import type { Database, Kysely, Role } from '@zhanqian/db';
import { dialectOf, pgPoolOf, sql } from '@zhanqian/db';
import { copyRows } from './copy.ts';
import type { DistrictPlan } from './district.ts';

export type Progress = (phase: string, done: number, total: number) => void;

const TABLES_IN_LOAD_ORDER = ['org_unit', 'org_closure', 'member', 'zone', 'household'] as const;

/** True when the database already holds an org tree (seeding refuses to mix data). */
export async function hasData(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('org_unit').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Bulk-loads a planned district in one transaction with multi-row inserts sized to each
 * engine's parameter limit. Explicit ids are written, so PostgreSQL's sequences are moved
 * past them afterwards.
 */
export async function loadDistrict(
  db: Kysely<Database>,
  plan: DistrictPlan,
  progress: Progress = () => {},
): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  // PostgreSQL's fast path is COPY; it needs the pool behind the Kysely instance.
  const pool = pg ? pgPoolOf(db) : undefined;
  if (pool) return copyDistrict(pool, plan, progress);
  await db.transaction().execute(async (trx) => {
    const insertAll = async <T extends Record<string, unknown>>(
      table: (typeof TABLES_IN_LOAD_ORDER)[number],
      rows: Iterable<T>,
      total: number,
    ) => {
      // Both engines allow 32k+ bound parameters per statement; stay well below.
      let perBatch = 0;
      let batch: T[] = [];
      let done = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await trx
          .insertInto(table)
          .values(batch as any)
          .execute();
        done += batch.length;
        progress(table, done, total);
        batch = [];
      };
      for (const row of rows) {
        perBatch ||= Math.max(1, Math.floor(30_000 / Object.keys(row).length));
        batch.push(row);
        if (batch.length >= perBatch) await flush();
      }
      await flush();
    };
    await insertAll('org_unit', plan.units, plan.units.length);
    await insertAll('org_closure', plan.closure, plan.closure.length);
    await insertAll('member', plan.members, plan.members.length);
    await insertAll('zone', plan.zones, plan.zones.length);
    await insertAll('household', plan.households(), plan.householdCount);
    if (pg) {
      for (const table of ['org_unit', 'member', 'zone', 'household']) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
          trx,
        );
      }
    }
  });
}

/** PostgreSQL: every table through COPY in one transaction, then sequences moved past the ids. */
async function copyDistrict(pool: import('pg').Pool, plan: DistrictPlan, progress: Progress): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tables: [string, string[], Iterable<Record<string, unknown>>, number][] = [
      [
        'org_unit',
        ['id', 'parent_id', 'kind', 'name', 'code', 'portal', 'sort_order', 'created_at'],
        plan.units,
        plan.units.length,
      ],
      ['org_closure', ['ancestor_id', 'descendant_id', 'depth'], plan.closure, plan.closure.length],
      [
        'member',
        [
          'id',
          'branch_id',
          'name',
          'gender',
          'birth_date',
          'joined_at',
          'id_card_enc',
          'phone_enc',
          'created_at',
        ],
        plan.members,
        plan.members.length,
      ],
      ['zone', ['id', 'member_id', 'name'], plan.zones, plan.zones.length],
      ['household', ['id', 'zone_id', 'head_name', 'address'], plan.households(), plan.householdCount],
    ];
    for (const [table, columns, rows, total] of tables) {
      await copyRows(client, table, columns, rows, (n) => progress(table, n, total));
    }
    for (const table of ['org_unit', 'member', 'zone', 'household']) {
      await client.query(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
      );
    }
    await client.query('commit');
    // Fresh statistics, so the first queries on the new data get good plans.
    await client.query('analyze');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export const DEMO_PASSWORD = 'Zhanqian#2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
  memberOfFirstBranch?: boolean;
  note: string;
}

/** One account per role and portal, so a new user reaches every portal in a minute. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '区委组织部管理员',
    role: 'district_admin',
    unitCode: 'D-ZZB',
    note: '区委组织部（全区）',
  },
  {
    username: 'kaohe',
    displayName: '考核办干部',
    role: 'dept_admin',
    unitCode: 'D-KHB',
    note: '考核办（千分制）',
  },
  {
    username: 'ganbu',
    displayName: '干部科干部',
    role: 'dept_admin',
    unitCode: 'D-GBK',
    note: '干部科（干部）',
  },
  {
    username: 'rencai',
    displayName: '人才办干部',
    role: 'dept_admin',
    unitCode: 'D-RCB',
    note: '人才办（人才）',
  },
  // The special fund keeps four eyes: who reviews a subsidy does not approve it, who approves does not pay it.
  {
    username: 'rencai_shenpi',
    displayName: '人才办主任',
    role: 'dept_admin',
    unitCode: 'D-RCB',
    note: '人才办（补贴批准）',
  },
  {
    username: 'rencai_bofu',
    displayName: '人才办资金会计',
    role: 'dept_admin',
    unitCode: 'D-RCB',
    note: '人才办（补贴拨付）',
  },
  {
    username: 'feigong',
    displayName: '非公党工委干部',
    role: 'dept_admin',
    unitCode: 'D-FGDGW',
    note: '非公党工委',
  },
  {
    username: 'jiedao',
    displayName: '站前街道干部',
    role: 'dept_admin',
    unitCode: 'S1',
    note: '街道门户（星级管理）',
  },
  {
    username: 'shequ',
    displayName: '社区党委书记',
    role: 'dept_admin',
    unitCode: 'S1C1',
    note: '社区门户（星级管理）',
  },
  {
    username: 'tianbao',
    displayName: '街道班子填报员',
    role: 'unit_reporter',
    unitCode: 'S1',
    note: '被考核班子（填报指标）',
  },
  {
    username: 'shuji',
    displayName: '支部书记',
    role: 'branch_secretary',
    unitCode: 'S1C1B1',
    note: '支部书记（评星）',
  },
  {
    username: 'dangyuan',
    displayName: '党员',
    role: 'member',
    unitCode: 'S1C1B1',
    memberOfFirstBranch: true,
    note: '党员（手机端）',
  },
  {
    username: 'sysadmin',
    displayName: '系统管理员',
    role: 'sys_admin',
    unitCode: 'ZQ',
    note: '系统管理员（三员）',
  },
  {
    username: 'secadmin',
    displayName: '安全管理员',
    role: 'sec_admin',
    unitCode: 'ZQ',
    note: '安全管理员（三员）',
  },
  {
    username: 'auditor',
    displayName: '审计管理员',
    role: 'audit_admin',
    unitCode: 'ZQ',
    note: '审计管理员（三员）',
  },
];

export async function seedDemoUsers(db: Kysely<Database>, password = DEMO_PASSWORD): Promise<DemoAccount[]> {
  for (const account of DEMO_ACCOUNTS) {
    const unit = await db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', account.unitCode)
      .executeTakeFirstOrThrow();
    const member = account.memberOfFirstBranch
      ? await db
          .selectFrom('member')
          .select('id')
          .where('branch_id', '=', unit.id)
          .orderBy('id')
          .limit(1)
          .executeTakeFirst()
      : undefined;
    await createUser(db, {
      username: account.username,
      displayName: account.displayName,
      password,
      role: account.role,
      orgUnitId: unit.id,
      memberId: member?.id ?? null,
    });
  }
  return DEMO_ACCOUNTS;
}
