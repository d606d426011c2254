import { App, Button, Modal, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from './files.ts';
import { addStrings } from './i18n.ts';
import { api } from './trpc.tsx';

// The button's strings, added when a screen with the button loads: kept out of both apps' entry
// chunks (first-load budgets, scripts/bundle-size.ts).
addStrings({
  'zh-CN': {
    'common.export': '导出',
    'common.exportDone': '已导出 {{rows}} 行',
    'common.exportJob': '正在导出（共 {{total}} 行）',
    'common.exportJobText': '数据较多，已转入后台生成，可关闭此窗口，稍后在此下载。',
    'common.exportReady': '文件已生成',
    'common.exportDownload': '下载 {{name}}',
    'common.exportFailed': '导出失败：{{error}}',
  },
  en: {
    'common.export': 'Export',
    'common.exportDone': '{{rows}} rows exported',
    'common.exportJob': 'Exporting ({{total}} rows)',
    'common.exportJobText': 'A large list is written in the background; you may close this window.',
    'common.exportReady': 'The file is ready',
    'common.exportDownload': 'Download {{name}}',
    'common.exportFailed': 'Export failed: {{error}}',
  },
});

/** What every `exports.*` procedure answers: the file itself, or a queued job (a large list). */
export type ExportAnswer =
  | { mode: 'file'; fileName: string; mime: string; base64: string; rows: number }
  | { mode: 'job'; export: { id: string; total: number; done: number; status: string; fileName: string } };

type JobState = Awaited<ReturnType<typeof api.exports.status.query>>;

function saveBase64(base64: string, mime: string, fileName: string) {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  saveBlob(new Blob([bytes], { type: mime }), fileName);
}

/**
 * 导出: exports the list on screen with its filters (the caller passes the list's `exports.*`
 * mutation with the screen's filters). A list up to the server's threshold downloads at once;
 * a larger one runs as a job: a progress bar, then a download link to `GET /exports/:id`.
 *
 * @example <ExportButton run={() => api.exports.members.mutate({ unitId, q, status })} />
 */
export function ExportButton({
  run,
  disabled,
  testId = 'export',
}: {
  run: () => Promise<ExportAnswer>;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<JobState | null>(null);

  // A queued export: its progress read every second until it is written (or failed).
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(async () => {
      try {
        setJob(await api.exports.status.query({ id: job.id }));
      } catch (e) {
        message.error((e as Error).message);
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [job, message]);

  const click = async () => {
    setBusy(true);
    try {
      const answer = await run();
      if (answer.mode === 'file') {
        saveBase64(answer.base64, answer.mime, answer.fileName);
        message.success(t('common.exportDone', { rows: answer.rows }));
      } else {
        setJob({ ...answer.export, list: '', error: null, createdAt: '', finishedAt: null } as JobState);
      }
    } catch (e) {
      message.error(t('common.exportFailed', { error: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const percent = job && job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0;
  return (
    <>
      <Button onClick={click} loading={busy} disabled={disabled} data-testid={testId}>
        {t('common.export')}
      </Button>
      <Modal
        open={job !== null}
        title={
          job?.status === 'done' ? t('common.exportReady') : t('common.exportJob', { total: job?.total ?? 0 })
        }
        onCancel={() => setJob(null)}
        footer={null}
        destroyOnHidden
      >
        {job && (
          <div data-testid={`${testId}-job`}>
            <Progress
              percent={job.status === 'done' ? 100 : percent}
              status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
            />
            {job.status === 'done' ? (
              <a href={`/exports/${job.id}`} download={job.fileName} data-testid={`${testId}-download`}>
                {t('common.exportDownload', { name: job.fileName })}
              </a>
            ) : job.status === 'failed' ? (
              <Typography.Text type="danger">
                {t('common.exportFailed', { error: job.error ?? '' })}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('common.exportJobText')}</Typography.Text>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
