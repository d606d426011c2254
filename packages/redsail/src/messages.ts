import { addMessages } from '@zhanqian/core';

/** Red Sail's server messages (zh-CN first, English second). */
export const REDSAIL_MESSAGES = {
  'redsail.badCreditCode': {
    'zh-CN': '统一社会信用代码“{code}”无效：{reasonZh}',
    en: 'Unified social credit code “{code}” is invalid: {reason}',
  },
  'redsail.creditCodeTaken': {
    'zh-CN': '统一社会信用代码“{code}”已登记',
    en: 'Unified social credit code “{code}” is already registered',
  },
  'redsail.enterpriseNotFound': { 'zh-CN': '企业（编号 {id}）不存在', en: 'Enterprise {id} does not exist' },
  'redsail.stationNotFound': {
    'zh-CN': '片区工作站（编号 {id}）不存在',
    en: 'Area work station {id} does not exist',
  },
  'redsail.jointBranchNotFound': {
    'zh-CN': '联合党支部（编号 {id}）不存在',
    en: 'Joint branch {id} does not exist',
  },
  'redsail.jointNeedsBranch': {
    'zh-CN': '党组织状态为联合党支部时须指明所属联合党支部；其他状态不能指明',
    en: 'A joint-branch status names its joint branch; other statuses name none',
  },
  'redsail.notAStreet': {
    'zh-CN': '所属街道（编号 {id}）不是街道',
    en: 'Unit {id} is not a street',
  },
  'redsail.stationOutsideStreet': {
    'zh-CN': '片区工作站“{station}”不在该企业所属街道，不能覆盖它',
    en: 'Station “{station}” lies in another street and cannot reach this enterprise',
  },
  'redsail.statusDateBeforeLast': {
    'zh-CN': '状态变更日期 {date} 早于最近一次变更（{last}）',
    en: 'The status change date {date} is before the last change ({last})',
  },
  'redsail.accountNotFound': { 'zh-CN': '账号（编号 {id}）不存在', en: 'Account {id} does not exist' },
  'redsail.leaderNotFound': { 'zh-CN': '联系领导（编号 {id}）不存在', en: 'Leader {id} does not exist' },
  'redsail.contactPointNotFound': {
    'zh-CN': '联系点（编号 {id}）不存在',
    en: 'Contact point {id} does not exist',
  },
  'redsail.contactPointExists': {
    'zh-CN': '该领导已将此企业作为联系点',
    en: 'The leader already keeps this enterprise as a contact point',
  },
  'redsail.visitInFuture': {
    'zh-CN': '走访日期 {date} 晚于今天',
    en: 'The visit date {date} is in the future',
  },
  'redsail.illegalTransition': {
    'zh-CN': '示范点当前状态为“{fromZh}”，不能“{actionZh}”',
    en: 'A demonstration point in status “{from}” cannot be “{action}”',
  },
  'redsail.levelNotHigher': {
    'zh-CN': '已认定为{currentZh}示范点，只能升级为更高级别',
    en: 'Already recognized at {current} level: only a higher level may follow',
  },
  'redsail.reviewedAlready': {
    'zh-CN': '示范点 {year} 年度已复核',
    en: 'The demonstration point has already been reviewed for {year}',
  },
  'redsail.demoPointNotFound': {
    'zh-CN': '示范点（编号 {id}）不存在',
    en: 'Demonstration point {id} does not exist',
  },
  'redsail.demoPointOpen': {
    'zh-CN': '该企业已有进行中的示范点申请或认定',
    en: 'The enterprise already has a demonstration point application or recognition in force',
  },
  'redsail.noBranch': {
    'zh-CN': '“{name}”没有党组织（独立或联合党支部），不能申报示范点',
    en: '“{name}” has no Party branch (own or joint) and cannot apply as a demonstration point',
  },
  'redsail.unknownCriterion': {
    'zh-CN': '评价标准“{code}”不存在或已停用',
    en: 'Criterion “{code}” does not exist or is inactive',
  },
  'redsail.criterionTaken': { 'zh-CN': '评价标准编码“{code}”已存在', en: 'Criterion code “{code}” is taken' },
  'redsail.activityNotFound': { 'zh-CN': '活动（编号 {id}）不存在', en: 'Activity {id} does not exist' },
  'redsail.activityCancelled': { 'zh-CN': '活动已取消，不能签到或报告', en: 'The activity is cancelled' },
  'redsail.activityNotHeld': {
    'zh-CN': '活动状态为“{statusZh}”，不能{actionZh}',
    en: 'The activity is {status}: it cannot be {action}',
  },
  'redsail.alreadySignedIn': {
    'zh-CN': '您已签到过本次活动',
    en: 'You have already signed in to this activity',
  },
  'redsail.notAMember': {
    'zh-CN': '账号未关联党员信息，不能签到',
    en: 'The account is not linked to a Party member and cannot sign in',
  },
  'redsail.signInNotToday': {
    'zh-CN': '只能在活动当天（{date}）签到',
    en: 'Sign-in is open on the day of the activity ({date}) only',
  },
  'redsail.competitionNotFound': {
    'zh-CN': '评比（编号 {id}）不存在',
    en: 'Competition {id} does not exist',
  },
  'redsail.competitionYearTaken': {
    'zh-CN': '{year} 年度党建创新项目评比已发布',
    en: 'The {year} competition has already been called',
  },
  'redsail.competitionStatus': {
    'zh-CN': '评比当前为“{statusZh}”，不能{actionZh}',
    en: 'The competition is {status}: it cannot {action}',
  },
  'redsail.entryNotFound': { 'zh-CN': '参评项目（编号 {id}）不存在', en: 'Entry {id} does not exist' },
  'redsail.entryTaken': {
    'zh-CN': '该企业已以“{title}”参评',
    en: 'The enterprise already entered “{title}”',
  },
  'redsail.notAJudge': { 'zh-CN': '您不是本次评比的评委', en: 'You are not a judge of this competition' },
  'redsail.scoreSubmitted': {
    'zh-CN': '您已提交该项目的评分，不能修改',
    en: 'You have already submitted your score for this entry; it cannot change',
  },
  'redsail.scoreOutOfRange': {
    'zh-CN': '评分须在 0 至 {max} 分之间',
    en: 'The score must be between 0 and {max} points',
  },
  'redsail.scoresMissing': {
    'zh-CN': '还有 {missing} 份评分未提交，不能结束评比',
    en: '{missing} scores are still missing: the competition cannot close',
  },
  'redsail.noJudges': { 'zh-CN': '评比至少需要一名评委', en: 'A competition needs at least one judge' },
  'redsail.noEntries': { 'zh-CN': '评比还没有参评项目', en: 'The competition has no entries yet' },
  'redsail.badAwardPlan': {
    'zh-CN': '奖项设置有误：名次须从 1 起递增',
    en: 'The award plan is wrong: the ranks must start at 1 and increase',
  },
  'redsail.input.required': { 'zh-CN': '请填写{field}', en: '{fieldEn} is required' },
  'redsail.input.tooLong': {
    'zh-CN': '{field}不能超过 {max} 个字',
    en: '{fieldEn} takes at most {max} characters',
  },
  'redsail.input.date': {
    'zh-CN': '日期应为 YYYY-MM-DD 格式的实际日期',
    en: 'Dates are YYYY-MM-DD and must exist',
  },
  'redsail.input.creditCode': {
    'zh-CN': '统一社会信用代码应为 18 位数字或大写字母（不用 I、O、S、V、Z），且校验码正确',
    en: 'A unified social credit code is 18 digits or capitals (no I, O, S, V, Z) with a matching check character',
  },
  'redsail.input.fileId': { 'zh-CN': '文件编号无效，请重新上传', en: 'Not a file id; upload the file again' },
  'redsail.import.notXlsx': {
    'zh-CN': '文件不是有效的 xlsx 工作簿',
    en: 'The file is not a valid xlsx workbook',
  },
  'redsail.import.header': { 'zh-CN': '表头应为“{header}”', en: 'The header should be “{header}”' },
  'redsail.import.empty': { 'zh-CN': '表中没有数据行', en: 'The sheet has no data rows' },
  'redsail.import.tooManyRows': { 'zh-CN': '一次最多导入 {max} 行', en: 'At most {max} rows per import' },
  'redsail.import.required': { 'zh-CN': '请填写“{column}”', en: '“{column}” is required' },
  'redsail.import.tooLong': {
    'zh-CN': '“{column}”不能超过 {max} 个字',
    en: '“{column}” takes at most {max} characters',
  },
  'redsail.import.oneOf': { 'zh-CN': '应为以下之一：{values}', en: 'Must be one of: {values}' },
  'redsail.import.badDate': {
    'zh-CN': '日期应为 YYYY-MM-DD 格式的实际日期',
    en: 'Dates are YYYY-MM-DD and must exist',
  },
  'redsail.import.badCount': { 'zh-CN': '应为 0 或正整数', en: 'Must be 0 or a positive whole number' },
  'redsail.import.duplicateCode': {
    'zh-CN': '统一社会信用代码与第 {row} 行重复',
    en: 'The credit code repeats row {row}',
  },
  'redsail.import.unknownStreet': {
    'zh-CN': '街道编码“{code}”不存在或不在您的管辖范围内',
    en: 'Street code “{code}” does not exist or lies outside your scope',
  },
  'redsail.import.unknownStation': {
    'zh-CN': '片区工作站编码“{code}”不存在或不在该街道',
    en: 'Station code “{code}” does not exist or lies in another street',
  },
  'redsail.import.jointName': {
    'zh-CN': '党组织状态为“联合党支部”时须填写联合党支部名称，其他状态不填',
    en: 'A joint-branch status names its joint branch; other statuses leave it blank',
  },
  'redsail.import.streetChanged': {
    'zh-CN': '已登记企业的所属街道不能通过导入更改（现为“{code}”）',
    en: 'A registered enterprise’s street cannot change by import (now “{code}”)',
  },
  'redsail.import.invalid': {
    'zh-CN': '导入文件有 {count} 处错误，未导入任何数据',
    en: 'The file has {count} errors; nothing was imported',
  },
} as const;

addMessages(REDSAIL_MESSAGES);
