import { addMessages } from '@zhanqian/core';

addMessages({
  'audit.exportTooMany': {
    'zh-CN': '导出过于频繁：每小时最多导出 {max} 次',
    en: 'Too many exports: at most {max} an hour',
  },
  'audit.notFound': {
    'zh-CN': '审计记录 #{id} 不存在或无权查看',
    en: 'Audit record #{id} does not exist or is not yours to read',
  },
  'audit.exportTooLarge': {
    'zh-CN': '导出记录超过 {max} 条，请缩小日期范围',
    en: 'More than {max} records: narrow the date range',
  },
});
