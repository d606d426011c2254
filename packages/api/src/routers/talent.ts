import { createHash } from 'node:crypto';
import { assertInScope, type Principal } from '@zhanqian/auth';
import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, TalentSubsidyKind } from '@zhanqian/db';
import {
  ATTACHMENT_KINDS,
  addCatalogueField,
  addExpert,
  appendEntry,
  applyForSubsidy,
  applyRegistryPlan,
  attachFile,
  awardsByTitleAndCycle,
  catalogueForExport,
  catalogueXlsx,
  catalogueYears,
  conferAwards,
  copyCatalogue,
  createCycle,
  createFund,
  createTalent,
  createTier,
  cycleQuotas,
  DEFAULT_FUND_CODE,
  detachFile,
  drawShortlist,
  dutyConfig,
  type Eligibility,
  eligibilityFor,
  fundBalances,
  fundFlowByMonth,
  fundReportXlsx,
  getApplication,
  getAttachment,
  getCycle,
  getFund,
  getTalent,
  listApplications,
  listAttachments,
  listCatalogue,
  listCycles,
  listEntries,
  listExperts,
  listNominations,
  listTalents,
  listTiers,
  nominate,
  planRegistryImport,
  publishShortlist,
  REGISTRY_SHEET_KINDS,
  recordScore,
  removeCatalogueField,
  reverseEntry,
  SUBSIDY_KINDS,
  saveDutyPairs,
  scoreSheet,
  startScoring,
  type Talent,
  talentOfAccount,
  talentsForExport,
  talentsXlsx,
  tiersXlsx,
  transitionApplication,
  updateCatalogueField,
  updateTalent,
  updateTier,
  withdrawNomination,
} from '@zhanqian/talent';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { calendarDate, id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxFile = (filename: string, bytes: Uint8Array) => ({
  filename,
  contentType: XLSX,
  base64: Buffer.from(bytes).toString('base64'),
});
/** This year in Asia/Shanghai: names the roll's export (人才名册-2026.xlsx). */
const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const year = z.number().int().min(2000).max(2100);
const fen = z.number().int().min(0).max(100_000_000_000);
const positiveFen = z.number().int().min(1).max(100_000_000_000);
const date = calendarDate(msg('talent.badDate'));
/** Required text, its refusal in the caller's language ("请填写姓名" / "Name is required"). */
const text = (max: number, field = '内容', fieldEn = 'This field') =>
  z
    .string()
    .trim()
    .min(1, msg('talent.input.required', { field, fieldEn }))
    .max(max, msg('talent.input.tooLong', { field, fieldEn, max }));
const reason = text(500, '原因', 'The reason');
const kind = z.enum(['settling', 'housing']);
const via = z.enum(['public_selection', 'introduction', 'local']);
const title = z.enum(['leading', 'entrepreneur', 'expert', 'top_professional']);
const page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
};

const approver = (p: Principal) => ({ userId: p.userId, name: p.displayName });

/** Reads and writes of talent data stay within the caller's subtree (the unit keeping the record). */
async function talentInScope(db: Kysely<Database>, p: Principal, talentId: number): Promise<Talent> {
  const talent = await getTalent(db, talentId);
  await assertInScope(db, p, talent.org_unit_id);
  return talent;
}

/** The fund, refused unless it lies in the caller's subtree. */
async function fundInScope(db: Kysely<Database>, p: Principal) {
  const fund = await getFund(db);
  await assertInScope(db, p, fund.org_unit_id);
  return fund;
}

/** A member's own talent record, or FORBIDDEN when the account is not linked to one. */
async function ownTalent(db: Kysely<Database>, p: Principal): Promise<Talent> {
  const mine = await talentOfAccount(db, { userId: p.userId, memberId: p.memberId });
  if (!mine) throw new DomainError('FORBIDDEN', 'talent.notATalent');
  return mine;
}

/** Eligibility for each subsidy kind, with reasons (for the registry card and the member app). */
async function eligibilityByKind(
  db: Kysely<Database>,
  talentId: number,
): Promise<Record<TalentSubsidyKind, Eligibility>> {
  const out = {} as Record<TalentSubsidyKind, Eligibility>;
  for (const k of SUBSIDY_KINDS) out[k] = await eligibilityFor(db, talentId, k);
  return out;
}

const isStaff = (p: Principal) => p.permissions.has('talent.manage') || p.permissions.has('talent.read');

const talentFields = {
  name: text(50, '姓名', 'The name'),
  gender: z.enum(['M', 'F'], msg('talent.input.gender')),
  birthDate: date.nullable(),
  fieldCode: text(40, '领域编码', 'The field code'),
  fieldName: text(100, '领域', 'The field'),
  employer: text(200, '工作单位', 'The employer'),
  introducedOn: date,
  introducedVia: via,
  tierId: id,
  memberId: id.nullable().optional(),
  userId: id.nullable().optional(),
};

const sheetKind = z.enum(REGISTRY_SHEET_KINDS as ['talents', 'tiers', 'catalogue']);
/** An xlsx file as base64 (about 10 MB of workbook at most). */
const registryFile = z.object({ kind: sheetKind, base64: z.string().min(1).max(14_000_000) });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** What an import's audit record keeps: the counts, or the first problems and how many. */
const refusedOrCounts = (
  plan: { ok: true; counts: unknown } | { ok: false; errors: readonly unknown[] },
): Record<string, unknown> =>
  plan.ok ? { counts: plan.counts } : { errors: plan.errors.slice(0, 20), errorCount: plan.errors.length };

/** The names of the accounts that did each step of an application (for the four-eyes record on screen). */
async function stepActors(
  db: Kysely<Database>,
  app: {
    applied_by: number | null;
    reviewed_by: number | null;
    decided_by: number | null;
    disbursed_by: number | null;
    status: string;
  },
) {
  const ids = [app.applied_by, app.reviewed_by, app.decided_by, app.disbursed_by].filter(
    (x): x is number => x !== null,
  );
  const names = new Map(
    ids.length
      ? (await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute()).map(
          (u) => [u.id, u.display_name] as const,
        )
      : [],
  );
  const name = (x: number | null) => (x === null ? null : (names.get(x) ?? null));
  return {
    apply: name(app.applied_by),
    review: name(app.reviewed_by),
    approve: app.status === 'approved' || app.status === 'disbursed' ? name(app.decided_by) : null,
    disburse: name(app.disbursed_by),
  };
}

const registry = router({
  /** Tiers with their settling and housing amounts (fen). */
  tiers: permissionProcedure('talent.read').query(({ ctx }) => listTiers(ctx.db)),

  createTier: writeProcedure('talent.manage')
    .input(
      z.object({
        code: text(20, '层次编码', 'The tier code'),
        name: text(50, '名称', 'The name'),
        rank: z.number().int().min(1).max(100),
        settlingFen: fen,
        housingFen: fen,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const tier = await createTier(ctx.tx, input);
      await ctx.audit({
        action: 'talent.registry.createTier',
        objectType: 'talent_tier',
        objectId: tier.id,
        after: tier,
      });
      return tier;
    }),

  updateTier: writeProcedure('talent.manage')
    .input(
      z.object({
        id,
        name: text(50, '名称', 'The name').optional(),
        rank: z.number().int().min(1).max(100).optional(),
        settlingFen: fen.optional(),
        housingFen: fen.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id: tierId, ...rest } = input;
      const { before, after } = await updateTier(ctx.tx, tierId, rest);
      await ctx.audit({
        action: 'talent.registry.updateTier',
        objectType: 'talent_tier',
        objectId: tierId,
        before,
        after,
      });
      return after;
    }),

  /** A year's catalogue of urgently needed and scarce fields, and the years that have one. */
  catalogue: permissionProcedure('talent.read')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => ({
      year: input.year,
      fields: await listCatalogue(ctx.db, input.year),
      years: await catalogueYears(ctx.db),
    })),

  addCatalogueField: writeProcedure('talent.manage')
    .input(
      z.object({
        year,
        fieldCode: text(40, '领域编码', 'The field code'),
        fieldName: text(100, '领域', 'The field'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await addCatalogueField(ctx.tx, input);
      await ctx.audit({
        action: 'talent.registry.addCatalogueField',
        objectType: 'talent_catalogue',
        objectId: row.id,
        after: row,
      });
      return row;
    }),

  updateCatalogueField: writeProcedure('talent.manage')
    .input(z.object({ id, fieldName: text(100, '领域', 'The field') }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await updateCatalogueField(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'talent.registry.updateCatalogueField',
        objectType: 'talent_catalogue',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),

  removeCatalogueField: writeProcedure('talent.manage')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const row = await removeCatalogueField(ctx.tx, input.id);
      await ctx.audit({
        action: 'talent.registry.removeCatalogueField',
        objectType: 'talent_catalogue',
        objectId: row.id,
        before: row,
      });
      return row;
    }),

  copyCatalogue: writeProcedure('talent.manage')
    .input(z.object({ fromYear: year, toYear: year }))
    .mutation(async ({ ctx, input }) => {
      const added = await copyCatalogue(ctx.tx, input.fromYear, input.toYear);
      await ctx.audit({
        action: 'talent.registry.copyCatalogue',
        objectType: 'talent_catalogue',
        after: { ...input, added },
      });
      return { added };
    }),

  /** The registry within the caller's subtree, with counts by how introduced. */
  list: permissionProcedure('talent.read')
    .input(
      z.object({
        q: z.string().trim().max(20).optional(),
        introducedVia: via.optional(),
        tierId: id.optional(),
        fieldCode: z.string().trim().max(40).optional(),
        ...page,
      }),
    )
    .query(({ ctx, input }) => listTalents(ctx.db, { ...input, scopeRootId: ctx.principal.scopeRootId })),

  get: permissionProcedure('talent.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const talent = await talentInScope(ctx.db, ctx.principal, input.id);
      const applications = await listApplications(ctx.db, {
        talentId: talent.id,
        scopeRootId: ctx.principal.scopeRootId,
        page: 1,
        pageSize: 50,
      });
      const eligibility = await eligibilityByKind(ctx.db, talent.id);
      const nominations = await ctx.db
        .selectFrom('talent_nomination as n')
        .innerJoin('talent_award_cycle as c', 'c.id', 'n.cycle_id')
        .select(['n.id', 'c.year', 'n.title', 'n.status', 'n.combined_score', 'n.award_fen'])
        .where('n.talent_id', '=', talent.id)
        .orderBy('c.year', 'desc')
        .execute();
      const tier = await ctx.db
        .selectFrom('talent_tier')
        .select('name')
        .where('id', '=', talent.tier_id)
        .executeTakeFirstOrThrow();
      return { talent, tierName: tier.name, applications: applications.rows, eligibility, nominations };
    }),

  create: writeProcedure('talent.manage')
    .input(z.object({ ...talentFields, orgUnitId: id.optional() }))
    .mutation(async ({ ctx, input }) => {
      const orgUnitId = input.orgUnitId ?? ctx.principal.orgUnitId;
      await assertInScope(ctx.tx, ctx.principal, orgUnitId);
      const talent = await createTalent(ctx.tx, { ...input, orgUnitId });
      await ctx.audit({
        action: 'talent.registry.create',
        objectType: 'talent_person',
        objectId: talent.id,
        orgUnitId,
        after: talent,
      });
      return talent;
    }),

  update: writeProcedure('talent.manage')
    .input(z.object(talentFields).partial().extend({ id }))
    .mutation(async ({ ctx, input }) => {
      const { id: talentId, ...rest } = input;
      const current = await talentInScope(ctx.tx, ctx.principal, talentId);
      const { before, after } = await updateTalent(ctx.tx, talentId, rest);
      await ctx.audit({
        action: 'talent.registry.update',
        objectType: 'talent_person',
        objectId: talentId,
        orgUnitId: current.org_unit_id,
        before,
        after,
      });
      return after;
    }),

  /** An empty workbook of a kind, with its 填写说明 sheet (the tiers' template lists the tiers in force). */
  template: permissionProcedure('talent.manage')
    .input(z.object({ kind: sheetKind }))
    .query(async ({ ctx, input }) => {
      const tiers = await listTiers(ctx.db);
      if (input.kind === 'talents') return xlsxFile('人才名册-导入模板.xlsx', await talentsXlsx([], tiers));
      if (input.kind === 'tiers') return xlsxFile('人才层次-导入模板.xlsx', await tiersXlsx(tiers));
      return xlsxFile('急需紧缺人才目录-导入模板.xlsx', await catalogueXlsx([]));
    }),

  /**
   * The roll (with the page's filters, within the caller's subtree), the tiers, or a year's
   * catalogue as xlsx with Chinese headers and file name. Audited: the roll holds personal data.
   */
  export: writeProcedure('talent.read')
    .input(
      z.object({
        kind: sheetKind,
        year: year.optional(),
        q: z.string().trim().max(20).optional(),
        introducedVia: via.optional(),
        tierId: id.optional(),
        fieldCode: z.string().trim().max(40).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      let file: ReturnType<typeof xlsxFile>;
      let rows: number;
      if (input.kind === 'talents') {
        const list = await talentsForExport(ctx.tx, { ...input, scopeRootId: ctx.principal.scopeRootId });
        rows = list.length;
        file = xlsxFile(`人才名册-${thisYear()}.xlsx`, await talentsXlsx(list, await listTiers(ctx.tx)));
      } else if (input.kind === 'tiers') {
        const tiers = await listTiers(ctx.tx);
        rows = tiers.length;
        file = xlsxFile('人才层次与补贴标准.xlsx', await tiersXlsx(tiers));
      } else {
        const list = await catalogueForExport(ctx.tx, input.year);
        rows = list.length;
        file = xlsxFile(`急需紧缺人才目录-${input.year ?? '全部'}.xlsx`, await catalogueXlsx(list));
      }
      await ctx.audit({
        action: 'talent.registry.export',
        objectType: 'talent_registry',
        after: { ...input, rows, filename: file.filename },
      });
      return file;
    }),

  /** Checks a registry file: every problem by row and column, or the counts of new / changed / unchanged rows. Writes nothing but the audit. */
  dryRun: writeProcedure('talent.manage')
    .input(registryFile)
    .mutation(async ({ ctx, input }) => {
      const bytes = new Uint8Array(Buffer.from(input.base64, 'base64'));
      const plan = await planRegistryImport(ctx.tx, input.kind, bytes, {
        scopeRootId: ctx.principal.scopeRootId,
        locale: ctx.locale,
      });
      await ctx.audit({
        action: 'talent.registry.dryRun',
        objectType: 'talent_registry',
        result: plan.ok ? 'ok' : 'failed',
        after: { kind: input.kind, sha256: sha256(bytes), ...refusedOrCounts(plan) },
      });
      return plan.ok
        ? { ok: true as const, counts: plan.counts }
        : { ok: false as const, errors: plan.errors };
    }),

  /** Imports a registry file, all or nothing: each new or changed row audited with its before and after. */
  import: writeProcedure('talent.manage')
    .input(registryFile)
    .mutation(async ({ ctx, input }) => {
      const bytes = new Uint8Array(Buffer.from(input.base64, 'base64'));
      const plan = await planRegistryImport(ctx.tx, input.kind, bytes, {
        scopeRootId: ctx.principal.scopeRootId,
        locale: ctx.locale,
      });
      if (!plan.ok) {
        await ctx.audit({
          action: 'talent.registry.import',
          objectType: 'talent_registry',
          result: 'failed',
          after: { kind: input.kind, sha256: sha256(bytes), ...refusedOrCounts(plan) },
        });
        return { ok: false as const, errors: plan.errors };
      }
      // new talents are kept by the caller's unit, which must lie in their subtree
      await assertInScope(ctx.tx, ctx.principal, ctx.principal.orgUnitId);
      const changes = await applyRegistryPlan(ctx.tx, plan.plan, { orgUnitId: ctx.principal.orgUnitId });
      await ctx.auditMany(
        changes.map((c) => ({
          action: `talent.registry.import.${c.before === null ? 'create' : 'update'}`,
          objectType: c.objectType,
          objectId: c.objectId,
          before: c.before,
          after: c.after,
        })),
      );
      await ctx.audit({
        action: 'talent.registry.import',
        objectType: 'talent_registry',
        after: { kind: input.kind, sha256: sha256(bytes), counts: plan.counts },
      });
      return { ok: true as const, counts: plan.counts };
    }),
});

const applications = router({
  /** Staff: applications within their subtree. A talent (member app): their own only. */
  list: permissionProcedure(['talent.read', 'talent.apply'])
    .input(
      z.object({
        status: z
          .enum(['submitted', 'reviewed', 'approved', 'disbursed', 'rejected', 'withdrawn', 'cancelled'])
          .optional(),
        kind: kind.optional(),
        talentId: id.optional(),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
      const { status } = input;
      if (isStaff(ctx.principal)) {
        if (input.talentId !== undefined) await talentInScope(ctx.db, ctx.principal, input.talentId);
        return listApplications(ctx.db, { ...input, status, scopeRootId: ctx.principal.scopeRootId });
      }
      const mine = await talentOfAccount(ctx.db, {
        userId: ctx.principal.userId,
        memberId: ctx.principal.memberId,
      });
      if (!mine) return listApplications(ctx.db, { ...input, status, talentId: -1, scopeRootId: -1 });
      if (input.talentId !== undefined && input.talentId !== mine.id)
        throw new DomainError('FORBIDDEN', 'talent.notYourRecord');
      // The talent's own records: scoped by the record itself, not by the member's branch.
      return listApplications(ctx.db, { ...input, status, talentId: mine.id, scopeRootId: mine.org_unit_id });
    }),

  get: permissionProcedure(['talent.read', 'talent.apply'])
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const app = await getApplication(ctx.db, input.id);
      if (isStaff(ctx.principal)) await talentInScope(ctx.db, ctx.principal, app.talent_id);
      else if ((await ownTalent(ctx.db, ctx.principal)).id !== app.talent_id)
        throw new DomainError('FORBIDDEN', 'talent.notYourRecord');
      return {
        ...app,
        eligibility: JSON.parse(app.eligibility_json) as unknown,
        attachments: await listAttachments(ctx.db, app.id),
        actors: await stepActors(ctx.db, app),
      };
    }),

  /** The member app's page: my talent record, my applications and whether I may apply for each kind. */
  mine: permissionProcedure('talent.apply').query(async ({ ctx }) => {
    const mine = await talentOfAccount(ctx.db, {
      userId: ctx.principal.userId,
      memberId: ctx.principal.memberId,
    });
    if (!mine)
      return {
        talent: null,
        applications: [],
        eligibility: null,
        attachments: {} as Record<number, Awaited<ReturnType<typeof listAttachments>>>,
      };
    const apps = await listApplications(ctx.db, {
      talentId: mine.id,
      scopeRootId: mine.org_unit_id,
      page: 1,
      pageSize: 50,
    });
    const eligibility = await eligibilityByKind(ctx.db, mine.id);
    const attachments: Record<number, Awaited<ReturnType<typeof listAttachments>>> = {};
    for (const a of apps.rows) attachments[a.id] = await listAttachments(ctx.db, a.id);
    return { talent: mine, applications: apps.rows, eligibility, attachments };
  }),

  eligibility: permissionProcedure(['talent.read', 'talent.apply'])
    .input(z.object({ talentId: id.optional(), kind }))
    .query(async ({ ctx, input }) => {
      const talent = isStaff(ctx.principal)
        ? await talentInScope(ctx.db, ctx.principal, input.talentId ?? 0)
        : await ownTalent(ctx.db, ctx.principal);
      if (!isStaff(ctx.principal) && input.talentId !== undefined && input.talentId !== talent.id)
        throw new DomainError('FORBIDDEN', 'talent.notYourRecord');
      return eligibilityFor(ctx.db, talent.id, input.kind);
    }),

  /** Staff file for any talent in scope; a talent files for themself (member app). */
  submit: writeProcedure(['talent.manage', 'talent.apply'])
    .input(z.object({ talentId: id.optional(), kind, note: z.string().trim().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const staff = ctx.principal.permissions.has('talent.manage');
      let talent: Talent;
      if (staff) {
        if (input.talentId === undefined)
          throw new DomainError('BAD_INPUT', 'input.required', { field: 'talentId' });
        talent = await talentInScope(ctx.tx, ctx.principal, input.talentId);
      } else {
        talent = await ownTalent(ctx.tx, ctx.principal);
        if (input.talentId !== undefined && input.talentId !== talent.id)
          throw new DomainError('FORBIDDEN', 'talent.notYourRecord');
      }
      const app = await applyForSubsidy(ctx.tx, {
        talentId: talent.id,
        kind: input.kind,
        via: staff ? 'staff' : 'member_app',
        actor: approver(ctx.principal),
        note: input.note ?? null,
      });
      await ctx.audit({
        action: 'talent.applications.submit',
        objectType: 'talent_subsidy_application',
        objectId: app.id,
        orgUnitId: talent.org_unit_id,
        after: app,
      });
      return app;
    }),

  /** Review, approve (commits from the fund), reject, disburse (pays), cancel (reverses the commitment). */
  transition: writeProcedure('talent.manage')
    .input(
      z.object({
        id,
        action: z.enum(['review', 'approve', 'reject', 'disburse', 'cancel']),
        reason: z.string().trim().max(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const fund = await fundInScope(ctx.tx, ctx.principal);
      const app = await getApplication(ctx.tx, input.id);
      const talent = await talentInScope(ctx.tx, ctx.principal, app.talent_id);
      const { before, after } = await transitionApplication(ctx.tx, {
        id: input.id,
        action: input.action,
        actor: approver(ctx.principal),
        reason: input.reason,
        fundId: fund.id,
      });
      await ctx.audit({
        action: `talent.applications.${input.action}`,
        objectType: 'talent_subsidy_application',
        objectId: input.id,
        orgUnitId: talent.org_unit_id,
        before,
        after,
      });
      return after;
    }),

  /** The applicant (or staff) withdraws an application not yet approved. */
  withdraw: writeProcedure(['talent.manage', 'talent.apply'])
    .input(z.object({ id, reason: z.string().trim().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const app = await getApplication(ctx.tx, input.id);
      const talent = ctx.principal.permissions.has('talent.manage')
        ? await talentInScope(ctx.tx, ctx.principal, app.talent_id)
        : await ownTalent(ctx.tx, ctx.principal);
      if (talent.id !== app.talent_id) throw new DomainError('FORBIDDEN', 'talent.notYourRecord');
      const { before, after } = await transitionApplication(ctx.tx, {
        id: input.id,
        action: 'withdraw',
        actor: approver(ctx.principal),
        reason: input.reason,
      });
      await ctx.audit({
        action: 'talent.applications.withdraw',
        objectType: 'talent_subsidy_application',
        objectId: input.id,
        orgUnitId: talent.org_unit_id,
        before,
        after,
      });
      return after;
    }),

  /**
   * Attaches a file the caller uploaded through `/files` (proof of degree, contract, house
   * purchase) to an application awaiting a decision: staff for any talent in scope, a talent
   * for their own application only.
   */
  attach: writeProcedure(['talent.manage', 'talent.apply'])
    .input(
      z.object({
        applicationId: id,
        fileId: z.string().uuid(msg('talent.input.fileId')),
        kind: z.enum(ATTACHMENT_KINDS as ['degree', 'contract', 'house', 'other']),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const app = await getApplication(ctx.tx, input.applicationId);
      const talent = await applicationTalent(ctx.tx, ctx.principal, app.talent_id);
      const row = await attachFile(ctx.tx, { ...input, by: ctx.principal.userId });
      await ctx.audit({
        action: 'talent.applications.attach',
        objectType: 'talent_attachment',
        objectId: row.id,
        orgUnitId: talent.org_unit_id,
        after: row,
      });
      return row;
    }),

  /** Removes an attachment from an application awaiting a decision (the stored file stays). */
  detach: writeProcedure(['talent.manage', 'talent.apply'])
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const att = await getAttachment(ctx.tx, input.id);
      const app = await getApplication(ctx.tx, att.application_id);
      const talent = await applicationTalent(ctx.tx, ctx.principal, app.talent_id);
      const row = await detachFile(ctx.tx, input.id);
      await ctx.audit({
        action: 'talent.applications.detach',
        objectType: 'talent_attachment',
        objectId: row.id,
        orgUnitId: talent.org_unit_id,
        before: row,
      });
      return row;
    }),
});

/** The talent of an application the caller may act on: staff within their subtree, a talent their own. */
async function applicationTalent(db: Kysely<Database>, p: Principal, talentId: number): Promise<Talent> {
  if (p.permissions.has('talent.manage')) return talentInScope(db, p, talentId);
  const mine = await ownTalent(db, p);
  if (mine.id !== talentId) throw new DomainError('FORBIDDEN', 'talent.notYourRecord');
  return mine;
}

const fund = router({
  /** Balances of the special fund (fen): budget, available, committed, disbursed. */
  summary: permissionProcedure('talent.read').query(async ({ ctx }) => {
    const f = await fundInScope(ctx.db, ctx.principal);
    return { fund: f, balances: await fundBalances(ctx.db, f.id) };
  }),

  /** Ledger lines, newest first, filtered; with the sums of the filtered lines. */
  entries: permissionProcedure('talent.read')
    .input(
      z.object({
        kind: z.enum(['budget', 'commitment', 'disbursement', 'reversal']).optional(),
        from: date.optional(),
        to: date.optional(),
        refType: z.enum(['subsidy', 'award']).optional(),
        refId: id.optional(),
        ...page,
      }),
    )
    .query(async ({ ctx, input }) => {
      const f = await fundInScope(ctx.db, ctx.principal);
      return listEntries(ctx.db, { ...input, fundId: f.id });
    }),

  /** Opens the district's special fund (once), kept by the caller's department. */
  open: writeProcedure('talent.manage')
    .input(z.object({ name: text(100, '名称').default('人才专项资金') }))
    .mutation(async ({ ctx, input }) => {
      const existing = await ctx.tx
        .selectFrom('talent_fund')
        .select('id')
        .where('code', '=', DEFAULT_FUND_CODE)
        .executeTakeFirst();
      if (existing) throw new DomainError('CONFLICT', 'talent.fundExists');
      const f = await createFund(ctx.tx, { name: input.name, orgUnitId: ctx.principal.orgUnitId });
      await ctx.audit({
        action: 'talent.fund.open',
        objectType: 'talent_fund',
        objectId: f.id,
        orgUnitId: f.org_unit_id,
        after: f,
      });
      return f;
    }),

  /** Puts budget into the fund (a new entry; corrections are reversals, never edits). */
  budget: writeProcedure('talent.manage')
    .input(z.object({ amountFen: positiveFen, reason, entryDate: date.optional() }))
    .mutation(async ({ ctx, input }) => {
      const f = await fundInScope(ctx.tx, ctx.principal);
      const entry = await appendEntry(ctx.tx, {
        fundId: f.id,
        kind: 'budget',
        amountFen: input.amountFen,
        reason: input.reason,
        approver: approver(ctx.principal),
        ...(input.entryDate && { entryDate: input.entryDate }),
      });
      await ctx.audit({
        action: 'talent.fund.budget',
        objectType: 'talent_fund_entry',
        objectId: entry.id,
        orgUnitId: f.org_unit_id,
        after: entry,
      });
      return entry;
    }),

  /** Reverses a budget entry entered in error (subsidy and award entries are reversed through their own flows). */
  reverse: writeProcedure('talent.manage')
    .input(z.object({ entryId: id, reason }))
    .mutation(async ({ ctx, input }) => {
      const f = await fundInScope(ctx.tx, ctx.principal);
      const entry = await reverseEntry(ctx.tx, {
        entryId: input.entryId,
        reason: input.reason,
        approver: approver(ctx.principal),
      });
      if (entry.fund_id !== f.id) throw new DomainError('FORBIDDEN', 'auth.outOfScope');
      await ctx.audit({
        action: 'talent.fund.reverse',
        objectType: 'talent_fund_entry',
        objectId: entry.id,
        orgUnitId: f.org_unit_id,
        after: entry,
      });
      return entry;
    }),
});

const awards = router({
  cycles: permissionProcedure('talent.read').query(({ ctx }) => listCycles(ctx.db)),

  /** One cycle with its quotas, panel, nominations and score sheet (missing scores listed). */
  cycle: permissionProcedure('talent.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const cycle = await getCycle(ctx.db, input.id);
      return {
        cycle,
        quotas: await cycleQuotas(ctx.db, input.id),
        experts: await listExperts(ctx.db, input.id),
        nominations: await listNominations(ctx.db, input.id),
        sheet: await scoreSheet(ctx.db, input.id),
      };
    }),

  createCycle: writeProcedure('talent.manage')
    .input(
      z.object({
        year,
        name: z.string().trim().max(100).optional(),
        quotas: z.array(z.object({ title, quota: z.number().int().min(0).max(1000), amountFen: fen })).max(4),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const cycle = await createCycle(ctx.tx, input);
      await ctx.audit({
        action: 'talent.awards.createCycle',
        objectType: 'talent_award_cycle',
        objectId: cycle.id,
        after: { cycle, quotas: input.quotas },
      });
      return cycle;
    }),

  addExpert: writeProcedure('talent.manage')
    .input(z.object({ cycleId: id, name: text(50, '专家姓名'), userId: id.nullable().optional() }))
    .mutation(async ({ ctx, input }) => {
      const expert = await addExpert(ctx.tx, input);
      await ctx.audit({
        action: 'talent.awards.addExpert',
        objectType: 'talent_award_expert',
        objectId: expert.id,
        after: expert,
      });
      return expert;
    }),

  nominate: writeProcedure('talent.manage')
    .input(
      z.object({
        cycleId: id,
        talentId: id,
        title,
        nominatedBy: text(100, '推荐单位'),
        reason: text(1000, '推荐理由'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const talent = await talentInScope(ctx.tx, ctx.principal, input.talentId);
      const n = await nominate(ctx.tx, input);
      await ctx.audit({
        action: 'talent.awards.nominate',
        objectType: 'talent_nomination',
        objectId: n.id,
        orgUnitId: talent.org_unit_id,
        after: n,
      });
      return n;
    }),

  startScoring: writeProcedure('talent.manage')
    .input(z.object({ cycleId: id }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await startScoring(ctx.tx, input.cycleId);
      await ctx.audit({
        action: 'talent.awards.startScoring',
        objectType: 'talent_award_cycle',
        objectId: input.cycleId,
        before,
        after,
      });
      return after;
    }),

  /** Records one expert's score of one nominee: score in hundredths (0–10000); a duplicate is refused. */
  score: writeProcedure('talent.manage')
    .input(z.object({ nominationId: id, expertId: id, score: z.number().int().min(0).max(10_000) }))
    .mutation(async ({ ctx, input }) => {
      const s = await recordScore(ctx.tx, { ...input, enteredBy: ctx.principal.userId });
      await ctx.audit({
        action: 'talent.awards.score',
        objectType: 'talent_award_score',
        objectId: s.id,
        after: s,
      });
      return s;
    }),

  shortlist: writeProcedure('talent.manage')
    .input(z.object({ cycleId: id }))
    .mutation(async ({ ctx, input }) => {
      const r = await drawShortlist(ctx.tx, input.cycleId);
      await ctx.audit({
        action: 'talent.awards.shortlist',
        objectType: 'talent_award_cycle',
        objectId: input.cycleId,
        before: r.before,
        after: { cycle: r.after, ranked: r.ranked, overQuota: r.overQuota },
      });
      return { cycle: r.after, ranked: r.ranked, overQuota: r.overQuota };
    }),

  publish: writeProcedure('talent.manage')
    .input(z.object({ cycleId: id, start: date, end: date }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await publishShortlist(ctx.tx, input);
      await ctx.audit({
        action: 'talent.awards.publish',
        objectType: 'talent_award_cycle',
        objectId: input.cycleId,
        before,
        after,
      });
      return after;
    }),

  withdrawNomination: writeProcedure('talent.manage')
    .input(z.object({ nominationId: id, reason }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await withdrawNomination(ctx.tx, input);
      await ctx.audit({
        action: 'talent.awards.withdrawNomination',
        objectType: 'talent_nomination',
        objectId: before.id,
        before,
        after,
      });
      return after;
    }),

  /** Confers the awards after publicity, paying each from the fund (all or nothing). */
  confer: writeProcedure('talent.manage')
    .input(z.object({ cycleId: id }))
    .mutation(async ({ ctx, input }) => {
      const f = await fundInScope(ctx.tx, ctx.principal);
      const r = await conferAwards(ctx.tx, {
        cycleId: input.cycleId,
        fundId: f.id,
        approver: approver(ctx.principal),
      });
      await ctx.audit({
        action: 'talent.awards.confer',
        objectType: 'talent_award_cycle',
        objectId: input.cycleId,
        orgUnitId: f.org_unit_id,
        before: r.before,
        after: { cycle: r.after, awarded: r.awarded, totalFen: r.totalFen },
      });
      return { cycle: r.after, awarded: r.awarded, totalFen: r.totalFen };
    }),
});

const reports = router({
  /** Fund flow by month and kind, month-end balances: table rows and chart series. */
  flow: permissionProcedure('talent.read')
    .input(z.object({ from: date.optional(), to: date.optional() }))
    .query(async ({ ctx, input }) => {
      const f = await fundInScope(ctx.db, ctx.principal);
      return fundFlowByMonth(ctx.db, f.id, input);
    }),

  /** Awards by cycle and title, totals since the first cycle: table rows and chart series. */
  awards: permissionProcedure('talent.read').query(({ ctx }) => awardsByTitleAndCycle(ctx.db)),

  /** The fund and awards workbook (汇总, 月度流水, 资金分录, 奖励统计) as base64 xlsx. */
  xlsx: permissionProcedure('talent.read').query(async ({ ctx }) => {
    const f = await fundInScope(ctx.db, ctx.principal);
    const buf = await fundReportXlsx(ctx.db, f);
    return { filename: `人才专项资金-${thisYear()}.xlsx`, contentType: XLSX, base64: buf.toString('base64') };
  }),
});

const dutyStep = z.enum(['apply', 'review', 'approve', 'disburse']);

const settings = router({
  /** The separation of duties in force: which steps of a subsidy must be different accounts, and its last change. */
  duties: permissionProcedure('talent.read').query(async ({ ctx }) => {
    const c = await dutyConfig(ctx.db);
    const by =
      c.updatedBy === null
        ? undefined
        : await ctx.db
            .selectFrom('app_user')
            .select('display_name')
            .where('id', '=', c.updatedBy)
            .executeTakeFirst();
    return { ...c, updatedByName: by?.display_name ?? null };
  }),

  /** Replaces the pairs of steps that must be different accounts (the talent office; audited with before and after). */
  saveDuties: writeProcedure('talent.manage')
    .input(
      z.object({
        pairs: z
          .array(
            z
              .tuple([dutyStep, dutyStep])
              .refine(([a, b]) => a !== b, msg('talent.duty.samePair', { stepZh: '同一环节' })),
          )
          .max(6),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await saveDutyPairs(ctx.tx, input.pairs, ctx.principal.userId);
      await ctx.audit({
        action: 'talent.settings.saveDuties',
        objectType: 'talent_duty_pair',
        before: { pairs: before },
        after: { pairs: after },
      });
      return { pairs: after };
    }),
});

/** `talent.*`: the registry, subsidies, the special fund, the biennial selection, settings and reports. */
export const talentRouter = router({ registry, applications, fund, awards, reports, settings });
