import { addMessages, type Locale, t } from '@zhanqian/core';
import type { RowError } from './run.ts';

// The import pipeline (issue #14): refusals of a whole upload, and each row error.
addMessages({
  'imports.tooLarge': {
    'zh-CN': '导入文件超过 {mb} MB 上限',
    en: 'The import file exceeds the {mb} MB limit',
  },
  'imports.badType': {
    'zh-CN': '“{name}”不是 .xlsx 或 .csv 文件',
    en: '“{name}” is not an .xlsx or .csv file',
  },
  'imports.emptyUpload': { 'zh-CN': '“{name}”是空文件', en: '“{name}” is empty' },
  'imports.contentMismatch': {
    'zh-CN': '“{name}”的内容不是 Excel 工作簿',
    en: 'The content of “{name}” is not an Excel workbook',
  },
  'imports.badKind': { 'zh-CN': '未知的导入类型', en: 'Unknown import kind' },
  'imports.notFound': { 'zh-CN': '导入批次不存在', en: 'No such import' },
  'imports.busy': { 'zh-CN': '该导入正在处理中', en: 'This import is being processed' },
  'imports.notChecked': {
    'zh-CN': '请先试导入（校验）再正式导入',
    en: 'Run the dry run (check) before committing',
  },
  'imports.hasErrors': {
    'zh-CN': '文件有 {count} 处错误，修改后重新上传',
    en: 'The file has {count} errors: correct them and upload it again',
  },
  'imports.alreadyCommitted': { 'zh-CN': '该文件已导入', en: 'This file has already been imported' },
  'imports.otherRunning': {
    'zh-CN': '同类数据的另一次导入正在进行，请稍后再试',
    en: 'Another import of the same kind is under way; try again when it has finished',
  },
  'imports.templateKind': {
    'zh-CN': '该组织下没有可用于此类导入的党支部',
    en: 'This unit has no Party branch for this kind of import',
  },
  'imports.err.missingColumn': {
    'zh-CN': '缺少必填列“{header}”',
    en: 'The required column “{header}” is missing',
  },
  'imports.err.emptyFile': { 'zh-CN': '文件中没有表头和数据', en: 'The file holds no header and no data' },
  'imports.err.noRows': { 'zh-CN': '表头之后没有数据行', en: 'There are no data rows after the header' },
  'imports.err.required': { 'zh-CN': '必填项为空', en: 'Required, but empty' },
  'imports.err.tooLong': { 'zh-CN': '超过 {max} 个字', en: 'Longer than {max} characters' },
  'imports.err.badCode': {
    'zh-CN': '编码只能由字母、数字、- 和 _ 组成（不超过 40 位）',
    en: 'A code is letters, digits, - and _ only (at most 40)',
  },
  'imports.err.badKind': {
    'zh-CN': '类型“{value}”无效，可填：{allowed}',
    en: 'The kind “{value}” is not valid; use one of: {allowed}',
  },
  'imports.err.duplicateKey': {
    'zh-CN': '“{value}”在文件中重复出现',
    en: '“{value}” appears more than once in the file',
  },
  'imports.err.codeOutsideScope': {
    'zh-CN': '编码“{value}”已被本级以外的组织使用',
    en: 'The code “{value}” belongs to a unit outside this import’s reach',
  },
  'imports.err.unitDissolved': {
    'zh-CN': '组织“{value}”已撤销',
    en: 'The unit “{value}” has been dissolved',
  },
  'imports.err.kindChange': {
    'zh-CN': '已有组织的类型不能通过导入更改（现为{value}）',
    en: 'An import cannot change an existing unit’s kind (now {value})',
  },
  'imports.err.moveRoot': {
    'zh-CN': '不能通过导入移动当前所选组织本身，请在组织架构中使用“移动”',
    en: 'The unit picked for the import cannot be moved by it; use Move in the tree',
  },
  'imports.err.parentNotFound': {
    'zh-CN': '上级编码“{value}”不存在（也不在本文件中）',
    en: 'No unit has the parent code “{value}” (nor does this file)',
  },
  'imports.err.parentOutsideScope': {
    'zh-CN': '上级组织“{value}”不在当前所选组织之下',
    en: 'The parent “{value}” lies outside the unit picked for the import',
  },
  'imports.err.badParent': {
    'zh-CN': '{child}不能设在{parent}之下',
    en: 'A {child} cannot sit under a {parent}',
  },
  'imports.err.parentCycle': {
    'zh-CN': '上级编码“{value}”使组织成环（成为自己的下级）',
    en: 'The parent “{value}” makes a cycle (a unit under itself)',
  },
  'imports.err.badGender': { 'zh-CN': '性别应填“男”或“女”', en: 'Sex must be 男 or 女' },
  'imports.err.badDate': {
    'zh-CN': '日期无效（如 2024-07-01、2024/7/1、2024.07.01）',
    en: 'Not a valid date (e.g. 2024-07-01, 2024/7/1, 2024.07.01)',
  },
  'imports.err.futureDate': { 'zh-CN': '日期 {date} 晚于今天', en: 'The date {date} is later than today' },
  'imports.err.tooYoung': {
    'zh-CN': '入党日期 {date} 时未满 18 周岁',
    en: 'On {date}, the joining date, the member was under 18',
  },
  'imports.err.badCategory': {
    'zh-CN': '人员类别应填“正式”或“预备”',
    en: 'The category must be 正式 or 预备',
  },
  'imports.err.probationaryConfirmed': {
    'zh-CN': '预备党员不应有转正日期',
    en: 'A probationary member has no confirmation date',
  },
  'imports.err.confirmedBeforeJoined': {
    'zh-CN': '转正日期早于入党日期',
    en: 'The confirmation date precedes the joining date',
  },
  'imports.err.branchNotFound': {
    'zh-CN': '所选组织下没有党支部“{value}”（填编码或全称）',
    en: 'No Party branch “{value}” under the unit picked (use its code or full name)',
  },
  'imports.err.branchAmbiguous': {
    'zh-CN': '有多个党支部名为“{value}”，请填编码',
    en: 'Several branches are named “{value}”: use the code',
  },
  'imports.err.badPhone': { 'zh-CN': '电话号码无效', en: 'Not a valid phone number' },
  'imports.err.idAsNumber': {
    'zh-CN': '身份证号被存成了数字，末几位已丢失：请把该列设为文本后重新填写',
    en: 'The ID number was stored as a number and lost its last digits: format the column as text and enter it again',
  },
  'imports.err.id.format': {
    'zh-CN': '公民身份号码应为 18 位（最后一位可为 X）',
    en: 'An identity number has 18 characters (the last may be X)',
  },
  'imports.err.id.checkDigit': {
    'zh-CN': '公民身份号码校验位错误（GB 11643）',
    en: 'The identity number’s check character is wrong (GB 11643)',
  },
  'imports.err.id.birthDate': {
    'zh-CN': '公民身份号码中的出生日期无效',
    en: 'The birth date within the identity number is not valid',
  },
  'imports.err.id.birthMismatch': {
    'zh-CN': '出生日期 {stated} 与身份证号中的 {encoded} 不一致',
    en: 'The birth date {stated} differs from {encoded} in the identity number',
  },
  'imports.err.id.sexMismatch': {
    'zh-CN': '性别与公民身份号码不一致（第 17 位奇数为男、偶数为女）',
    en: 'The sex differs from the identity number (17th digit odd = male, even = female)',
  },
  'imports.err.memberOutsideScope': {
    'zh-CN': '此身份证号的党员在所选组织以外，请由其所在组织办理组织关系转接',
    en: 'The member with this identity number is outside the unit picked: transfer them from their own unit',
  },
  'imports.err.memberLeft': {
    'zh-CN': '党员“{name}”已转出或去世，不能通过导入更新',
    en: 'The member “{name}” has left (transferred out or died) and cannot be updated by import',
  },
  'imports.err.badSize': {
    'zh-CN': '人口应为 1–50 的整数',
    en: 'The size must be a whole number from 1 to 50',
  },
  'imports.err.badFlag': { 'zh-CN': '应填“是”或“否”', en: 'Must be 是 or 否' },
  'imports.err.memberNotFound': {
    'zh-CN': '所选组织下没有此身份证号的在册党员',
    en: 'No member on the roll under the unit picked has this identity number',
  },
  'imports.err.memberNotFoundByName': {
    'zh-CN': '“{branch}”没有名为“{name}”的在册党员',
    en: '“{branch}” has no member on the roll named “{name}”',
  },
  'imports.err.memberAmbiguous': {
    'zh-CN': '“{branch}”有多名党员叫“{name}”，请填身份证号',
    en: '“{branch}” has several members named “{name}”: give the identity number',
  },
  'imports.err.memberMissing': {
    'zh-CN': '请填责任党员身份证号，或责任党员姓名和所在党支部',
    en: 'Give the responsible member’s identity number, or their name and branch',
  },
  'imports.err.householdOutsideScope': {
    'zh-CN': '该地址的住户由所选组织以外的党员负责',
    en: 'The household at this address is in the care of a member outside the unit picked',
  },
});

/** The message of a row error, in a locale. */
export const errorMessage = (e: RowError, locale: Locale): string =>
  t(`imports.err.${e.code}`, locale, e.params ?? {});
