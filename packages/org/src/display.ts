import type { Database, Kysely } from '@zhanqian/db';

type Db = Kysely<Database>;

/**
 * How a unit is named wherever units of several streets may be listed together. Communities
 * and branches are named by the people who founded them, so the same name can stand in two
 * streets (东升社区党委 in 站前街道 and in 建设街道): such a unit reads with its street,
 * '东升社区党委（站前街道）'. A unit with no street above it (the district, a department, a
 * street itself) keeps its name, and so does one whose name already says its street.
 *
 * @example unitDisplayName('东升社区党委', '站前街道') // '东升社区党委（站前街道）'
 * @example unitDisplayName('建设街道', null) // '建设街道'
 */
export function unitDisplayName(name: string, streetName: string | null | undefined): string {
  if (!streetName || name.includes(streetName)) return name;
  return `${name}（${streetName}）`;
}

/**
 * Every unit that lies below a street, with that street: one row per unit (a unit has at most
 * one street above it), from the closure table in one join. A derived table to join on
 * `unit_id`, e.g. `.leftJoin(streetOfUnits(db).as('st'), 'st.unit_id', 'u.id')`.
 */
export const streetOfUnits = (db: Db) =>
  db
    .selectFrom('org_closure as sc')
    .innerJoin('org_unit as su', (j) => j.onRef('su.id', '=', 'sc.ancestor_id').on('su.kind', '=', 'street'))
    .select(['sc.descendant_id as unit_id', 'su.id as street_id', 'su.name as street_name'])
    .where('sc.depth', '>', 0);

/**
 * The names to show for units by id (see unitDisplayName). `withinId` is the root the list is
 * confined to (the caller's scope, or the unit picked): when it lies in a street, that street
 * goes without saying and is left out for the units in it. One query whatever the number of
 * units (chunked for the engines' parameter limits); the names come in the order of `ids`.
 *
 * @example await unitDisplayNames(db, [8, 80], 1) // Map { 8 => '春华社区党委（站前街道）', 80 => '…（建设街道）' }
 * @example await unitDisplayNames(db, [8], 7) // Map { 8 => '春华社区党委' } (7 is 站前街道)
 */
export async function unitDisplayNames(
  db: Db,
  ids: readonly number[],
  withinId?: number,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return out;
  const rowsOf = (chunk: number[]) =>
    db
      .selectFrom('org_unit as u')
      .leftJoin(streetOfUnits(db).as('st'), 'st.unit_id', 'u.id')
      .select(['u.id', 'u.name', 'u.kind', 'st.street_id', 'st.street_name'])
      .where('u.id', 'in', chunk)
      .execute();
  // The root's row comes with the units' (one query, chunked for the parameter limits).
  const all = withinId === undefined ? wanted : [...wanted, withinId];
  const rows = new Map<number, Awaited<ReturnType<typeof rowsOf>>[number]>();
  for (let i = 0; i < all.length; i += 5_000)
    for (const r of await rowsOf(all.slice(i, i + 5_000))) rows.set(r.id, r);
  const root = withinId === undefined ? undefined : rows.get(withinId);
  const withinStreet = root ? (root.kind === 'street' ? root.id : root.street_id) : null;
  for (const id of wanted) {
    const r = rows.get(id);
    if (!r) continue;
    const other = r.street_id !== null && r.street_id !== withinStreet;
    out.set(id, other ? unitDisplayName(r.name, r.street_name) : r.name);
  }
  return out;
}

/**
 * Rows with a unit id and name, the name replaced by its display name (see unitDisplayNames).
 *
 * @example await withUnitDisplayNames(db, rows, 'org_unit_id', 'unit_name', scopeRootId)
 */
export async function withUnitDisplayNames<T extends object>(
  db: Db,
  rows: T[],
  idKey: keyof T,
  nameKey: keyof T,
  withinId?: number,
): Promise<T[]> {
  const names = await unitDisplayNames(
    db,
    rows.map((r) => Number(r[idKey])),
    withinId,
  );
  return rows.map((r) => ({ ...r, [nameKey]: names.get(Number(r[idKey])) ?? r[nameKey] }));
}
