import { PII_CONTEXT } from '@zhanqian/auth';
import { blindIndex, decryptField, encryptField } from '@zhanqian/core';
import { dialectOf, sql } from '@zhanqian/db';
import { parseIdCard } from './idcard.ts';
import type { KindSpec, MappedRow } from './run.ts';
import { branchFinder } from './scope.ts';
import { parseCount, parseFlag, parsePhone, parseText } from './values.ts';

/** A household's contact number is encrypted like a member's phone, under its own context. */
export const CONTACT_CONTEXT = 'household.contact';

/** The address parts as matched: NFKC (full-width digits), no spaces, lower case. */
export const addressKey = (building: string, unit: string | null, door: string): string =>
  [building, unit ?? '', door].map((p) => p.normalize('NFKC').replace(/\s+/g, '').toLowerCase()).join('|');

/** The address as shown: 3号楼 2单元 501. */
export const addressText = (building: string, unit: string | null, door: string): string =>
  [building, unit, door].filter(Boolean).join(' ');

interface HouseholdRecord {
  row: MappedRow;
  headName: string;
  building: string;
  unitNo: string | null;
  door: string;
  size: number | null;
  memberId: number;
  committeeId: number;
  backbone: boolean;
  contact: string | null;
  key: string;
}

/**
 * Households of the grid: address (楼栋 / 单元 / 门牌), size (人口), the responsible member
 * (by identity number, or by name and branch), the resident backbone flag (居民骨干) and a
 * contact. A household is matched by its address within its community Party committee; the
 * member's responsibility zone (责任区) is created when the member has none yet.
 */
export const householdsSpec: KindSpec = {
  kind: 'households',
  sheetName: '户',
  analyze: ['household'],
  columns: [
    { key: 'headName', header: '户主姓名', aliases: ['户主'], required: true, width: 10 },
    { key: 'building', header: '楼栋', required: true, width: 10 },
    { key: 'unitNo', header: '单元', width: 8 },
    { key: 'door', header: '门牌', aliases: ['门牌号', '户号'], required: true, width: 8 },
    { key: 'size', header: '人口', aliases: ['人数', '家庭人口'], width: 6 },
    { key: 'memberId', header: '责任党员身份证号', aliases: ['责任党员公民身份号码'], width: 22 },
    { key: 'memberName', header: '责任党员', aliases: ['责任党员姓名'], width: 10 },
    { key: 'memberBranch', header: '责任党员所在党支部', aliases: ['所在党支部'], width: 20 },
    { key: 'backbone', header: '居民骨干', width: 8 },
    { key: 'contact', header: '联系电话', width: 14 },
  ],
  async open(ctx) {
    const branches = await branchFinder(ctx.db, ctx.scopeRootId);
    const branchIds = [...branches.byId.keys()];
    const members: { id: number; name: string; branch_id: number; id_card_hash: string | null }[] = [];
    for (let i = 0; i < branchIds.length; i += 500) {
      members.push(
        ...(await ctx.db
          .selectFrom('member')
          .select(['id', 'name', 'branch_id', 'id_card_hash'])
          .where('branch_id', 'in', branchIds.slice(i, i + 500))
          .where('status', '=', 'active')
          .execute()),
      );
    }
    const byHash = new Map(members.filter((m) => m.id_card_hash).map((m) => [m.id_card_hash!, m]));
    const byNameBranch = new Map<string, number[]>();
    for (const m of members) {
      const k = `${m.branch_id}|${m.name}`;
      byNameBranch.set(k, [...(byNameBranch.get(k) ?? []), m.id]);
    }
    const branchOfMember = new Map(members.map((m) => [m.id, m.branch_id]));
    const memberById = new Map(members.map((m) => [m.id, m]));
    const zones = new Map<number, number>();
    for (let i = 0; i < members.length; i += 500) {
      const rows = await ctx.db
        .selectFrom('zone')
        .select(['id', 'member_id'])
        .where(
          'member_id',
          'in',
          members.slice(i, i + 500).map((m) => m.id),
        )
        .execute();
      for (const z of rows) zones.set(z.member_id, z.id);
    }
    const seen = new Set<string>();
    // A sheet lists a member's households together: the last number's keyed hash serves the run of rows.
    let lastId = '';
    let lastHash = '';
    const idHash = (id: string) => {
      if (id !== lastId) {
        lastId = id;
        lastHash = blindIndex(id, PII_CONTEXT.idCard);
      }
      return lastHash;
    };

    const readRow = (row: MappedRow): HouseholdRecord | null => {
      const err = (col: string, code: string, params?: Record<string, string | number>) =>
        ctx.error(row, col, code, params);
      const headName = parseText(row.get('headName'), 50);
      if (headName === null) err('headName', 'required');
      else if (headName === undefined) err('headName', 'tooLong', { max: 50 });
      const building = parseText(row.get('building'), 40);
      if (building === null) err('building', 'required');
      else if (building === undefined) err('building', 'tooLong', { max: 40 });
      const unitNo = parseText(row.get('unitNo'), 20);
      if (unitNo === undefined) err('unitNo', 'tooLong', { max: 20 });
      const door = parseText(row.get('door'), 20);
      if (door === null) err('door', 'required');
      else if (door === undefined) err('door', 'tooLong', { max: 20 });
      const size = parseCount(row.get('size'), 1, 50);
      if (size === undefined) err('size', 'badSize');
      const backbone = parseFlag(row.get('backbone'));
      if (backbone === undefined) err('backbone', 'badFlag');
      const contact = parsePhone(row.get('contact'));
      if (contact === undefined) err('contact', 'badPhone');
      let memberId: number | null = null;
      const idText = parseText(row.get('memberId'), 30);
      const nameText = parseText(row.get('memberName'), 50);
      const branchText = parseText(row.get('memberBranch'), 100);
      if (idText) {
        const parsed = parseIdCard(idText, ctx.today);
        if (!parsed.ok) err('memberId', `id.${parsed.problem}`);
        else {
          const m = byHash.get(idHash(parsed.facts.id));
          if (!m) err('memberId', 'memberNotFound');
          else memberId = m.id;
        }
      } else if (nameText && branchText) {
        const b = branches.find(branchText);
        if (b === 'none') err('memberBranch', 'branchNotFound', { value: branchText });
        else if (b === 'ambiguous') err('memberBranch', 'branchAmbiguous', { value: branchText });
        else {
          const ids = byNameBranch.get(`${b.id}|${nameText}`) ?? [];
          if (ids.length === 0) err('memberName', 'memberNotFoundByName', { name: nameText, branch: b.name });
          else if (ids.length > 1) err('memberName', 'memberAmbiguous', { name: nameText, branch: b.name });
          else memberId = ids[0]!;
        }
      } else err('memberId', 'memberMissing');
      if (ctx.rejected(row) || memberId === null) return null;
      const branch = branches.byId.get(branchOfMember.get(memberId)!)!;
      const key = addressKey(building!, unitNo ?? null, door!);
      const committeeId = branch.parentId!;
      const seenKey = `${committeeId}|${key}`;
      if (seen.has(seenKey)) {
        err('door', 'duplicateKey', { value: addressText(building!, unitNo ?? null, door!) });
        return null;
      }
      seen.add(seenKey);
      return {
        row,
        headName: headName!,
        building: building!,
        unitNo: unitNo ?? null,
        door: door!,
        size: size ?? null,
        memberId,
        committeeId,
        backbone: backbone!,
        contact: contact ?? null,
        key,
      };
    };

    const zoneFor = async (memberId: number): Promise<number | null> => {
      const z = zones.get(memberId);
      if (z !== undefined || !ctx.apply) return z ?? null;
      const member = memberById.get(memberId)!;
      const created = await ctx.db
        .insertInto('zone')
        .values({ member_id: memberId, name: `${member.name}责任区` })
        .returning('id')
        .executeTakeFirstOrThrow();
      zones.set(memberId, created.id);
      return created.id;
    };

    let pending: Promise<void> | null = null;
    let failure: unknown = null;
    const settle = async () => {
      await pending;
      pending = null;
      if (failure) throw failure;
    };

    return {
      async chunk(rows) {
        const records = rows.map(readRow).filter((r): r is HouseholdRecord => r !== null);
        // The previous chunk's insert ran in the database while this chunk was read and checked.
        await settle();
        if (!records.length) return;
        const existing = await existingHouseholds(ctx.db, records);
        const byKey = new Map(existing.map((h) => [`${h.committee_id}|${h.address_key}`, h]));
        const inserts: NewHousehold[] = [];
        for (const r of records) {
          const h = byKey.get(`${r.committeeId}|${r.key}`);
          if (h && !branches.byId.has(h.branch_id)) {
            ctx.error(r.row, 'door', 'householdOutsideScope');
            continue;
          }
          const zoneNow = zones.get(r.memberId) ?? null;
          const values = {
            head_name: r.headName,
            address: addressText(r.building, r.unitNo, r.door),
            building: r.building,
            unit_no: r.unitNo,
            door_no: r.door,
            size: r.size,
            backbone: r.backbone ? 1 : 0,
            committee_id: r.committeeId,
            address_key: r.key,
          };
          if (!h) {
            ctx.outcome(r.row, 'new');
            if (ctx.apply)
              inserts.push({
                ...values,
                zone_id: (await zoneFor(r.memberId))!,
                contact_enc: r.contact ? encryptField(r.contact, CONTACT_CONTEXT) : null,
              });
            continue;
          }
          const diff: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(values))
            if ((h as unknown as Record<string, unknown>)[k] !== v) diff[k] = v;
          // An empty contact keeps the one on record (templates leave contacts out).
          if (
            r.contact !== null &&
            (h.contact_enc ? decryptField(h.contact_enc, CONTACT_CONTEXT) : null) !== r.contact
          )
            diff.contact_enc = encryptField(r.contact, CONTACT_CONTEXT);
          const zoneMoved = zoneNow === null || zoneNow !== h.zone_id;
          if (!zoneMoved && Object.keys(diff).length === 0) {
            ctx.outcome(r.row, 'unchanged');
            continue;
          }
          ctx.outcome(r.row, 'changed');
          if (!ctx.apply) continue;
          if (zoneMoved) diff.zone_id = await zoneFor(r.memberId);
          await ctx.db.updateTable('household').set(diff).where('id', '=', h.id).execute();
        }
        // Not awaited: the next chunk is read meanwhile (the two cores each have work). The
        // transaction's one connection runs statements in order, so the next lookup follows it.
        pending = insertHouseholds(ctx.db, inserts).catch((err: unknown) => {
          failure = err;
        });
      },
      async finish() {
        await settle();
      },
    };
  },
};

type Db = Parameters<KindSpec['open']>[0]['db'];

interface ExistingHousehold {
  id: number;
  zone_id: number;
  head_name: string;
  address: string;
  building: string | null;
  unit_no: string | null;
  door_no: string | null;
  size: number | null;
  backbone: number;
  contact_enc: string | null;
  committee_id: number | null;
  address_key: string | null;
  branch_id: number;
}

/**
 * The households already on record at a chunk's addresses, with the branch of their member.
 * PostgreSQL: the (committee, address) pairs as two arrays joined through unnest, so each is
 * one probe of the unique index whatever the statistics say; an `in` list of committees and
 * one of addresses was planned as a scan of the committees' rows filtered by address, and
 * while a commit fills the table (statistics from when it was empty) that grew with every
 * chunk: 8 s of lookups in a 120,000-row commit, 35 s in a dry run right after it.
 */
async function existingHouseholds(
  db: Db,
  records: { committeeId: number; key: string }[],
): Promise<ExistingHousehold[]> {
  if (dialectOf(db) === 'postgres') {
    const res = await sql<ExistingHousehold>`
      select h.id, h.zone_id, h.head_name, h.address, h.building, h.unit_no, h.door_no, h.size,
        h.backbone, h.contact_enc, h.committee_id, h.address_key, m.branch_id
      from unnest(${records.map((r) => r.committeeId)}::int[], ${records.map((r) => r.key)}::text[])
        as k(committee_id, address_key)
      join household h on h.committee_id = k.committee_id and h.address_key = k.address_key
      join zone z on z.id = h.zone_id
      join member m on m.id = z.member_id`.execute(db);
    return res.rows;
  }
  return db
    .selectFrom('household as h')
    .innerJoin('zone as z', 'z.id', 'h.zone_id')
    .innerJoin('member as m', 'm.id', 'z.member_id')
    .select([
      'h.id',
      'h.zone_id',
      'h.head_name',
      'h.address',
      'h.building',
      'h.unit_no',
      'h.door_no',
      'h.size',
      'h.backbone',
      'h.contact_enc',
      'h.committee_id',
      'h.address_key',
      'm.branch_id',
    ])
    .where('h.committee_id', 'in', [...new Set(records.map((r) => r.committeeId))])
    .where(
      'h.address_key',
      'in',
      records.map((r) => r.key),
    )
    .execute();
}

interface NewHousehold {
  zone_id: number;
  head_name: string;
  address: string;
  building: string;
  unit_no: string | null;
  door_no: string;
  size: number | null;
  backbone: number;
  committee_id: number;
  address_key: string;
  contact_enc: string | null;
}

/**
 * A chunk's new households in one statement. PostgreSQL: one array per column through
 * unnest (11 parameters, not 11 per row: a 5,500-parameter VALUES list costs more to build,
 * send and parse than the rows cost to insert). SQLite: a multi-row VALUES list (its limit
 * is 32,766 parameters).
 */
async function insertHouseholds(db: Db, rows: NewHousehold[]): Promise<void> {
  if (!rows.length) return;
  if (dialectOf(db) === 'postgres') {
    const col = <K extends keyof NewHousehold>(k: K) => rows.map((r) => r[k]);
    await sql`insert into household (zone_id, head_name, address, building, unit_no, door_no, size,
        backbone, committee_id, address_key, contact_enc)
      select * from unnest(${col('zone_id')}::int[], ${col('head_name')}::text[], ${col('address')}::text[],
        ${col('building')}::text[], ${col('unit_no')}::text[], ${col('door_no')}::text[], ${col('size')}::int[],
        ${col('backbone')}::int[], ${col('committee_id')}::int[], ${col('address_key')}::text[],
        ${col('contact_enc')}::text[])`.execute(db);
    return;
  }
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('household')
      .values(rows.slice(i, i + 1000))
      .execute();
}
