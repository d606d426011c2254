import type { AuditLogRow, Database, Kysely } from '@zhanqian/db';
import {
  type AuditLocale,
  actionCategory,
  actionLabel,
  categoryLabel,
  fieldLabel,
  objectTypeLabel,
  resultLabel,
} from './catalogue.ts';
import { type AuditNames, resolveAuditNames } from './names.ts';

type Db = Kysely<Database>;

/** A record as a person reads it: the codes in words, the ids as names (issue #21, item 12). */
export interface AuditRowView {
  id: number;
  at: string;
  actorId: number | null;
  /** The name recorded at the time (a user name, or `zq-cli`). */
  actor: string;
  /** `姓名（账号）` of the account now, or the recorded actor when there is none. */
  actorLabel: string;
  action: string;
  actionLabel: string;
  category: string;
  categoryLabel: string;
  objectType: string;
  objectTypeLabel: string;
  objectId: string | null;
  /** The object's name, or `类型 #id` when it has none (deleted, or a kind without a name). */
  objectLabel: string;
  orgUnitId: number | null;
  unitLabel: string | null;
  result: AuditRowResult;
  resultLabel: string;
  ip: string | null;
}
type AuditRowResult = AuditLogRow['result'];

/**
 * A refusal is recorded under the path of the procedure refused (`object_type` 'procedure'):
 * the object is that function, in words.
 */
function objectLabelOf(r: AuditLogRow, names: AuditNames, locale: AuditLocale): string {
  if (r.object_type === 'procedure') return actionLabel(r.action, locale);
  const type = objectTypeLabel(r.object_type, locale);
  if (r.object_id === null) return type;
  const name = names.objects.get(`${r.object_type}:${r.object_id}`);
  return name ? `${type}：${name}` : `${type} #${r.object_id}`;
}

export function viewRow(r: AuditLogRow, names: AuditNames, locale: AuditLocale): AuditRowView {
  const category = actionCategory(r.action);
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actor: r.actor,
    actorLabel: (r.actor_id !== null && names.users.get(r.actor_id)) || r.actor,
    action: r.action,
    actionLabel: actionLabel(r.action, locale),
    category,
    categoryLabel: categoryLabel(category, locale),
    objectType: r.object_type,
    objectTypeLabel: objectTypeLabel(r.object_type, locale),
    objectId: r.object_id,
    objectLabel: objectLabelOf(r, names, locale),
    orgUnitId: r.org_unit_id,
    unitLabel: r.org_unit_id === null ? null : (names.units.get(r.org_unit_id) ?? `#${r.org_unit_id}`),
    result: r.result,
    resultLabel: resultLabel(r.result, locale),
    ip: r.ip,
  };
}

/** A page of records in words: names resolved for the page at once. */
export async function viewRows(db: Db, rows: AuditLogRow[], locale: AuditLocale): Promise<AuditRowView[]> {
  const names = await resolveAuditNames(db, rows);
  return rows.map((r) => viewRow(r, names, locale));
}

export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';
export interface AuditChange {
  /** Dotted path in the payload, e.g. `role` or `filter.from`. */
  path: string;
  label: string;
  before: string | null;
  after: string | null;
  kind: ChangeKind;
}

/** At most this many fields are compared (a bulk payload's arrays are compared whole). */
const MAX_CHANGES = 400;

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** Leaves of a payload by dotted path; arrays and scalars are leaves. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) out.set(prefix || '(值)', value);
}

const show = (v: unknown): string | null =>
  v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);

/**
 * Before against after, field by field: what was added, removed, changed, and (listed last)
 * what stayed. Either side may be absent (a creation has only an after).
 */
export function diffPayloads(
  beforeJson: string | null,
  afterJson: string | null,
  locale: AuditLocale = 'zh-CN',
): AuditChange[] {
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  flatten(parse(beforeJson), '', before);
  flatten(parse(afterJson), '', after);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  const changes = paths.map((path): AuditChange => {
    const b = show(before.get(path));
    const a = show(after.get(path));
    const kind: ChangeKind = !before.has(path)
      ? 'added'
      : !after.has(path)
        ? 'removed'
        : a === b
          ? 'same'
          : 'changed';
    const leaf = path.split('.').at(-1)!;
    const label = path.includes('.')
      ? `${path.split('.').slice(0, -1).join('.')}.${fieldLabel(leaf, locale)}`
      : fieldLabel(leaf, locale);
    return { path, label, before: b, after: a, kind };
  });
  const order: Record<ChangeKind, number> = { changed: 0, added: 1, removed: 2, same: 3 };
  return changes.sort((x, y) => order[x.kind] - order[y.kind]).slice(0, MAX_CHANGES);
}

export interface AuditDetail extends AuditRowView {
  before: unknown;
  after: unknown;
  changes: AuditChange[];
  prevHash: string;
  hash: string;
  chainVersion: number;
}

/** One record with its payloads compared; undefined when there is no such record. */
export async function auditDetail(
  db: Db,
  id: number,
  locale: AuditLocale,
  actorId?: number,
): Promise<AuditDetail | undefined> {
  let q = db.selectFrom('audit_log').selectAll().where('id', '=', id);
  if (actorId !== undefined) q = q.where('actor_id', '=', actorId);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const [view] = await viewRows(db, [row], locale);
  return {
    ...view!,
    before: parse(row.before_json) ?? null,
    after: parse(row.after_json) ?? null,
    changes: diffPayloads(row.before_json, row.after_json, locale),
    prevHash: row.prev_hash,
    hash: row.hash,
    chainVersion: row.chain_version,
  };
}
