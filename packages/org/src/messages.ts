import { addMessages } from '@zhanqian/core';

// The org tree's maintenance and the member lifecycle (issue #14): every refusal in zh-CN and en.
addMessages({
  'org.futureDate': {
    'zh-CN': '生效日期 {date} 不能晚于今天（{today}）',
    en: 'The effective date {date} cannot be later than today ({today})',
  },
  'org.dateBeforeLast': {
    'zh-CN': '生效日期 {date} 不能早于上一次变更的生效日期 {last}',
    en: 'The effective date {date} cannot precede the last change, effective {last}',
  },
  'org.unitDissolved': {
    'zh-CN': '组织“{name}”已于 {date} 撤销，不能再变更',
    en: 'The unit “{name}” was dissolved on {date} and can no longer change',
  },
  'org.moveCycle': {
    'zh-CN': '不能把“{name}”移到它自己或它的下级组织之下',
    en: '“{name}” cannot be moved under itself or one of its own sub-units',
  },
  'org.sameParent': {
    'zh-CN': '“{name}”已在该上级组织之下',
    en: '“{name}” is already under that parent',
  },
  'org.moveRoot': {
    'zh-CN': '区级组织不能移动、合并或撤销',
    en: 'The district root cannot be moved, merged or dissolved',
  },
  'org.mergeKind': {
    'zh-CN': '只能合并同一类型的组织：“{from}”是{fromKind}，“{into}”是{intoKind}',
    en: 'Only units of one kind merge: “{from}” is a {fromKind}, “{into}” a {intoKind}',
  },
  'org.mergeSelf': {
    'zh-CN': '不能把组织合并到它自己',
    en: 'A unit cannot be merged into itself',
  },
  'org.dissolveNotEmpty': {
    'zh-CN': '“{name}”下还有 {units} 个下级组织、{members} 名党员，请先移走或转接，或改用合并',
    en: '“{name}” still has {units} sub-units and {members} members: move or transfer them first, or merge instead',
  },
  'org.sameName': {
    'zh-CN': '新名称与现名称相同',
    en: 'The new name is the current name',
  },
  'org.notBranch': {
    'zh-CN': '“{name}”不是党支部，党员只能转接到党支部',
    en: '“{name}” is not a Party branch; members transfer to branches only',
  },
  'org.sameBranch': {
    'zh-CN': '该党员已在“{name}”',
    en: 'The member is already in “{name}”',
  },
  'org.memberInactive': {
    'zh-CN': '党员“{name}”已{status}，不能再办理此项',
    en: 'Member “{name}” has {status}; this can no longer be done',
  },
  'org.notProbationary': {
    'zh-CN': '党员“{name}”不是预备党员',
    en: 'Member “{name}” is not a probationary member',
  },
  'org.beforeJoined': {
    'zh-CN': '日期 {date} 不能早于入党日期 {joined}',
    en: 'The date {date} cannot precede the date of joining, {joined}',
  },
});
