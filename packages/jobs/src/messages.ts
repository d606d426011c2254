import { addMessages } from '@zhanqian/core';

addMessages({
  'jobs.unknown': { 'zh-CN': '没有名为“{name}”的后台任务', en: 'There is no background job named “{name}”' },
  'jobs.badPayload': {
    'zh-CN': '后台任务“{name}”的参数有误：{issues}',
    en: 'Invalid parameters for background job “{name}”: {issues}',
  },
});
