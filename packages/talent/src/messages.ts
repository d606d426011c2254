import { addMessages } from '@zhanqian/core';

/** The talent domain's server messages (zh-CN first, English second). Money reads in yuan. */
export const TALENT_MESSAGES = {
  'talent.illegalTransition': {
    'zh-CN': '当前状态“{fromZh}”下不能执行“{actionZh}”',
    en: 'Action “{action}” is not allowed in status “{from}”',
  },
  'talent.badAmount': {
    'zh-CN': '金额必须大于 0 元且精确到分：{amount} 元',
    en: 'The amount must be more than 0 yuan, to two decimals: {amount} yuan',
  },
  'talent.cannotReverseReversal': {
    'zh-CN': '冲正记录不能再冲正，请另行登记新的分录',
    en: 'A reversal cannot itself be reversed; record a new entry instead',
  },
  'talent.insufficientFund': {
    'zh-CN': '人才专项资金可用余额不足：可用 {available} 元，需要 {needed} 元',
    en: 'The talent fund has too little available: {available} yuan available, {needed} yuan needed',
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
    'zh-CN': '{tier}享受{kind} {yuan} 元',
    en: '{tier} grants {yuan} yuan of {kind}',
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
  'talent.duty.separate': {
    'zh-CN': '职责分离：您已办理该申请的“{otherZh}”，“{stepZh}”须由另一账号办理',
    en: 'Separation of duties: you already did the {otherEn} step of this application; its {stepEn} must be done by another account',
  },
  'talent.duty.unknownStep': {
    'zh-CN': '职责分离设置中的环节无效（应为 申请、审核、批准、拨付）',
    en: 'A separation-of-duties step is unknown (apply, review, approve, disburse)',
  },
  'talent.duty.samePair': {
    'zh-CN': '职责分离设置不能把“{stepZh}”与自身配对',
    en: 'A separation-of-duties pair cannot join a step to itself',
  },
  'talent.attachmentNotFound': {
    'zh-CN': '附件（编号 {id}）不存在',
    en: 'Attachment {id} does not exist',
  },
  'talent.attachmentTaken': {
    'zh-CN': '该文件已是此申请的附件',
    en: 'That file is already attached to this application',
  },
  'talent.fileNotFound': {
    'zh-CN': '文件（{id}）不存在，请重新上传',
    en: 'File {id} does not exist; upload it again',
  },
  'talent.fileNotYours': {
    'zh-CN': '只能添加本人上传的文件',
    en: 'Only a file you uploaded yourself can be attached',
  },
  'talent.attachmentsClosed': {
    'zh-CN': '申请{statusZh}，不能再增删附件',
    en: 'The application is {status}; attachments can no longer change',
  },
  'talent.tooManyAttachments': {
    'zh-CN': '每份申请最多 {max} 个附件',
    en: 'An application takes at most {max} attachments',
  },
  'talent.import.notXlsx': {
    'zh-CN': '文件不是有效的 Excel 工作簿（.xlsx），请用下载的模板填写',
    en: 'The file is not an Excel workbook (.xlsx); fill in the downloaded template',
  },
  'talent.import.sheetMissing': { 'zh-CN': '缺少工作表“{sheet}”', en: 'The sheet “{sheet}” is missing' },
  'talent.import.header': { 'zh-CN': '表头应为“{header}”', en: 'The header here must be “{header}”' },
  'talent.import.empty': { 'zh-CN': '工作表没有数据行', en: 'The sheet has no data rows' },
  'talent.import.tooManyRows': {
    'zh-CN': '数据行超过 {max} 行，请分批导入',
    en: 'More than {max} data rows; import in parts',
  },
  'talent.import.required': { 'zh-CN': '“{column}”不能为空', en: '“{column}” is required' },
  'talent.import.tooLong': {
    'zh-CN': '“{column}”不能超过 {max} 个字',
    en: '“{column}” takes at most {max} characters',
  },
  'talent.import.badDate': {
    'zh-CN': '“{value}”不是有效日期（格式 YYYY-MM-DD）',
    en: '“{value}” is not a valid date (YYYY-MM-DD)',
  },
  'talent.import.badGender': {
    'zh-CN': '性别应为“男”或“女”：“{value}”',
    en: 'Gender must be 男 or 女: “{value}”',
  },
  'talent.import.badVia': {
    'zh-CN': '引进方式应为 公开选拔、引进 或 本地培养：“{value}”',
    en: 'Brought in by must be 公开选拔, 引进 or 本地培养: “{value}”',
  },
  'talent.import.unknownTier': {
    'zh-CN': '人才层次“{value}”不存在（填写层次编码或名称）',
    en: 'No tier “{value}” (give its code or name)',
  },
  'talent.import.badId': {
    'zh-CN': '编号应为正整数：“{value}”',
    en: 'The id must be a whole number: “{value}”',
  },
  'talent.import.unknownId': {
    'zh-CN': '编号 {id} 的人才不存在或不在本部门管辖范围内（新增人才请留空编号）',
    en: 'No talent {id} within your area (leave the id blank for a new talent)',
  },
  'talent.import.duplicateRow': { 'zh-CN': '与第 {row} 行重复', en: 'Repeats row {row}' },
  'talent.import.badYuan': {
    'zh-CN': '金额应为 0 至 1 亿之间的元数，最多两位小数：“{value}”',
    en: 'The amount must be 0 to 100,000,000 yuan with at most two decimals: “{value}”',
  },
  'talent.import.badInt': {
    'zh-CN': '应为 {min}–{max} 之间的整数：“{value}”',
    en: 'Must be a whole number from {min} to {max}: “{value}”',
  },
  'talent.import.badYear': {
    'zh-CN': '年度应为 2000–2100 之间的年份：“{value}”',
    en: 'The year must be 2000–2100: “{value}”',
  },
  'talent.input.required': { 'zh-CN': '请填写{field}', en: '{fieldEn} is required' },
  'talent.input.tooLong': {
    'zh-CN': '{field}不能超过 {max} 个字',
    en: '{fieldEn} takes at most {max} characters',
  },
  'talent.input.gender': { 'zh-CN': '性别应为男或女', en: 'Gender must be male or female' },
  'talent.input.fileId': { 'zh-CN': '文件编号无效，请重新上传', en: 'Not a file id; upload the file again' },
} satisfies Record<string, { 'zh-CN': string; en: string }>;

addMessages(TALENT_MESSAGES);
