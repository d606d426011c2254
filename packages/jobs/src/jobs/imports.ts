import { commitBatch, defaultImportStore } from '@zhanqian/imports';
import { z } from 'zod';
import { defineJob } from '../definition.ts';

/**
 * Commits a checked import file (units, members or households): all or nothing, in one
 * transaction (see @zhanqian/imports commitBatch). The singleton key is the batch's lock key
 * (kind and district), so two imports of one kind in one district never run at once; the
 * same lock is taken in the database as well, for any process that commits outside a worker.
 */
export const importsCommitJob = defineJob({
  name: 'imports.commit',
  description: '数据导入：正式导入已校验的组织、党员或住户文件（全部成功或全部不变）',
  payload: z.object({
    batchId: z.string().uuid(),
    lockKey: z.string().min(1).max(100),
  }),
  singletonKey: (p) => `lock:${p.lockKey}`,
  heartbeatSeconds: 600,
  timeoutSeconds: 3600,
  retryLimit: 1,
  handler: async (db, p) => {
    const res = await commitBatch(db, defaultImportStore(), p.batchId);
    return { rows: res.counts ? res.counts.new + res.counts.changed : 0 };
  },
});
