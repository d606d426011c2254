import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRows } from './read.ts';

const dir = mkdtempSync(join(tmpdir(), 'zq-read-'));
async function rows(bytes: Uint8Array) {
  const p = join(dir, `${Math.random()}.csv`);
  writeFileSync(p, bytes);
  const out: unknown[][] = [];
  for await (const r of readRows(p, 'csv', 'x.csv')) out.push(r.cells);
  return out;
}

describe('the streaming CSV reader', () => {
  it('reads UTF-8 with a BOM, quotes and embedded newlines', async () => {
    const text = '\uFEFF姓名,家庭住址\n张三,"站前区,1号"\n李四,"两行\n地址"\n';
    expect(await rows(new TextEncoder().encode(text))).toEqual([
      ['姓名', '家庭住址'],
      ['张三', '站前区,1号'],
      ['李四', '两行\n地址'],
    ]);
  });

  it('reads GB 18030 (Excel on a Chinese Windows) when the bytes are not UTF-8', async () => {
    // "姓名,性别\n张三,男\n" in GBK
    const gbk = new Uint8Array([
      0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd0, 0xd4, 0xb1, 0xf0, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0xc4, 0xd0,
      0x0a,
    ]);
    expect(await rows(gbk)).toEqual([
      ['姓名', '性别'],
      ['张三', '男'],
    ]);
  });
});

describe('the streaming xlsx reader', () => {
  // exceljs' own streaming reader splits a character whose bytes straddle two inflated chunks
  // (exceljs#2084): a few per 10,000 Chinese names came back with U+FFFD before read.ts decoded them.
  it.each([
    ['shared strings', true],
    ['strings in the sheet', false],
  ])('reads 20,000 rows of Chinese text whole (%s)', async (_, useSharedStrings) => {
    const p = join(dir, `${Math.random()}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useSharedStrings, useStyles: false });
    const ws = wb.addWorksheet('户');
    const names = (i: number) => [`户主${i}`, `姚晓宏博${i}`, `站前区幸福街道${i % 97}号楼`];
    for (let i = 0; i < 20_000; i++) ws.addRow(names(i)).commit();
    ws.commit();
    await wb.commit();
    let n = 0;
    for await (const r of readRows(p, 'xlsx')) {
      expect(r.cells).toEqual(names(n));
      n++;
    }
    expect(n).toBe(20_000);
  });
});
