import { decryptField, maskPhone } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { CONTACT_CONTEXT } from './households.ts';

type Db = Kysely<Database>;

export interface GridBackbone {
  householdId: number;
  headName: string;
  address: string;
  /** Masked (138****8000): the grid is a map, not a contact list. */
  contact: string | null;
}

export interface GridMember {
  memberId: number;
  name: string;
  zoneId: number | null;
  zoneName: string | null;
  households: number;
  backbones: GridBackbone[];
}

export interface GridBranch {
  id: number;
  code: string;
  name: string;
  branchType: 'building' | 'enterprise' | null;
  members: GridMember[];
}

/**
 * The grid (网格) under a community Party committee or a branch: building branches → each
 * member's responsibility zone with its household count → the resident backbones (居民骨干)
 * among those households. Three set-based queries whatever the size.
 */
export async function gridOf(db: Db, unitId: number): Promise<{ unitId: number; branches: GridBranch[] }> {
  const branches = await db
    .selectFrom('org_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.descendant_id')
    .select(['u.id', 'u.code', 'u.name', 'u.branch_type'])
    .where('c.ancestor_id', '=', unitId)
    .where('u.kind', '=', 'branch')
    .where('u.dissolved_on', 'is', null)
    .orderBy('u.sort_order')
    .orderBy('u.id')
    .execute();
  const members = await db
    .selectFrom('org_closure as c')
    .innerJoin('member as m', 'm.branch_id', 'c.descendant_id')
    .leftJoin('zone as z', 'z.member_id', 'm.id')
    .select((eb) => [
      'm.id',
      'm.name',
      'm.branch_id',
      'z.id as zone_id',
      'z.name as zone_name',
      eb
        .selectFrom('household as h')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('h.zone_id', '=', 'z.id')
        .as('households'),
    ])
    .where('c.ancestor_id', '=', unitId)
    .where('m.status', '=', 'active')
    .orderBy('m.id')
    .execute();
  const backbones = await db
    .selectFrom('org_closure as c')
    .innerJoin('member as m', 'm.branch_id', 'c.descendant_id')
    .innerJoin('zone as z', 'z.member_id', 'm.id')
    .innerJoin('household as h', 'h.zone_id', 'z.id')
    .select(['m.id as member_id', 'h.id', 'h.head_name', 'h.address', 'h.contact_enc'])
    .where('c.ancestor_id', '=', unitId)
    .where('m.status', '=', 'active')
    .where('h.backbone', '=', 1)
    .orderBy('h.id')
    .execute();
  const byMember = new Map<number, GridBackbone[]>();
  for (const b of backbones)
    byMember.set(b.member_id, [
      ...(byMember.get(b.member_id) ?? []),
      {
        householdId: b.id,
        headName: b.head_name,
        address: b.address,
        contact: b.contact_enc ? maskPhone(decryptField(b.contact_enc, CONTACT_CONTEXT)) : null,
      },
    ]);
  const byBranch = new Map<number, GridMember[]>();
  for (const m of members)
    byBranch.set(m.branch_id, [
      ...(byBranch.get(m.branch_id) ?? []),
      {
        memberId: m.id,
        name: m.name,
        zoneId: m.zone_id,
        zoneName: m.zone_name,
        households: Number(m.households ?? 0),
        backbones: byMember.get(m.id) ?? [],
      },
    ]);
  return {
    unitId,
    branches: branches.map((b) => ({
      id: b.id,
      code: b.code,
      name: b.name,
      branchType: b.branch_type,
      members: byBranch.get(b.id) ?? [],
    })),
  };
}
