import { TRPCError } from '@trpc/server';
import { shanghaiDate } from '@zhanqian/core';
import { describeEachDialect } from '@zhanqian/db/testing';
import { HISTORY_COLUMNS, HISTORY_SHEET, sheetXlsx } from '@zhanqian/scoring';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';
import { yearWithResults } from './scoring-year.ts';

/**
 * Issue #21 items 3 and 5, and the imported year of issue #14: who sees a year's results at
 * which stage, publishing with an objection deadline after today, an imported year's rankings.
 */

type Caller = Awaited<ReturnType<typeof callerAs>>;

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

/** Everything a reader can ask about the year's results, each answer or the refusal's code. */
async function readAll(who: Caller, subjectId: number) {
  const run = async <T>(p: Promise<T>) => {
    try {
      return await p;
    } catch (e) {
      if (e instanceof TRPCError) return e.code;
      throw e;
    }
  };
  return {
    rankings: await run(who.scoring.results.rankings({ year: 2026 })),
    bottomTwo: await run(who.scoring.results.bottomTwo({ year: 2026 })),
    keyAdjustment: await run(who.scoring.results.keyAdjustment({ year: 2026 })),
    priority: await run(who.scoring.results.priority({ year: 2026 })),
    personal: await run(who.scoring.results.personal({ year: 2026, subjectId })),
    yearOverYear: await run(who.scoring.results.yearOverYear({ years: [2026] })),
    awards: await run(who.scoring.results.awards({ year: 2026 })),
  };
}

type Answers = Awaited<ReturnType<typeof readAll>>;

/** What a reader got, in a few words per procedure: 'hidden', 'provisional:3 rows', or a refusal. */
function summary(a: Answers) {
  const list = (x: unknown) => {
    if (typeof x === 'string') return x;
    const r = x as { access: string; rows: unknown[] };
    return r.access === 'hidden'
      ? `hidden:${r.rows.length}`
      : `${r.access}:${r.rows.length > 0 ? 'rows' : 'none'}`;
  };
  const yoy = a.yearOverYear;
  return {
    rankings: list(a.rankings),
    bottomTwo: list(a.bottomTwo),
    keyAdjustment: list(a.keyAdjustment),
    priority: list(a.priority),
    personal: list(a.personal),
    yearOverYear:
      typeof yoy === 'string' ? yoy : yoy.years.map((y, i) => `${y}:${yoy.access[i]}`).join(',') || 'none',
    awards:
      typeof a.awards === 'string'
        ? a.awards
        : `${a.awards.access}:${a.awards.rows.length > 0 ? 'rows' : 'none'}`,
  };
}

const HIDDEN = {
  rankings: 'hidden:0',
  bottomTwo: 'hidden:0',
  keyAdjustment: 'hidden:0',
  priority: 'hidden:0',
  personal: 'hidden:0',
  yearOverYear: 'none',
  awards: 'FORBIDDEN',
};
const visible = (access: 'provisional' | 'final', awards: string) => ({
  rankings: `${access}:rows`,
  bottomTwo: `${access}:rows`,
  // nobody was in the bottom two of 2025 (no such year): nobody is up for key adjustment
  keyAdjustment: `${access}:none`,
  priority: `${access}:rows`,
  personal: `${access}:rows`,
  yearOverYear: `2026:${access}`,
  awards,
});
const REFUSED = {
  rankings: 'FORBIDDEN',
  bottomTwo: 'FORBIDDEN',
  keyAdjustment: 'FORBIDDEN',
  priority: 'FORBIDDEN',
  personal: 'FORBIDDEN',
  yearOverYear: 'FORBIDDEN',
  awards: 'FORBIDDEN',
};

describeEachDialect('scoring results before and after publication', (t) => {
  it('only the assessment office sees results before publication, marked provisional; everyone who reads sees them once published', async () => {
    const f = await buildFixture(t.db);
    const { kaohe, subjects } = await yearWithResults(t.db, f);
    const s1 = subjects[0]!.id;
    const readers = ['kaohe', 'district_admin', 'ganbu', 'unit_reporter', 'rencai', 'street1', 'member'];
    const callers = Object.fromEntries(
      await Promise.all(readers.map(async (u) => [u, await callerAs(t.db, u)] as const)),
    );
    const table = async () => {
      const out: Record<string, ReturnType<typeof summary>> = {};
      for (const u of readers) out[u] = summary(await readAll(callers[u]!, s1));
      return out;
    };
    const office = (access: 'provisional' | 'final') => visible(access, `${access}:rows`);
    // The top performer's award: a (provisional) amount the office alone may read.
    const award = (await kaohe.scoring.results.awards({ year: 2026 })).rows[0]!;
    expect(award.amountFen).toBeGreaterThan(0);

    for (const stage of ['open', 'closed'] as const) {
      if (stage === 'closed') await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'closed' });
      expect(await table(), stage).toEqual({
        kaohe: office('provisional'),
        district_admin: office('provisional'),
        // 干部科 reads results (scoring.read), a unit's reporter its own: neither before publication
        ganbu: HIDDEN,
        unit_reporter: HIDDEN,
        // no scoring.read at all: refused whatever the stage
        rencai: REFUSED,
        street1: REFUSED,
        member: REFUSED,
      });
    }
    // The hidden answer carries no figure: no version, no aspects, no chart, no total.
    const hidden = await callers.unit_reporter!.scoring.results.rankings({ year: 2026 });
    expect(hidden).toEqual({
      year: 2026,
      status: 'closed',
      access: 'hidden',
      total: 0,
      rows: [],
      versionId: null,
      source: null,
      aspects: [],
      charts: [],
    });
    const provisional = await kaohe.scoring.results.rankings({ year: 2026 });
    expect(provisional).toMatchObject({ access: 'provisional', status: 'closed', total: 4 });

    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: '2099-12-31' });
    expect(await table()).toEqual({
      kaohe: office('final'),
      district_admin: office('final'),
      ganbu: visible('final', 'FORBIDDEN'),
      unit_reporter: visible('final', 'FORBIDDEN'),
      rencai: REFUSED,
      street1: REFUSED,
      member: REFUSED,
    });
    // Once published, the reporter reads its own subtree only.
    const mine = await callers.unit_reporter!.scoring.results.rankings({ year: 2026 });
    expect(mine.rows.map((r) => r.unitName).sort()).toEqual(['社区1', '街道1']);
  });

  it("a unit's history shows its appraisal results by the same rule (the office provisional, others only once published)", async () => {
    const f = await buildFixture(t.db);
    const { kaohe } = await yearWithResults(t.db, f);
    const street = f.streets[0]!.street.id;
    const admin = await callerAs(t.db, 'district_admin');
    const streetAdmin = await callerAs(t.db, 'street1');
    const years = async (who: Caller) =>
      (await who.org.unitHistory({ id: street })).scores.map((s) => [s.year, s.provisional]);
    // 上报中: the office (the district administrator manages the appraisal) sees it as provisional;
    // the street's own administrator sees no figure.
    expect(await years(admin)).toEqual([[2026, true]]);
    expect(await years(streetAdmin)).toEqual([]);
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'closed' });
    expect(await years(streetAdmin)).toEqual([]);
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: '2099-12-31' });
    expect(await years(streetAdmin)).toEqual([[2026, false]]);
    expect(await years(admin)).toEqual([[2026, false]]);
  });

  it('a draft year shows nothing to a reader, and year over year leaves out the years not yet published', async () => {
    const f = await buildFixture(t.db);
    const { kaohe } = await yearWithResults(t.db, f);
    await kaohe.scoring.scheme.copy({ fromYear: 2026, toYear: 2027 });
    const rep = await callerAs(t.db, 'unit_reporter');
    expect(await rep.scoring.results.rankings({ year: 2027 })).toMatchObject({
      status: 'draft',
      access: 'hidden',
      rows: [],
    });
    // The office is told there is nothing computed yet; the reporter learns not even that.
    expect(await code(kaohe.scoring.results.rankings({ year: 2027 }))).toBe('NOT_FOUND');
    // 2025 published (official results imported), 2026 open: the reporter's chart has 2025 only.
    const history = await sheetXlsx(HISTORY_SHEET, [
      [...HISTORY_COLUMNS, '经济社会发展', '党的建设'],
      ['S1', '街道1', 'street', '900.00', 1, '否', '540', '360'],
      ['S2', '街道2', 'street', '850.00', 2, '否', '500', '350'],
    ]);
    const imported = await kaohe.scoring.history.import({
      year: 2025,
      base64: Buffer.from(history).toString('base64'),
    });
    expect(imported.ok).toBe(true);
    const yoy = await rep.scoring.results.yearOverYear({ years: [2025, 2026] });
    expect(yoy.years).toEqual([2025]);
    expect(yoy.access).toEqual(['final']);
    expect(yoy.series.map((s) => [s.unitName, s.totals])).toEqual([['街道1', [90_000]]]);
    const office = await kaohe.scoring.results.yearOverYear({ years: [2025, 2026] });
    expect(office.years).toEqual([2025, 2026]);
    expect(office.access).toEqual(['final', 'provisional']);
  });

  it('publishing needs an objection deadline after today in Shanghai, and changes nothing otherwise', async () => {
    const f = await buildFixture(t.db);
    const { kaohe } = await yearWithResults(t.db, f);
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'closed' });
    const today = shanghaiDate();
    const day = (offset: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + offset);
      return d.toISOString().slice(0, 10);
    };
    const scheme = () =>
      t.db
        .selectFrom('scoring_scheme')
        .select(['status', 'objection_until'])
        .where('year', '=', 2026)
        .executeTakeFirstOrThrow();
    for (const date of [today, day(-1), '2020-01-01']) {
      const err = await kaohe.scoring.scheme
        .setStatus({ year: 2026, to: 'published', objectionUntil: date })
        .catch((e) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toBe(`异议截止日期须晚于今天（${today}）`);
    }
    const en = await (await callerAs(t.db, 'kaohe', 'en')).scoring.scheme
      .setStatus({ year: 2026, to: 'published', objectionUntil: today })
      .catch((e) => e);
    expect(en.message).toBe(`The objection deadline must be after today (${today})`);
    expect(
      await code(
        kaohe.scoring.scheme.setStatus({
          year: 2026,
          to: 'published',
          objectionUntil: '2027-02-30',
        } as never),
      ),
    ).toBe('BAD_REQUEST');
    expect(await code(kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published' } as never))).toBe(
      'BAD_REQUEST',
    );
    expect(await scheme()).toEqual({ status: 'closed', objection_until: null });
    // Nobody but the office publishes, whatever the date.
    const rep = await callerAs(t.db, 'unit_reporter');
    expect(
      await code(rep.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: day(10) })),
    ).toBe('FORBIDDEN');
    expect(await scheme()).toEqual({ status: 'closed', objection_until: null });

    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: day(1) });
    expect(await scheme()).toEqual({ status: 'published', objection_until: day(1) });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['after_json'])
      .where('action', '=', 'scoring.scheme.setStatus')
      .where('result', '=', 'ok')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toEqual({ status: 'published', objection_until: day(1) });
  });

  it('an imported year reads as imported, its aspects without maxima; a computed year keeps them', async () => {
    const f = await buildFixture(t.db);
    const { kaohe } = await yearWithResults(t.db, f);
    const history = await sheetXlsx(HISTORY_SHEET, [
      [...HISTORY_COLUMNS, '经济社会发展', '党的建设'],
      ['S1', '街道1', 'street', '900.00', 1, '否', '540', '360'],
      ['S2', '街道2', 'street', '850.00', 2, '否', '500', '350'],
    ]);
    const res = await kaohe.scoring.history.import({
      year: 2025,
      base64: Buffer.from(history).toString('base64'),
    });
    expect(res.ok).toBe(true);
    const past = await kaohe.scoring.results.rankings({ year: 2025 });
    expect(past).toMatchObject({ access: 'final', source: 'imported' });
    expect(past.aspects.map((a) => [a.name, a.points])).toEqual([
      ['经济社会发展', null],
      ['党的建设', null],
    ]);
    expect(past.rows[0]!.aspectScores).toEqual([54_000, 36_000]);
    // published, so a reader sees it as well, marked imported
    const rep = await callerAs(t.db, 'unit_reporter');
    expect(await rep.scoring.results.rankings({ year: 2025 })).toMatchObject({
      access: 'final',
      source: 'imported',
      total: 1,
    });
    // its results are not recomputed (there are no reports to compute from)
    expect(await code(kaohe.scoring.results.recompute({ year: 2025 }))).toBe('PRECONDITION_FAILED');
    const current = await kaohe.scoring.results.rankings({ year: 2026 });
    expect(current).toMatchObject({ access: 'provisional', source: 'computed' });
    expect(current.aspects.map((a) => [a.name, a.points])).toEqual([
      ['经济社会发展', 60_000],
      ['党的建设', 40_000],
    ]);
  });
});
