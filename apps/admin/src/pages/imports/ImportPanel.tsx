import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Col,
  Form,
  Progress,
  Radio,
  Row,
  Space,
  Spin,
  Statistic,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../org/UnitPicker.tsx';
import { ErrorsTable } from './ErrorsTable.tsx';
import {
  type BatchView,
  fileProblem,
  IMPORT_MAX_MB,
  type ImportKind,
  saveBase64,
  uploadImport,
} from './upload.ts';

const FINAL = new Set(['committed', 'failed']);

/**
 * One import, start to end: kind and unit, template, upload (with progress), the dry run's
 * counts and errors, then the commit as a job whose progress is polled until it ends.
 */
export function ImportPanel({ kinds, rootId }: { kinds: ImportKind[]; rootId: number | undefined }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>(kinds[0]!);
  const [picked, setPicked] = useState<number | undefined>();
  const unitId = picked ?? rootId;
  const [upload, setUpload] = useState<{ name: string; percent: number } | null>(null);
  const [checked, setChecked] = useState<BatchView | null>(null);
  const [committing, setCommitting] = useState<string | null>(null);
  const onError = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));

  const reset = () => {
    setUpload(null);
    setChecked(null);
    setCommitting(null);
  };

  const template = useMutation({
    mutationFn: () => api.imports.template.query({ kind, unitId }),
    onSuccess: (f) => {
      saveBase64(f);
      void message.success(t('imp.templateSaved', { name: f.fileName }));
    },
    onError,
  });
  const dryRun = useMutation({
    mutationFn: (batchId: string) => api.imports.dryRun.mutate({ batchId }),
    onSuccess: (v) => {
      setChecked(v);
      void queryClient.invalidateQueries({ queryKey: ['imports.list'] });
    },
    onError,
  });
  const errorsXlsx = useMutation({
    mutationFn: (batchId: string) => api.imports.errorsXlsx.query({ batchId }),
    onSuccess: saveBase64,
    onError,
  });
  const commit = useMutation({
    mutationFn: (batchId: string) => api.imports.commit.mutate({ batchId }),
    onSuccess: (v) => {
      setCommitting(v.id);
      void queryClient.invalidateQueries({ queryKey: ['imports.list'] });
    },
    onError,
  });
  // The job's progress: polled each second until it has committed or failed.
  const job = useQuery({
    queryKey: ['imports.status', committing],
    queryFn: async () => {
      const v = await api.imports.status.query({ batchId: committing!, errorLimit: 200 });
      if (FINAL.has(v.status))
        for (const key of ['imports.list', 'org.tree', 'org.unit', 'org.members', 'imports.grid'])
          void queryClient.invalidateQueries({ queryKey: [key] });
      return v;
    },
    enabled: committing !== null,
    refetchInterval: (q) => (q.state.data && FINAL.has(q.state.data.status) ? false : 1000),
  });

  const counts = checked?.counts;
  const hasErrors = !!checked && (checked.errorCount > 0 || (counts?.rejected ?? 0) > 0);
  const nothingToDo = !!counts && !hasErrors && counts.new + counts.changed === 0;
  const busy = upload !== null && upload.percent < 100;

  const askCommit = () => {
    if (!checked || !counts) return;
    const id = checked.id;
    modal.confirm({
      title: t('imp.confirmTitle', { name: checked.fileName }),
      content: t('imp.confirmContent', counts),
      okText: t('imp.commit'),
      width: 480,
      okButtonProps: { 'data-testid': 'imports-confirm-ok' } as ButtonProps,
      onOk: () => commit.mutateAsync(id),
    });
  };

  const stat = (key: 'new' | 'changed' | 'unchanged' | 'rejected', color?: string) => {
    const value = counts?.[key];
    return (
      <Col xs={12} sm={6} key={key}>
        <Statistic
          title={t(`imp.count.${key}`)}
          value={value ?? '—'}
          styles={color && value ? { content: { color } } : undefined}
          data-testid={`imports-count-${key}`}
        />
      </Col>
    );
  };

  const j = job.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Form layout="vertical" style={{ maxWidth: 720 }}>
          <Form.Item label={t('imp.kindLabel')} extra={t(`imp.help.${kind}`)}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                reset();
              }}
              options={kinds.map((k) => ({ value: k, label: t(`imp.kind.${k}`) }))}
              data-testid="imports-kind"
            />
          </Form.Item>
          {/* no `name` (the form is not submitted), so the label is tied to the picker by its id */}
          <Form.Item label={t('imp.unit')} extra={t('imp.unitHelp')} htmlFor="imports-unit">
            <Space.Compact style={{ width: '100%' }}>
              <UnitPicker
                id="imports-unit"
                value={unitId}
                onChange={(v) => {
                  setPicked(v);
                  reset();
                }}
                selectable={() => true}
                data-testid="imports-unit"
              />
              <Button
                icon={<DownloadOutlined />}
                loading={template.isPending}
                onClick={() => template.mutate()}
                data-testid="imports-template"
              >
                {t('imp.template')}
              </Button>
            </Space.Compact>
          </Form.Item>
        </Form>
        <Upload.Dragger
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          multiple={false}
          showUploadList={false}
          disabled={busy || dryRun.isPending || (committing !== null && !FINAL.has(j?.status ?? ''))}
          beforeUpload={(f) => {
            const problem = fileProblem(f);
            if (problem) {
              void message.error({ content: t(problem[0], problem[1]), duration: 8 });
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onProgress, onSuccess, onError: failed }) => {
            const f = file as File;
            reset();
            setUpload({ name: f.name, percent: 0 });
            uploadImport({ kind, unitId, file: f }, (percent) => {
              setUpload({ name: f.name, percent });
              onProgress?.({ percent });
            })
              .then((batch) => {
                setUpload({ name: f.name, percent: 100 });
                onSuccess?.(batch);
                dryRun.mutate(batch.id);
              })
              .catch((e: Error) => {
                setUpload(null);
                failed?.(e);
                onError(e);
              });
          }}
          data-testid="imports-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('imp.dragTitle')}</p>
          <p className="ant-upload-hint">{t('imp.dragHint', { mb: IMPORT_MAX_MB })}</p>
        </Upload.Dragger>
        {upload && (
          <div style={{ marginTop: 12 }} data-testid="imports-upload-progress">
            <Typography.Text type="secondary">
              {t(upload.percent < 100 ? 'imp.uploading' : 'imp.uploaded', { name: upload.name })}
            </Typography.Text>
            <Progress percent={upload.percent} size="small" />
          </div>
        )}
      </Card>

      {dryRun.isPending && (
        <Card>
          <Spin description={t('imp.checking')}>
            <div style={{ height: 64 }} />
          </Spin>
        </Card>
      )}

      {checked && !dryRun.isPending && (
        <Card
          title={t('imp.checkTitle', { name: checked.fileName })}
          extra={counts && t('imp.count.total', { count: counts.total })}
          data-testid="imports-result"
        >
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {stat('new', '#389e0d')}
            {stat('changed', '#d46b08')}
            {stat('unchanged')}
            {stat('rejected', '#cf1322')}
          </Row>
          {hasErrors ? (
            <>
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('imp.checkFailed', { count: checked.errorCount })}
                description={
                  checked.errorCount > checked.errors.length
                    ? t('imp.errorsShown', { shown: checked.errors.length })
                    : undefined
                }
                action={
                  <Button
                    icon={<DownloadOutlined />}
                    loading={errorsXlsx.isPending}
                    onClick={() => errorsXlsx.mutate(checked.id)}
                    data-testid="imports-errors-xlsx"
                  >
                    {t('imp.errorsXlsx')}
                  </Button>
                }
              />
              <ErrorsTable errors={checked.errors} testId="imports-errors" />
            </>
          ) : committing === null ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert
                type={nothingToDo ? 'info' : 'success'}
                showIcon
                title={nothingToDo ? t('imp.nothingToDo') : t('imp.checkOk')}
              />
              <Button
                type="primary"
                disabled={nothingToDo}
                loading={commit.isPending}
                onClick={askCommit}
                data-testid="imports-commit"
              >
                {t('imp.commit')}
              </Button>
            </Space>
          ) : (
            <CommitProgress view={j} onAgain={reset} />
          )}
        </Card>
      )}
    </Space>
  );
}

function CommitProgress({ view, onAgain }: { view: BatchView | undefined; onAgain: () => void }) {
  const { t } = useTranslation();
  if (!view || view.status === 'queued')
    return (
      <div data-testid="imports-progress">
        <Typography.Text type="secondary">{t('imp.queued')}</Typography.Text>
        <Progress percent={0} status="active" />
      </div>
    );
  const total = view.rowsTotal ?? 0;
  if (view.status === 'running')
    return (
      <div data-testid="imports-progress">
        <Typography.Text>{t('imp.progress', { done: view.rowsDone, total })}</Typography.Text>
        <Progress percent={total ? Math.floor((view.rowsDone / total) * 100) : 0} status="active" />
      </div>
    );
  if (view.status === 'committed')
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="imports-done">
        <Progress percent={100} />
        <Alert type="success" showIcon title={t('imp.done', view.counts ?? {})} />
        <Button onClick={onAgain}>{t('imp.again')}</Button>
      </Space>
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="imports-failed">
      <Progress percent={100} status="exception" />
      <Alert type="error" showIcon title={t('imp.failed')} description={view.message ?? undefined} />
      {view.errors.length > 0 && <ErrorsTable errors={view.errors} testId="imports-errors" />}
      <Button onClick={onAgain}>{t('imp.again')}</Button>
    </Space>
  );
}
