import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ButtonProps } from 'antd';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadBase64, fileToBase64 } from '../shared.ts';
import './import-strings.ts';

/**
 * The flow both appraisal imports share: pick the year, download the template, drop an xlsx,
 * check it (dry run: counts, or every problem by sheet, row and column), then import after a
 * confirmation. The pages supply the procedures and what their answers mean.
 */

export interface ImportError {
  sheet: string;
  row: number;
  column: string;
  problem: string;
}
export interface ImportCounts {
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
}
export type Checked =
  | { ok: true; counts: ImportCounts; notes?: ReactNode }
  | { ok: false; errors: ImportError[] };
export type XlsxFile = { fileName: string; mime: string; base64: string };

/**
 * The files travel as base64 in a tRPC body, which the server caps at 1 MiB: base64 takes 4
 * bytes per 3, and the rest of the body is a few dozen bytes, so 760 KiB of file always fits.
 */
export const MAX_IMPORT_BYTES = 760 * 1024;

export const sizeText = (bytes: number, t: (k: string, o: Record<string, unknown>) => string) =>
  bytes >= 1024 * 1024
    ? t('sc.imp.mb', { n: (bytes / 1024 / 1024).toFixed(1) })
    : t('sc.imp.kb', { n: Math.max(1, Math.round(bytes / 1024)) });

/** Why a file cannot be sent (not an xlsx, or too big), or null. */
export function fileProblem(
  file: { name: string; size: number },
  t: (k: string, o: Record<string, unknown>) => string,
): string | null {
  if (!/\.xlsx$/i.test(file.name)) return t('sc.imp.notXlsx', { name: file.name });
  if (file.size > MAX_IMPORT_BYTES)
    return t('sc.imp.tooBig', {
      name: file.name,
      size: sizeText(file.size, t),
      max: sizeText(MAX_IMPORT_BYTES, t),
    });
  return null;
}

export function ImportErrorsTable({ errors, testId }: { errors: ImportError[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Table<ImportError>
      size="small"
      rowKey={(e) => `${e.sheet}|${e.row}|${e.column}|${e.problem}`}
      dataSource={errors}
      pagination={errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      data-testid={testId}
      scroll={{ x: 560 }}
      columns={[
        { title: t('sc.import.sheet'), dataIndex: 'sheet', width: 110, render: (s: string) => s || '—' },
        { title: t('sc.import.row'), dataIndex: 'row', width: 70, render: (r: number) => r || '—' },
        { title: t('sc.import.column'), dataIndex: 'column', width: 130, render: (c: string) => c || '—' },
        { title: t('sc.import.problem'), dataIndex: 'problem' },
      ]}
    />
  );
}

export interface YearOption {
  value: number;
  label: string;
  disabled?: boolean;
}

export interface ImportFlowProps<R> {
  title: string;
  intro: string;
  /** Prefix of the data-testid attributes, e.g. 'hist'. */
  testId: string;
  year: number | undefined;
  years: YearOption[];
  onYear: (year: number) => void;
  /** The counts that mean something for this import ('removed' only for past results). */
  showRemoved: boolean;
  template: (year: number) => Promise<XlsxFile>;
  dryRun: (year: number, base64: string) => Promise<Checked>;
  /** The import: its problems (nothing saved), or the answer the page shows. */
  run: (
    year: number,
    base64: string,
  ) => Promise<{ ok: false; errors: ImportError[] } | { ok: true; result: R }>;
  confirm: (year: number, counts: ImportCounts) => { title: string; content: string };
  done: (year: number, result: R, reset: () => void) => ReactNode;
}

export function ImportFlow<R>(p: ImportFlowProps<R>) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<{ year: number; file: File; res: Checked } | null>(null);
  const [failed, setFailed] = useState<ImportError[] | null>(null);
  const [done, setDone] = useState<{ year: number; result: R } | null>(null);
  const onError = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
  const reset = () => {
    setFile(null);
    setChecked(null);
    setFailed(null);
    setDone(null);
  };

  const template = useMutation({
    mutationFn: () => p.template(p.year!),
    onSuccess: (f) => {
      downloadBase64(f.base64, f.fileName, f.mime);
      message.success(t('sc.imp.templateSaved', { name: f.fileName }));
    },
    onError,
  });
  const check = useMutation({
    mutationFn: async ({ year, file }: { year: number; file: File }) => ({
      year,
      file,
      res: await p.dryRun(year, await fileToBase64(file)),
    }),
    onMutate: () => {
      setChecked(null);
      setFailed(null);
    },
    onSuccess: setChecked,
    onError,
  });
  const run = useMutation({
    mutationFn: async ({ year, file }: { year: number; file: File }) => p.run(year, await fileToBase64(file)),
    onSuccess: (r, v) => {
      if (!r.ok) {
        setFailed(r.errors);
        return;
      }
      setDone({ year: v.year, result: r.result });
      // Years, reports, results and lists may all have changed: every appraisal screen reloads.
      void queryClient.invalidateQueries({
        predicate: (q) => String(q.queryKey[0]).startsWith('scoring.'),
      });
    },
    onError,
  });

  const current = checked && checked.year === p.year && checked.file === file ? checked.res : null;
  const stale = checked !== null && current === null;
  const step = done ? 4 : current?.ok ? 3 : file ? 2 : 1;

  const askImport = () => {
    if (!current?.ok || p.year === undefined || !file) return;
    const { title, content } = p.confirm(p.year, current.counts);
    const year = p.year;
    modal.confirm({
      title,
      content,
      okText: t('sc.imp.import'),
      width: 480,
      okButtonProps: { 'data-testid': `${p.testId}-confirm-ok` } as ButtonProps,
      onOk: () => run.mutate({ year, file }),
    });
  };

  const counts = current?.ok ? current.counts : null;
  const refused = current && !current.ok ? current.errors.length : 0;
  const stat = (key: keyof ImportCounts | 'refused', value: number | undefined, color?: string) => (
    <Col xs={12} sm={8} md={4} key={key}>
      <Statistic
        title={t(`sc.imp.count.${key}`)}
        value={value ?? '—'}
        styles={color && value ? { content: { color } } : undefined}
        data-testid={`${p.testId}-count-${key}`}
      />
    </Col>
  );

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {p.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 880 }}>
        {p.intro}
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={step}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('sc.imp.step.template') },
            { title: t('sc.imp.step.upload') },
            { title: t('sc.imp.step.check') },
            { title: t('sc.imp.step.import') },
          ]}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('sc.imp.year')}</span>
          <Select
            aria-label={t('sc.imp.year')}
            style={{ width: 200 }}
            value={p.year}
            options={p.years}
            onChange={(y: number) => {
              p.onYear(y);
              setDone(null);
              setFailed(null);
            }}
            disabled={run.isPending}
            data-testid={`${p.testId}-year`}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={template.isPending}
            disabled={p.year === undefined}
            onClick={() => template.mutate()}
            data-testid={`${p.testId}-template`}
          >
            {t('sc.imp.template')}
          </Button>
        </Space>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={run.isPending || check.isPending}
          beforeUpload={(f) => {
            const problem = fileProblem(f, t);
            if (problem) message.error({ content: problem, duration: 8 });
            else {
              setFile(f);
              setFailed(null);
              setDone(null);
            }
            // Nothing is sent on drop: the file goes with the check and the import.
            return Upload.LIST_IGNORE;
          }}
          data-testid={`${p.testId}-upload`}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('sc.imp.dragTitle')}</p>
          <p className="ant-upload-hint">{t('sc.imp.dragHint', { max: sizeText(MAX_IMPORT_BYTES, t) })}</p>
        </Upload.Dragger>
        {file && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid={`${p.testId}-file`}>
            {t('sc.imp.chosen', { name: file.name, size: sizeText(file.size, t) })}
          </Typography.Paragraph>
        )}
        <Space wrap style={{ marginTop: 16 }}>
          <Button
            type={current?.ok ? 'default' : 'primary'}
            disabled={!file || p.year === undefined || run.isPending}
            loading={check.isPending}
            onClick={() => file && p.year !== undefined && check.mutate({ year: p.year, file })}
            data-testid={`${p.testId}-check`}
          >
            {t('sc.imp.check')}
          </Button>
          <Button
            type="primary"
            disabled={!current?.ok || !!done}
            loading={run.isPending}
            onClick={askImport}
            data-testid={`${p.testId}-import`}
          >
            {t('sc.imp.import')}
          </Button>
          {!done && (
            <Typography.Text type="secondary">
              {stale ? t('sc.imp.recheck') : !current?.ok ? t('sc.imp.needCheck') : null}
            </Typography.Text>
          )}
        </Space>
      </Card>

      {(check.isPending || run.isPending) && (
        <Card style={{ marginBottom: 16 }}>
          <Spin description={check.isPending ? t('sc.imp.checking') : t('sc.imp.importing')}>
            <div style={{ height: 64 }} />
          </Spin>
        </Card>
      )}

      {done ? (
        p.done(done.year, done.result, reset)
      ) : failed ? (
        <Card data-testid={`${p.testId}-failed`}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('sc.imp.importFailed', { count: failed.length })}
          />
          <ImportErrorsTable errors={failed} testId={`${p.testId}-errors`} />
        </Card>
      ) : (
        current &&
        !check.isPending && (
          <Card title={t('sc.imp.checkTitle')} data-testid={`${p.testId}-result`}>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              {stat('new', counts?.new, '#389e0d')}
              {stat('changed', counts?.changed, '#d46b08')}
              {stat('unchanged', counts?.unchanged)}
              {p.showRemoved && stat('removed', counts?.removed, '#cf1322')}
              {stat('refused', refused, '#cf1322')}
            </Row>
            {current.ok ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Alert type="success" showIcon title={t('sc.imp.checkOk')} />
                {p.showRemoved && current.counts.removed > 0 && (
                  <Alert type="warning" showIcon title={t('sc.imp.removedHint')} />
                )}
                {current.notes}
              </Space>
            ) : (
              <>
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('sc.imp.checkFailed', { count: current.errors.length })}
                />
                <Typography.Title level={5}>{t('sc.imp.errors')}</Typography.Title>
                <ImportErrorsTable errors={current.errors} testId={`${p.testId}-errors`} />
              </>
            )}
          </Card>
        )
      )}
    </div>
  );
}
