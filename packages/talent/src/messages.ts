import { addMessages } from '@zhanqian/core';

/** The talent domain's server messages (zh-CN first, English second). */
addMessages({
  'talent.illegalTransition': {
    'zh-CN': '当前状态“{fromZh}”下不能执行“{actionZh}”',
    en: 'Action “{action}” is not allowed in status “{from}”',
  },
  'talent.badAmount': {
    'zh-CN': '金额必须为正整数（分）：{amount}',
    en: 'The amount must be a positive whole number of fen: {amount}',
  },
  'talent.cannotReverseReversal': {
    'zh-CN': '冲正记录不能再冲正，请另行登记新的分录',
    en: 'A reversal cannot itself be reversed; record a new entry instead',
  },
  'talent.insufficientFund': {
    'zh-CN': '人才专项资金可用余额不足：可用 {available} 分，需要 {needed} 分',
    en: 'The talent fund has too little available: {available} fen available, {needed} fen needed',
  },
  'talent.ledgerWouldGoNegative': {
    'zh-CN': '该分录会使资金余额为负，已拒绝',
    en: 'The entry would take a fund balance below zero and is refused',
  },
  'talent.fundNotFound': { 'zh-CN': '人才专项资金（{code}）不存在', en: 'Talent fund {code} does not exist' },
  'talent.fundExists': { 'zh-CN': '人才专项资金已设立', en: 'The talent fund already exists' },
  'talent.entryNotFound': { 'zh-CN': '资金分录（编号 {id}）不存在', en: 'Fund entry {id} does not exist' },
  'talent.entryAlreadyReversed': {
    'zh-CN': '资金分录（编号 {id}）已冲正过',
    en: 'Fund entry {id} has already been reversed',
  },
  'talent.entryLinked': {
    'zh-CN': '资金分录（编号 {id}）属于补贴或奖励，请通过对应业务办理',
    en: 'Fund entry {id} belongs to a subsidy or award; act on that instead',
  },
  'talent.reasonRequired': { 'zh-CN': '请填写原因', en: 'A reason is required' },
  'talent.tierNotFound': { 'zh-CN': '人才层次（编号 {id}）不存在', en: 'Talent tier {id} does not exist' },
  'talent.tierCodeTaken': { 'zh-CN': '人才层次编码“{code}”已存在', en: 'The tier code “{code}” is taken' },
  'talent.catalogueDuplicate': {
    'zh-CN': '{year} 年目录中已有领域“{code}”',
    en: 'The {year} catalogue already lists field “{code}”',
  },
  'talent.catalogueEntryNotFound': {
    'zh-CN': '目录条目（编号 {id}）不存在',
    en: 'Catalogue entry {id} does not exist',
  },
  'talent.catalogueInUse': {
    'zh-CN': '目录条目已被补贴申请引用，不能删除',
    en: 'The catalogue entry is referenced by subsidy applications and cannot be removed',
  },
  'talent.personNotFound': { 'zh-CN': '人才（编号 {id}）不存在', en: 'Talent {id} does not exist' },
  'talent.userNotFound': { 'zh-CN': '账号（编号 {id}）不存在', en: 'Account {id} does not exist' },
  'talent.accountLinked': {
    'zh-CN': '该账号或党员已关联其他人才',
    en: 'That account or member is already linked to another talent',
  },
  'talent.notYourRecord': {
    'zh-CN': '只能查看和申请本人的人才补贴',
    en: 'You can only see and apply for your own subsidies',
  },
  'talent.notATalent': {
    'zh-CN': '您的账号未关联人才档案，请联系人才办',
    en: 'Your account is not linked to a talent record; contact the talent office',
  },
  'talent.notEligible': {
    'zh-CN': '不符合申请条件：{reasons}',
    en: 'Not eligible: {reasons}',
  },
  'talent.alreadyApplied': {
    'zh-CN': '该人才已有一份{kind}申请（每人每类仅限一次）',
    en: 'This talent already has a {kind} application (one per talent and kind)',
  },
  'talent.applicationNotFound': {
    'zh-CN': '补贴申请（编号 {id}）不存在',
    en: 'Subsidy application {id} does not exist',
  },
  'talent.concurrentChange': {
    'zh-CN': '该记录已被他人处理，请刷新后重试',
    en: 'Someone else changed this record; refresh and try again',
  },
  'talent.elig.introducedOk': { 'zh-CN': '引进方式：{via}', en: 'Brought in by: {via}' },
  'talent.elig.local': {
    'zh-CN': '本地培养人才不享受引进人才一次性补贴',
    en: 'Locally developed talent does not receive the one-time introduction subsidies',
  },
  'talent.elig.catalogueOk': {
    'zh-CN': '领域“{field}”列入 {year} 年急需紧缺人才目录',
    en: 'Field “{field}” is in the {year} catalogue of urgently needed talent',
  },
  'talent.elig.notInCatalogue': {
    'zh-CN': '领域“{field}”未列入 {year} 年急需紧缺人才目录',
    en: 'Field “{field}” is not in the {year} catalogue of urgently needed talent',
  },
  'talent.elig.tierOk': {
    'zh-CN': '{tier}享受{kind} {amount} 分',
    en: '{tier} grants {amount} fen of {kind}',
  },
  'talent.elig.tierNoAmount': { 'zh-CN': '{tier}不享受{kind}', en: '{tier} grants no {kind}' },
  'talent.cycleNotFound': {
    'zh-CN': '评选周期（编号 {id}）不存在',
    en: 'Selection cycle {id} does not exist',
  },
  'talent.cycleYearTaken': { 'zh-CN': '{year} 年的评选已存在', en: 'A selection for {year} already exists' },
  'talent.cycleNotBiennial': {
    'zh-CN': '优秀人才评选每两年一次（自 2008 年起的偶数年）',
    en: 'The excellent-talent selection is biennial (even years from 2008)',
  },
  'talent.cycleClosedForChange': {
    'zh-CN': '评选当前阶段“{status}”不允许此操作',
    en: 'The selection’s current stage “{status}” does not allow this',
  },
  'talent.nominationNotFound': { 'zh-CN': '提名（编号 {id}）不存在', en: 'Nomination {id} does not exist' },
  'talent.alreadyNominated': {
    'zh-CN': '该人才已在本届评选中被提名',
    en: 'This talent is already nominated in this selection',
  },
  'talent.expertNotFound': { 'zh-CN': '评审专家（编号 {id}）不存在', en: 'Panel expert {id} does not exist' },
  'talent.expertTaken': {
    'zh-CN': '专家“{name}”已在评审组中',
    en: 'Expert “{name}” is already on the panel',
  },
  'talent.noExperts': { 'zh-CN': '评审组没有专家', en: 'The panel has no experts' },
  'talent.duplicateScore': {
    'zh-CN': '专家（编号 {expert}）已为提名（编号 {nomination}）评分，不能重复评分',
    en: 'Expert {expert} has already scored nomination {nomination}; duplicate scores are refused',
  },
  'talent.scoreUnknownNominee': {
    'zh-CN': '提名（编号 {nomination}）不在本届评选中',
    en: 'Nomination {nomination} is not in this selection',
  },
  'talent.scoreUnknownExpert': {
    'zh-CN': '专家（编号 {expert}）不在本届评审组中',
    en: 'Expert {expert} is not on this panel',
  },
  'talent.badScore': {
    'zh-CN': '分数须在 0–100 之间（精确到 0.01）：{score}',
    en: 'A score is 0–100 in hundredths: {score}',
  },
  'talent.scoresMissing': {
    'zh-CN': '还有 {count} 项评分未录入，不能确定入围名单',
    en: '{count} scores are still missing; the shortlist cannot be drawn',
  },
  'talent.badDate': { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  'talent.publicityTooShort': {
    'zh-CN': '公示期不少于 {days} 天',
    en: 'The publicity window lasts at least {days} days',
  },
  'talent.publicityNotOver': {
    'zh-CN': '公示期至 {end} 结束，结束前不能颁奖',
    en: 'Publicity runs until {end}; awards wait until it is over',
  },
  'talent.notInPublicity': {
    'zh-CN': '只有公示期间可以撤销入围',
    en: 'A shortlisted nominee can only be withdrawn during publicity',
  },
});
