import type { Locale } from '@zhanqian/core';
import type { Database, ImportKind, Kysely } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import { KINDS } from './batch.ts';
import { errorMessage } from './messages.ts';
import type { RowError } from './run.ts';
import { unitsOf } from './scope.ts';
import { unitKindLabel } from './units.ts';

type Db = Kysely<Database>;

const XLSX_ROWS_PER_COMMIT = 1000;

/** The errors of a dry run or commit as a workbook: sheet, row, column, reason. */
export async function errorsXlsx(errors: RowError[], locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(locale === 'en' ? 'Errors' : '错误');
  ws.columns = [
    { header: locale === 'en' ? 'Sheet' : '工作表', width: 14 },
    { header: locale === 'en' ? 'Row' : '行', width: 8 },
    { header: locale === 'en' ? 'Column' : '列', width: 22 },
    { header: locale === 'en' ? 'Reason' : '原因', width: 70 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const e of errors) ws.addRow([e.sheet, e.row, e.column ?? '', errorMessage(e, locale)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The template of a kind for a unit (any level): the header of the columns every import
 * reads, and the rows that unit already holds, so that the file filled in and uploaded again
 * round-trips (an unchanged row is reported unchanged). Personal identifiers never leave in
 * clear: the members template is the header alone (members are matched by their identity
 * number, which the office's roster from the national system holds), and households are
 * listed without their contact (an empty contact keeps the one on record).
 * Written with exceljs' streaming writer, one row at a time.
 */
export async function templateXlsx(db: Db, kind: ImportKind, unitId: number): Promise<Buffer> {
  const spec = KINDS[kind];
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet(spec.sheetName);
  ws.columns = spec.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 12 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  spec.columns.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  // Text columns stay text: identity numbers typed into them keep all 18 characters.
  for (let i = 1; i <= spec.columns.length; i++) ws.getColumn(i).numFmt = '@';
  header.commit();
  let n = 0;
  const add = (values: Record<string, unknown>) => {
    ws.addRow(values).commit();
    n += 1;
    return n % XLSX_ROWS_PER_COMMIT === 0;
  };
  const units = await unitsOf(db, unitId);
  const live = units.filter((u) => !u.dissolved);
  const codeOf = new Map(units.map((u) => [u.id, u.code]));
  if (kind === 'units') {
    for (const u of live)
      add({
        code: u.code,
        name: u.name,
        kind: unitKindLabel(u.kind, u.branchType),
        parentCode: u.parentId === null ? '' : (codeOf.get(u.parentId) ?? ''),
        secretary: u.secretary ?? '',
      });
  } else if (kind === 'households') {
    const branchIds = live.filter((u) => u.kind === 'branch').map((u) => u.id);
    for (let i = 0; i < branchIds.length; i += 200) {
      const rows = await db
        .selectFrom('household as h')
        .innerJoin('zone as z', 'z.id', 'h.zone_id')
        .innerJoin('member as m', 'm.id', 'z.member_id')
        .select([
          'h.head_name',
          'h.building',
          'h.unit_no',
          'h.door_no',
          'h.address',
          'h.size',
          'h.backbone',
          'm.name',
          'm.branch_id',
        ])
        .where('m.branch_id', 'in', branchIds.slice(i, i + 200))
        .orderBy('h.id')
        .execute();
      for (const h of rows)
        add({
          headName: h.head_name,
          building: h.building ?? h.address,
          unitNo: h.unit_no ?? '',
          door: h.door_no ?? '',
          size: h.size ?? '',
          memberId: '',
          memberName: h.name,
          memberBranch: codeOf.get(h.branch_id) ?? '',
          backbone: h.backbone ? '是' : '否',
          contact: '',
        });
    }
  }
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}
