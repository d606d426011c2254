import type {
  Database,
  Kysely,
  TalentAwardTitle,
  TalentIntroducedVia,
  TalentSubsidyKind,
} from '@zhanqian/db';
import {
  addExpert,
  appendEntry,
  applyForSubsidy,
  conferAwards,
  createCycle,
  createFund,
  createTalent,
  createTier,
  drawShortlist,
  eligibilityFor,
  fundBalances,
  nominate,
  publishShortlist,
  recordScore,
  type SubsidyAction,
  startScoring,
  transitionApplication,
} from '@zhanqian/talent';
import { GIVEN, SURNAMES } from './names.ts';
import { pick, rng } from './random.ts';

/**
 * The seed's talent figures (per scale unit): a 10,000,000 yuan special fund; 80+ talents
 * brought in by public selection; since 2008, 70+ awards and 5,300,000+ yuan in the biennial
 * excellent-talent selection. The award plan below gives, for the cycles 2008–2024, exactly
 * 72 awards and 5,360,000 yuan per scale unit (2008–2014: 550,000 yuan a cycle; 2016–2024:
 * 632,000 yuan a cycle).
 */
export const TALENT_SEED = {
  fundFen: 1_000_000_000,
  publicSelection: 84,
  introduction: 66,
  local: 50,
  awardsThrough2024: 72,
  awardFenThrough2024: 536_000_000,
} as const;

const TIERS = [
  { code: 'A', name: 'A类（顶尖人才）', rank: 1, settlingFen: 30_000_000, housingFen: 50_000_000 },
  { code: 'B', name: 'B类（领军人才）', rank: 2, settlingFen: 20_000_000, housingFen: 30_000_000 },
  { code: 'C', name: 'C类（高级人才）', rank: 3, settlingFen: 10_000_000, housingFen: 15_000_000 },
  { code: 'D', name: 'D类（骨干人才）', rank: 4, settlingFen: 5_000_000, housingFen: 8_000_000 },
  { code: 'E', name: 'E类（青年人才）', rank: 5, settlingFen: 2_000_000, housingFen: 0 },
];

const FIELDS: [string, string][] = [
  ['IC', '集成电路'],
  ['AI', '人工智能'],
  ['NM', '新材料'],
  ['PL', '港口物流'],
  ['EM', '高端装备制造'],
  ['BM', '生物医药'],
  ['FN', '现代金融'],
  ['CT', '文化旅游'],
  ['DE', '数字经济'],
  ['NE', '新能源'],
  ['CM', '临床医学'],
  ['ED', '基础教育'],
  ['AG', '现代农业'],
  ['LW', '法律服务'],
];

/** The demo member's field (listed in every catalogue since 2016). */
const DEMO_FIELD = FIELDS.find(([code]) => code === 'DE')!;

const EMPLOYERS = [
  '营口港务集团',
  '站前区人民医院',
  '营口某芯片科技有限公司',
  '辽宁某新材料股份有限公司',
  '站前区实验学校',
  '营口某装备制造有限公司',
  '营口某生物医药有限公司',
  '站前区融媒体中心',
  '营口某数字科技有限公司',
  '营口某律师事务所',
];

/** Per-cycle plan: [title, count, amount in fen each]. */
function awardPlan(year: number): [TalentAwardTitle, number, number][] {
  return year <= 2014
    ? [
        ['leading', 1, 15_000_000],
        ['entrepreneur', 2, 8_000_000],
        ['expert', 2, 6_000_000],
        ['top_professional', 3, 4_000_000],
      ]
    : [
        ['leading', 1, 20_000_000],
        ['entrepreneur', 2, 8_000_000],
        ['expert', 2, 7_000_000],
        ['top_professional', 3, 4_400_000],
      ];
}

const EXPERTS = ['刘教授', '王研究员', '陈高工', '张主任医师', '李教授', '赵研究员', '孙高工'];

const date = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export interface TalentSeedResult {
  talents: number;
  publicSelection: number;
  applications: Record<string, number>;
  awards: number;
  awardFen: number;
  availableFen: number;
}

/**
 * The talent office's data for the seeded district, deterministic at any integer scale: tiers,
 * a catalogue per year since 2008, the registry (84·scale by public selection, 66·scale
 * introduced, 50·scale local, on the register since 2006–2007), the special fund (10,000,000 yuan·scale) as a ledger, the
 * biennial selections 2008…(year−1) awarded and paid from the fund (72·scale awards and
 * 5,360,000 yuan·scale through 2024), the cycle of `year` (if even) in panel scoring with
 * some scores still missing, and subsidy applications in every state. One talent is linked
 * to the first member of branch S1C1B1 (the demo member account) with a settling subsidy
 * submitted. Needs the district (unit D-RCB) to be loaded.
 *
 * @example await seedTalent(db, { scale: 1, year: 2026 })
 */
export async function seedTalent(
  db: Kysely<Database>,
  opts: { scale: number; year: number },
): Promise<TalentSeedResult> {
  const { scale, year } = opts;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  return db.transaction().execute(async (trx) => {
    const r = rng(20_081_128 + year);
    const office = await trx
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', 'D-RCB')
      .executeTakeFirstOrThrow();
    const staff = await trx
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('org_unit_id', '=', office.id)
      .orderBy('id')
      .limit(3)
      .execute();
    const account = (i: number) => ({
      userId: staff[i]?.id ?? null,
      name: staff[i]?.display_name ?? '人才办',
    });
    const approver = account(0);
    // Separation of duties (four eyes): the office's first three accounts review, approve and
    // pay; the seeded applications were filed before the platform (no applicant account), and
    // a step with no account to give it is recorded without one.
    const stepActor = { review: account(0), approve: account(1), disburse: account(2) } as Record<
      SubsidyAction,
      { userId: number | null; name: string }
    >;

    // tiers and the catalogue (2008 … year): a core of fields every year, others some years
    const tiers = [];
    for (const t of TIERS) tiers.push(await createTier(trx, t));
    const catalogue = new Map<number, Set<string>>();
    const catRows: { year: number; field_code: string; field_name: string; created_at: string }[] = [];
    for (let y = 2008; y <= year; y++) {
      const set = new Set<string>();
      FIELDS.forEach(([code, name], i) => {
        const listed = i < 6 || (y >= 2016 && i < 10) || r() < 0.4;
        if (listed) {
          set.add(code);
          catRows.push({
            year: y,
            field_code: code,
            field_name: name,
            created_at: `${y}-01-01T00:00:00.000Z`,
          });
        }
      });
      catalogue.set(y, set);
    }
    for (let i = 0; i < catRows.length; i += 500)
      await trx
        .insertInto('talent_catalogue')
        .values(catRows.slice(i, i + 500))
        .execute();

    // the registry
    // The demo member (account dangyuan) is one person everywhere: his talent file is his member record's.
    const firstMember = await trx
      .selectFrom('member as m')
      .innerJoin('org_unit as b', 'b.id', 'm.branch_id')
      .innerJoin('org_unit as s', 's.id', 'b.parent_id')
      .innerJoin('org_unit as st', 'st.id', 's.parent_id')
      .select(['m.id', 'm.name', 'm.gender', 'm.birth_date', 'st.name as street'])
      .where('b.code', '=', 'S1C1B1')
      .orderBy('m.id')
      .executeTakeFirst();
    const counts: [TalentIntroducedVia, number][] = [
      ['public_selection', TALENT_SEED.publicSelection * scale],
      ['introduction', TALENT_SEED.introduction * scale],
      ['local', TALENT_SEED.local * scale],
    ];
    const talents: { id: number; via: TalentIntroducedVia; introducedOn: string }[] = [];
    let linkedId: number | null = null;
    for (const [via, n] of counts) {
      for (let i = 0; i < n; i++) {
        // locally developed talent is on the register from before the first selection (2006–2007)
        const y = via === 'local' ? 2006 + Math.floor(r() * 2) : 2008 + Math.floor(r() * (year - 2008 + 1));
        const introducedOn = date(y, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
        const inCat = [...(catalogue.get(y) ?? catalogue.get(2008)!)];
        const listedCode = pick(r, inCat);
        const field: [string, string] =
          via !== 'local' && r() < 0.9 ? FIELDS.find(([c]) => c === listedCode)! : pick(r, FIELDS);
        const tier = via === 'local' ? tiers[2 + Math.floor(r() * 3)]! : tiers[weightedTier(r())]!;
        const link = linkedId === null && via === 'introduction' && firstMember !== undefined;
        // (the draws are made for the demo member too, so that every other talent is as before)
        const drawn = {
          name: pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.6 ? pick(r, GIVEN) : ''),
          gender: (r() < 0.62 ? 'M' : 'F') as 'M' | 'F',
          birthDate: date(y - 25 - Math.floor(r() * 20), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28)),
        };
        const employer = pick(r, EMPLOYERS);
        const t = await createTalent(trx, {
          ...(link
            ? { name: firstMember!.name, gender: firstMember!.gender, birthDate: firstMember!.birth_date }
            : drawn),
          // the demo member works at his street's office on its digital services: a field in the
          // catalogue of the year he came (数字经济 is listed every year since 2016)
          fieldCode: link ? DEMO_FIELD[0] : field[0],
          fieldName: link ? DEMO_FIELD[1] : field[1],
          employer: link ? `${firstMember!.street}办事处` : employer,
          introducedOn: link ? date(year, 3, 1) : introducedOn,
          introducedVia: via,
          tierId: link ? tiers[2]!.id : tier.id,
          orgUnitId: office.id,
          memberId: link ? firstMember!.id : null,
        });
        if (link) linkedId = t.id;
        talents.push({ id: t.id, via, introducedOn: link ? date(year, 3, 1) : introducedOn });
      }
    }

    // the fund and its budget
    const fund = await createFund(trx, { name: '站前区人才专项资金', orgUnitId: office.id });
    await appendEntry(trx, {
      fundId: fund.id,
      kind: 'budget',
      amountFen: TALENT_SEED.fundFen * scale,
      entryDate: '2008-01-15',
      reason: '区委、区政府设立人才专项资金 1000 万元（中长期人才发展规划）',
      approver,
    });

    // the biennial selections
    let awards = 0;
    let awardFen = 0;
    for (let y = 2008; y <= year; y += 2) {
      const plan = awardPlan(y);
      const cycle = await createCycle(trx, {
        year: y,
        quotas: plan.map(([title, n, fen]) => ({ title, quota: n * scale, amountFen: fen })),
      });
      const experts = [];
      for (let e = 0; e < 5; e++)
        experts.push(await addExpert(trx, { cycleId: cycle.id, name: EXPERTS[(e + y) % EXPERTS.length]! }));
      // nominees: the quota plus one or two more per title, from talents already in place
      const pool = talents.filter((t) => t.introducedOn < date(y, 6, 1) && t.id !== linkedId);
      const used = new Set<number>();
      const noms: { id: number; quality: number }[] = [];
      let q = 0;
      for (const [title, n] of plan) {
        const extra = 1 + Math.floor(r() * 2);
        for (let k = 0; k < n * scale + extra; k++) {
          let cand = pick(r, pool);
          for (let guard = 0; used.has(cand.id) && guard < 50; guard++) cand = pick(r, pool);
          if (used.has(cand.id)) continue;
          used.add(cand.id);
          const nom = await nominate(trx, {
            cycleId: cycle.id,
            talentId: cand.id,
            title,
            nominatedBy: pick(r, ['区委组织部', '区科技局', '区人社局', '区工商联', '区卫健局', '区教育局']),
            reason: '业绩突出，贡献显著',
          });
          // distinct qualities 150 apart, noise ±40: no tie can straddle a quota line
          noms.push({ id: nom.id, quality: 9_600 - 150 * k - (q++ % 3) });
        }
      }
      await startScoring(trx, cycle.id);
      const inProgress = y === year;
      for (const nom of noms)
        for (const [ei, ex] of experts.entries()) {
          if (inProgress && (ei + nom.id) % 4 === 0) continue; // the current cycle: some still missing
          await recordScore(trx, {
            nominationId: nom.id,
            expertId: ex.id,
            score: nom.quality - 40 + Math.floor(r() * 81),
            enteredBy: approver.userId,
          });
        }
      if (inProgress) continue;
      await drawShortlist(trx, cycle.id);
      await publishShortlist(trx, { cycleId: cycle.id, start: date(y, 10, 8), end: date(y, 10, 14) });
      const res = await conferAwards(trx, {
        cycleId: cycle.id,
        fundId: fund.id,
        approver,
        on: date(y, 10, 20),
      });
      awards += res.awarded;
      awardFen += res.totalFen;
    }

    // one-time subsidies: eligible introduced talents, states spread by age of the application
    const applications: Record<string, number> = {};
    const reserveFen = 50_000_000 * scale; // keep 500,000 yuan uncommitted
    let n = 0;
    for (const t of talents) {
      if (t.via === 'local' || t.id === linkedId) continue;
      for (const kind of ['settling', 'housing'] as TalentSubsidyKind[]) {
        const elig = await eligibilityFor(trx, t.id, kind);
        if (!elig.eligible || r() < 0.7) continue;
        const y = Number(t.introducedOn.slice(0, 4));
        const on =
          t.introducedOn < date(year, 1, 1) ? date(Math.min(y + 1, year), 3 + (n % 9), 10) : date(year, 9, 1);
        const app = await applyForSubsidy(trx, {
          talentId: t.id,
          kind,
          via: n % 3 === 0 ? 'member_app' : 'staff',
          actor: { userId: null, name: n % 3 === 0 ? '本人' : '人才办' },
          at: `${on}T02:00:00.000Z`,
        });
        n++;
        const roll = n % 20;
        const path: [SubsidyAction, string?][] =
          y >= year - 1 && roll < 4
            ? [] // submitted
            : roll === 4
              ? [['review']]
              : roll === 5
                ? [['reject', '工作单位不在本区，不符合申请条件']]
                : roll === 6
                  ? [['withdraw', '本人申请撤回']]
                  : roll === 7
                    ? [['review'], ['approve'], ['cancel', '人才已调离本区，撤销审批']]
                    : roll === 8 || roll === 9
                      ? [['review'], ['approve']]
                      : [['review'], ['approve'], ['disburse']];
        for (const [action, why] of path) {
          if (action === 'approve') {
            const b = await fundBalances(trx, fund.id);
            if (b.availableFen - app.amount_fen < reserveFen) break; // the fund keeps its reserve
          }
          await transitionApplication(trx, {
            id: app.id,
            action,
            actor: stepActor[action] ?? approver,
            reason: why,
            fundId: fund.id,
            on,
          });
        }
      }
    }
    if (linkedId !== null)
      await applyForSubsidy(trx, {
        talentId: linkedId,
        kind: 'settling',
        via: 'member_app',
        actor: { userId: null, name: '本人' },
        at: `${date(year, 9, 15)}T02:00:00.000Z`,
      });
    const statusRows = await trx
      .selectFrom('talent_subsidy_application')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    for (const s of statusRows) applications[s.status] = Number(s.n);
    return {
      talents: talents.length,
      publicSelection: TALENT_SEED.publicSelection * scale,
      applications,
      awards,
      awardFen,
      availableFen: (await fundBalances(trx, fund.id)).availableFen,
    };
  });
}

/** Mostly C–E, some B, few A. */
function weightedTier(x: number): number {
  return x < 0.05 ? 0 : x < 0.2 ? 1 : x < 0.5 ? 2 : x < 0.8 ? 3 : 4;
}
