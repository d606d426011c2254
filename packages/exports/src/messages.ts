import { addMessages } from '@zhanqian/core';

/** The exports' server messages (zh-CN first, English second). */
export const EXPORT_MESSAGES = {
  'exports.notFound': { 'zh-CN': '导出任务不存在或不属于当前账号', en: 'No such export of this account' },
  'exports.notReady': { 'zh-CN': '导出文件尚未生成，请稍候', en: 'The export file is not ready yet' },
  'exports.hidden': {
    'zh-CN': '{year} 年考核结果尚未公布，不能导出',
    en: 'The results of {year} are not published yet and cannot be exported',
  },
} as const;

addMessages(EXPORT_MESSAGES);
