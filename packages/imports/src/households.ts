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

/**
 * A row as read (the text fields are '' when refused); the last four are set once its member
 * is found (one object per row, filled in place: a street's file is 1.2 M of them).
 */
interface HouseholdRecord {
  row: MappedRow;
  headName: string;
  building: string;
  unitNo: string | null;
  door: string;
  size: number | null;
  backbone: boolean;
  contact: string | null;
  /** The member's identity number, as its keyed hash (blind index). */
  hash: string | null;
  /** Or the member's name in a branch of the scope. */
  byName: { name: string; branchId: number; branchName: string } | null;
  memberId: number;
  committeeId: number;
  /** The address parts as matched (addressKey). */
  key: string;
  /** committee|key: what makes a household unique. */
  unique: string;
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
    // The scope's branches (units, a few thousand at most) stay in memory; its members (98,000
    // in a street of 1.2 M households) and their zones are looked up per chunk, by index.
    const branches = await branchFinder(ctx.db, ctx.scopeRootId);
    // A commit: the households on record before it have ids up to this one (ids only grow;
    // the district's imports of households take turns under the lock of the commit).
    const watermark = ctx.apply
      ? Number(
          (
            await ctx.db
              .selectFrom('household')
              .select((eb) => eb.fn.max('id').as('id'))
              .executeTakeFirst()
          )?.id ?? 0,
        )
      : 0;
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

    // Likewise the last number's check.
    let lastIdText = '';
    let lastParsed: ReturnType<typeof parseIdCard> | null = null;
    const idCard = (text: string) => {
      if (text !== lastIdText || !lastParsed) {
        lastIdText = text;
        lastParsed = parseIdCard(text, ctx.today);
      }
      return lastParsed;
    };

    /** A row's own cells checked; its member named by identity number (hash) or by name and branch. */
    const readRow = (row: MappedRow): HouseholdRecord => {
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
      const draft: HouseholdRecord = {
        row,
        headName: headName ?? '',
        building: building ?? '',
        unitNo: unitNo ?? null,
        door: door ?? '',
        size: size ?? null,
        backbone: backbone ?? false,
        contact: contact ?? null,
        hash: null,
        byName: null,
        memberId: 0,
        committeeId: 0,
        key: '',
        unique: '',
      };
      const idText = parseText(row.get('memberId'), 30);
      const nameText = parseText(row.get('memberName'), 50);
      const branchText = parseText(row.get('memberBranch'), 100);
      if (idText) {
        const parsed = idCard(idText);
        if (!parsed.ok) err('memberId', `id.${parsed.problem}`);
        else draft.hash = idHash(parsed.facts.id);
      } else if (nameText && branchText) {
        const b = branches.find(branchText);
        if (b === 'none') err('memberBranch', 'branchNotFound', { value: branchText });
        else if (b === 'ambiguous') err('memberBranch', 'branchAmbiguous', { value: branchText });
        else draft.byName = { name: nameText, branchId: b.id, branchName: b.name };
      } else err('memberId', 'memberMissing');
      return draft;
    };

    // Chunks are checked and written as a chain of tasks on the run's one connection, up to
    // IN_FLIGHT behind the reader: while a chunk waits on the database (its members, the
    // households on record at its addresses, the previous chunk's insert), the next one is
    // already being read. Each task issues its statements after the one before it has issued
    // its insert, so a chunk's lookup of households on record sees every earlier chunk's rows.
    let tail: Promise<void> = Promise.resolve();
    const inFlight: Promise<void>[] = [];
    // The insert a task left running, awaited by the next task (its error is the real one: the
    // statements after it fail too, in a transaction already aborted).
    let lastInsert: Promise<void> = Promise.resolve();
    // Zones this run created, by member: a later chunk's member lookup may have been sent before
    // an earlier chunk created its member's zone.
    const madeZones = new Map<number, number>();

    const work = async (drafts: HouseholdRecord[], lookup: Promise<ChunkMember[]>) => {
      const candidates: HouseholdRecord[] = [];
      let records: HouseholdRecord[] = [];
      let existing: ExistingHousehold[] = [];
      const inserts: NewHousehold[] = [];
      try {
        const members = await lookup;
        await lastInsert;
        const found = members.filter((m) => branches.byId.has(m.branch_id));
        const byHash = new Map<string, ChunkMember>();
        const byNameBranch = new Map<string, ChunkMember[]>();
        const memberById = new Map<number, ChunkMember>();
        for (const m of found) {
          if (memberById.has(m.id)) continue;
          memberById.set(m.id, m);
          // Two live members with one number (not expected): the first on record.
          if (m.id_card_hash) {
            const had = byHash.get(m.id_card_hash);
            if (!had || m.id < had.id) byHash.set(m.id_card_hash, m);
          }
          const k = `${m.branch_id}|${m.name}`;
          byNameBranch.set(k, [...(byNameBranch.get(k) ?? []), m]);
        }
        for (const d of drafts) {
          let member: ChunkMember | null = null;
          if (d.hash) {
            member = byHash.get(d.hash) ?? null;
            if (!member) ctx.error(d.row, 'memberId', 'memberNotFound');
          } else if (d.byName) {
            const { name, branchId, branchName } = d.byName;
            const named = byNameBranch.get(`${branchId}|${name}`) ?? [];
            if (named.length === 0)
              ctx.error(d.row, 'memberName', 'memberNotFoundByName', { name, branch: branchName });
            else if (named.length > 1)
              ctx.error(d.row, 'memberName', 'memberAmbiguous', { name, branch: branchName });
            else member = named[0]!;
          }
          if (ctx.rejected(d.row) || !member) continue;
          d.memberId = member.id;
          d.committeeId = branches.byId.get(member.branch_id)!.parentId!;
          d.key = addressKey(d.building, d.unitNo, d.door);
          d.unique = `${d.committeeId}|${d.key}`;
          candidates.push(d);
        }
        // An address twice in the file (within its committee): the later rows are refused.
        const again = (r: HouseholdRecord) =>
          ctx.error(r.row, 'door', 'duplicateKey', { value: addressText(r.building, r.unitNo, r.door) });
        if (!ctx.apply) {
          // A dry run writes nothing: every address goes to the run's key table.
          const first = await ctx.firstInFile(candidates.map((r) => r.unique));
          records = candidates.filter((r, i) => {
            if (!first[i]) again(r);
            return first[i];
          });
          existing = records.length ? await existingHouseholds(ctx.db, records) : [];
        } else {
          // A commit writes each new household as it goes: an address met in an earlier chunk is
          // then on record above the watermark, and only the households that were there before
          // the run (a re-import) need the key table. Within the chunk, the first row has it.
          const inChunk = new Set<string>();
          const once = candidates.filter((r) => {
            if (inChunk.has(r.unique)) {
              again(r);
              return false;
            }
            inChunk.add(r.unique);
            return true;
          });
          existing = once.length ? await existingHouseholds(ctx.db, once) : [];
          const ids = new Map(existing.map((h) => [`${h.committee_id}|${h.address_key}`, h.id]));
          const before = once.filter((r) => (ids.get(r.unique) ?? watermark + 1) <= watermark);
          const first = new Map(
            (await ctx.firstInFile(before.map((r) => r.unique))).map((f, i) => [before[i]!, f]),
          );
          records = once.filter((r) => {
            const id = ids.get(r.unique);
            const repeated = id !== undefined && (id > watermark || first.get(r) === false);
            if (repeated) again(r);
            return !repeated;
          });
        }
        if (!records.length) return;

        const zones = new Map<number, number | null>(
          [...memberById.values()].map((m) => [m.id, madeZones.get(m.id) ?? m.zone_id]),
        );
        const newZone = async (memberId: number): Promise<number> => {
          const created = await ctx.db
            .insertInto('zone')
            .values({ member_id: memberId, name: `${memberById.get(memberId)!.name}责任区` })
            .returning('id')
            .executeTakeFirstOrThrow();
          zones.set(memberId, created.id);
          madeZones.set(memberId, created.id);
          return created.id;
        };
        // A member's zone, created (when writing) the first time it has none.
        const zoneFor = (memberId: number): number | null | Promise<number> =>
          zones.get(memberId) ?? (ctx.apply ? newZone(memberId) : null);
        const byKey = new Map(existing.map((h) => [`${h.committee_id}|${h.address_key}`, h]));
        for (const r of records) {
          const h = byKey.get(r.unique);
          if (h && !branches.byId.has(h.branch_id)) {
            ctx.error(r.row, 'door', 'householdOutsideScope');
            continue;
          }
          if (!h) {
            ctx.outcome(r.row, 'new');
            if (ctx.apply) {
              const zone = zoneFor(r.memberId);
              // one object per new row: the columns, then its zone and sealed contact set on it
              const row = householdColumns(r) as NewHousehold;
              row.zone_id = (typeof zone === 'number' ? zone : await zone)!;
              row.contact_enc = r.contact ? encryptField(r.contact, CONTACT_CONTEXT) : null;
              inserts.push(row);
            }
            continue;
          }
          const zoneNow = zones.get(r.memberId) ?? null;
          const values = householdColumns(r);
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
        // Not awaited here: the next task awaits it after its own member lookup.
        lastInsert = insertHouseholds(ctx.db, inserts);
        lastInsert.catch(() => {});
      } finally {
        // The chunk's rows are garbage from here on. Its lists are emptied all the same: an object
        // that still points at one (a finished async frame, a settled promise) may already have
        // been moved to V8's old generation, where it stays until a full collection and would
        // keep 500 rows and their strings alive through every young collection until then.
        drafts.length = 0;
        candidates.length = 0;
        records.length = 0;
        existing.length = 0;
        // insertHouseholds took its parameters from these before its first await.
        inserts.length = 0;
      }
    };

    return {
      async chunk(rows) {
        // The rows are read now (the reader reuses nothing, but the runner empties its list when
        // this returns); the chunk's members are asked for at once, ahead of the tasks before it.
        const drafts = rows.map(readRow);
        const lookup = membersNamed(ctx.db, drafts);
        lookup.catch(() => {});
        tail = tail.then(() => work(drafts, lookup));
        const task = tail;
        task.catch(() => {});
        inFlight.push(task);
        if (inFlight.length > IN_FLIGHT) await inFlight.shift();
      },
      async finish() {
        await tail;
        await lastInsert;
        inFlight.length = 0;
      },
    };
  },
};

/** Chunks read ahead of the one being checked and written (households: 2, i.e. 1,000 rows on PostgreSQL). */
const IN_FLIGHT = 2;

type Db = Parameters<KindSpec['open']>[0]['db'];

interface ChunkMember {
  id: number;
  name: string;
  branch_id: number;
  id_card_hash: string | null;
  zone_id: number | null;
}

/**
 * The live members a chunk names — by identity number (the blind index, indexed) or by name
 * within a branch (the branch's live members, indexed) — with their zone if they have one.
 * The caller keeps those of its scope. One statement: on PostgreSQL the numbers as one array
 * and the (branch, name) pairs as two joined through unnest; on SQLite each as one JSON text.
 */
async function membersNamed(db: Db, drafts: HouseholdRecord[]): Promise<ChunkMember[]> {
  const hashes = [...new Set(drafts.flatMap((d) => (d.hash ? [d.hash] : [])))];
  const pairs = new Map<string, { branchId: number; name: string }>();
  for (const d of drafts) if (d.byName) pairs.set(`${d.byName.branchId}|${d.byName.name}`, d.byName);
  if (!hashes.length && !pairs.size) return [];
  if (dialectOf(db) === 'postgres') {
    const named = [...pairs.values()];
    const res = await sql<ChunkMember>`
      select m.id, m.name, m.branch_id, m.id_card_hash, z.id as zone_id
      from member m left join zone z on z.member_id = m.id
      where m.status = 'active' and m.id_card_hash = any(${hashes}::text[])
      union all
      select m.id, m.name, m.branch_id, m.id_card_hash, z.id as zone_id
      from unnest(${named.map((p) => p.branchId)}::int[], ${named.map((p) => p.name)}::text[])
        as k(branch_id, name)
      join member m on m.branch_id = k.branch_id and m.name = k.name
      left join zone z on z.member_id = m.id
      where m.status = 'active'`.execute(db);
    return res.rows;
  }
  // SQLite: the numbers and the pairs as one JSON parameter each (json_each), not a list of
  // thousands of parameters compiled into a new statement per chunk.
  const res = await sql<ChunkMember>`
    select m.id, m.name, m.branch_id, m.id_card_hash, z.id as zone_id
    from member m left join zone z on z.member_id = m.id
    where m.status = 'active' and m.id_card_hash in (select value from json_each(${JSON.stringify(hashes)}))
    union all
    select m.id, m.name, m.branch_id, m.id_card_hash, z.id as zone_id
    from json_each(${JSON.stringify([...pairs.values()].map((p) => [p.branchId, p.name]))}) k
    join member m on m.branch_id = k.value ->> 0 and m.name = k.value ->> 1
    left join zone z on z.member_id = m.id
    where m.status = 'active'`.execute(db);
  return res.rows;
}

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
  // SQLite: the pairs as one JSON text, each a probe of the unique index.
  const res = await sql<ExistingHousehold>`
    select h.id, h.zone_id, h.head_name, h.address, h.building, h.unit_no, h.door_no, h.size,
      h.backbone, h.contact_enc, h.committee_id, h.address_key, m.branch_id
    from json_each(${JSON.stringify(records.map((r) => [r.committeeId, r.key]))}) k
    join household h on h.committee_id = k.value ->> 0 and h.address_key = k.value ->> 1
    join zone z on z.id = h.zone_id
    join member m on m.id = z.member_id`.execute(db);
  return res.rows;
}

/** A row's household columns as written, but its zone and contact (a new row's only). */
function householdColumns(r: HouseholdRecord): Omit<NewHousehold, 'zone_id' | 'contact_enc'> {
  return {
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
 * send and parse than the rows cost to insert). SQLite: one JSON text through json_each.
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
  // SQLite: the rows as one JSON text of arrays (a VALUES list of 1,000 rows was 11,000
  // parameters, compiled by Kysely into a new tree and statement each time).
  await sql`insert into household (zone_id, head_name, address, building, unit_no, door_no, size,
      backbone, committee_id, address_key, contact_enc)
    select j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
      j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10
    from json_each(${JSON.stringify(
      rows.map((r) => [
        r.zone_id,
        r.head_name,
        r.address,
        r.building,
        r.unit_no,
        r.door_no,
        r.size,
        r.backbone,
        r.committee_id,
        r.address_key,
        r.contact_enc,
      ]),
    )}) j`.execute(db);
}
