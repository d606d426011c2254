import { shanghaiDate } from '@zhanqian/core';
import { isReminderDay, remindDueThreads } from '@zhanqian/directline';
import { z } from 'zod';
import { defineJob } from '../definition.ts';

/**
 * Each working morning (08:30 Asia/Shanghai): unanswered direct-line threads due today or
 * overdue remind their assignee (or the department) once a day (`task.due` notices, through
 * the notify outbox). Idempotent per day: a rerun or a second worker sends nothing more.
 */
export const directLineRemindJob = defineJob({
  name: 'directline.remind',
  description: '党代表直通车：到期及逾期未答复来信的每日提醒（工作日 8:30）',
  payload: z.object({}),
  cron: '30 8 * * *',
  handler: async (db) => {
    const today = shanghaiDate();
    if (!isReminderDay(today)) return { rows: 0 };
    const rows = await db.transaction().execute((trx) => remindDueThreads(trx, today));
    return { rows };
  },
});
