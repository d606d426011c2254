import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { PII_CONTEXT } from '@zhanqian/auth';
import { blindIndex } from '@zhanqian/core';
import { type Database, type Kysely, sql } from '@zhanqian/db';
import { checkDigitOf, householdsSpec } from '@zhanqian/imports';
import { loadDistrict, planDistrict } from '@zhanqian/seeds';
import ExcelJS from 'exceljs';

/** The households template's header row: the import's own column list, so the bench follows it. */
export const HOUSEHOLD_HEADER = householdsSpec.columns.map((c) => c.header);

interface MemberRef {
  id: number;
  /** The identity number written on rows that name the member by it. */
  idCard: string;
  name: string;
  branchCode: string;
  /** The name is unique in the branch: rows may name the member by name and branch. */
  byName: boolean;
  committeeId: number;
}

export interface BenchDistrict {
  members: MemberRef[];
  /** The district's root unit (the import's scope). */
  rootId: number;
}

/**
 * A GB 11643 number unique per member id: the region part carries id / 500, the sequence
 * id % 500 (odd for men), the birth date the member's.
 */
function idCardOf(id: number, birthDate: string, gender: 'M' | 'F'): string {
  const region = String(210_000 + Math.floor(id / 500));
  const seq = String(((id % 500) * 2 + (gender === 'M' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = region + birthDate.replaceAll('-', '') + seq;
  return first17 + checkDigitOf(first17);
}

/**
 * The demo district at `scale` without its households (units, closure, members, their
 * zones), as `zq seed` loads it; every member gets an identity number (its blind index
 * stored as the roster import would) so that the households file can name members by it.
 */
export async function loadBenchDistrict(db: Kysely<Database>, scale: number): Promise<BenchDistrict> {
  const plan = planDistrict(scale);
  plan.households = function* () {};
  plan.householdCount = 0;
  await loadDistrict(db, plan);
  const unitById = new Map(plan.units.map((u) => [u.id, u]));
  const refs: MemberRef[] = [];
  const nameCount = new Map<string, number>();
  for (const m of plan.members) {
    const k = `${m.branch_id}|${m.name}`;
    nameCount.set(k, (nameCount.get(k) ?? 0) + 1);
  }
  for (const m of plan.members) {
    const branch = unitById.get(m.branch_id)!;
    refs.push({
      id: m.id,
      idCard: idCardOf(m.id, m.birth_date!, m.gender as 'M' | 'F'),
      name: m.name,
      branchCode: branch.code,
      byName: nameCount.get(`${m.branch_id}|${m.name}`) === 1,
      committeeId: branch.parent_id!,
    });
  }
  // One statement per 1,000 members (a CTE of VALUES: the same SQL on both engines).
  for (let i = 0; i < refs.length; i += 1000) {
    const part = refs.slice(i, i + 1000);
    await sql`with v(id, h) as (values ${sql.join(
      part.map((r) => sql`(cast(${r.id} as integer), ${blindIndex(r.idCard, PII_CONTEXT.idCard)})`),
    )})
      update member set id_card_hash = (select h from v where v.id = member.id)
      where id in (select id from v)`.execute(db);
  }
  await sql`analyze`.execute(db);
  const root = plan.units.find((u) => u.parent_id === null)!;
  return { members: refs, rootId: root.id };
}

/**
 * `count` household rows spread evenly over the members, each member's households together
 * (as an office's sheet lists them): addresses unique per community committee (building of
 * 40, 4 units of 10 doors), every other row naming its member by identity number and the
 * rest by name and branch code (by number where the name is not unique in the branch), a
 * resident backbone every 25th row, a contact every 5th.
 */
export function* householdRows(d: BenchDistrict, count: number): Generator<(string | number)[]> {
  const perCommittee = new Map<number, number>();
  const m = d.members.length;
  let row = 0;
  for (let i = 0; i < m; i++) {
    const ref = d.members[i]!;
    const n = Math.floor(count / m) + (i < count % m ? 1 : 0);
    for (let j = 0; j < n; j++, row++) {
      const k = perCommittee.get(ref.committeeId) ?? 0;
      perCommittee.set(ref.committeeId, k + 1);
      const byId = row % 2 === 0 || !ref.byName;
      yield [
        `户主${row + 1}`,
        `${1 + Math.floor(k / 40)}号楼`,
        `${1 + (Math.floor(k / 10) % 4)}单元`,
        `${101 + (k % 10)}`,
        1 + (row % 5),
        byId ? ref.idCard : '',
        byId ? '' : ref.name,
        byId ? '' : ref.branchCode,
        row % 25 === 0 ? '是' : '否',
        row % 5 === 0 ? `139${String(row % 100_000_000).padStart(8, '0')}` : '',
      ];
    }
  }
}

/** The rows as an xlsx workbook (streamed by exceljs' writer, shared strings as Excel writes them). */
export async function writeHouseholdsXlsx(path: string, rows: Iterable<(string | number)[]>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: false,
  });
  const ws = wb.addWorksheet('户');
  ws.addRow(HOUSEHOLD_HEADER).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The rows as CSV, UTF-8 with a BOM (what Excel saves as "CSV UTF-8"). */
export async function writeHouseholdsCsv(path: string, rows: Iterable<(string | number)[]>): Promise<void> {
  const out = createWriteStream(path);
  let buf = `\uFEFF${HOUSEHOLD_HEADER.join(',')}\r\n`;
  for (const r of rows) {
    buf += `${r.map(csvCell).join(',')}\r\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
