import { nowIso } from '@zhanqian/core';
import type { Household, Member, NewOrgUnit, OrgKind } from '@zhanqian/db';
import { BUILDING_BRANCH, COMMUNITY_WORDS, DEPARTMENTS, GIVEN, ROADS, STREETS, SURNAMES } from './names.ts';
import { pick, rng, splitExactly } from './random.ts';

/**
 * The demo district's org tree and people at a scale. Scale 1 reproduces the seed report:
 * 120,000 households, nearly 10,000 members, 400+ grassroots organizations (committees +
 * branches). Scale N multiplies every count (streets included). Ids are assigned here so
 * that closure rows can be computed without reading back; the result is deterministic.
 */
export interface DistrictPlan {
  units: (NewOrgUnit & { id: number })[];
  closure: { ancestor_id: number; descendant_id: number; depth: number }[];
  members: (Omit<Member, 'id'> & { id: number })[];
  zones: { id: number; member_id: number; name: string }[];
  /** Households are streamed (12 M at scale 100 would not fit comfortably as objects). */
  households: () => Generator<Household>;
  householdCount: number;
}

export const PER_SCALE = {
  streets: 6,
  committeesPerStreet: 7,
  households: 120_000,
  members: 9_800,
} as const;

/** The demo member's own facts (name as drawn: 邵伟东). */
export const DEMO_MEMBER = { gender: 'M', birth_date: '1990-04-16', joined_at: '2013-07-01' } as const;

/**
 * Throws unless every unit's name is unique among the units of its street (communities and
 * branches), and, when `districtWide`, among all units of the district.
 */
export function assertUniqueNames(
  units: readonly { id: number; kind: OrgKind; name: string }[],
  parentOf: ReadonlyMap<number, number | null>,
  districtWide: boolean,
): void {
  const kindOf = new Map(units.map((u) => [u.id, u.kind]));
  const streetOf = (id: number): number | null => {
    for (let a = parentOf.get(id) ?? null; a !== null; a = parentOf.get(a) ?? null)
      if (kindOf.get(a) === 'street') return a;
    return null;
  };
  const seen = new Map<string, number>();
  for (const u of units) {
    const key = districtWide ? u.name : `${streetOf(u.id) ?? 0}|${u.name}`;
    const other = seen.get(key);
    if (other !== undefined)
      throw new Error(
        `seed: unit name ${u.name} repeats (units ${other} and ${u.id}) ${districtWide ? 'in the district' : 'in one street'}`,
      );
    seen.set(key, u.id);
  }
}

export function planDistrict(scale: number, seed = 20261128): DistrictPlan {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  const r = rng(seed);
  const created_at = nowIso();
  const units: DistrictPlan['units'] = [];
  const closure: DistrictPlan['closure'] = [];
  const parentOf = new Map<number, number | null>();
  let nextUnit = 1;
  const addUnit = (
    parentId: number | null,
    kind: OrgKind,
    name: string,
    code: string,
    portal: NewOrgUnit['portal'] = null,
    sort = 0,
  ) => {
    const id = nextUnit++;
    units.push({ id, parent_id: parentId, kind, name, code, portal, sort_order: sort, created_at });
    parentOf.set(id, parentId);
    let depth = 0;
    for (let a: number | null = id; a !== null; a = parentOf.get(a) ?? null)
      closure.push({ ancestor_id: a, descendant_id: id, depth: depth++ });
    return id;
  };

  const district = addUnit(null, 'district', '站前区', 'ZQ', 'district');
  DEPARTMENTS.forEach((d, i) => {
    addUnit(district, 'department', d.name, d.code, d.portal, i);
  });

  const branches: number[] = [];
  const streetCount = PER_SCALE.streets * scale;
  for (let s = 0; s < streetCount; s++) {
    const round = Math.floor(s / STREETS.length);
    const streetName = STREETS[s % STREETS.length]! + (round ? `（${round + 1}区）` : '');
    const street = addUnit(district, 'street', streetName, `S${s + 1}`, null, 10 + s);
    for (let c = 0; c < PER_SCALE.committeesPerStreet; c++) {
      // Consecutive places in the list: distinct within the street, and across the district
      // while the list lasts (scale 1–3).
      const word = COMMUNITY_WORDS[(s * PER_SCALE.committeesPerStreet + c) % COMMUNITY_WORDS.length]!;
      const committee = addUnit(street, 'committee', `${word}社区党委`, `S${s + 1}C${c + 1}`, null, c);
      const branchCount = 8 + Math.floor(r() * 3); // 8–10: about 9 per committee, 420 organizations at scale 1
      for (let b = 0; b < branchCount; b++)
        branches.push(
          addUnit(committee, 'branch', BUILDING_BRANCH(word, b + 1), `S${s + 1}C${c + 1}B${b + 1}`, null, b),
        );
    }
  }
  assertUniqueNames(
    units,
    parentOf,
    units.filter((u) => u.kind === 'committee').length <= COMMUNITY_WORDS.length,
  );

  const memberCounts = splitExactly(r, PER_SCALE.members * scale, branches.length, 0.35);
  const members: DistrictPlan['members'] = [];
  const zones: DistrictPlan['zones'] = [];
  let memberId = 1;
  branches.forEach((branchId, i) => {
    for (let k = 0; k < memberCounts[i]!; k++) {
      const id = memberId++;
      const year = 1950 + Math.floor(r() * 50);
      members.push({
        id,
        branch_id: branchId,
        name: pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.6 ? pick(r, GIVEN) : ''),
        gender: r() < 0.48 ? 'F' : 'M',
        birth_date: `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
        joined_at: `${Math.min(2025, year + 20 + Math.floor(r() * 30))}-07-01`,
        id_card_enc: null,
        phone_enc: null,
        created_at,
      });
      zones.push({ id, member_id: id, name: `${k + 1}号责任区` });
    }
  });
  // The demo member (account dangyuan, the first member of S1C1B1) is one person in every
  // domain: the talent and cadre files take this record's name, gender and dates. A young man,
  // so that he can be an introduced talent and stand for a deputy-section post (age ≤ 45).
  // Set after the draws, so every other record is as before.
  Object.assign(members[0]!, DEMO_MEMBER);

  const householdCounts = splitExactly(r, PER_SCALE.households * scale, zones.length, 0.4);
  function* households(): Generator<Household> {
    const hr = rng(seed + 1);
    let householdId = 1;
    for (let i = 0; i < zones.length; i++) {
      const road = pick(hr, ROADS);
      const building = 1 + Math.floor(hr() * 60);
      for (let k = 0; k < householdCounts[i]!; k++) {
        yield {
          id: householdId++,
          zone_id: zones[i]!.id,
          head_name: pick(hr, SURNAMES) + pick(hr, GIVEN) + (hr() < 0.6 ? pick(hr, GIVEN) : ''),
          address: `${road}${building}号楼${1 + Math.floor(k / 8)}单元${100 * (1 + (k % 8)) + 1}`,
        };
      }
    }
  }

  return { units, closure, members, zones, households, householdCount: PER_SCALE.households * scale };
}
