import type { OrgKind } from '@zhanqian/db';
import { canContain, createUnit, moveUnit, renameUnit } from '@zhanqian/org';
import type { KindSpec, MappedRow } from './run.ts';
import { type ScopeUnit, unitsOf } from './scope.ts';
import { parseText } from './values.ts';

type BranchType = 'building' | 'enterprise' | null;

/** 类型 as offices write it → the unit's kind and, for branches, their type. */
export const UNIT_KIND_LABELS: Record<string, { kind: OrgKind; branchType: BranchType }> = {
  街道: { kind: 'street', branchType: null },
  街道党工委: { kind: 'street', branchType: null },
  部门: { kind: 'department', branchType: null },
  社区党委: { kind: 'committee', branchType: null },
  社区: { kind: 'committee', branchType: null },
  党支部: { kind: 'branch', branchType: null },
  楼栋党支部: { kind: 'branch', branchType: 'building' },
  企业党支部: { kind: 'branch', branchType: 'enterprise' },
};

/** The label a unit is written with in the template (the inverse of UNIT_KIND_LABELS). */
export function unitKindLabel(kind: OrgKind, branchType: BranchType): string {
  if (kind === 'district') return '区';
  if (kind === 'branch')
    return branchType === 'building' ? '楼栋党支部' : branchType === 'enterprise' ? '企业党支部' : '党支部';
  return { street: '街道', department: '部门', committee: '社区党委' }[kind];
}

interface UnitRecord {
  row: MappedRow;
  code: string;
  name: string;
  kind: OrgKind;
  branchType: BranchType;
  parentCode: string | null;
  secretary: string | null;
}

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Units: 编码, 名称, 类型, 上级编码, 书记. A new code creates the unit (closure kept by
 * @zhanqian/org's createUnit); a known code updates its name (renamed with history),
 * secretary and branch type; another parent moves it (moveUnit, with history). Every code and
 * parent must lie in the import's subtree; the kind of an existing unit never changes. The
 * whole file is kept until the end: a parent may come after its children.
 */
export const unitsSpec: KindSpec = {
  kind: 'units',
  sheetName: '组织',
  columns: [
    { key: 'code', header: '编码', aliases: ['组织编码', '单位编码'], required: true, width: 16 },
    { key: 'name', header: '名称', aliases: ['组织名称', '单位名称'], required: true, width: 28 },
    { key: 'kind', header: '类型', aliases: ['组织类型', '组织类别'], required: true, width: 14 },
    { key: 'parentCode', header: '上级编码', aliases: ['上级组织编码'], required: true, width: 16 },
    { key: 'secretary', header: '书记', aliases: ['书记姓名'], width: 12 },
  ],
  async open(ctx) {
    const scope = await unitsOf(ctx.db, ctx.scopeRootId);
    const byCode = new Map(scope.map((u) => [u.code, u]));
    const byId = new Map(scope.map((u) => [u.id, u]));
    const records: UnitRecord[] = [];
    const seen = new Set<string>();

    const readRow = (row: MappedRow): UnitRecord | null => {
      const code = parseText(row.get('code'), 40);
      const name = parseText(row.get('name'), 100);
      const kindText = parseText(row.get('kind'), 20);
      const parentCode = parseText(row.get('parentCode'), 40);
      const secretary = parseText(row.get('secretary'), 50);
      if (code === null) ctx.error(row, 'code', 'required');
      else if (code === undefined || !CODE.test(code)) ctx.error(row, 'code', 'badCode');
      else if (seen.has(code)) ctx.error(row, 'code', 'duplicateKey', { value: code });
      if (name === null) ctx.error(row, 'name', 'required');
      else if (name === undefined) ctx.error(row, 'name', 'tooLong', { max: 100 });
      const kind = kindText ? UNIT_KIND_LABELS[kindText] : undefined;
      if (kindText === null) ctx.error(row, 'kind', 'required');
      else if (!kind)
        ctx.error(row, 'kind', 'badKind', {
          value: String(kindText),
          allowed: Object.keys(UNIT_KIND_LABELS).join('、'),
        });
      if (parentCode === undefined || (parentCode && !CODE.test(parentCode)))
        ctx.error(row, 'parentCode', 'badCode');
      if (secretary === undefined) ctx.error(row, 'secretary', 'tooLong', { max: 50 });
      if (typeof code === 'string' && CODE.test(code)) seen.add(code);
      if (ctx.rejected(row)) return null;
      return {
        row,
        code: code!,
        name: name!,
        kind: kind!.kind,
        branchType: kind!.branchType,
        parentCode: parentCode ?? null,
        secretary: secretary ?? null,
      };
    };

    return {
      async chunk(rows) {
        for (const row of rows) {
          const r = readRow(row);
          if (r) records.push(r);
        }
      },
      async finish() {
        const inFile = new Map(records.map((r) => [r.code, r]));
        // Codes this subtree does not hold: are they taken elsewhere (outside the import's reach)?
        const unknown = [...new Set(records.flatMap((r) => [r.code, r.parentCode ?? '']))].filter(
          (c) => c && !byCode.has(c),
        );
        const elsewhere = new Set<string>();
        for (let i = 0; i < unknown.length; i += 500) {
          const found = await ctx.db
            .selectFrom('org_unit')
            .select('code')
            .where('code', 'in', unknown.slice(i, i + 500))
            .execute();
          for (const f of found) elsewhere.add(f.code);
        }
        const kindOf = (code: string): OrgKind | undefined =>
          byCode.get(code)?.kind ?? inFile.get(code)?.kind;
        // The tree after the import, code → parent code, to refuse a cycle before writing.
        const parentAfter = new Map<string, string | null>();
        for (const u of scope)
          parentAfter.set(u.code, u.parentId === null ? null : (byId.get(u.parentId)?.code ?? null));
        const valid: UnitRecord[] = [];
        for (const r of records) {
          const existing = byCode.get(r.code);
          if (!existing && elsewhere.has(r.code)) {
            ctx.error(r.row, 'code', 'codeOutsideScope', { value: r.code });
            continue;
          }
          if (existing?.dissolved) {
            ctx.error(r.row, 'code', 'unitDissolved', { value: r.code });
            continue;
          }
          if (existing && existing.kind !== r.kind) {
            ctx.error(r.row, 'kind', 'kindChange', {
              value: unitKindLabel(existing.kind, existing.branchType),
            });
            continue;
          }
          const currentParent = existing ? (parentAfter.get(existing.code) ?? null) : null;
          if (existing && existing.id === ctx.scopeRootId) {
            // The subtree's own root: it stays where it is (its parent lies outside the import).
            if (r.parentCode !== null && r.parentCode !== currentParent)
              ctx.error(r.row, 'parentCode', 'moveRoot');
            else valid.push(r);
            continue;
          }
          if (r.parentCode === null) {
            ctx.error(r.row, 'parentCode', 'required');
            continue;
          }
          const parentKind = kindOf(r.parentCode);
          if (!parentKind) {
            ctx.error(
              r.row,
              'parentCode',
              elsewhere.has(r.parentCode) ? 'parentOutsideScope' : 'parentNotFound',
              {
                value: r.parentCode,
              },
            );
            continue;
          }
          if (byCode.get(r.parentCode)?.dissolved) {
            ctx.error(r.row, 'parentCode', 'unitDissolved', { value: r.parentCode });
            continue;
          }
          if (!canContain(parentKind, r.kind)) {
            ctx.error(r.row, 'parentCode', 'badParent', {
              child: unitKindLabel(r.kind, r.branchType),
              parent: unitKindLabel(
                parentKind,
                byCode.get(r.parentCode)?.branchType ?? inFile.get(r.parentCode)?.branchType ?? null,
              ),
            });
            continue;
          }
          parentAfter.set(r.code, r.parentCode);
          valid.push(r);
        }
        for (const r of valid) {
          const seenCodes = new Set<string>();
          let at: string | null = r.code;
          while (at !== null && !seenCodes.has(at)) {
            seenCodes.add(at);
            at = parentAfter.get(at) ?? null;
          }
          if (at !== null) ctx.error(r.row, 'parentCode', 'parentCycle', { value: r.parentCode ?? '' });
        }
        const ok = valid.filter((r) => !ctx.rejected(r.row));
        const plan = ok.map((r) => {
          const existing = byCode.get(r.code);
          if (!existing) return { r, existing, outcome: 'new' as const };
          const moved =
            existing.id !== ctx.scopeRootId &&
            r.parentCode !== (existing.parentId === null ? null : byId.get(existing.parentId)?.code);
          const changed =
            moved ||
            existing.name !== r.name ||
            existing.secretary !== r.secretary ||
            existing.branchType !== r.branchType;
          return { r, existing, moved, outcome: changed ? ('changed' as const) : ('unchanged' as const) };
        });
        for (const p of plan) ctx.outcome(p.r.row, p.outcome);
        if (!ctx.apply) return;
        // New units parents first: a parent is either known or created earlier in this loop.
        const ids = new Map(scope.map((u) => [u.code, u.id]));
        let pending = plan.filter((p) => p.outcome === 'new');
        while (pending.length) {
          const next = pending.filter((p) => ids.has(p.r.parentCode!));
          for (const p of next) {
            const unit = await createUnit(ctx.db, {
              parentId: ids.get(p.r.parentCode!)!,
              kind: p.r.kind,
              name: p.r.name,
              code: p.r.code,
              sortOrder: p.r.row.row,
            });
            if (p.r.secretary !== null || p.r.branchType !== null)
              await ctx.db
                .updateTable('org_unit')
                .set({ secretary_name: p.r.secretary, branch_type: p.r.branchType })
                .where('id', '=', unit.id)
                .execute();
            ids.set(p.r.code, unit.id);
          }
          pending = pending.filter((p) => !ids.has(p.r.code));
          if (!next.length) break; // unreachable: cycles were refused above
        }
        for (const p of plan) {
          if (p.outcome !== 'changed' || !p.existing) continue;
          const u: ScopeUnit = p.existing;
          if (u.name !== p.r.name) await renameUnit(ctx.db, u.id, p.r.name, ctx.today);
          if (p.moved) await moveUnit(ctx.db, u.id, ids.get(p.r.parentCode!)!, ctx.today);
          if (u.secretary !== p.r.secretary || u.branchType !== p.r.branchType)
            await ctx.db
              .updateTable('org_unit')
              .set({ secretary_name: p.r.secretary, branch_type: p.r.branchType })
              .where('id', '=', u.id)
              .execute();
        }
      },
    };
  },
};
