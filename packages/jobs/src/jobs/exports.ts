import { runExport } from '@zhanqian/exports';
import { defaultFileStore } from '@zhanqian/files';
import { z } from 'zod';
import { defineJob } from '../definition.ts';

/**
 * Writes a large list export (above the direct-download threshold) to the file store, its
 * progress recorded after each batch of 2,000 rows so the browser's progress bar moves. The
 * request row holds the list, its filters and the caller's scope as checked when it was made.
 */
export const exportsXlsxJob = defineJob({
  name: 'exports.xlsx',
  description: '列表导出：将超过两万行的列表写成 Excel 文件，完成后提供下载',
  payload: z.object({ exportId: z.string().uuid() }),
  singletonKey: (p) => `export:${p.exportId}`,
  heartbeatSeconds: 300,
  timeoutSeconds: 3600,
  retryLimit: 1,
  handler: async (db, p, ctx) => {
    const res = await runExport(db, defaultFileStore(), p.exportId, (rows) => ctx.progress(rows));
    return { rows: res.done };
  },
});
