import { addMessages } from '@zhanqian/core';

addMessages({
  'scoring.badValue': {
    'zh-CN': '上报值“{value}”不符合该指标的要求',
    en: 'The reported value “{value}” does not fit this indicator',
  },
  'scoring.sumMismatch': {
    'zh-CN': '“{node}”分值不平衡：应为 {expected} 分，下级合计 {actual} 分',
    en: '“{node}” does not add up: {expected} points declared, its parts sum to {actual}',
  },
  'scoring.badRule': {
    'zh-CN': '指标“{node}”的计分参数“{param}”无效',
    en: 'Indicator “{node}”: rule parameter “{param}” is invalid',
  },
  'scoring.unknownUnit': {
    'zh-CN': '指标“{node}”的考核部门“{code}”不存在',
    en: 'Indicator “{node}”: assessing unit “{code}” does not exist',
  },
  'scoring.duplicateCode': {
    'zh-CN': '编码“{code}”重复（{node}）',
    en: 'The code “{code}” is used twice ({node})',
  },
  'scoring.nodeCodeMissing': { 'zh-CN': '“{node}”缺少编码', en: '“{node}” has no code' },
  'scoring.nodeNameMissing': { 'zh-CN': '“{node}”缺少名称', en: '“{node}” has no name' },
  'scoring.badBonusCap': { 'zh-CN': '加分上限无效', en: 'The bonus cap is invalid' },
  'scoring.noAspects': { 'zh-CN': '考核方案没有任何考核方面', en: 'The scheme has no aspects' },
  'scoring.schemeNotFound': { 'zh-CN': '{year} 年度考核方案不存在', en: 'There is no scheme for {year}' },
  'scoring.schemeExists': { 'zh-CN': '{year} 年度考核方案已存在', en: 'A scheme for {year} already exists' },
  'scoring.badStatus': {
    'zh-CN': '{year} 年度考核当前状态为“{status}”，不能执行此操作',
    en: 'The {year} appraisal is “{status}”: this cannot be done now',
  },
  'scoring.indicatorNotFound': { 'zh-CN': '指标（编号 {id}）不存在', en: 'Indicator {id} does not exist' },
  'scoring.subjectNotFound': {
    'zh-CN': '考核对象（编号 {id}）不存在',
    en: 'Appraised subject {id} does not exist',
  },
  'scoring.subjectExists': {
    'zh-CN': '该单位已是 {year} 年度考核对象',
    en: 'The unit is already a subject in {year}',
  },
  'scoring.reportNotFound': { 'zh-CN': '上报记录（编号 {id}）不存在', en: 'Report {id} does not exist' },
  'scoring.notOwnUnit': { 'zh-CN': '只能为本单位上报', en: 'You may report only for your own unit' },
  'scoring.notAssessor': {
    'zh-CN': '该指标由其他部门考核，无权审核',
    en: 'This indicator is assessed by another department: you may not review it',
  },
  'scoring.alreadyApproved': {
    'zh-CN': '该指标已审核通过，不能修改',
    en: 'This report is approved and can no longer change',
  },
  'scoring.notPending': { 'zh-CN': '该上报不在待审核状态', en: 'This report is not awaiting review' },
  'scoring.reasonRequired': { 'zh-CN': '退回须填写理由', en: 'A return needs a reason' },
  'scoring.evidenceNotFound': { 'zh-CN': '佐证材料（{id}）不存在', en: 'Evidence file {id} does not exist' },
  'scoring.objectionClosed': {
    'zh-CN': '异议期已结束或尚未公布',
    en: 'The objection window is closed or results are not published yet',
  },
  'scoring.objectionNotFound': { 'zh-CN': '异议（编号 {id}）不存在', en: 'Objection {id} does not exist' },
  'scoring.noResults': { 'zh-CN': '{year} 年度尚未计算结果', en: 'No results have been computed for {year}' },
  'scoring.import': {
    'zh-CN': '导入失败：工作表“{sheet}”第 {row} 行 {column} 列：{problem}',
    en: 'Import failed: sheet “{sheet}”, row {row}, column {column}: {problem}',
  },
});
