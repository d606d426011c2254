import { nowIso } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  RsEnterpriseKind,
  RsEnterpriseSize,
  RsPartyStatus,
  RsTradingArea,
} from '@zhanqian/db';
import {
  applyDemoPoint,
  closeCompetition,
  completeCreditCode,
  evaluateDemoPoint,
  recognizeDemoPoint,
  saveCriterion,
  setVisitRule,
} from '@zhanqian/redsail';
import { GIVEN, SURNAMES } from './names.ts';
import { pick, rng } from './random.ts';

/**
 * The seed's Red Sail figures (per scale unit): 8 red area work stations; a red commercial
 * street of 525 shops in three trading areas (财富一条街 200, 盼盼路商铺 175, 东升商圈 150), all
 * in the reach of the three commercial-street stations; 2 provincial and 10 municipal
 * demonstration points; district leaders' contact points with visits; a yearly innovation
 * project competition (the three years before this one, closed, winners kept as cases — the
 * 非公党建沙龙 among them; this year's is left for the 非公党工委 to call).
 */
export const REDSAIL_SEED = {
  stations: 8,
  shops: { 财富一条街: 200, 盼盼路商铺: 175, 东升商圈: 150 } as Record<RsTradingArea, number>,
  enterprises: 320,
  socialOrgs: 40,
  provincial: 2,
  municipal: 10,
  leaders: 10,
  contactPointsPerLeader: 3,
  minVisits: 4,
} as const;

const STATION_NAMES = [
  '财富一条街',
  '盼盼路',
  '东升商圈',
  '站前广场',
  '建设大街',
  '跃进楼宇',
  '东风园区',
  '新兴商厦',
];
const INDUSTRIES = [
  '商贸',
  '餐饮',
  '物流',
  '软件信息',
  '建筑',
  '金融服务',
  '文化传媒',
  '医药',
  '制造',
  '教育培训',
];
const SHOP_INDUSTRIES = ['餐饮', '零售', '服装', '美容美发', '日用百货', '通讯数码', '药店'];
const WORDS = [
  '恒信',
  '华盛',
  '兴隆',
  '鑫源',
  '宏达',
  '利民',
  '昌盛',
  '金港',
  '辽河',
  '营海',
  '博远',
  '瑞丰',
  '嘉和',
  '永兴',
  '东辰',
];
const LEADER_TITLES = [
  '区委书记',
  '区长',
  '区委副书记',
  '常务副区长',
  '组织部长',
  '宣传部长',
  '统战部长',
  '副区长',
  '副区长',
  '政法委书记',
];
const CRITERIA: [string, string, boolean][] = [
  ['ZZ', '党组织健全，班子配备齐全', true],
  ['ZD', '组织生活制度落实，三会一课规范', true],
  ['ZH', '党建阵地标准化', false],
  ['FW', '党员发挥先锋模范作用，服务群众成效明显', false],
  ['FZ', '企业发展与党建互促共进', false],
];
const ENTRY_TITLES = [
  '非公党建沙龙',
  '红色商铺联盟',
  '党员先锋岗',
  '楼宇党建服务站',
  '红色物业',
  '党建+诚信经营',
  '党员技术攻关队',
  '“红帆”志愿服务队',
];

export interface RedsailSeedResult {
  stations: number;
  shops: number;
  enterprises: number;
  demoPoints: { provincial: number; municipal: number };
  leaders: number;
  visits: number;
  competitions: number;
}

const CHUNK = 200;

/**
 * Seeds Red Sail for a scale: every figure above times `scale`, deterministic.
 *
 * @example await seedRedsail(db, { scale: 1, year: 2026 }) // 8 stations, 525 shops, 2 + 10 demonstration points …
 */
export async function seedRedsail(
  db: Kysely<Database>,
  opts: { scale: number; year: number },
): Promise<RedsailSeedResult> {
  const { scale, year } = opts;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  return db.transaction().execute(async (trx) => {
    const r = rng(17_000_000 + year);
    const now = nowIso();
    const streets = await trx
      .selectFrom('org_unit')
      .select(['id', 'name', 'code'])
      .where('kind', '=', 'street')
      .orderBy('code')
      .execute();
    if (streets.length === 0) throw new Error('seed the district first: Red Sail needs its streets');
    const today = `${year}-${new Date().toISOString().slice(5, 10)}`;
    const judges = (
      await trx
        .selectFrom('app_user')
        .select(['id', 'username'])
        .where('username', 'in', ['feigong', 'admin'])
        .orderBy('id')
        .execute()
    ).map((u) => u.id);

    // -------- stations: 8 a scale unit, spread over the streets; the first three serve the commercial street
    const stations: { id: number; streetId: number; k: number; i: number }[] = [];
    for (let k = 0; k < scale; k++)
      for (let i = 0; i < REDSAIL_SEED.stations; i++) {
        const street = streets[(i + k) % streets.length]!;
        const suffix = scale > 1 ? `（${k + 1}）` : '';
        const row = await trx
          .insertInto('rs_station')
          .values({
            code: `RS${String(k * REDSAIL_SEED.stations + i + 1).padStart(3, '0')}`,
            name: `${STATION_NAMES[i]}红色片区工作站${suffix}`,
            street_id: street.id,
            address: `${street.name}${STATION_NAMES[i]}`,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        stations.push({ id: row.id, streetId: street.id, k, i });
      }

    // -------- joint branches and the registry
    let serial = 0;
    const creditCode = () => completeCreditCode(`91210802${String(++serial).padStart(9, '0')}`);
    const jointFor = new Map<string, number>();
    const joint = async (name: string) => {
      let id = jointFor.get(name);
      if (id === undefined) {
        id = (
          await trx
            .insertInto('rs_joint_branch')
            .values({ name, created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        jointFor.set(name, id);
      }
      return id;
    };
    interface Plan {
      name: string;
      kind: RsEnterpriseKind;
      industry: string;
      size: RsEnterpriseSize;
      streetId: number;
      tradingArea: RsTradingArea | null;
      registeredOn: string;
      memberCount: number;
      /** status before, and the change (date, status) in the last two years when there is one */
      first: {
        status: RsPartyStatus;
        joint: string | null;
        instructor: string | null;
        station: number | null;
      };
      change: {
        on: string;
        status: RsPartyStatus;
        joint: string | null;
        instructor: string | null;
        station: number | null;
      } | null;
    }
    const plans: Plan[] = [];
    /** A change dated this year but not yet come is moved to the year before. */
    const past = (d: string) => (d > today ? `${Number(d.slice(0, 4)) - 1}${d.slice(4)}` : d);
    const person = () => pick(r, SURNAMES) + pick(r, GIVEN);
    const regDate = () =>
      `${2012 + Math.floor(r() * (year - 2013))}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`;
    for (let k = 0; k < scale; k++) {
      const commercial = stations.filter((s) => s.k === k && s.i < 3);
      (Object.keys(REDSAIL_SEED.shops) as RsTradingArea[]).forEach((area, a) => {
        const st = commercial[a]!;
        for (let n = 0; n < REDSAIL_SEED.shops[area]; n++) {
          const x = r();
          const status: RsPartyStatus = x < 0.06 ? 'own' : x < 0.62 ? 'joint' : 'none';
          const jointName =
            status === 'joint'
              ? `${area}第${1 + Math.floor(n / 15)}联合党支部${scale > 1 ? `（${k + 1}）` : ''}`
              : null;
          // the street joined the shops into the stations' reach in the last two years
          const joinedOn = `${year - 1 - Math.floor(r() * 2)}-0${1 + Math.floor(r() * 9)}-01`;
          plans.push({
            name: `${pick(r, WORDS)}${pick(r, SHOP_INDUSTRIES)}（${area}${n + 1}号）`,
            kind: 'shop',
            industry: pick(r, SHOP_INDUSTRIES),
            size: 'micro',
            streetId: st.streetId,
            tradingArea: area,
            registeredOn: regDate(),
            memberCount: status === 'none' ? (r() < 0.2 ? 1 : 0) : 1 + Math.floor(r() * 3),
            first: { status: 'none', joint: null, instructor: null, station: null },
            change: { on: joinedOn, status, joint: jointName, instructor: null, station: st.id },
          });
        }
      });
      const own = stations.filter((s) => s.k === k);
      for (let n = 0; n < REDSAIL_SEED.enterprises + REDSAIL_SEED.socialOrgs; n++) {
        const social = n >= REDSAIL_SEED.enterprises;
        const street = streets[Math.floor(r() * streets.length)]!;
        const near = own.filter((s) => s.streetId === street.id);
        const x = r();
        const status: RsPartyStatus = x < 0.28 ? 'own' : x < 0.5 ? 'joint' : 'none';
        const instructor = status === 'none' && r() < 0.35 ? `${person()}（党建指导员）` : null;
        const station = near.length && r() < 0.4 ? pick(r, near).id : null;
        const jointName =
          status === 'joint'
            ? `${street.name}${social ? '社会组织' : '企业'}联合党支部${1 + Math.floor(r() * 4)}`
            : null;
        // a third of the covered ones were covered in the last two years (the trend by year)
        const recent = status !== 'none' && r() < 0.33;
        plans.push({
          name: social
            ? `营口市${pick(r, WORDS)}${pick(r, ['协会', '商会', '促进会', '服务中心'])}`
            : `营口${pick(r, WORDS)}${pick(r, INDUSTRIES)}有限公司`,
          kind: social ? 'social_org' : 'enterprise',
          industry: social ? '社会服务' : pick(r, INDUSTRIES),
          size: pick(r, ['micro', 'small', 'small', 'medium', 'large'] as const),
          streetId: street.id,
          tradingArea: null,
          registeredOn: regDate(),
          memberCount: status === 'none' ? Math.floor(r() * 2) : 3 + Math.floor(r() * 20),
          first: recent
            ? { status: 'none', joint: null, instructor: null, station: null }
            : { status, joint: jointName, instructor, station },
          change: recent
            ? {
                on: past(`${year - Math.floor(r() * 2)}-0${1 + Math.floor(r() * 9)}-10`),
                status,
                joint: jointName,
                instructor,
                station,
              }
            : null,
        });
      }
    }
    const ids: number[] = [];
    for (let i = 0; i < plans.length; i += CHUNK) {
      const chunk = plans.slice(i, i + CHUNK);
      const rows = [];
      for (const p of chunk) {
        const cur = p.change ?? p.first;
        rows.push({
          name: p.name,
          credit_code: creditCode(),
          kind: p.kind,
          industry: p.industry,
          size: p.size,
          address: '',
          street_id: p.streetId,
          trading_area: p.tradingArea,
          registered_on: p.registeredOn,
          party_status: cur.status,
          joint_branch_id: cur.joint === null ? null : await joint(cur.joint),
          instructor_name: cur.instructor,
          station_id: cur.station,
          member_count: p.memberCount,
          created_at: now,
          updated_at: now,
        });
      }
      const inserted = await trx.insertInto('rs_enterprise').values(rows).returning('id').execute();
      const history = [];
      for (const [j, p] of chunk.entries()) {
        const id = inserted[j]!.id;
        ids.push(id);
        const row = async (on: string, s: Plan['first'], note: string) => ({
          enterprise_id: id,
          on_date: on,
          party_status: s.status,
          joint_branch_id: s.joint === null ? null : await joint(s.joint),
          instructor_name: s.instructor,
          station_id: s.station,
          note,
          created_by: null,
          created_at: now,
        });
        history.push(await row(p.registeredOn, p.first, '登记'));
        if (p.change && p.change.on > p.registeredOn)
          history.push(await row(p.change.on, p.change, '党组织状态变更'));
        else if (p.change) history[history.length - 1] = await row(p.registeredOn, p.change, '登记');
      }
      await trx.insertInto('rs_enterprise_status').values(history).execute();
    }

    // -------- members whose relationship is in an enterprise (the demo member's included)
    const members = await trx
      .selectFrom('member')
      .select(['id', 'branch_id'])
      .orderBy('id')
      .limit(200 * scale)
      .execute();
    const covered = await trx
      .selectFrom('rs_enterprise')
      .select(['id', 'station_id'])
      .where('party_status', '<>', 'none')
      .where('station_id', 'is not', null)
      .orderBy('id')
      .execute();
    if (covered.length)
      for (let i = 0; i < members.length; i += CHUNK)
        await trx
          .insertInto('rs_enterprise_member')
          .values(
            members.slice(i, i + CHUNK).map((m, j) => ({
              member_id: m.id,
              enterprise_id: covered[(i + j) % covered.length]!.id,
              created_at: now,
            })),
          )
          .execute();

    // -------- demonstration points: criteria, then 2 provincial + 10 municipal a scale unit, a few in progress
    for (const [code, name, required] of CRITERIA)
      await saveCriterion(trx, { code, name, required, active: true });
    const branches = await trx
      .selectFrom('rs_enterprise')
      .select('id')
      .where('party_status', '=', 'own')
      .where('kind', '<>', 'shop')
      .orderBy('id')
      .execute();
    const allMet = CRITERIA.map((c) => c[0]);
    let bi = 0;
    const point = async (level: 'provincial' | 'municipal' | 'district' | null, y: number) => {
      const e = branches[bi++ % branches.length]!;
      const p = await applyDemoPoint(trx, {
        enterpriseId: e.id,
        appliedOn: `${y}-03-01`,
        application: '申报红色示范点：党组织健全、阵地规范、作用发挥明显',
      });
      if (level === null) return;
      await evaluateDemoPoint(trx, p.id, { met: allMet, on: `${y}-04-15` });
      await recognizeDemoPoint(trx, p.id, {
        level: level === 'provincial' ? 'municipal' : level,
        on: `${y}-06-30`,
      });
      if (level === 'provincial')
        await recognizeDemoPoint(trx, p.id, { level: 'provincial', on: `${y + 1}-06-30` });
    };
    for (let k = 0; k < scale; k++) {
      for (let n = 0; n < REDSAIL_SEED.provincial; n++) await point('provincial', year - 3);
      for (let n = 0; n < REDSAIL_SEED.municipal; n++) await point('municipal', year - 2 + (n % 2));
      for (let n = 0; n < 3; n++) await point('district', year - 1);
      await point(null, year);
    }

    // -------- leaders, contact points, visits
    await setVisitRule(trx, { year, minVisits: REDSAIL_SEED.minVisits, remindFrom: `${year}-12-01` });
    let visits = 0;
    const targets = await trx
      .selectFrom('rs_enterprise')
      .select('id')
      .where('kind', '<>', 'shop')
      .orderBy('id')
      .execute();
    let ti = 0;
    for (let n = 0; n < REDSAIL_SEED.leaders * scale; n++) {
      const leader = await trx
        .insertInto('rs_leader')
        .values({
          name: person(),
          title: LEADER_TITLES[n % LEADER_TITLES.length]!,
          user_id: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // most leaders keep up; some are behind this year (who the reminder is for)
      const thisYear = n % 4 === 3 ? Math.floor(r() * 3) : 4 + Math.floor(r() * 3);
      for (let c = 0; c < REDSAIL_SEED.contactPointsPerLeader; c++) {
        const e = targets[(ti++ * 7) % targets.length]!;
        const cp = await trx
          .insertInto('rs_contact_point')
          .values({ leader_id: leader.id, enterprise_id: e.id, since: `${year - 2}-01-01`, created_at: now })
          .onConflict((oc) => oc.columns(['leader_id', 'enterprise_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!cp) continue;
        const rows = [];
        const count = (y: number) =>
          y === year ? Math.ceil(thisYear / REDSAIL_SEED.contactPointsPerLeader) : 2;
        for (const y of [year - 1, year])
          for (let v = 0; v < count(y); v++) {
            const month = String(
              1 + Math.floor(r() * (y === year ? Math.max(1, Number(today.slice(5, 7)) - 1) : 12)),
            ).padStart(2, '0');
            rows.push({
              contact_point_id: cp.id,
              visit_date: `${y}-${month}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
              content: pick(r, [
                '调研企业党建工作',
                '宣讲政策、了解经营困难',
                '指导党支部规范化建设',
                '参加企业主题党日',
              ]),
              problems_raised: pick(r, ['', '融资难', '用工招聘难', '党员流动性大', '活动场地不足']),
              problems_solved: pick(r, ['', '协调银行对接', '推荐人才招聘会', '纳入片区工作站统筹']),
              follow_up_owner: pick(r, ['', '非公党工委', '区人社局', '街道党工委']),
              created_by: null,
              created_at: now,
            });
          }
        visits += rows.length;
        if (rows.length) await trx.insertInto('rs_visit').values(rows).execute();
      }
    }

    // -------- station activities: held ones with reports and sign-ins, one today, one ahead
    const signers = members.map((m) => m.id);
    for (const st of stations) {
      for (let a = 0; a < 3; a++) {
        const on = `${year}-${String(Math.max(1, Number(today.slice(5, 7)) - 1 - a)).padStart(2, '0')}-1${a}`;
        if (on >= today) continue;
        const act = await trx
          .insertInto('rs_activity')
          .values({
            station_id: st.id,
            title: pick(r, [
              '主题党日：学习贯彻党的二十大精神',
              '红帆志愿服务',
              '非公党建沙龙',
              '党员亮身份、践承诺',
              '商户诚信经营座谈',
            ]),
            planned_on: on,
            place: '工作站党群服务中心',
            plan: '组织片区内企业、商户党员参加',
            status: 'held',
            report: '活动按计划举办，党员积极参加。',
            photo_file_ids: '[]',
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const who = new Set<number>();
        for (let s = 0; s < 12 && signers.length; s++) who.add(pick(r, signers));
        if (who.size)
          await trx
            .insertInto('rs_activity_signin')
            .values(
              [...who].map((member_id) => ({
                activity_id: act.id,
                member_id,
                signed_at: `${on}T02:00:00.000Z`,
              })),
            )
            .execute();
      }
      const ahead = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
      for (const [on, title] of [
        [today, '今日：主题党日活动'],
        [ahead, '“红帆引航”党课'],
      ] as const)
        await trx
          .insertInto('rs_activity')
          .values({
            station_id: st.id,
            title,
            planned_on: on,
            place: '工作站党群服务中心',
            plan: '',
            status: 'planned',
            report: null,
            photo_file_ids: '[]',
            created_at: now,
            updated_at: now,
          })
          .execute();
    }

    // -------- the competition: the three years before this one, closed, winners kept as cases
    let competitions = 0;
    if (judges.length)
      for (const y of [year - 3, year - 2, year - 1]) {
        const c = await trx
          .insertInto('rs_competition')
          .values({
            year: y,
            title: `${y} 年度非公企业党建创新项目评比`,
            call_text: '围绕“红帆引航”，征集非公企业和社会组织党建创新项目。',
            deadline: `${y}-10-31`,
            status: 'scoring',
            max_points: 10_000,
            award_plan: JSON.stringify([
              { award: '一等奖', throughRank: 1 },
              { award: '二等奖', throughRank: 3 },
              { award: '优秀奖', throughRank: 6 },
            ]),
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('rs_judge')
          .values(judges.map((user_id) => ({ competition_id: c.id, user_id })))
          .execute();
        for (const [n, title] of ENTRY_TITLES.entries()) {
          const e = await trx
            .insertInto('rs_entry')
            .values({
              competition_id: c.id,
              enterprise_id: branches[(n * 5 + y) % branches.length]!.id,
              title,
              summary: `${title}：以党建引领企业发展、服务商户和党员。`,
              document_file_ids: '[]',
              award: null,
              rank: null,
              is_case: 0,
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          // the 非公党建沙龙 wins the year before this one
          const base = title === '非公党建沙龙' && y === year - 1 ? 9600 : 7000 + Math.floor(r() * 25) * 100;
          await trx
            .insertInto('rs_score')
            .values(
              judges.map((judge_user_id, j) => ({
                entry_id: e.id,
                judge_user_id,
                points: Math.min(10_000, base + j * 100),
                submitted_at: now,
              })),
            )
            .execute();
        }
        await closeCompetition(trx, c.id);
        competitions++;
      }

    return {
      stations: stations.length,
      shops: plans.filter((p) => p.kind === 'shop').length,
      enterprises: plans.length,
      demoPoints: { provincial: REDSAIL_SEED.provincial * scale, municipal: REDSAIL_SEED.municipal * scale },
      leaders: REDSAIL_SEED.leaders * scale,
      visits,
      competitions,
    };
  });
}
