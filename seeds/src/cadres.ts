import {
  addDays,
  appraisalSnapshot,
  createCadre,
  createCampaign,
  createVacancy,
  DEFAULT_WEIGHTS,
  decideCandidate,
  NO_APPRAISAL_FLAGS,
  type NominationSource,
  nominate,
  nthWorkingDayFrom,
  type Rank,
  recordRotation,
  recordStageScore,
  registerCandidate,
  reviewQualification,
  transitionCampaign,
  withCheckDigit,
} from '@zhanqian/cadres';
import type { Database, Kysely } from '@zhanqian/db';
import { GIVEN, SURNAMES } from './names.ts';
import { pick, rng } from './random.ts';

/** Figures of the seed report at scale 1 (DESIGN.md, "Cadres"). */
export const CADRE_SEED = {
  /** Deputy-section-level cadres selected publicly, in two public selections. */
  selected: 10,
  selections: 2,
  /** Person-times of rotation and exchange (轮岗交流) in the seed year. */
  rotations: 54,
  cadresPerStreet: 10,
  cadresPerDepartment: 6,
} as const;

export interface CadreSeedResult {
  cadres: number;
  campaigns: number;
  selected: number;
  rotations: number;
  evaluations: number;
}

const EDUCATION = ['大学本科', '大学本科', '硕士研究生', '大学专科', '大学本科', '硕士研究生'];
const STREET_POSTS: { title: string; rank: Rank; key: boolean }[] = [
  { title: '街道党工委书记', rank: 'section', key: false },
  { title: '街道办事处副主任', rank: 'deputy_section', key: false },
  { title: '街道纪工委书记', rank: 'deputy_section', key: true },
  { title: '街道党工委组织委员', rank: 'deputy_section', key: true },
  { title: '党建办科员', rank: 'staff', key: false },
  { title: '综合办科员', rank: 'staff', key: false },
  { title: '财政所科员', rank: 'staff', key: true },
  { title: '社会事务办科员', rank: 'staff', key: false },
  { title: '城建办科员', rank: 'staff', key: false },
  { title: '经济发展办科员', rank: 'staff', key: false },
];
const DEPT_POSTS: { title: string; rank: Rank; key: boolean }[] = [
  { title: '科长', rank: 'section', key: true },
  { title: '副科长', rank: 'deputy_section', key: false },
  { title: '科员', rank: 'staff', key: true },
  { title: '科员', rank: 'staff', key: false },
  { title: '科员', rank: 'staff', key: false },
  { title: '科员', rank: 'staff', key: false },
];

const pad = (n: number) => String(n).padStart(2, '0');
const dateIn = (r: () => number, from: number, to: number) =>
  `${from + Math.floor(r() * (to - from + 1))}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;

/**
 * The demo district's cadres (干部): deterministic files for the seeded streets and
 * departments (ID numbers SM4-encrypted), five-quality evaluations of year−1, two public
 * selections of deputy-section-level cadres (公开选拔) appointing 10 × scale in all (one in
 * year−1, one in year), a competitive recruitment open for registration (so that the demo
 * member, who has a cadre file, can self-nominate), and 54 × scale person-times of rotation
 * and exchange in `year`. Needs the district (seeds/src/district.ts) loaded first.
 *
 * @example await seedCadres(db, { scale: 1, year: 2026 }) // { selected: 10, rotations: 54, … }
 */
export async function seedCadres(
  db: Kysely<Database>,
  opts: { scale: number; year: number },
): Promise<CadreSeedResult> {
  const { scale, year } = opts;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  const r = rng(20261128 + 6);
  return db.transaction().execute(async (trx) => {
    const streets = await trx
      .selectFrom('org_unit')
      .select(['id', 'code'])
      .where('kind', '=', 'street')
      .orderBy('id')
      .execute();
    const depts = await trx
      .selectFrom('org_unit')
      .select(['id', 'code'])
      .where('kind', '=', 'department')
      .orderBy('id')
      .execute();
    if (streets.length === 0) throw new Error('seedCadres: load the district first');
    const demoMember = await trx
      .selectFrom('member')
      .innerJoin('org_unit as u', 'u.id', 'member.branch_id')
      .select(['member.id', 'member.name', 'member.gender', 'member.birth_date', 'member.joined_at'])
      .where('u.code', '=', 'S1C1B1')
      .orderBy('member.id')
      .limit(1)
      .executeTakeFirst();

    // ---- files
    const cadres: { id: number; unitId: number; rank: Rank; key: boolean; postSince: string }[] = [];
    let seq = 0;
    /** The demo member's file: kept out of the seeded selections, so the member app can self-nominate. */
    let demoCadreId: number | null = null;
    const addCadre = async (
      unitId: number,
      post: { title: string; rank: Rank; key: boolean },
      linkMember = false,
    ) => {
      seq++;
      const young = post.rank === 'staff';
      // The demo member (account dangyuan) is one person everywhere: his cadre file is his
      // member record's (name, gender, birth, joining the Party); the draws are made all the same.
      const me = linkMember && demoMember ? demoMember : null;
      const drawnBirth = young ? dateIn(r, 1984, 1996) : dateIn(r, 1970, 1985);
      const birth = me?.birth_date ?? drawnBirth;
      const drawnGender = r() < 0.42 ? 'F' : 'M';
      const idCard = withCheckDigit(
        `210802${birth.replaceAll('-', '')}${String(100 + (seq % 900)).padStart(3, '0')}`.slice(0, 17),
      );
      // In post and in rank from 23 at the earliest (after university).
      const from = Number(birth.slice(0, 4)) + 23;
      const postSince = dateIn(r, Math.min(Math.max(2009, from), year - 2), year - 2);
      const rankSince = young ? dateIn(r, Math.min(Math.max(2012, from), year - 4), year - 4) : postSince;
      const drawnName = pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.6 ? pick(r, GIVEN) : '');
      const education = pick(r, EDUCATION);
      const drawnJoined = `${Number(birth.slice(0, 4)) + 20 + Math.floor(r() * 8)}-07-01`;
      const c = await createCadre(trx, {
        memberId: me?.id ?? null,
        name: me?.name ?? drawnName,
        gender: me?.gender ?? drawnGender,
        birthDate: birth,
        idCard,
        orgUnitId: unitId,
        postTitle: post.title,
        postIsKey: post.key,
        postSince,
        rank: post.rank,
        rankSince: rankSince < postSince || !young ? rankSince : postSince,
        education,
        partyJoinedAt: me?.joined_at ?? drawnJoined,
      });
      cadres.push({ id: c.id, unitId, rank: post.rank, key: post.key, postSince });
      if (me) demoCadreId = c.id;
    };
    for (const [i, s] of streets.entries())
      for (let k = 0; k < CADRE_SEED.cadresPerStreet; k++)
        await addCadre(s.id, STREET_POSTS[k]!, i === 0 && k === 4);
    for (const d of depts) for (const post of DEPT_POSTS) await addCadre(d.id, post);

    // ---- five-quality evaluations of year−1: three raters each, in batches
    const evals = cadres.flatMap((c) =>
      ['班子成员评价', '群众评价', '组织评价'].map((rater) => {
        const base = 7000 + Math.floor(r() * 2200);
        const s = () => Math.min(10000, base + Math.floor(r() * 800));
        return {
          cadre_id: c.id,
          year: year - 1,
          rater,
          morality: s(),
          ability: s(),
          passion: s(),
          performance: s(),
          image: s(),
          created_by: null,
          created_at: `${year - 1}-12-20T02:00:00.000Z`,
        };
      }),
    );
    for (let i = 0; i < evals.length; i += 2000)
      await trx
        .insertInto('cadre_evaluation')
        .values(evals.slice(i, i + 2000))
        .execute();
    await trx
      .insertInto('cadre_eval_weight')
      .values({ year: year - 1, ...DEFAULT_WEIGHTS, updated_at: `${year - 1}-12-01T02:00:00.000Z` })
      .execute();

    // ---- two public selections of deputy-section-level cadres
    const flags = await appraisalSnapshot(NO_APPRAISAL_FLAGS, `${year}-01-01`);
    const taken = new Set<number>();
    const perSelection = (CADRE_SEED.selected / CADRE_SEED.selections) * scale;
    let selected = 0;
    const SOURCES: NominationSource[] = ['organization', 'mass', 'leader', 'organization'];
    const runSelection = async (y: number, unitId: number, title: string) => {
      const opened = `${y}-03-02`;
      const v = await createVacancy(trx, {
        orgUnitId: unitId,
        title,
        rank: 'deputy_section',
        openedOn: opened,
        maxAge: 40,
      });
      const pool: number[] = [];
      for (const c of cadres) {
        if (pool.length >= perSelection * 2 + 2) break;
        if (c.rank !== 'staff' || taken.has(c.id) || c.id === demoCadreId) continue;
        const source = SOURCES[pool.length % SOURCES.length]!;
        const n = await nominate(
          trx,
          {
            vacancyId: v.id,
            cadreId: c.id,
            source,
            reason: '政治素质好，工作实绩突出',
            recommenderUserId: null,
            recommenderName:
              source === 'leader' ? '区委常委、组织部部长' : source === 'organization' ? '干部科' : null,
            recommenderTitle: source === 'leader' ? '区委常委、组织部部长' : null,
            votesFor: source === 'mass' ? 60 + Math.floor(r() * 30) : null,
            votesCast: source === 'mass' ? 100 : null,
          },
          opened,
          flags,
        );
        if (n.eligibility.eligible) pool.push(c.id);
      }
      const k = await createCampaign(trx, {
        vacancyId: v.id,
        kind: 'public_selection',
        title: `${y}年公开选拔副科级领导干部`,
        slots: perSelection,
        on: `${y}-03-02`,
      });
      const today = `${y}-12-31`;
      const go = (to: Parameters<typeof transitionCampaign>[1]['to'], on: string) =>
        transitionCampaign(trx, { campaignId: k.id, to, on, today, actorId: null });
      await go('registration', `${y}-03-09`);
      const cands = [];
      for (const cadreId of pool) cands.push(await registerCandidate(trx, { campaignId: k.id, cadreId }));
      await go('qualification', `${y}-03-23`);
      for (const [i, c] of cands.entries())
        await reviewQualification(trx, {
          candidateId: c.id,
          qualified: i < cands.length - 2,
          note: i < cands.length - 2 ? null : '任职年限材料不全',
        });
      const qualified = cands.slice(0, -2);
      const stages = [
        ['exam', `${y}-04-07`],
        ['interview', `${y}-04-20`],
        ['inspection', `${y}-05-06`],
      ] as const;
      for (const [stage, on] of stages) {
        await go(stage, on);
        for (const c of qualified)
          await recordStageScore(trx, { candidateId: c.id, stage, score: 6500 + Math.floor(r() * 3300) });
      }
      await go('decision', `${y}-05-20`);
      const ranked = await trx
        .selectFrom('cadre_candidate')
        .select(['id', 'cadre_id', 'exam_score', 'interview_score', 'inspection_score'])
        .where('campaign_id', '=', k.id)
        .where('qualified', '=', 1)
        .execute();
      const total = (c: (typeof ranked)[number]) =>
        (c.exam_score ?? 0) * 4 + (c.interview_score ?? 0) * 4 + (c.inspection_score ?? 0) * 2;
      ranked.sort((a, b) => total(b) - total(a) || a.id - b.id);
      for (const c of ranked.slice(0, perSelection)) {
        await decideCandidate(trx, { candidateId: c.id, decided: true });
        taken.add(c.cadre_id);
      }
      const pub = await go('publicity', `${y}-05-25`);
      const appointOn = nthWorkingDayFrom(addDays(pub.after.publicity_end!, 1), 1);
      const done = await go('appointed', appointOn);
      selected += done.appointedCadreIds.length;
    };
    await runSelection(year - 1, depts[0]?.id ?? streets[0]!.id, '副科级领导职务');
    await runSelection(year, streets[0]!.id, '街道办事处副主任');

    // ---- a competitive recruitment open for registration (the member app's self-nomination)
    const openPost = await createVacancy(trx, {
      orgUnitId: streets[0]!.id,
      title: '党建办主任',
      rank: 'deputy_section',
      openedOn: `${year}-11-02`,
    });
    const open = await createCampaign(trx, {
      vacancyId: openPost.id,
      kind: 'competitive',
      title: `${year}年竞争上岗（党建办主任）`,
      slots: 1,
      on: `${year}-11-02`,
    });
    await transitionCampaign(trx, {
      campaignId: open.id,
      to: 'registration',
      on: `${year}-11-09`,
      today: `${year}-12-31`,
      actorId: null,
    });

    // ---- rotation and exchange: 54 × scale person-times in `year`, longest in post first
    const movable = cadres
      .filter((c) => !taken.has(c.id))
      .sort((a, b) => a.postSince.localeCompare(b.postSince) || a.id - b.id)
      .slice(0, CADRE_SEED.rotations * scale);
    const units = [...streets, ...depts].map((u) => u.id);
    let rotations = 0;
    for (const [i, c] of movable.entries()) {
      const exchange = i % 3 !== 0;
      const toUnit = exchange
        ? units[(units.indexOf(c.unitId) + 1 + (i % (units.length - 1))) % units.length]!
        : c.unitId;
      const title =
        c.rank === 'staff'
          ? exchange
            ? '综合办科员'
            : '党建办科员（轮岗）'
          : c.rank === 'section'
            ? '主任'
            : '副主任';
      await recordRotation(trx, {
        cadreId: c.id,
        kind: exchange ? 'exchange' : 'rotation',
        onDate: `${year}-${pad(1 + (i % 10))}-${pad(1 + (i % 27))}`,
        toUnitId: toUnit,
        toTitle: exchange ? title : `${title}（${1 + (i % 9)}）`,
        toIsKey: false,
        note: exchange ? '跨单位交流' : '单位内部轮岗',
        createdBy: null,
      });
      rotations++;
    }
    return { cadres: cadres.length, campaigns: 3, selected, rotations, evaluations: evals.length };
  });
}
