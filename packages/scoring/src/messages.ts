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
  'scoring.import.notXlsx': {
    'zh-CN': '文件不是有效的 xlsx 工作簿',
    en: 'The file is not a valid xlsx workbook',
  },
  'scoring.import.sheetMissing': { 'zh-CN': '缺少工作表“{sheet}”', en: 'The sheet “{sheet}” is missing' },
  'scoring.import.header': { 'zh-CN': '表头应为“{header}”', en: 'The header here must be “{header}”' },
  'scoring.import.empty': { 'zh-CN': '工作表没有数据行', en: 'The sheet has no data rows' },
  'scoring.import.tooManyRows': {
    'zh-CN': '数据行超过 {max} 行，请分批导入',
    en: 'More than {max} data rows: import in parts',
  },
  'scoring.import.unitMissing': {
    'zh-CN': '须填写单位编码或单位名称',
    en: 'Give the unit code or the unit name',
  },
  'scoring.import.unknownUnitCode': {
    'zh-CN': '单位编码“{code}”不存在',
    en: 'No unit has the code “{code}”',
  },
  'scoring.import.unknownUnitName': { 'zh-CN': '单位“{name}”不存在', en: 'No unit is named “{name}”' },
  'scoring.import.ambiguousUnitName': {
    'zh-CN': '有多个单位名为“{name}”，请填写单位编码',
    en: 'Several units are named “{name}”: give the unit code',
  },
  'scoring.import.unitNameMismatch': {
    'zh-CN': '单位名称“{name}”与编码“{code}”不符',
    en: 'The name “{name}” does not match the unit code “{code}”',
  },
  'scoring.import.duplicateUnit': {
    'zh-CN': '该单位已在第 {row} 行出现',
    en: 'This unit is already on row {row}',
  },
  'scoring.import.badPoints': {
    'zh-CN': '“{value}”不是有效分值（非负，最多两位小数）',
    en: '“{value}” is not a valid score (not negative, at most two decimals)',
  },
  'scoring.history.badAspect': {
    'zh-CN': '考核方面“{name}”重复或过长',
    en: 'The aspect “{name}” is repeated or too long',
  },
  'scoring.history.badCategory': {
    'zh-CN': '须填写类别（不超过 40 字）',
    en: 'Give the category (at most 40 characters)',
  },
  'scoring.history.badRank': {
    'zh-CN': '名次“{value}”须为正整数',
    en: 'The rank “{value}” must be a positive integer',
  },
  'scoring.history.badVeto': {
    'zh-CN': '一票否决“{value}”须为“是”或“否”（空白即否）',
    en: 'Veto “{value}” must be 是 (yes) or 否 (no); blank means no',
  },
  'scoring.history.aspectSum': {
    'zh-CN': '各方面得分合计 {sum} 分，高于总分 {total} 分',
    en: 'The aspect scores sum to {sum}, above the total {total}',
  },
  'scoring.history.rankGap': {
    'zh-CN': '类别“{category}”中名次 {rank} 不连续：按并列排名应为 {expected}（如 1、2、2、4）',
    en: 'Category “{category}”: rank {rank} should be {expected} (competition ranking, e.g. 1, 2, 2, 4)',
  },
  'scoring.history.tieMismatch': {
    'zh-CN': '与第 {row} 行并列第 {rank} 名，但总分或一票否决不同',
    en: 'Tied at rank {rank} with row {row}, but the total or the veto differs',
  },
  'scoring.history.vetoAhead': {
    'zh-CN': '第 {row} 行被一票否决却排在第 {other} 名，名次应在未被否决者之后',
    en: 'Row {row} is vetoed yet ranked {other}, ahead of a subject not vetoed',
  },
  'scoring.history.rankOrder': {
    'zh-CN': '总分高于第 {row} 行（第 {other} 名），名次却在其后',
    en: 'The total is above that of row {row} (rank {other}), yet the rank is behind it',
  },
  'scoring.history.yearInUse': {
    'zh-CN': '{year} 年度已在平台上考核，不能导入历史结果',
    en: 'The {year} appraisal was run on the platform: its results cannot be imported',
  },
  'scoring.history.importedYear': {
    'zh-CN': '{year} 年度为导入的历史结果，不能重新计算',
    en: 'The {year} results were imported: they cannot be recomputed',
  },
  'scoring.history.schemeName': {
    'zh-CN': '{year}年度考核结果（历史导入）',
    en: '{year} results (imported)',
  },
  'scoring.import.notSubject': {
    'zh-CN': '“{name}”不是本年度的考核对象',
    en: '“{name}” is not appraised this year',
  },
  'scoring.import.unknownIndicator': {
    'zh-CN': '本年度方案中没有指标编码“{code}”',
    en: 'This year’s scheme has no indicator “{code}”',
  },
  'scoring.import.noteTooLong': {
    'zh-CN': '说明不能超过 {max} 字',
    en: 'The note is longer than {max} characters',
  },
  'scoring.import.duplicateReport': {
    'zh-CN': '该单位的这项指标已在第 {row} 行出现',
    en: 'This unit’s indicator is already on row {row}',
  },
  'scoring.reviewMany.refused': {
    'zh-CN': '{count} 条上报无法审核，全部未处理',
    en: '{count} reports cannot be reviewed: none was changed',
  },
  'scoring.reviewMany.outOfScope': {
    'zh-CN': '该上报的单位不在您的管辖范围内',
    en: 'This report’s unit is outside your area',
  },
  'scoring.reviewMany.duplicate': { 'zh-CN': '编号重复', en: 'Listed twice' },
  'scoring.objectionUntilRequired': {
    'zh-CN': '公布结果须填写异议截止日期',
    en: 'Publishing results needs an objection deadline',
  },
  'scoring.objectionUntilInvalid': {
    'zh-CN': '异议截止日期“{date}”不是有效日期',
    en: 'The objection deadline “{date}” is not a valid date',
  },
  'scoring.objectionUntilNotAfterToday': {
    'zh-CN': '异议截止日期须晚于今天（{today}）',
    en: 'The objection deadline must be after today ({today})',
  },
  'scoring.import': {
    'zh-CN': '导入失败：工作表“{sheet}”第 {row} 行 {column} 列：{problem}',
    en: 'Import failed: sheet “{sheet}”, row {row}, column {column}: {problem}',
  },
});
