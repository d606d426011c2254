// Test helpers (not exported): a district with two streets and a station each.
import type { Database, Kysely } from '@zhanqian/db';
import { createUnit } from '@zhanqian/org';
import { completeCreditCode } from './credit-code.ts';
import { createStation } from './registry.ts';

export async function district(db: Kysely<Database>) {
  const root = await createUnit(db, {
    parentId: null,
    kind: 'district',
    name: '站前区',
    code: 'ZQ',
    portal: 'district',
  });
  const s1 = await createUnit(db, { parentId: root.id, kind: 'street', name: '街道1', code: 'S1' });
  const s2 = await createUnit(db, { parentId: root.id, kind: 'street', name: '街道2', code: 'S2' });
  const st1 = await createStation(db, { code: 'ST1', name: '工作站1', streetId: s1.id, address: '' });
  const st2 = await createStation(db, { code: 'ST2', name: '工作站2', streetId: s2.id, address: '' });
  return { root, s1, s2, st1, st2 };
}

/** A valid credit code numbered n (deterministic). */
export const code = (n: number): string => completeCreditCode(`91210800${String(n).padStart(9, '0')}`);
