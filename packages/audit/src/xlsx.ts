import { PassThrough } from 'node:stream';
import { shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import type { AuditLocale } from './catalogue.ts';
import { type AuditQuery, checkExport, EXPORT_LIMITS, filtered } from './log.ts';
import { resolveAuditNames } from './names.ts';
import { viewRow } from './view.ts';

type Db = Kysely<Database>;

/** The export's columns: Chinese headers (the office's spreadsheet), in order. */
export const AUDIT_XLSX_HEADERS = [
  '序号',
  '时间（北京时间）',
  '操作人',
  '操作类别',
  '操作',
  '对象',
  '所属组织',
  '结果',
  'IP 地址',
  '变更前',
  '变更后',
  '事件代码',
  '哈希（SM3）',
] as const;

/** Records read per query while the file is written: memory holds one batch, not the export. */
const BATCH = 2000;
/** Excel's limit for one cell's text. */
const CELL_MAX = 32_000;

const cell = (s: string | null): string => {
  if (s === null) return '';
  const text = s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…` : s;
  // A value a spreadsheet would run as a formula is kept as text.
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai. */
export function shanghaiDateTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

export interface AuditXlsxFile {
  fileName: string;
  contentType: string;
  base64: string;
  records: number;
}

/**
 * The filtered log as an xlsx file for the auditor (issue #21, item 12): the readable columns
 * (who, what, which object by name, result in Chinese) and the codes and hashes beside them.
 * Checked first like every export (at most `perHour` an hour, at most `maxRows` records); then
 * written with ExcelJS's streaming writer while the records are read 2,000 at a time in id
 * order, names resolved per batch. The file is named 审计日志-YYYYMMDD.xlsx (Shanghai date).
 * The caller audits the export in the same transaction.
 */
export async function exportAuditXlsx(
  db: Db,
  actorId: number,
  q: Omit<AuditQuery, 'page' | 'pageSize'>,
  locale: AuditLocale = 'zh-CN',
  now = new Date(),
  limits = EXPORT_LIMITS,
): Promise<AuditXlsxFile> {
  // The records the filter selects now: those appended while the file is written are left out.
  const total = await checkExport(db, actorId, q, now, limits);
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '组织工作平台';
  const ws = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [8, 20, 22, 14, 24, 32, 20, 12, 16, 40, 40, 26, 20].map((width) => ({ width }));
  const header = ws.addRow([...AUDIT_XLSX_HEADERS]);
  header.font = { bold: true };
  header.commit();
  let after = 0;
  let records = 0;
  while (records < total) {
    const rows = await filtered(db, q)
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(Math.min(BATCH, total - records))
      .execute();
    if (rows.length === 0) break;
    const names = await resolveAuditNames(db, rows);
    for (const r of rows) {
      const v = viewRow(r, names, locale);
      ws.addRow([
        r.id,
        shanghaiDateTime(r.at),
        cell(v.actorLabel),
        v.categoryLabel,
        cell(v.actionLabel),
        cell(v.objectLabel),
        cell(v.unitLabel),
        v.resultLabel,
        cell(r.ip),
        cell(r.before_json),
        cell(r.after_json),
        cell(r.action),
        r.hash,
      ]).commit();
    }
    records += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  ws.commit();
  await wb.commit();
  await done;
  return {
    fileName: `审计日志-${shanghaiDate(now).replace(/-/g, '')}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.concat(chunks).toString('base64'),
    records,
  };
}
