import { addMessages } from '@zhanqian/core';

addMessages({
  'stars.noCriteria': {
    'zh-CN': '{year} 年度尚未设置“{level}”的十项评星标准',
    en: 'No ten criteria are set for “{level}” in {year}',
  },
  'stars.badLevel': {
    'zh-CN': '评星层级只有住户、党员、支部和社区党委（街道不评星，其下的社区党委评星）',
    en: 'The star levels are household, member, branch and community committee (a street is not rated; its communities are)',
  },
  'stars.entityNotFound': {
    'zh-CN': '评星对象（{level}，编号 {id}）不存在',
    en: 'The rated entity ({level} {id}) does not exist',
  },
  'stars.mayNotRate': {
    'zh-CN': '无权为该{level}评星：{level}由其上一级评定',
    en: 'Not allowed to rate this {level}: a {level} is rated by the level above it',
  },
  'stars.badPolicy': {
    'zh-CN': '认证比例须为 0 到 1 之间的分数（分子 {num}，分母 {den}）',
    en: 'The certification share must be a fraction between 0 and 1 (numerator {num}, denominator {den})',
  },
  'stars.criteriaCount': {
    'zh-CN': '每一级须设置恰好十项标准',
    en: 'Each level needs exactly ten criteria',
  },
  'stars.notDistrict': {
    'zh-CN': '只有区级可以设置评星标准、参数和奖励',
    en: 'Only the district may set criteria, policy and bonuses',
  },
  'stars.importEmpty': {
    'zh-CN': '导入文件中没有工作表或数据行',
    en: 'The import file has no worksheet or no data rows',
  },
  'stars.importBadFile': {
    'zh-CN': '无法读取导入文件（须为 .xlsx）',
    en: 'Cannot read the import file (it must be .xlsx)',
  },
});

export const LEVEL_LABELS = {
  household: { 'zh-CN': '户', en: 'household' },
  member: { 'zh-CN': '党员', en: 'member' },
  branch: { 'zh-CN': '党支部', en: 'branch' },
  committee: { 'zh-CN': '社区党委', en: 'community Party committee' },
} as const;

addMessages({
  'stars.notAMember': { 'zh-CN': '当前账号未关联党员', en: 'This account is not linked to a Party member' },
  'stars.explain.notComputed': {
    'zh-CN': '本年度尚未完成认证计算',
    en: 'Certification has not been computed for this year yet',
  },
  'stars.explain.certified': { 'zh-CN': '已认证为十星{level}', en: 'Certified as a ten-star {level}' },
  'stars.explain.own': {
    'zh-CN': '未认证：{level}本级仅 {stars} 星，未达标项：{missing}',
    en: 'Not certified: the {level} itself has {stars} stars; criteria not met: {missing}',
  },
  'stars.explain.empty': {
    'zh-CN': '未认证：{level}下没有{child}，无法满足十星{child}比例要求',
    en: 'Not certified: the {level} has no {child}, so the share of ten-star {child} cannot be met',
  },
  'stars.explain.share': {
    'zh-CN': '未认证：十星{child}占比 {ten}/{total}，未达到 {percent}% 以上',
    en: 'Not certified: ten-star {child} are {ten} of {total}, below {percent}%',
  },
});
