import { formatPoints, t } from '@zhanqian/core';
import ExcelJS from 'exceljs';
import './messages.ts';
import type { IndicatorKind, Rule } from './rules.ts';
import { INDICATOR_KINDS } from './rules.ts';
import type { AwardRule, SchemeDef, TieBreakKey } from './scheme.ts';
import { schemeProblems } from './scheme.ts';

/**
 * The scheme's xlsx template (documented in packages/scoring/README.md): sheet 方案 (settings,
 * one per row: label in A, value in B), sheet 指标 (one row per indicator, aspect and work item
 * repeated or left blank to inherit from the row above), sheet 奖励 (the award table).
 */
export const SHEETS = { settings: '方案', indicators: '指标', awards: '奖励' } as const;

export const KIND_LABELS: Record<IndicatorKind, string> = {
  ratio: '比率',
  tiered: '分档',
  boolean: '是否',
  graded: '等次',
  deduction: '扣分',
  bonus: '加分',
  veto: '否决',
};

const TIE_LABELS: Record<TieBreakKey, string> = {
  deductionLost: '扣分少',
  aspects: '各方面得分',
  bonus: '加分多',
};

const SETTINGS = ['年度', '名称', '加分上限', '并列排序', '优先考虑名额', '奖励资金池（元）'] as const;

export const INDICATOR_COLUMNS = [
  '方面编码',
  '方面名称',
  '方面分值',
  '工作项编码',
  '工作项名称',
  '工作项分值',
  '指标编码',
  '指标名称',
  '分值',
  '类型',
  '计分参数',
  '考核部门编码',
  '责任人',
  '计量单位',
] as const;

const AWARD_COLUMNS = ['类别', '名次从', '名次到', '最低总分', '奖金（元）'] as const;

/** Hundredths as a decimal string ('250.00'); shares in basis points as a percent ('62.5%'). */
const pts = (h: number) => formatPoints(h);
const pct = (bp: number) => `${Number((bp / 100).toFixed(2))}%`;

export function ruleToText(rule: Rule): string {
  switch (rule.kind) {
    case 'ratio':
      return `目标=${rule.target}${rule.capPct !== undefined ? `;上限=${rule.capPct}%` : ''}`;
    case 'tiered':
      return rule.tiers.map((x) => `${x.min}:${pct(x.shareBp)}`).join(',');
    case 'graded':
      return rule.grades.map((g) => `${g.grade}:${pct(g.shareBp)}`).join(',');
    case 'deduction':
      return `每次扣=${pts(rule.penalty)}`;
    case 'bonus':
      return `每项加=${pts(rule.perUnit)}`;
    default:
      return '';
  }
}

/**
 * Writes a scheme to an xlsx workbook in the template.
 *
 * @example const bytes = await exportSchemeXlsx(def) // Uint8Array of the .xlsx
 */
export async function exportSchemeXlsx(def: SchemeDef): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhanqian';
  const s = wb.addWorksheet(SHEETS.settings);
  s.addRow(['项目', '值']);
  s.addRow([SETTINGS[0], def.year]);
  s.addRow([SETTINGS[1], def.name]);
  s.addRow([SETTINGS[2], pts(def.bonusCap)]);
  s.addRow([SETTINGS[3], def.tieBreak.map((k) => TIE_LABELS[k]).join('、')]);
  s.addRow([SETTINGS[4], def.priorityTopN]);
  s.addRow([SETTINGS[5], pts(def.awards.poolFen)]);
  s.getColumn(1).width = 20;
  s.getColumn(2).width = 40;

  const ws = wb.addWorksheet(SHEETS.indicators);
  ws.addRow([...INDICATOR_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const a of def.aspects)
    for (const item of a.items)
      for (const ind of item.indicators)
        ws.addRow([
          a.code,
          a.name,
          pts(a.points),
          item.code,
          item.name,
          pts(item.points),
          ind.code,
          ind.name,
          pts(ind.points),
          KIND_LABELS[ind.rule.kind],
          ruleToText(ind.rule),
          ind.assessingUnit,
          ind.responsible.join('、'),
          ind.unit ?? '',
        ]);
  ws.columns.forEach((c, i) => {
    c.width = [10, 16, 10, 12, 24, 10, 12, 30, 10, 8, 30, 14, 24, 10][i] ?? 12;
  });

  const aw = wb.addWorksheet(SHEETS.awards);
  aw.addRow([...AWARD_COLUMNS]);
  for (const r of def.awards.rules)
    aw.addRow([
      r.category ?? '',
      'byRank' in r ? r.byRank.from : '',
      'byRank' in r ? r.byRank.to : '',
      'minTotal' in r ? pts(r.minTotal) : '',
      pts(r.amountFen),
    ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export interface ImportError {
  sheet: string;
  row: number;
  /** Column letter and header, e.g. 'I 分值'. */
  column: string;
  problem: string;
}

export type ImportResult = { ok: true; def: SchemeDef } | { ok: false; errors: ImportError[] };

const colLetter = (i: number) => String.fromCharCode(65 + i);

/** A cell's value as trimmed text (rich text joined, formulas by their cached result). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if (v instanceof Date) return v.toISOString();
  }
  return String(v).trim();
}

/** '250', '250.5', '250.50' → hundredths; more than two decimals or junk → null. */
export function parseHundredths(text: string): number | null {
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,2})\d*)?$/.exec(text.replace(/,/g, ''));
  if (!m) return null;
  const frac = text.includes('.') ? text.split('.')[1]! : '';
  if (frac.length > 2 && !/^0*$/.test(frac.slice(2))) return null;
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

/** '62.5%' → 6250 basis points. */
function parsePct(text: string): number | null {
  const m = /^(\d{1,3}(?:\.\d{1,2})?)%$/.exec(text.trim());
  if (!m) return null;
  const h = parseHundredths(m[1]!);
  return h === null ? null : h;
}

const int = (text: string) => (/^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : null);

function parseRule(kind: IndicatorKind, text: string): Rule | string {
  const pairs = text
    .split(/[;,；，]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const kv = new Map(pairs.map((p) => p.split(/[=＝:：]/).map((x) => x.trim()) as [string, string]));
  switch (kind) {
    case 'ratio': {
      const target = int(kv.get('目标') ?? '');
      if (target === null) return '比率类指标须写“目标=数值”';
      const capText = kv.get('上限');
      if (capText === undefined) return { kind, target };
      const cap = parsePct(capText);
      if (cap === null || cap % 100 !== 0) return '“上限”须为整数百分比，如 120%';
      return { kind, target, capPct: cap / 100 };
    }
    case 'tiered':
    case 'graded': {
      const list = pairs.map((p) => p.split(/[:：]/).map((x) => x.trim()));
      const out: { key: string; bp: number }[] = [];
      for (const [key, share] of list) {
        const bp = parsePct(share ?? '');
        if (!key || bp === null)
          return kind === 'tiered'
            ? '分档须写“门槛:比例”，如 60:60%,80:100%'
            : '等次须写“等次:比例”，如 A:100%,B:80%';
        out.push({ key, bp });
      }
      if (out.length === 0) return '计分参数不能为空';
      if (kind === 'graded') return { kind, grades: out.map((o) => ({ grade: o.key, shareBp: o.bp })) };
      const tiers = out.map((o) => ({ min: int(o.key), shareBp: o.bp }));
      if (tiers.some((x) => x.min === null)) return '分档门槛须为非负整数';
      return { kind, tiers: tiers as { min: number; shareBp: number }[] };
    }
    case 'deduction': {
      const penalty = parseHundredths(kv.get('每次扣') ?? '');
      return penalty === null ? '扣分类指标须写“每次扣=分值”' : { kind, penalty };
    }
    case 'bonus': {
      const perUnit = parseHundredths(kv.get('每项加') ?? '');
      return perUnit === null ? '加分类指标须写“每项加=分值”' : { kind, perUnit };
    }
    case 'boolean':
    case 'veto':
      return { kind };
  }
}

/**
 * Reads a scheme from an xlsx workbook in the template. Every problem is listed with its
 * sheet, row and column; a scheme that does not add up names the row of the offending node.
 *
 * @example const r = await importSchemeXlsx(bytes); if (!r.ok) r.errors[0] // { sheet: '指标', row: 7, column: 'I 分值', problem: '…' }
 */
export async function importSchemeXlsx(bytes: Uint8Array): Promise<ImportResult> {
  const wb = new ExcelJS.Workbook();
  const errors: ImportError[] = [];
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    return { ok: false, errors: [{ sheet: '', row: 0, column: '', problem: '文件不是有效的 xlsx 工作簿' }] };
  }
  const err = (sheet: string, row: number, col: number, header: string, problem: string) =>
    errors.push({ sheet, row, column: col >= 0 ? `${colLetter(col)} ${header}` : '', problem });

  const sheetOf = (name: string) => {
    const s = wb.getWorksheet(name);
    if (!s) err(name, 0, -1, '', `缺少工作表“${name}”`);
    return s;
  };
  const settings = sheetOf(SHEETS.settings);
  const inds = sheetOf(SHEETS.indicators);
  const awardsSheet = wb.getWorksheet(SHEETS.awards);
  if (!settings || !inds) return { ok: false, errors };

  const values = new Map<string, { text: string; row: number }>();
  settings.eachRow((row, n) => {
    if (n === 1) return;
    values.set(cellText(row.getCell(1).value), { text: cellText(row.getCell(2).value), row: n });
  });
  const setting = (label: (typeof SETTINGS)[number]) => {
    const v = values.get(label);
    if (!v || v.text === '') err(SHEETS.settings, v?.row ?? 0, 1, label, `缺少“${label}”`);
    return v;
  };
  const yearV = setting('年度');
  const year = yearV ? int(yearV.text) : null;
  if (yearV && (year === null || year < 2000 || year > 2100))
    err(SHEETS.settings, yearV.row, 1, '年度', '年度须为四位年份');
  const name = setting('名称')?.text ?? '';
  const capV = setting('加分上限');
  const bonusCap = capV ? parseHundredths(capV.text) : null;
  if (capV && (bonusCap === null || bonusCap < 0))
    err(SHEETS.settings, capV.row, 1, '加分上限', '须为分值，如 30.00');
  const tieV = values.get('并列排序');
  const tieBreak: TieBreakKey[] = [];
  for (const label of (tieV?.text ?? '')
    .split(/[、,，]/)
    .map((x) => x.trim())
    .filter(Boolean)) {
    const key = (Object.entries(TIE_LABELS) as [TieBreakKey, string][]).find(([, l]) => l === label)?.[0];
    if (!key)
      err(
        SHEETS.settings,
        tieV!.row,
        1,
        '并列排序',
        `未知的并列排序依据“${label}”（可用：扣分少、各方面得分、加分多）`,
      );
    else tieBreak.push(key);
  }
  const topV = values.get('优先考虑名额');
  const priorityTopN = topV?.text ? int(topV.text) : 1;
  if (priorityTopN === null) err(SHEETS.settings, topV!.row, 1, '优先考虑名额', '须为整数');
  const poolV = values.get('奖励资金池（元）');
  const poolFen = poolV?.text ? parseHundredths(poolV.text) : 0;
  if (poolFen === null || poolFen < 0)
    err(SHEETS.settings, poolV!.row, 1, '奖励资金池（元）', '须为金额，如 3000000.00');

  const header = (inds.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  INDICATOR_COLUMNS.forEach((h, i) => {
    if (header[i] !== h) err(SHEETS.indicators, 1, i, h, `表头应为“${h}”`);
  });
  if (errors.length) return { ok: false, errors };

  const def: SchemeDef = {
    year: year ?? 0,
    name,
    bonusCap: bonusCap ?? 0,
    tieBreak,
    awards: { poolFen: poolFen ?? 0, rules: [] },
    priorityTopN: priorityTopN ?? 1,
    aspects: [],
  };
  const rowOf = new Map<string, { row: number; col: number }>();
  const kindByLabel = new Map<string, IndicatorKind>(
    INDICATOR_KINDS.flatMap((k) => [
      [k, k],
      [KIND_LABELS[k], k],
    ]),
  );
  inds.eachRow((row, n) => {
    if (n === 1) return;
    const c = INDICATOR_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    const S = SHEETS.indicators;
    const points = (i: number, required: boolean) => {
      if (c[i] === '' && !required) return null;
      const p = parseHundredths(c[i]!);
      if (p === null || p < 0) {
        err(S, n, i, INDICATOR_COLUMNS[i]!, `“${c[i]}”不是有效分值（最多两位小数）`);
        return null;
      }
      return p;
    };
    let aspect = def.aspects.at(-1);
    if (c[0] !== '' && c[0] !== aspect?.code) {
      const p = points(2, true);
      aspect = { code: c[0]!, name: c[1]!, points: p ?? 0, items: [] };
      def.aspects.push(aspect);
      rowOf.set(aspect.code, { row: n, col: 2 });
    }
    if (!aspect) {
      err(S, n, 0, INDICATOR_COLUMNS[0], '第一行须填写方面编码');
      return;
    }
    let item = aspect.items.at(-1);
    if (c[3] !== '' && c[3] !== item?.code) {
      const p = points(5, true);
      item = { code: c[3]!, name: c[4]!, points: p ?? 0, indicators: [] };
      aspect.items.push(item);
      rowOf.set(item.code, { row: n, col: 5 });
    }
    if (!item) {
      err(S, n, 3, INDICATOR_COLUMNS[3], '须填写工作项编码');
      return;
    }
    const kind = kindByLabel.get(c[9]!);
    if (!kind) {
      err(
        S,
        n,
        9,
        INDICATOR_COLUMNS[9],
        `未知类型“${c[9]}”（可用：${Object.values(KIND_LABELS).join('、')}）`,
      );
      return;
    }
    const rule = parseRule(kind, c[10]!);
    if (typeof rule === 'string') {
      err(S, n, 10, INDICATOR_COLUMNS[10], rule);
      return;
    }
    const p = points(8, true);
    if (!c[6]) err(S, n, 6, INDICATOR_COLUMNS[6], '须填写指标编码');
    if (!c[11]) err(S, n, 11, INDICATOR_COLUMNS[11], '须填写考核部门编码');
    const ind = {
      code: c[6]!,
      name: c[7]!,
      points: p ?? 0,
      rule,
      assessingUnit: c[11]!,
      responsible: c[12]!
        .split(/[、,，;；]/)
        .map((x) => x.trim())
        .filter(Boolean),
      ...(c[13] ? { unit: c[13] } : {}),
    };
    item.indicators.push(ind);
    rowOf.set(ind.code, { row: n, col: 8 });
  });

  awardsSheet?.eachRow((row, n) => {
    if (n === 1) return;
    const c = AWARD_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    const S = SHEETS.awards;
    const amount = parseHundredths(c[4]!);
    if (amount === null || amount < 0) {
      err(S, n, 4, AWARD_COLUMNS[4], '须为金额');
      return;
    }
    const category = c[0] ? { category: c[0] } : {};
    let rule: AwardRule;
    if (c[1] || c[2]) {
      const from = int(c[1]!);
      const to = int(c[2] || c[1]!);
      if (from === null || to === null || from < 1 || to < from) {
        err(S, n, 1, AWARD_COLUMNS[1], '名次须为正整数且“从”不大于“到”');
        return;
      }
      rule = { byRank: { from, to }, amountFen: amount, ...category };
    } else {
      const min = parseHundredths(c[3]!);
      if (min === null) {
        err(S, n, 3, AWARD_COLUMNS[3], '须填写名次或最低总分');
        return;
      }
      rule = { minTotal: min, amountFen: amount, ...category };
    }
    def.awards.rules.push(rule);
  });
  if (errors.length) return { ok: false, errors };

  for (const p of schemeProblems(def)) {
    const code = p.node.split(' ')[0]!;
    const at = rowOf.get(code);
    const message = t(p.key, 'zh-CN', { ...p.params, node: p.node });
    if (at) err(SHEETS.indicators, at.row, at.col, INDICATOR_COLUMNS[at.col]!, message);
    else err(SHEETS.settings, 0, -1, '', message);
  }
  return errors.length ? { ok: false, errors } : { ok: true, def };
}
