import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dialectOf, migrateToLatest, resolveDatabaseConfig } from './index.ts';
import { describeEachDialect } from './testing.ts';

describe('DATABASE_URL contract', () => {
  it('defaults to data/zhanqian.sqlite under the root', () => {
    expect(resolveDatabaseConfig(undefined, '/srv/zq')).toEqual({
      dialect: 'sqlite',
      path: '/srv/zq/data/zhanqian.sqlite',
    });
    expect(resolveDatabaseConfig('  ', '/srv/zq').dialect).toBe('sqlite');
  });
  it('takes a path or file:PATH', () => {
    expect(resolveDatabaseConfig('file:tmp/x.db', '/srv')).toEqual({
      dialect: 'sqlite',
      path: '/srv/tmp/x.db',
    });
    expect(resolveDatabaseConfig('/abs/x.db', '/srv')).toEqual({ dialect: 'sqlite', path: '/abs/x.db' });
    expect(resolveDatabaseConfig(':memory:', '/srv')).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });
  it('takes postgres URLs and refuses other schemes', () => {
    expect(resolveDatabaseConfig('postgres://u@h/db', '/').dialect).toBe('postgres');
    expect(resolveDatabaseConfig('postgresql://u@h/db', '/').dialect).toBe('postgres');
    expect(() => resolveDatabaseConfig('mysql://u@h/db', '/')).toThrow(/unsupported scheme/);
  });
});

describeEachDialect('migrations', (t) => {
  it('are all applied and re-running is a no-op', async () => {
    expect(['sqlite', 'postgres']).toContain(dialectOf(t.db));
    const again = await migrateToLatest(t.db);
    expect(again).toEqual([]);
    const tables = [
      'org_unit',
      'org_closure',
      'member',
      'zone',
      'household',
      'app_user',
      'user_session',
      'audit_log',
    ];
    for (const table of tables) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db);
      expect(Number(r.rows[0]?.n)).toBe(0);
    }
  });
  it('enforces unique org codes', async () => {
    const row = {
      kind: 'district' as const,
      name: '站前区',
      code: 'D',
      parent_id: null,
      portal: null,
      created_at: 'x',
    };
    await t.db.insertInto('org_unit').values(row).execute();
    await expect(t.db.insertInto('org_unit').values(row).execute()).rejects.toThrow();
  });
});
