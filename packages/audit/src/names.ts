import type { AuditLogRow, Database, Kysely } from '@zhanqian/db';

type Db = Kysely<Database>;

/**
 * The names behind an audit page's ids (issue #21, item 12): the actor's name and user name, the
 * object's name (a unit, a member, a campaign's title …) and the unit's. Resolved in a batch —
 * one query per object type present on the page (per 500 ids), never one per row. Names are read
 * as they are now (a unit renamed since shows its current name); the record itself keeps the id.
 */
export interface AuditNames {
  /** `type:id` → the object's name. */
  objects: Map<string, string>;
  /** app_user id → `姓名（账号）`. */
  users: Map<number, string>;
  /** org_unit id → name (with its street where a community or branch name can repeat). */
  units: Map<number, string>;
}

const CHUNK = 500;
const chunks = <T>(xs: T[], n = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));
const numeric = (ids: string[]) => [...new Set(ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number))];

type Resolver = (db: Db, ids: string[]) => Promise<[string | number, string][]>;

/** 姓名（账号） */
const userLabel = (display: string, username: string) =>
  display && display !== username ? `${display}（${username}）` : username;

async function userNames(db: Db, ids: number[]): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('app_user')
      .select(['id', 'username', 'display_name'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) out.push([r.id, userLabel(r.display_name, r.username)]);
  }
  return out;
}

/** A community's or branch's name with its street: names repeat across streets (issue #21, item 11). */
async function unitNames(db: Db, ids: number[]): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('org_unit as u')
      .select((eb) => [
        'u.id',
        'u.name',
        'u.kind',
        eb
          .selectFrom('org_closure as oc')
          .innerJoin('org_unit as s', 's.id', 'oc.ancestor_id')
          .select('s.name')
          .whereRef('oc.descendant_id', '=', 'u.id')
          .where('oc.depth', '>', 0)
          .where('s.kind', '=', 'street')
          .limit(1)
          .as('street'),
      ])
      .where('u.id', 'in', part)
      .execute();
    for (const r of rows)
      out.push([
        r.id,
        r.street && (r.kind === 'committee' || r.kind === 'branch') ? `${r.street} ${r.name}` : r.name,
      ]);
  }
  return out;
}

/** A resolver over one table's `id` and a name expression. */
function byId(run: (db: Db, ids: number[]) => Promise<{ id: number; label: string | null }[]>): Resolver {
  return async (db, ids) => {
    const out: [number, string][] = [];
    for (const part of chunks(numeric(ids)))
      for (const r of await run(db, part)) if (r.label) out.push([r.id, r.label]);
    return out;
  };
}

const join = (...parts: (string | number | null | undefined)[]) =>
  parts.filter((p) => p !== null && p !== undefined && p !== '').join(' · ');

const RESOLVERS: Record<string, Resolver> = {
  app_user: async (db, ids) => userNames(db, numeric(ids)),
  org_unit: async (db, ids) => unitNames(db, numeric(ids)),
  member: byId(async (db, ids) =>
    (
      await db
        .selectFrom('member as m')
        .innerJoin('org_unit as b', 'b.id', 'm.branch_id')
        .select(['m.id', 'm.name', 'b.name as branch'])
        .where('m.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.name}（${r.branch}）` })),
  ),
  scoring_scheme: byId(async (db, ids) =>
    (
      await db.selectFrom('scoring_scheme').select(['id', 'name', 'year']).where('id', 'in', ids).execute()
    ).map((r) => ({ id: r.id, label: r.name.includes(String(r.year)) ? r.name : `${r.year}年 ${r.name}` })),
  ),
  scoring_subject: byId(async (db, ids) =>
    (
      await db
        .selectFrom('scoring_subject as s')
        .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
        .select(['s.id', 's.year', 'u.name'])
        .where('s.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.year}年 ${r.name}` })),
  ),
  scoring_report: byId(async (db, ids) =>
    (
      await db
        .selectFrom('scoring_report as r')
        .innerJoin('scoring_subject as s', 's.id', 'r.subject_id')
        .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
        .leftJoin('scoring_node as n', 'n.id', 'r.indicator_id')
        .select(['r.id', 'r.year', 'u.name as unit', 'n.name as indicator'])
        .where('r.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${join(r.unit, r.indicator)}（${r.year}年）` })),
  ),
  scoring_objection: byId(async (db, ids) =>
    (
      await db
        .selectFrom('scoring_objection as o')
        .innerJoin('scoring_subject as s', 's.id', 'o.subject_id')
        .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
        .select(['o.id', 'o.year', 'u.name'])
        .where('o.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.year}年 ${r.name}` })),
  ),
  cadre: byId((db, ids) =>
    db.selectFrom('cadre').select(['id', 'name as label']).where('id', 'in', ids).execute(),
  ),
  cadre_campaign: byId((db, ids) =>
    db.selectFrom('cadre_campaign').select(['id', 'title as label']).where('id', 'in', ids).execute(),
  ),
  cadre_vacancy: byId((db, ids) =>
    db.selectFrom('cadre_vacancy').select(['id', 'title as label']).where('id', 'in', ids).execute(),
  ),
  cadre_candidate: byId(async (db, ids) =>
    (
      await db
        .selectFrom('cadre_candidate as k')
        .innerJoin('cadre as c', 'c.id', 'k.cadre_id')
        .innerJoin('cadre_campaign as p', 'p.id', 'k.campaign_id')
        .select(['k.id', 'c.name', 'p.title'])
        .where('k.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: join(r.name, r.title) })),
  ),
  cadre_nomination: byId(async (db, ids) =>
    (
      await db
        .selectFrom('cadre_nomination as n')
        .innerJoin('cadre as c', 'c.id', 'n.cadre_id')
        .innerJoin('cadre_vacancy as v', 'v.id', 'n.vacancy_id')
        .select(['n.id', 'c.name', 'v.title'])
        .where('n.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: join(r.name, r.title) })),
  ),
  cadre_objection: byId((db, ids) =>
    db
      .selectFrom('cadre_objection as o')
      .innerJoin('cadre_campaign as p', 'p.id', 'o.campaign_id')
      .select(['o.id', 'p.title as label'])
      .where('o.id', 'in', ids)
      .execute(),
  ),
  cadre_vote: byId((db, ids) =>
    db
      .selectFrom('cadre_vote as v')
      .innerJoin('cadre_campaign as p', 'p.id', 'v.campaign_id')
      .select(['v.id', 'p.title as label'])
      .where('v.id', 'in', ids)
      .execute(),
  ),
  cadre_rotation: byId(async (db, ids) =>
    (
      await db
        .selectFrom('cadre_rotation as r')
        .innerJoin('cadre as c', 'c.id', 'r.cadre_id')
        .select(['r.id', 'r.year', 'c.name'])
        .where('r.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.name}（${r.year}年）` })),
  ),
  cadre_evaluation: byId(async (db, ids) =>
    (
      await db
        .selectFrom('cadre_evaluation as e')
        .innerJoin('cadre as c', 'c.id', 'e.cadre_id')
        .select(['e.id', 'e.year', 'c.name'])
        .where('e.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.name}（${r.year}年）` })),
  ),
  talent_person: byId((db, ids) =>
    db.selectFrom('talent_person').select(['id', 'name as label']).where('id', 'in', ids).execute(),
  ),
  talent_tier: byId((db, ids) =>
    db.selectFrom('talent_tier').select(['id', 'name as label']).where('id', 'in', ids).execute(),
  ),
  talent_fund: byId((db, ids) =>
    db.selectFrom('talent_fund').select(['id', 'name as label']).where('id', 'in', ids).execute(),
  ),
  talent_award_cycle: byId((db, ids) =>
    db.selectFrom('talent_award_cycle').select(['id', 'name as label']).where('id', 'in', ids).execute(),
  ),
  talent_award_expert: byId((db, ids) =>
    db.selectFrom('talent_award_expert').select(['id', 'name as label']).where('id', 'in', ids).execute(),
  ),
  talent_subsidy_application: byId((db, ids) =>
    db
      .selectFrom('talent_subsidy_application as a')
      .innerJoin('talent_person as p', 'p.id', 'a.talent_id')
      .select(['a.id', 'p.name as label'])
      .where('a.id', 'in', ids)
      .execute(),
  ),
  talent_nomination: byId(async (db, ids) =>
    (
      await db
        .selectFrom('talent_nomination as n')
        .innerJoin('talent_person as p', 'p.id', 'n.talent_id')
        .innerJoin('talent_award_cycle as c', 'c.id', 'n.cycle_id')
        .select(['n.id', 'p.name', 'c.name as cycle'])
        .where('n.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: join(r.name, r.cycle) })),
  ),
  talent_attachment: byId((db, ids) =>
    db
      .selectFrom('talent_attachment as a')
      .innerJoin('evidence_file as f', 'f.id', 'a.file_id')
      .select(['a.id', 'f.name as label'])
      .where('a.id', 'in', ids)
      .execute(),
  ),
  notice: byId((db, ids) =>
    db.selectFrom('notice').select(['id', 'title as label']).where('id', 'in', ids).execute(),
  ),
  direct_line_thread: byId((db, ids) =>
    db.selectFrom('direct_line_thread').select(['id', 'title as label']).where('id', 'in', ids).execute(),
  ),
  evidence_file: async (db, ids) => {
    const out: [string, string][] = [];
    for (const part of chunks([...new Set(ids)]))
      for (const r of await db
        .selectFrom('evidence_file')
        .select(['id', 'name'])
        .where('id', 'in', part)
        .execute())
        out.push([r.id, r.name]);
    return out;
  },
  import_batch: async (db, ids) => {
    const out: [string, string][] = [];
    for (const part of chunks([...new Set(ids)]))
      for (const r of await db
        .selectFrom('import_batch')
        .select(['id', 'file_name'])
        .where('id', 'in', part)
        .execute())
        out.push([r.id, r.file_name]);
    return out;
  },
};

/** The object types whose ids resolve to names. */
export const RESOLVED_OBJECT_TYPES = Object.keys(RESOLVERS);

type NamedRow = Pick<AuditLogRow, 'actor_id' | 'object_type' | 'object_id' | 'org_unit_id'>;

/** The names of a page's (or an export batch's) actors, objects and units, in one query per type. */
export async function resolveAuditNames(db: Db, rows: NamedRow[]): Promise<AuditNames> {
  const userIds = new Set<number>();
  const unitIds = new Set<number>();
  const byType = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.actor_id !== null) userIds.add(r.actor_id);
    if (r.org_unit_id !== null) unitIds.add(r.org_unit_id);
    if (r.object_id === null || !RESOLVERS[r.object_type]) continue;
    // Accounts and units are looked up with the actors and units of the page.
    if (r.object_type === 'app_user' && /^\d+$/.test(r.object_id)) userIds.add(Number(r.object_id));
    else if (r.object_type === 'org_unit' && /^\d+$/.test(r.object_id)) unitIds.add(Number(r.object_id));
    else {
      const set = byType.get(r.object_type) ?? new Set<string>();
      set.add(r.object_id);
      byType.set(r.object_type, set);
    }
  }
  const objects = new Map<string, string>();
  const users = new Map(await userNames(db, [...userIds]));
  const units = new Map(await unitNames(db, [...unitIds]));
  for (const [id, name] of users) objects.set(`app_user:${id}`, name);
  for (const [id, name] of units) objects.set(`org_unit:${id}`, name);
  for (const [type, ids] of byType)
    for (const [id, name] of await RESOLVERS[type]!(db, [...ids])) objects.set(`${type}:${id}`, name);
  return { objects, users, units };
}

/** Used by a caller that wants one object's name alone (the detail view). */
export const objectKey = (type: string, id: string | null) => (id === null ? null : `${type}:${id}`);
