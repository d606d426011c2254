import { describeEachDialect } from '@zhanqian/db/testing';
import { flatIndicators, loadScheme } from '@zhanqian/scoring';
import { bonusAllocation } from '@zhanqian/stars';
import { describe, expect, it } from 'vitest';
import { seedCadres } from './cadres.ts';
import { assertUniqueNames, DEMO_MEMBER, PER_SCALE, planDistrict } from './district.ts';
import { loadDistrict, seedDemoUsers } from './load.ts';
import { COMMUNITY_WORDS, STREETS } from './names.ts';
import { plausibleFigures, seedScoring } from './scoring.ts';
import { seedStars } from './stars.ts';
import { seedTalent } from './talent.ts';

/**
 * The demo district must look like a real one (#21 item 11): every unit has a name of its own
 * (a community's name repeats at most in another street), and every generated figure lies in
 * a range a district office would recognise. The bounds below are written from what a
 * district of 120,000 households reports, not read from the generator.
 */

const YEAR = 2026;
const age = (birth: string, on: string) =>
  Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

describe('demo unit names', () => {
  it('scale 1: 42 communities with 42 names, every branch named after its community, no name twice', () => {
    const plan = planDistrict(1);
    const committees = plan.units.filter((u) => u.kind === 'committee');
    const branches = plan.units.filter((u) => u.kind === 'branch');
    expect(committees).toHaveLength(PER_SCALE.streets * PER_SCALE.committeesPerStreet);
    expect(new Set(committees.map((u) => u.name)).size).toBe(42);
    expect(new Set(plan.units.map((u) => u.name)).size).toBe(plan.units.length);
    const byId = new Map(plan.units.map((u) => [u.id, u]));
    for (const b of branches) {
      const community = byId.get(b.parent_id!)!.name.replace(/社区党委$/, '');
      expect(b.name).toMatch(new RegExp(`^${community}社区第\\d+楼栋党支部$`));
    }
    // the street names are the district's, none doubles as a community's
    for (const s of STREETS) expect(COMMUNITY_WORDS).not.toContain(s.replace(/街道$/, ''));
    // the e2e suites and the demo's guide rely on these
    expect(byId.get(8)).toMatchObject({ code: 'S1C1', name: '春华社区党委' });
    expect(byId.get(9)).toMatchObject({ code: 'S1C1B1', name: '春华社区第1楼栋党支部' });
  });

  it('scale 3 is unique in the district; scale 5 in every street (the generator asserts it)', () => {
    const three = planDistrict(3);
    expect(new Set(three.units.map((u) => u.name)).size).toBe(three.units.length);
    const five = planDistrict(5);
    const parent = new Map(five.units.map((u) => [u.id, u.parent_id]));
    const streetOf = (id: number) => {
      let a = parent.get(id) ?? null;
      while (a !== null && five.units[a - 1]!.kind !== 'street') a = parent.get(a) ?? null;
      return a;
    };
    const perStreet = new Map<string, number>();
    for (const u of five.units.filter((x) => x.kind === 'committee' || x.kind === 'branch')) {
      const key = `${streetOf(u.id)}|${u.name}`;
      expect(perStreet.has(key), key).toBe(false);
      perStreet.set(key, u.id);
    }
    // at scale 5 some community names do repeat, each time in another street
    const committees = five.units.filter((u) => u.kind === 'committee');
    expect(new Set(committees.map((u) => u.name)).size).toBe(COMMUNITY_WORDS.length);
  });

  it('refuses a name twice in one street, or in the district when asked', () => {
    const units = [
      { id: 1, kind: 'district' as const, name: '站前区' },
      { id: 2, kind: 'street' as const, name: '站前街道' },
      { id: 3, kind: 'street' as const, name: '建设街道' },
      { id: 4, kind: 'committee' as const, name: '东升社区党委' },
      { id: 5, kind: 'committee' as const, name: '东升社区党委' },
    ];
    const other = new Map<number, number | null>([
      [1, null],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 3],
    ]);
    expect(() => assertUniqueNames(units, other, false)).not.toThrow();
    expect(() => assertUniqueNames(units, other, true)).toThrow(/东升社区党委 repeats/);
    const same = new Map(other).set(5, 2);
    expect(() => assertUniqueNames(units, same, false)).toThrow(/in one street/);
  });

  it('the demo member is a young man of the first branch', () => {
    const plan = planDistrict(1);
    expect(plan.members[0]).toMatchObject({ id: 1, branch_id: 9, name: '邵伟东', ...DEMO_MEMBER });
  });
});

/** Per-team bounds by unit, written from a real district's reports (value ≤ bound). */
const TEAM_MAX: Record<string, number> = {
  '%': 100,
  '%×100': 3_000, // growth rates up to 30 %
  万元: 50_000, // 5 亿元 a team a year
  万美元: 500,
  户: 200,
  人: 200,
  小时: 5_000,
};
const COUNT_MAX = 40; // 个 家 栋 项 场 次 件 起 处 批次
/** District sums per year and scale unit (53 teams, 120,000 households, 9,800 members). */
const DISTRICT_MAX: Record<string, number> = {
  亿元以上项目落地数: 100,
  新增市场主体数量: 10_000,
  城镇新增就业: 10_000,
  发展党员计划完成: 294, // 3 % of the members
  引进急需紧缺人才: 100,
  实际利用内资: 2_000_000, // 200 亿元
};

describeEachDialect('the demo district at scale 1 is plausible', (t) => {
  it('scoring, stars, talent and cadres figures lie in real ranges; the demo member is one person', async () => {
    const plan = planDistrict(1);
    await loadDistrict(t.db, plan);
    await seedDemoUsers(t.db);
    await seedScoring(t.db, { scale: 1, year: YEAR });
    await seedStars(t.db, { scale: 1, year: YEAR });
    await seedTalent(t.db, { scale: 1, year: YEAR });
    await seedCadres(t.db, { scale: 1, year: YEAR });

    // ---- scoring: every reported value of both years, every target and threshold
    for (const year of [YEAR - 1, YEAR]) {
      const { def, ids } = await loadScheme(t.db, year);
      const flat = flatIndicators(def);
      const byId = new Map(flat.map((i) => [ids[i.code]!, i]));
      const reports = await t.db
        .selectFrom('scoring_report')
        .select(['indicator_id', 'value'])
        .where('year', '=', year)
        .execute();
      expect(reports).toHaveLength(53 * 102);
      const sums = new Map<string, number>();
      for (const rep of reports) {
        const ind = byId.get(rep.indicator_id)!;
        const where = `${year} ${ind.code} ${ind.name} = ${rep.value}`;
        expect(Number.isInteger(rep.value) && rep.value >= 0, where).toBe(true);
        const f = plausibleFigures(ind.code);
        expect(rep.value, where).toBeGreaterThanOrEqual(f.low);
        expect(rep.value, where).toBeLessThanOrEqual(f.high);
        const unit = ind.unit ?? '';
        const max = unit ? (TEAM_MAX[unit] ?? COUNT_MAX) : 3;
        expect(rep.value, where).toBeLessThanOrEqual(max);
        if (ind.rule.kind === 'boolean' || ind.rule.kind === 'veto')
          expect([0, 1], where).toContain(rep.value);
        sums.set(ind.name, (sums.get(ind.name) ?? 0) + rep.value);
      }
      for (const ind of flat) {
        const unit = ind.unit ?? '';
        const max = unit ? (TEAM_MAX[unit] ?? COUNT_MAX) : 3;
        if (ind.rule.kind === 'ratio') {
          expect(ind.rule.target, ind.name).toBeGreaterThan(0);
          expect(ind.rule.target, ind.name).toBeLessThanOrEqual(max);
        }
        if (ind.rule.kind === 'tiered')
          for (const tier of ind.rule.tiers) expect(tier.min, ind.name).toBeLessThanOrEqual(max);
      }
      for (const [name, max] of Object.entries(DISTRICT_MAX)) {
        expect(sums.has(name), name).toBe(true);
        expect(sums.get(name)!, name).toBeLessThanOrEqual(max);
      }
      // the two figures #21 item 11 found: 老旧小区改造 at 350 %, 516 projects over 100 M yuan
      const old = flat.find((i) => i.name === '老旧小区改造任务完成率')!;
      const big = flat.find((i) => i.name === '亿元以上项目落地数')!;
      const values = (code: string) =>
        reports.filter((r) => r.indicator_id === ids[code]).map((r) => r.value);
      expect(Math.max(...values(old.code))).toBeLessThanOrEqual(100);
      expect(Math.max(...values(big.code))).toBeLessThanOrEqual(3);
    }

    // ---- stars: the 1 July bonus of the district within its 1,500,000 yuan
    const bonus = await bonusAllocation(t.db, YEAR, 1);
    expect(bonus.paidFen).toBeLessThanOrEqual(150_000_000);
    expect(bonus.paidFen).toBeGreaterThan(100_000_000);
    for (const line of bonus.lines) {
      expect(line.paidEachFen).toBeGreaterThan(0);
      expect(line.paidEachFen).toBeLessThanOrEqual(1_000_000); // at most 10,000 yuan a payee
    }

    // ---- members: joined the Party at 18 or older, before the year; aged under 100
    const members = await t.db.selectFrom('member').select(['birth_date', 'joined_at']).execute();
    for (const m of members) {
      expect(age(m.birth_date!, m.joined_at!)).toBeGreaterThanOrEqual(18);
      expect(m.joined_at! <= `${YEAR}-12-31`).toBe(true);
      expect(age(m.birth_date!, `${YEAR}-12-31`)).toBeLessThan(100);
    }

    // ---- talent: working age when they came; subsidies and awards from tens of thousands to hundreds of thousands of yuan
    const talents = await t.db.selectFrom('talent_person').select(['birth_date', 'introduced_on']).execute();
    for (const p of talents) {
      const a = age(p.birth_date!, p.introduced_on);
      expect(a).toBeGreaterThanOrEqual(22);
      expect(a).toBeLessThanOrEqual(60);
    }
    const subsidies = await t.db.selectFrom('talent_subsidy_application').select('amount_fen').execute();
    expect(subsidies.length).toBeGreaterThan(0);
    for (const s of subsidies) {
      expect(s.amount_fen).toBeGreaterThanOrEqual(1_000_000); // 10,000 yuan
      expect(s.amount_fen).toBeLessThanOrEqual(100_000_000); // 1,000,000 yuan
    }
    const awards = await t.db
      .selectFrom('talent_nomination')
      .select('award_fen')
      .where('award_fen', 'is not', null)
      .execute();
    for (const a of awards) {
      expect(a.award_fen!).toBeGreaterThanOrEqual(1_000_000);
      expect(a.award_fen!).toBeLessThanOrEqual(50_000_000);
    }

    // ---- cadres: in post from 22, in the Party from 18, at work under 60; scores in 0–100
    const cadres = await t.db
      .selectFrom('cadre')
      .select(['birth_date', 'post_since', 'rank_since', 'party_joined_at'])
      .execute();
    for (const c of cadres) {
      expect(age(c.birth_date, c.post_since)).toBeGreaterThanOrEqual(22);
      expect(age(c.birth_date, c.rank_since)).toBeGreaterThanOrEqual(22);
      expect(age(c.birth_date, c.party_joined_at!)).toBeGreaterThanOrEqual(18);
      expect(age(c.birth_date, `${YEAR}-12-31`)).toBeLessThan(60);
    }
    const evals = await t.db
      .selectFrom('cadre_evaluation')
      .select(['morality', 'ability', 'passion', 'performance', 'image'])
      .execute();
    const marks = evals.flatMap((e) => [e.morality, e.ability, e.passion, e.performance, e.image]);
    expect(Math.min(...marks)).toBeGreaterThanOrEqual(6_000); // hundredths: 60–100
    expect(Math.max(...marks)).toBeLessThanOrEqual(10_000);
    const stages = await t.db
      .selectFrom('cadre_candidate')
      .select(['exam_score', 'interview_score', 'inspection_score'])
      .execute();
    for (const c of stages)
      for (const v of [c.exam_score, c.interview_score, c.inspection_score])
        if (v !== null) expect(v >= 0 && v <= 10_000).toBe(true);

    // ---- the demo member (dangyuan) is one person in stars, talent and cadres
    const me = await t.db
      .selectFrom('app_user as u')
      .innerJoin('member as m', 'm.id', 'u.member_id')
      .select(['m.id', 'm.name', 'm.gender', 'm.birth_date'])
      .where('u.username', '=', 'dangyuan')
      .executeTakeFirstOrThrow();
    expect(me).toMatchObject({ id: 1, name: '邵伟东', gender: 'M', birth_date: DEMO_MEMBER.birth_date });
    const talent = await t.db
      .selectFrom('talent_person')
      .select(['name', 'gender', 'birth_date', 'employer'])
      .where('member_id', '=', me.id)
      .execute();
    expect(talent).toEqual([
      { name: me.name, gender: me.gender, birth_date: me.birth_date, employer: '站前街道办事处' },
    ]);
    const cadre = await t.db
      .selectFrom('cadre')
      .select(['name', 'gender', 'birth_date', 'party_joined_at'])
      .where('member_id', '=', me.id)
      .execute();
    expect(cadre).toEqual([
      { name: me.name, gender: me.gender, birth_date: me.birth_date, party_joined_at: DEMO_MEMBER.joined_at },
    ]);
    // the stars screens show the member record itself: there is no other 邵伟东 or 钱波 of his
    expect(
      await t.db.selectFrom('talent_person').select('id').where('member_id', 'is not', null).execute(),
    ).toHaveLength(1);
  }, 240_000);
});
