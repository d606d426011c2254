import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import {
  type AspectDef,
  addSubjects,
  assertValidScheme,
  flatIndicators,
  loadScheme,
  type Rule,
  recomputeScoring,
  reportAspectIndex,
  type SchemeDef,
  saveScheme,
  scoreIndicator,
} from '@zhanqian/scoring';
import { rng } from './random.ts';

/**
 * The district's thousand-point scheme (千分制): 5 aspects, 38 work items, 102 indicators,
 * 1000 base points. Each line of an item: name | kind code | assessing department | value
 * unit | plausible figures. Kind codes: r ratio, t tiered, b boolean, g graded, d deduction,
 * + bonus, x veto. Plausible figures, in the unit as stored ('%×100': hundredths of a
 * percent): for a ratio `target@low-high`, for a tiered indicator `t1/t2/t3@low-high` (the
 * tiers' thresholds); the reported values of a year lie within low–high.
 *
 * The figures are those of one appraised team (a street, a department or a community) of a
 * district of 120,000 households: percentages within 0–100, growth rates within what a
 * district reports (GDP 4.5–10.5 %), counts and money such that the district's sum over its
 * 53 teams stays the size of a real district's (e.g. about 50 projects over 100 M yuan a year,
 * 110 亿元 of domestic capital).
 */
const PLAN: { code: string; name: string; points: number; items: [string, string[]][] }[] = [
  {
    code: 'JJ',
    name: '经济社会发展',
    points: 300,
    items: [
      [
        '地区生产总值',
        [
          '地区生产总值增速|r|KHB|%×100|750@450-1050',
          '服务业增加值占比|t|KHB|%|60/70/80@55-90',
          '经济运行监测报送|b|KHB|',
        ],
      ],
      [
        '财政收入',
        [
          '一般公共预算收入完成率|r|KHB|%|100@80-100',
          '税收收入占比|t|KHB|%|70/78/85@65-92',
          '非税收入规范管理|g|KHB|',
        ],
      ],
      [
        '固定资产投资',
        [
          '固定资产投资完成额|r|KHB|万元|12000@7000-14000',
          '重点项目开工率|t|KHB|%|60/80/95@50-100',
          '项目入库管理|b|KHB|',
        ],
      ],
      [
        '社会消费品零售',
        [
          '社会消费品零售总额增速|r|KHB|%×100|800@300-1100',
          '限上企业新增入统|r|KHB|家|1@0-2',
          '网络零售额增速|r|KHB|%×100|1500@500-2500',
        ],
      ],
      [
        '市场主体培育',
        [
          '新增市场主体数量|r|KHB|户|120@70-140',
          '“个转企”完成数|r|KHB|户|3@1-4',
          '规上企业培育|t|KHB|家|1/2/3@0-4',
        ],
      ],
      [
        '城市建设管理',
        ['老旧小区改造任务完成率|r|KHB|%|100@60-100', '背街小巷整治|g|KHB|', '违章建筑拆除|d|KHB|处'],
      ],
      [
        '生态环境保护',
        [
          '空气质量优良天数比例|t|KHB|%|75/80/85@70-92',
          '环保督察问题整改|d|KHB|件',
          '垃圾分类覆盖率|r|KHB|%|95@70-100',
        ],
      ],
      [
        '优化营商环境',
        [
          '政务服务事项网办率|r|KHB|%|90@70-99',
          '营商环境投诉办结|d|KHB|件',
          '审批时限压缩率|t|KHB|%|30/45/60@20-70',
        ],
      ],
      ['科技创新', ['高新技术企业新增|r|KHB|家|1@0-2', '科技型中小企业入库|r|KHB|家|2@0-4']],
      ['重点改革任务', ['年度改革任务完成|g|KHB|', '改革创新案例获省市推广|+|KHB|项']],
    ],
  },
  {
    code: 'DJ',
    name: '党的建设',
    points: 250,
    items: [
      ['领导班子建设', ['领导班子综合考核评价|g|GBK|', '民主生活会质量|g|GBK|', '班子成员述职述廉|b|GBK|']],
      [
        '干部队伍建设',
        ['年轻干部培养选拔|r|GBK|人|2@0-3', '干部教育培训完成率|r|GBK|%|100@75-100', '干部监督问题|d|GBK|件'],
      ],
      [
        '基层组织建设',
        [
          '“三会一课”落实|b|ZZB|',
          '软弱涣散党组织整顿|r|ZZB|个|1@0-2',
          '星级党组织创建|t|ZZB|%|60/75/90@50-100',
        ],
      ],
      [
        '党员队伍建设',
        ['发展党员计划完成|r|ZZB|人|4@2-5', '党员教育培训覆盖率|r|ZZB|%|100@80-100', '党费收缴管理|b|ZZB|'],
      ],
      [
        '人才工作',
        [
          '引进急需紧缺人才|r|RCB|人|1@0-2',
          '人才服务专员走访|r|RCB|次|24@12-30',
          '人才工作创新项目|+|RCB|项',
        ],
      ],
      [
        '非公党建',
        [
          '非公企业党组织覆盖率|t|FGDGW|%|60/70/80@50-90',
          '红帆引航示范点创建|r|FGDGW|个|1@0-1',
          '党建指导员选派|b|FGDGW|',
        ],
      ],
      ['党风廉政建设', ['主体责任落实|g|ZZB|', '违纪违法案件|d|ZZB|件', '发生重大腐败案件|x|ZZB|起']],
      ['意识形态工作', ['意识形态责任制落实|g|ZZB|', '网络舆情处置|d|ZZB|起']],
      ['网格化管理', ['网格员配备达标率|r|ZZB|%|100@85-100', '网格事件办结率|t|ZZB|%|85/90/95@80-100']],
    ],
  },
  {
    code: 'ZS',
    name: '招商引资',
    points: 200,
    items: [
      [
        '招商引资总量',
        [
          '实际利用内资|r|KHB|万元|20000@12000-24000',
          '实际利用外资|r|KHB|万美元|80@40-100',
          '招商项目签约额|r|KHB|万元|30000@18000-36000',
        ],
      ],
      [
        '重点项目落地',
        [
          '亿元以上项目落地数|r|KHB|个|1@0-2',
          '签约项目履约率|t|KHB|%|60/75/90@50-100',
          '项目服务专班运行|b|KHB|',
        ],
      ],
      [
        '楼宇经济',
        [
          '商务楼宇入驻率|t|KHB|%|70/80/90@60-98',
          '千万元税收楼宇培育|r|KHB|栋|1@0-2',
          '楼宇招商推介活动|r|KHB|次|4@2-6',
        ],
      ],
      ['总部经济', ['新引进总部型企业|r|KHB|家|1@0-2', '区域总部落户|+|KHB|家']],
      ['招商队伍建设', ['专业招商人员配备|b|KHB|', '驻外招商活动|r|KHB|次|6@3-8']],
      ['项目储备', ['在谈项目储备数|r|KHB|个|10@5-14', '项目信息报送质量|g|KHB|']],
      ['以商招商', ['以商招商引进项目|r|KHB|个|2@1-3', '商会协会对接活动|r|KHB|次|4@2-6']],
    ],
  },
  {
    code: 'MS',
    name: '民生保障',
    points: 150,
    items: [
      [
        '就业创业',
        [
          '城镇新增就业|r|KHB|人|120@70-140',
          '登记失业人员再就业|r|KHB|人|40@25-50',
          '创业担保贷款发放|r|KHB|万元|100@60-120',
        ],
      ],
      [
        '社会保障',
        [
          '城乡居民养老保险参保率|t|KHB|%|90/95/98@85-100',
          '医疗保险参保率|t|KHB|%|90/95/98@88-100',
          '社会救助资金发放|b|KHB|',
        ],
      ],
      [
        '教育卫生',
        [
          '公办幼儿园学位增量|r|KHB|个|30@15-40',
          '家庭医生签约率|t|KHB|%|35/45/55@30-70',
          '健康社区创建|b|KHB|',
        ],
      ],
      [
        '养老服务',
        [
          '社区养老服务站覆盖|r|KHB|%|100@70-100',
          '居家养老服务满意度|g|KHB|',
          '老年助餐点建设|r|KHB|个|2@1-3',
        ],
      ],
      [
        '民生实事',
        [
          '民生实事项目完成|r|KHB|项|10@6-11',
          '群众诉求办结率|t|KHB|%|90/95/98@85-100',
          '12345热线考核|g|KHB|',
        ],
      ],
      ['社区服务', ['社区党群服务中心达标|b|ZZB|', '社区志愿服务时长|r|ZZB|小时|3000@1800-3600']],
      ['文化体育', ['公共文化活动场次|r|KHB|场|24@14-30', '全民健身设施达标|b|KHB|']],
    ],
  },
  {
    code: 'PA',
    name: '平安稳定',
    points: 100,
    items: [
      [
        '信访稳定',
        ['信访案件按期办结率|t|KHB|%|90/95/98@85-100', '越级上访|d|KHB|批次', '发生重大群体性事件|x|KHB|起'],
      ],
      [
        '安全生产',
        ['安全生产事故|d|KHB|起', '隐患排查整改率|r|KHB|%|100@85-100', '安全生产工作创新|+|KHB|项'],
      ],
      ['社会治安', ['刑事案件发案下降率|t|KHB|%|3/5/8@0-15', '扫黑除恶线索核查|b|KHB|']],
      ['矛盾纠纷化解', ['矛盾纠纷调解成功率|t|KHB|%|90/95/98@85-100', '人民调解组织规范化|g|KHB|']],
      ['应急管理', ['应急预案演练|r|KHB|次|4@2-6', '防汛防台工作|g|KHB|', '应急物资储备达标|b|KHB|']],
    ],
  },
];

const KIND: Record<string, Rule['kind']> = {
  r: 'ratio',
  t: 'tiered',
  b: 'boolean',
  g: 'graded',
  d: 'deduction',
  '+': 'bonus',
  x: 'veto',
};
const POSTS = ['党工委书记', '办事处主任', '党工委副书记', '分管副主任', '组织委员'];

/** Splits `total` into `parts` shares in whole points (hundredths multiples of 100), the first ones a point larger. */
function splitPoints(total: number, parts: number): number[] {
  const base = Math.floor(total / parts / 100) * 100;
  const out = Array(parts).fill(base) as number[];
  let left = total - base * parts;
  for (let i = 0; left > 0; i = (i + 1) % parts) {
    const step = Math.min(100, left);
    out[i]! += step;
    left -= step;
  }
  return out;
}

/** The plausible figures of a line: the ratio's target or the tiers' thresholds, and the range of reported values. */
export interface PlausibleFigures {
  target?: number;
  tiers?: number[];
  low: number;
  high: number;
}

function parseFigures(kind: Rule['kind'], spec: string | undefined, name: string): PlausibleFigures {
  // Kinds without figures report small counts: yes/no, a grade, incidents, achievements.
  if (kind !== 'ratio' && kind !== 'tiered') {
    if (spec) throw new Error(`seed scheme: ${name} (${kind}) takes no figures`);
    const high = kind === 'boolean' || kind === 'veto' ? 1 : kind === 'graded' ? 3 : kind === 'bonus' ? 2 : 3;
    return { low: 0, high };
  }
  const m = /^([\d/]+)@(\d+)-(\d+)$/.exec(spec ?? '');
  if (!m) throw new Error(`seed scheme: ${name} needs its figures (target@low-high)`);
  const head = m[1]!.split('/').map(Number);
  const low = Number(m[2]);
  const high = Number(m[3]);
  if (kind === 'ratio' && head.length !== 1) throw new Error(`seed scheme: ${name} takes one target`);
  if (kind === 'tiered' && head.length !== 3) throw new Error(`seed scheme: ${name} takes three tiers`);
  if (!(low <= high)) throw new Error(`seed scheme: ${name} has low > high`);
  return kind === 'ratio' ? { target: head[0]!, low, high } : { tiers: head, low, high };
}

function ruleFor(kind: Rule['kind'], points: number, f: PlausibleFigures, unit: string): Rule {
  switch (kind) {
    case 'ratio':
      // Growth and money beyond the target earn up to 110%; counts and rates stop at the target.
      return { kind, target: f.target!, ...(/万|×100/.test(unit) ? { capPct: 110 } : {}) };
    case 'tiered':
      return {
        kind,
        tiers: [
          { min: f.tiers![0]!, shareBp: 6_000 },
          { min: f.tiers![1]!, shareBp: 8_000 },
          { min: f.tiers![2]!, shareBp: 10_000 },
        ],
      };
    case 'graded':
      return {
        kind,
        grades: [
          { grade: 'A', shareBp: 10_000 },
          { grade: 'B', shareBp: 8_500 },
          { grade: 'C', shareBp: 7_000 },
          { grade: 'D', shareBp: 5_000 },
        ],
      };
    case 'deduction':
      return { kind, penalty: Math.max(100, Math.floor(points / 4 / 100) * 100) };
    case 'bonus':
      return { kind, perUnit: 500 };
    default:
      return { kind };
  }
}

/** Each indicator's plausible figures by code (the same every year). */
const FIGURES = new Map<string, PlausibleFigures>();

/**
 * The range of plausible reported values of an indicator of the district scheme, by code.
 *
 * @example plausibleFigures('JJ01-1') // { target: 750, low: 450, high: 1050 } (GDP growth 7.50 %)
 */
export function plausibleFigures(code: string): PlausibleFigures {
  if (FIGURES.size === 0) districtScheme(2000);
  const f = FIGURES.get(code);
  if (!f) throw new Error(`no indicator ${code} in the district scheme`);
  return f;
}

/**
 * The district's scheme for a year: 5 aspects, 38 work items, 102 indicators, 1000 base
 * points, bonus capped at 30 points. Deterministic.
 *
 * @example districtScheme(2026).aspects.length // 5
 */
export function districtScheme(year: number): SchemeDef {
  let n = 0;
  const aspects: AspectDef[] = PLAN.map((a, ai) => {
    const itemPoints = splitPoints(a.points * 100, a.items.length);
    return {
      code: a.code,
      name: a.name,
      points: a.points * 100,
      items: a.items.map(([itemName, lines], wi) => {
        const parsed = lines.map((l) => {
          const [name, k, dept, unit, spec] = l.split('|') as [string, string, string, string, string?];
          const kind = KIND[k]!;
          return { name, kind, dept: `D-${dept}`, unit, figures: parseFigures(kind, spec, name) };
        });
        const base = parsed.filter((p) => p.kind !== 'bonus' && p.kind !== 'veto');
        const shares = splitPoints(itemPoints[wi]!, base.length);
        let b = 0;
        return {
          code: `${a.code}${String(wi + 1).padStart(2, '0')}`,
          name: itemName,
          points: itemPoints[wi]!,
          indicators: parsed.map((p, k) => {
            n++;
            const points = p.kind === 'bonus' ? 1_000 : p.kind === 'veto' ? 0 : shares[b++]!;
            const code = `${a.code}${String(wi + 1).padStart(2, '0')}-${k + 1}`;
            FIGURES.set(code, p.figures);
            return {
              code,
              name: p.name,
              points,
              rule: ruleFor(p.kind, points, p.figures, p.unit),
              assessingUnit: p.dept,
              responsible: [POSTS[ai % 2]!, POSTS[2 + ((ai + wi + k) % 3)]!],
              ...(p.unit ? { unit: p.unit } : {}),
            };
          }),
        };
      }),
    };
  });
  if (n !== 102) throw new Error(`the district scheme has ${n} indicators, not 102`);
  return {
    year,
    name: `${year}年度站前区千分制目标管理考核方案`,
    bonusCap: 3_000,
    tieBreak: ['deductionLost', 'aspects'],
    awards: {
      poolFen: 600_000_000,
      rules: [
        { byRank: { from: 1, to: 1 }, amountFen: 150_000_000, category: 'street' },
        { byRank: { from: 2, to: 3 }, amountFen: 50_000_000, category: 'street' },
        { byRank: { from: 1, to: 1 }, amountFen: 30_000_000, category: 'department' },
        { byRank: { from: 1, to: 3 }, amountFen: 10_000_000, category: 'community' },
      ],
    },
    priorityTopN: 1,
    aspects,
  };
}

/**
 * A plausible reported value of an indicator within its figures; `strength` (0–1) is how good
 * the subject is.
 */
function valueFor(rule: Rule, f: PlausibleFigures, strength: number, r: () => number): number {
  const q = Math.min(1, Math.max(0, strength + (r() - 0.5) * 0.4));
  switch (rule.kind) {
    case 'ratio':
    case 'tiered':
      return Math.round(f.low + (f.high - f.low) * q);
    case 'boolean':
      return q > 0.25 ? 1 : 0;
    case 'graded':
      return Math.min(rule.grades.length - 1, Math.floor((1 - q) * rule.grades.length));
    case 'deduction':
      return q > 0.7 ? 0 : Math.min(f.high, Math.floor((0.7 - q) * 5));
    case 'bonus':
      return q > 0.8 ? 1 + Math.floor(r() * f.high) : 0;
    case 'veto':
      return r() < 0.004 ? 1 : 0;
  }
}

export interface ScoringSeedResult {
  year: number;
  schemes: number;
  subjects: number;
  reports: number;
}

/**
 * Seeds the thousand-point appraisal on top of the seeded district (seeds/src/district.ts):
 * the district's scheme for `year − 1` (published, with results) and for `year` (open, a
 * year of approved reports, a few still awaiting review, results computed); subjects = the
 * streets (category 'street'), the departments ('department') and the community Party
 * committees ('community'). Deterministic for a scale and year.
 *
 * @example await seedScoring(db, { scale: 1, year: 2026 })
 */
export async function seedScoring(
  db: Kysely<Database>,
  opts: { scale: number; year: number },
): Promise<ScoringSeedResult> {
  const units = await db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'code'])
    .where('kind', 'in', ['street', 'department', 'committee'])
    .orderBy('id')
    .execute();
  const r = rng(20_261_128 + opts.scale * 7 + opts.year);
  const subjectsPlan = units.map((u) => ({
    orgUnitId: u.id,
    category: u.kind === 'street' ? 'street' : u.kind === 'department' ? 'department' : 'community',
  }));
  // Each unit has a steady strength, so last year's weak teams tend to stay weak.
  const strength = new Map(units.map((u) => [u.id, 0.25 + 0.7 * r()]));
  let reports = 0;
  for (const year of [opts.year - 1, opts.year]) {
    const def = districtScheme(year);
    assertValidScheme(def);
    await saveScheme(db, def);
    await db.updateTable('scoring_scheme').set({ status: 'open' }).where('year', '=', year).execute();
    const { ids } = await loadScheme(db, year);
    const subjects = await addSubjects(db, year, subjectsPlan);
    const flat = flatIndicators(def);
    const now = nowIso();
    let batch: Parameters<ReturnType<typeof db.insertInto<'scoring_report'>>['values']>[0] & unknown[] = [];
    const flush = async () => {
      if (batch.length) await db.insertInto('scoring_report').values(batch).execute();
      batch = [];
    };
    for (const s of subjects) {
      const st = strength.get(s.org_unit_id)! + (r() - 0.5) * 0.1;
      for (const ind of flat) {
        const value = valueFor(ind.rule, plausibleFigures(ind.code), st, r);
        const pending = year === opts.year && r() < 0.03;
        const res = scoreIndicator(ind.points, ind.rule, value);
        batch.push({
          year,
          subject_id: s.id,
          indicator_id: ids[ind.code]!,
          kind: ind.rule.kind,
          aspect_index: reportAspectIndex(ind.rule.kind, ind.aspectIndex),
          value,
          evidence_id: null,
          note: null,
          status: pending ? 'reported' : 'approved',
          return_reason: null,
          score: pending ? 0 : res.score,
          lost: pending ? 0 : res.lost,
          veto: pending ? 0 : res.veto,
          reported_by: null,
          reported_at: now,
          reviewed_by: null,
          reviewed_at: pending ? null : now,
        });
        reports++;
        if (batch.length >= 400) await flush();
      }
    }
    await flush();
    await recomputeScoring(db, year);
    if (year < opts.year)
      await db
        .updateTable('scoring_scheme')
        .set({ status: 'published', objection_until: `${year + 1}-01-31` })
        .where('year', '=', year)
        .execute();
  }
  return { year: opts.year, schemes: 2, subjects: subjectsPlan.length, reports };
}
