import { type Kysely, sql } from 'kysely';

/**
 * Households as the grid knows them (issue #14, item 4): the address in parts (楼栋 / 单元 /
 * 门牌), size (人口), the resident backbone flag (居民骨干) and contact (SM4-GCM ciphertext),
 * and the community Party committee the household lives in. `address_key` (the parts,
 * normalized) is unique per committee: what a re-import matches a household by. Households
 * of earlier data have neither and stay as they are.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of ['building', 'unit_no', 'door_no', 'contact_enc', 'address_key']) {
    await sql`alter table household add column ${sql.id(c)} text`.execute(db);
  }
  await sql`alter table household add column size integer`.execute(db);
  await sql`alter table household add column backbone integer not null default 0`.execute(db);
  await sql`alter table household add column committee_id integer references org_unit(id)`.execute(db);
  await sql`create unique index household_address on household(committee_id, address_key)`.execute(db);
  await sql`create index household_backbone on household(zone_id, backbone)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index household_backbone`.execute(db);
  await sql`drop index household_address`.execute(db);
  for (const c of [
    'committee_id',
    'backbone',
    'size',
    'address_key',
    'contact_enc',
    'door_no',
    'unit_no',
    'building',
  ]) {
    await sql`alter table household drop column ${sql.id(c)}`.execute(db);
  }
}
