import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Units and members as the office's own files give them, and the import pipeline (issue #14,
 * items 2, 3 and 6):
 *
 * - `org_unit.secretary_name` (书记) and `org_unit.branch_type` ('building' 楼栋党支部,
 *   'enterprise' 企业党支部, null for any other unit or an ordinary branch).
 * - `member.ethnicity` (民族), `education` (学历), `work_post` (工作单位及职务) and
 *   `home_address_enc` (家庭住址, SM4-GCM ciphertext like the other identifiers).
 *   `category` (人员类别) and `confirmed_at` (转正日期) are added only when missing: the org
 *   history migration (2026120306) may have brought them first (see its note).
 * - `import_batch`: one uploaded file, its dry-run counts and errors, its commit's progress.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`alter table org_unit add column secretary_name text`.execute(db);
  await sql`alter table org_unit add column branch_type text`.execute(db);

  for (const c of ['ethnicity', 'education', 'work_post', 'home_address_enc']) {
    await sql`alter table member add column ${sql.id(c)} text`.execute(db);
  }
  const tables = await db.introspection.getTables();
  const columns = new Set(tables.find((t) => t.name === 'member')?.columns.map((c) => c.name));
  if (!columns.has('category')) {
    await sql`alter table member add column category text not null default 'full'`.execute(db);
  }
  if (!columns.has('confirmed_at')) {
    await sql`alter table member add column confirmed_at text`.execute(db);
  }

  const big = sql.raw(pg ? 'bigint' : 'integer');
  await sql`create table import_batch (
    id text primary key,
    kind text not null,
    scope_unit_id integer not null references org_unit(id),
    lock_key text not null,
    uploaded_by integer references app_user(id),
    actor text not null,
    file_name text not null,
    format text not null,
    storage_key text not null,
    size ${big} not null,
    sha256 text not null,
    status text not null,
    total_rows integer,
    done_rows integer not null default 0,
    new_rows integer,
    changed_rows integer,
    unchanged_rows integer,
    rejected_rows integer,
    error_count integer not null default 0,
    errors_json text,
    message text,
    created_at text not null,
    checked_at text,
    queued_at text,
    finished_at text
  )`.execute(db);
  await sql`create index import_batch_scope on import_batch(scope_unit_id, created_at)`.execute(db);
  await sql`create index import_batch_lock on import_batch(lock_key, status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_batch').execute();
  // category and confirmed_at stay: the org history migration may own them (see up).
  for (const c of ['home_address_enc', 'work_post', 'education', 'ethnicity']) {
    await sql`alter table member drop column ${sql.id(c)}`.execute(db);
  }
  await sql`alter table org_unit drop column branch_type`.execute(db);
  await sql`alter table org_unit drop column secretary_name`.execute(db);
}
