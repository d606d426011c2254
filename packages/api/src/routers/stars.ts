import { assertInScope, type Principal } from '@zhanqian/auth';
import { DomainError, t as translate } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { isInSubtree } from '@zhanqian/org';
import {
  bonusAllocation,
  ensureDefaultCriteria,
  explainEntity,
  getConfig,
  IMPORT_ERROR_MESSAGES,
  importRatings,
  LEVEL_LABELS,
  listCriteria,
  listEntities,
  locateEntity,
  mayRate,
  memberOverview,
  payList,
  payListXlsx,
  ratingTemplateXlsx,
  recomputeStarsFull,
  recomputeStarsIncremental,
  STAR_LEVELS,
  setConfig,
  setCriteria,
  setRating,
  starStats,
  starTrend,
} from '@zhanqian/stars';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

const year = z.number().int().min(2000).max(2100);
// A street, department or the district is no star level (see @zhanqian/stars/levels): refused
// with the levels there are, not zod's bare list.
const level = z.enum(STAR_LEVELS as [StarLevel, ...StarLevel[]], msg('stars.badLevel'));
const fen = z.number().int().min(0).max(100_000_000_000);
const page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Criteria, policy, bonuses and full recomputation are the district's (区委组织部) alone. */
async function assertDistrict(db: Kysely<Database>, who: Principal): Promise<void> {
  const root = await db
    .selectFrom('org_unit')
    .select('kind')
    .where('id', '=', who.scopeRootId)
    .executeTakeFirst();
  if (root?.kind !== 'district') throw new DomainError('FORBIDDEN', 'stars.notDistrict');
}

/**
 * Reading one entity: a member (role) sees only themself and their zone's households; anyone
 * else needs the entity's branch (or unit) inside their scope.
 */
async function assertMayRead(db: Kysely<Database>, who: Principal, lvl: StarLevel, entityId: number) {
  const entity = await locateEntity(db, lvl, entityId);
  if (who.role === 'member') {
    if (
      who.memberId === null ||
      entity.memberId !== who.memberId ||
      (lvl !== 'member' && lvl !== 'household')
    )
      throw new DomainError('FORBIDDEN', 'auth.outOfScope');
    return entity;
  }
  if (!(await isInSubtree(db, who.scopeRootId, entity.unitId)))
    throw new DomainError('FORBIDDEN', 'auth.outOfScope');
  return entity;
}

/** Lists and statistics are for the tree's people, not for a member's own account. */
function assertNotMemberRole(who: Principal) {
  if (who.role === 'member') throw new DomainError('FORBIDDEN', 'auth.outOfScope');
}

/** `stars.*`: star-level management (星级管理). */
export const starsRouter = router({
  /** The ten criteria of each level (or one level) in a year. */
  criteria: permissionProcedure('stars.read')
    .input(z.object({ year, level: level.optional() }))
    .query(async ({ ctx, input }) => {
      const levels = input.level ? [input.level] : STAR_LEVELS;
      const out = [];
      for (const l of levels)
        out.push({
          level: l,
          label: LEVEL_LABELS[l][ctx.locale],
          criteria: await listCriteria(ctx.db, input.year, l),
        });
      return out;
    }),

  setCriteria: writeProcedure('stars.manage')
    .input(
      z.object({
        year,
        level,
        criteria: z
          .array(
            z.object({
              name: z.string().trim().min(1).max(40),
              description: z.string().trim().max(500).nullish(),
            }),
          )
          .length(10),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertDistrict(ctx.tx, ctx.principal);
      const { before, after } = await setCriteria(ctx.tx, input.year, input.level, input.criteria);
      await ctx.audit({
        action: 'stars.setCriteria',
        objectType: 'star_criterion',
        objectId: `${input.year}/${input.level}`,
        orgUnitId: ctx.principal.scopeRootId,
        before,
        after,
      });
      return after;
    }),

  /** Sets up a year: the default criteria for every level that has none. */
  initYear: writeProcedure('stars.manage')
    .input(z.object({ year }))
    .mutation(async ({ ctx, input }) => {
      await assertDistrict(ctx.tx, ctx.principal);
      const levels = await ensureDefaultCriteria(ctx.tx, input.year);
      await ctx.audit({
        action: 'stars.initYear',
        objectType: 'star_criterion',
        objectId: String(input.year),
        orgUnitId: ctx.principal.scopeRootId,
        after: { levels },
      });
      return { year: input.year, levels };
    }),

  config: permissionProcedure('stars.read')
    .input(z.object({ year }))
    .query(({ ctx, input }) => getConfig(ctx.db, input.year)),

  /** Threshold, empty-children policy, bonus amounts and budget; recomputes the year in full. */
  setConfig: writeProcedure('stars.manage')
    .input(
      z.object({
        year,
        policy: z
          .object({
            num: z.number().int().min(0).max(1000),
            den: z.number().int().min(1).max(1000),
            emptyPasses: z.boolean(),
          })
          .refine((p) => p.num <= p.den, { path: ['num'] }),
        bonusFen: z.object({ household: fen, member: fen, branch: fen, committee: fen }),
        budgetFen: fen,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertDistrict(ctx.tx, ctx.principal);
      const { before, after } = await setConfig(ctx.tx, input);
      const recomputed = await recomputeStarsFull(ctx.tx, input.year);
      await ctx.audit({
        action: 'stars.setConfig',
        objectType: 'star_config',
        objectId: input.year,
        orgUnitId: ctx.principal.scopeRootId,
        before,
        after,
      });
      return { config: after, recomputed };
    }),

  /** The entities of a level under a unit (default: the caller's scope), for rating down a list. */
  entities: permissionProcedure('stars.read')
    .input(z.object({ year, level, unitId: id.optional(), memberId: id.optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const p = ctx.principal;
      if (
        p.role === 'member' &&
        (input.level !== 'household' || input.memberId !== p.memberId || p.memberId === null)
      )
        throw new DomainError('FORBIDDEN', 'auth.outOfScope');
      const unitId = input.unitId ?? p.scopeRootId;
      await assertInScope(ctx.db, p, unitId);
      return listEntities(ctx.db, { ...input, unitId });
    }),

  /** One entity's rating and certification, explained (which criterion or share, at which level). */
  explain: permissionProcedure('stars.read')
    .input(z.object({ year, level, id }))
    .query(async ({ ctx, input }) => {
      await assertMayRead(ctx.db, ctx.principal, input.level, input.id);
      const e = await explainEntity(ctx.db, input.year, input.level, input.id);
      return { ...e, text: explanationText(e, ctx.locale) };
    }),

  /** Rates one entity: which of the ten criteria it meets; recomputes the chain above it. */
  rate: writeProcedure('stars.rate')
    .input(z.object({ year, level, id, met: z.array(z.number().int().min(1).max(10)).max(10) }))
    .mutation(async ({ ctx, input }) => {
      const entity = await locateEntity(ctx.tx, input.level, input.id);
      await assertInScope(ctx.tx, ctx.principal, entity.unitId);
      if (!(await mayRate(ctx.tx, ctx.principal.scopeRootId, entity)))
        throw new DomainError('FORBIDDEN', 'stars.mayNotRate', {
          level: LEVEL_LABELS[input.level][ctx.locale],
        });
      const { before, after } = await setRating(ctx.tx, {
        year: input.year,
        level: input.level,
        entityId: input.id,
        met: [...new Set(input.met)],
        ratedBy: ctx.principal.userId,
      });
      const recomputed = await recomputeStarsIncremental(ctx.tx, input.year, {
        level: input.level,
        entityId: input.id,
      });
      await ctx.audit({
        action: 'stars.rate',
        objectType: `star_rating.${input.level}`,
        objectId: `${input.year}/${input.id}`,
        orgUnitId: entity.unitId,
        before: { met: before.met, stars: before.stars },
        after: { met: after.met, stars: after.stars },
      });
      return { rating: after, recomputed };
    }),

  /** The import sheet for a level under a unit, pre-filled with current marks. */
  importTemplate: permissionProcedure('stars.rate')
    .input(z.object({ year, level, unitId: id.optional() }))
    .query(async ({ ctx, input }) => {
      const unitId = input.unitId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, unitId);
      const buf = await ratingTemplateXlsx(ctx.db, { ...input, unitId });
      return {
        // Chinese names, like every export (issue #21 item 13): 星级评定导入模板-2026-党员.xlsx
        filename: `星级评定导入模板-${input.year}-${LEVEL_LABELS[input.level]['zh-CN']}.xlsx`,
        contentType: XLSX,
        base64: buf.toString('base64'),
      };
    }),

  /**
   * Bulk ratings from an .xlsx sheet (see parseRatingSheet). All or nothing: with any row in
   * error nothing is applied and every error is returned with its row.
   */
  importRatings: writeProcedure('stars.rate')
    .input(z.object({ year, level, fileBase64: z.string().min(1).max(40_000_000) }))
    .mutation(async ({ ctx, input }) => {
      const result = await importRatings(ctx.tx, {
        year: input.year,
        level: input.level,
        scopeRootId: ctx.principal.scopeRootId,
        ratedBy: ctx.principal.userId,
        buffer: Buffer.from(input.fileBase64, 'base64'),
      });
      await ctx.audit({
        action: 'stars.importRatings',
        objectType: `star_rating.${input.level}`,
        objectId: String(input.year),
        orgUnitId: ctx.principal.scopeRootId,
        result: result.errors.length ? 'failed' : 'ok',
        after: {
          applied: result.applied,
          errors: result.errors.length,
          changes: result.changes.slice(0, 1000),
        },
      });
      return {
        applied: result.applied,
        errors: result.errors.map((e) => ({
          ...e,
          message: IMPORT_ERROR_MESSAGES[e.code][ctx.locale].replace(/\{(\w+)\}/g, (_, k: string) =>
            String((e as unknown as Record<string, unknown>)[k] ?? ''),
          ),
        })),
      };
    }),

  /** Full set-based recomputation of a year (the worker runs it on schedule too). */
  recompute: writeProcedure('stars.manage')
    .input(z.object({ year }))
    .mutation(async ({ ctx, input }) => {
      await assertDistrict(ctx.tx, ctx.principal);
      const r = await recomputeStarsFull(ctx.tx, input.year);
      await ctx.audit({
        action: 'stars.recompute',
        objectType: 'star_snapshot',
        objectId: r.snapshotId,
        orgUnitId: ctx.principal.scopeRootId,
        after: r,
      });
      return r;
    }),

  /** Counts and rates per level and star count, per community and in total, under a unit. */
  stats: permissionProcedure('stars.read')
    .input(z.object({ year, rootId: id.optional() }))
    .query(async ({ ctx, input }) => {
      assertNotMemberRole(ctx.principal);
      const rootId = input.rootId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, rootId);
      return starStats(ctx.db, input.year, rootId);
    }),

  /** Year-over-year series (chart-ready: one array per level aligned on `years`). */
  trend: permissionProcedure('stars.read')
    .input(z.object({ years: z.array(year).min(1).max(20), rootId: id.optional() }))
    .query(async ({ ctx, input }) => {
      assertNotMemberRole(ctx.principal);
      const rootId = input.rootId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, rootId);
      return starTrend(ctx.db, rootId, input.years);
    }),

  /**
   * The bonus allocation of the year under a unit (default: the caller's scope): the district
   * sees its counts, amounts, budget and scaling; a street or community only its own area's
   * payees and totals (see AreaAllocation).
   */
  bonus: permissionProcedure('stars.manage')
    .input(z.object({ year, rootId: id.optional() }))
    .query(async ({ ctx, input }) => {
      const rootId = input.rootId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, rootId);
      return bonusAllocation(ctx.db, input.year, rootId);
    }),

  /** One level's pay list under the caller's scope, paged, with the allocation. */
  payList: permissionProcedure('stars.manage')
    .input(z.object({ year, level, rootId: id.optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const rootId = input.rootId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, rootId);
      return payList(ctx.db, { ...input, rootId });
    }),

  payListXlsx: permissionProcedure('stars.manage')
    .input(z.object({ year, rootId: id.optional() }))
    .query(async ({ ctx, input }) => {
      const rootId = input.rootId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, rootId);
      const buf = await payListXlsx(ctx.db, input.year, rootId);
      return {
        filename: `星级补贴发放表-${input.year}.xlsx`,
        contentType: XLSX,
        base64: buf.toString('base64'),
      };
    }),

  /** A member's own stars, zone and households. */
  mine: permissionProcedure('stars.read')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      if (ctx.principal.memberId === null) throw new DomainError('NOT_FOUND', 'stars.notAMember');
      return memberOverview(ctx.db, input.year, ctx.principal.memberId);
    }),
});

/** The explanation in words, in the caller's language. */
function explanationText(e: Awaited<ReturnType<typeof explainEntity>>, locale: 'zh-CN' | 'en'): string {
  const label = (l: StarLevel) => LEVEL_LABELS[l][locale];
  if (e.tenStar === null) return translate('stars.explain.notComputed', locale);
  if (e.tenStar) return translate('stars.explain.certified', locale, { level: label(e.entity.level) });
  const r = e.reason;
  if (!r) return '';
  if (r.kind === 'own')
    return translate('stars.explain.own', locale, {
      level: label(r.level),
      stars: r.stars,
      missing: e.criteria
        .filter((c) => !c.met)
        .map((c) => c.name || String(c.position))
        .join(locale === 'en' ? ', ' : '、'),
    });
  if (r.kind === 'empty')
    return translate('stars.explain.empty', locale, { level: label(r.level), child: label(r.childLevel) });
  return translate('stars.explain.share', locale, {
    level: label(r.level),
    child: label(r.childLevel),
    ten: r.ten,
    total: r.total,
    percent: ((100 * r.num) / r.den).toFixed(r.den % 100 === 0 || 100 % r.den === 0 ? 0 : 2),
  });
}
