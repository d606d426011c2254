import { addMessages } from '@zhanqian/core';

/** The direct line's server messages (zh-CN first, English second). */
export const DIRECT_LINE_MESSAGES = {
  'directline.notFound': { 'zh-CN': '来信（编号 {id}）不存在', en: 'Direct-line thread {id} does not exist' },
  'directline.illegal': {
    'zh-CN': '来信当前状态为“{statusZh}”，不能{actionZh}',
    en: 'The thread is “{status}”: it cannot be {action}',
  },
  'directline.noDepartment': {
    'zh-CN': '尚未设立区委组织部，无法受理来信',
    en: 'The district organization department is not set up; messages cannot be received',
  },
  'directline.badAssignee': {
    'zh-CN': '只能交给本部门在岗人员办理',
    en: 'A thread can only be assigned to an active account of the department',
  },
  'directline.alreadyRated': { 'zh-CN': '您已评价过该来信', en: 'You have already rated this thread' },
} as const;

addMessages(DIRECT_LINE_MESSAGES);

export const STATUS_LABELS = {
  received: { 'zh-CN': '已受理', en: 'received' },
  assigned: { 'zh-CN': '办理中', en: 'assigned' },
  answered: { 'zh-CN': '已答复', en: 'answered' },
  closed: { 'zh-CN': '已办结', en: 'closed' },
} as const;

export const ACTION_LABELS = {
  assign: { 'zh-CN': '交办', en: 'assigned' },
  answer: { 'zh-CN': '答复', en: 'answered' },
  followUp: { 'zh-CN': '追加留言', en: 'added to' },
  close: { 'zh-CN': '办结', en: 'closed' },
  rate: { 'zh-CN': '评价', en: 'rated' },
} as const;
