import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Button, Card, Progress, Segmented, Space, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStarsStrings } from '../setup.ts';
import { downloadBase64, LEVELS, type Level, readAsBase64 } from '../shared.ts';
import { ErrorState } from './Status.tsx';
import { useYear, YearSelect } from './YearSelect.tsx';

addStarsStrings();

type ImportResult = Awaited<ReturnType<typeof api.stars.importRatings.mutate>>;

/** Bulk ratings from an .xlsx sheet: the template, the upload with its progress, every row's error. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useYear();
  const [level, setLevel] = useState<Level>('household');
  const [step, setStep] = useState<0 | 1 | 2 | null>(null);
  const [readPercent, setReadPercent] = useState(0);
  const [fileName, setFileName] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The gate: another department's staff get the API's 403 before seeing the form.
  const criteria = useQuery({
    queryKey: ['stars.criteria', year],
    queryFn: () => api.stars.criteria.query({ year }),
  });
  const template = useMutation({
    mutationFn: () => api.stars.importTemplate.query({ year, level }),
    onSuccess: downloadBase64,
    onError: (e) => message.error(e.message),
  });
  const upload = async (file: File) => {
    setResult(null);
    setFailure(null);
    setFileName(file.name);
    setStep(0);
    setReadPercent(0);
    try {
      const fileBase64 = await readAsBase64(file, setReadPercent);
      setReadPercent(100);
      setStep(1);
      const r = await api.stars.importRatings.mutate({ year, level, fileBase64 });
      setResult(r);
      setStep(2);
      if (r.errors.length === 0) {
        message.success(t('stars.import.done', { count: r.applied }));
        await queryClient.invalidateQueries({ queryKey: ['stars.explain'] });
        await queryClient.invalidateQueries({ queryKey: ['stars.stats'] });
        await queryClient.invalidateQueries({ queryKey: ['stars.entities'] });
      }
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      setStep(2);
    }
  };

  if (criteria.isError) return <ErrorState error={criteria.error} onRetry={() => criteria.refetch()} />;
  const busy = step === 0 || step === 1;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stars.import.title')}
        </Typography.Title>
        <YearSelect year={year} onChange={setYear} />
      </Space>
      <Card>
        <Typography.Paragraph type="secondary">{t('stars.import.help')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          <Typography.Text>{t('stars.import.level')}</Typography.Text>
          <Segmented
            value={level}
            onChange={(v) => {
              setLevel(v as Level);
              setResult(null);
              setStep(null);
            }}
            options={LEVELS.map((l) => ({ value: l, label: t(`stars.level.${l}`) }))}
            data-testid="import-level"
          />
          <Button
            icon={<DownloadOutlined />}
            loading={template.isPending}
            onClick={() => template.mutate()}
            data-testid="import-template"
          >
            {t('stars.import.template')}
          </Button>
        </Space>
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('stars.import.drop')}</p>
          <p className="ant-upload-hint">{t('stars.import.dropHint')}</p>
        </Upload.Dragger>
      </Card>
      {step !== null && (
        <Card title={fileName} data-testid="import-progress">
          <Steps
            current={step}
            status={
              failure || (result && result.errors.length > 0) ? 'error' : step === 2 ? 'finish' : 'process'
            }
            items={[
              { title: t('stars.import.step.read') },
              { title: t('stars.import.step.check') },
              { title: t('stars.import.step.done') },
            ]}
          />
          <Progress
            style={{ marginTop: 16 }}
            percent={step === 0 ? Math.round(readPercent / 3) : step === 1 ? 66 : 100}
            status={busy ? 'active' : failure || result?.errors.length ? 'exception' : 'success'}
          />
          {step === 1 && <Typography.Text type="secondary">{t('stars.import.checking')}</Typography.Text>}
          {failure && <Alert type="error" showIcon title={failure} data-testid="import-failure" />}
          {result && result.errors.length === 0 && (
            <Alert
              type="success"
              showIcon
              title={t('stars.import.done', { count: result.applied })}
              data-testid="import-done"
            />
          )}
          {result && result.errors.length > 0 && (
            <>
              <Alert
                type="error"
                showIcon
                title={t('stars.import.failed', { count: result.errors.length })}
                style={{ marginBottom: 16 }}
                data-testid="import-failed"
              />
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.column ?? 0}-${r.code}`}
                dataSource={result.errors}
                data-testid="import-errors"
                pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
                columns={[
                  { title: t('stars.import.row'), dataIndex: 'row', width: 80 },
                  {
                    title: t('stars.import.column'),
                    dataIndex: 'column',
                    width: 80,
                    render: (c?: number) => (c ? String.fromCharCode(64 + c) : '—'),
                  },
                  { title: t('stars.import.value'), dataIndex: 'value', width: 160 },
                  { title: t('stars.import.message'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
        </Card>
      )}
    </Space>
  );
}
