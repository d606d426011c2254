import { shanghaiDate } from '@zhanqian/core';
import { sendVisitReminders } from '@zhanqian/redsail';
import { z } from 'zod';
import { defineJob } from '../definition.ts';

/**
 * 红帆引航: every morning (08:30 Asia/Shanghai) in the year-end window, each district leader
 * below the yearly minimum of contact-point visits gets one reminder for the year. The
 * reminder row (leader, year) is the once-only key: a retried, overlapping or next-day run
 * sends nothing twice (see @zhanqian/redsail sendVisitReminders).
 */
export const redsailVisitRemindersJob = defineJob({
  name: 'redsail.visit-reminders',
  description: '红帆引航：年底前提醒联系点走访未达年度最低次数的区级领导（每位领导每年一次）',
  payload: z.object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .default(() => shanghaiDate()),
  }),
  cron: '30 8 * * *',
  singletonKey: () => 'all',
  handler: async (db, p, ctx) => {
    const r = await sendVisitReminders(db, p.day);
    ctx.logger.info(r, 'redsail visit reminders');
    return { rows: r.sent };
  },
});
