import { EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, formatPoints, measureToStored, storedToMeasure } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Row,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me.ts';
import {
  EVIDENCE_ACCEPT,
  EVIDENCE_MAX_BYTES,
  type EvidenceFile,
  type MineRow,
  previewScore,
  type Rule,
  ruleText,
  STATUS_COLOR,
  unitOf,
  uploadEvidence,
  useYear,
  valueLabel,
} from '../shared.ts';
import { ErrorState, PageHead } from './common.tsx';
import { EvidenceLink } from './Evidence.tsx';

/** The value control a rule asks for: grades, met / not met, or a number in its unit. */
export function ValueInput({
  rule,
  unit,
  value,
  onChange,
}: {
  rule: Rule;
  unit: string | null;
  value: number | null;
  onChange: (v: number | null) => void;
}) {
  const { t } = useTranslation();
  if (rule.kind === 'graded')
    return (
      <Radio.Group
        value={value}
        onChange={(e) => onChange(e.target.value as number)}
        options={rule.grades.map((g, i) => ({ value: i, label: g.grade }))}
        optionType="button"
        data-testid="report-value"
      />
    );
  if (rule.kind === 'boolean' || rule.kind === 'veto')
    return (
      <Radio.Group
        value={value}
        onChange={(e) => onChange(e.target.value as number)}
        options={[
          { value: 1, label: valueLabel(rule, 1, t) },
          { value: 0, label: valueLabel(rule, 0, t) },
        ]}
        optionType="button"
        data-testid="report-value"
      />
    );
  // Typed in the unit a person reads (7.24 for '%×100'), stored as the scheme's integer (724).
  const { label, decimals } = unitOf(unit);
  return (
    <Space.Compact>
      <InputNumber
        min={0}
        max={1_000_000_000 / 10 ** decimals}
        precision={decimals}
        step={decimals ? 10 ** -decimals : 1}
        value={value === null ? null : storedToMeasure(value, unit)}
        onChange={(v) => onChange(v === null || v === undefined ? null : measureToStored(Number(v), unit))}
        style={{ width: 200 }}
        aria-label={label ? `${t('sc.report.value')}（${label}）` : t('sc.report.value')}
        data-testid="report-value"
      />
      {label && <Button disabled>{label}</Button>}
    </Space.Compact>
  );
}

function ReportModal({ row, subjectId, onClose }: { row: MineRow; subjectId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const ind = row.indicator;
  const [value, setValue] = useState<number | null>(row.report?.value ?? null);
  const [note, setNote] = useState(row.report?.note ?? '');
  const [evidence, setEvidence] = useState<EvidenceFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const submit = useMutation({
    mutationFn: () =>
      api.scoring.report.submit.mutate({
        subjectId,
        indicatorId: ind.id,
        value: value!,
        evidenceId: evidence?.id ?? row.report?.evidence_id ?? null,
        note: note.trim() || null,
      }),
    onSuccess: () => {
      message.success(t('sc.report.submitted'));
      void queryClient.invalidateQueries({ queryKey: ['scoring.report.mine'] });
      onClose();
    },
    onError: (e) => message.error(e.message),
  });
  const preview = value === null ? null : previewScore(ind.points, ind.rule, value);
  return (
    <Modal
      open
      title={`${ind.code} ${ind.name}`}
      onCancel={onClose}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        disabled: value === null || uploading,
        loading: submit.isPending,
        'data-testid': 'report-submit',
      }}
      onOk={() => submit.mutate()}
      width={620}
    >
      {row.report?.status === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sc.report.returnedBecause', { reason: row.report.return_reason ?? '' })}
        />
      )}
      <Typography.Paragraph type="secondary">
        {t(`sc.kind.${ind.rule.kind}`)} · {t('sc.col.points')} {formatPoints(ind.points)} ·{' '}
        <span data-testid="report-rule">{ruleText(ind.rule, t, ind.unit)}</span>
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('sc.report.value')} required help={t(`sc.valueHelp.${ind.rule.kind}`)}>
          <ValueInput rule={ind.rule} unit={ind.unit} value={value} onChange={setValue} />
        </Form.Item>
        {preview !== null && (
          <Form.Item label={t('sc.report.preview')}>
            <Typography.Text strong data-testid="report-preview">
              {ind.rule.kind === 'veto'
                ? value
                  ? t('sc.value.vetoApplies')
                  : t('sc.value.vetoNone')
                : `${formatPoints(preview)} / ${formatPoints(ind.points)}`}
            </Typography.Text>
          </Form.Item>
        )}
        {/* no `name` (the form's state is the component's): the label is tied to the field by id */}
        <Form.Item label={t('sc.report.note')} htmlFor="report-note-input">
          <Input.TextArea
            id="report-note-input"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={3}
            maxLength={2000}
            showCount
            data-testid="report-note"
          />
        </Form.Item>
        <Form.Item label={t('sc.report.evidence')} help={t('sc.evidence.help')}>
          <Space direction="vertical">
            <Upload
              accept={EVIDENCE_ACCEPT}
              maxCount={1}
              data-testid="report-evidence"
              beforeUpload={(file) => {
                if (file.size > EVIDENCE_MAX_BYTES) {
                  message.error(t('sc.evidence.tooLarge'));
                  return Upload.LIST_IGNORE;
                }
                return true;
              }}
              customRequest={async ({ file, onSuccess, onError }) => {
                setUploading(true);
                try {
                  const saved = await uploadEvidence(file as File);
                  setEvidence(saved);
                  onSuccess?.(saved);
                } catch (e) {
                  message.error(e instanceof Error ? e.message : String(e));
                  onError?.(e as Error);
                } finally {
                  setUploading(false);
                }
              }}
              onRemove={() => setEvidence(null)}
            >
              <Button icon={<UploadOutlined />} loading={uploading}>
                {t('sc.evidence.upload')}
              </Button>
            </Upload>
            {!evidence && row.report?.evidence_id && (
              <Space>
                <Typography.Text type="secondary">{t('sc.evidence.existing')}</Typography.Text>
                <EvidenceLink id={row.report.evidence_id} />
              </Space>
            )}
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 指标填报: the reporter's own subject — every indicator, its report and status. */
export default function ReportPage() {
  const { t } = useTranslation();
  const yearState = useYear();
  const { year, years } = yearState;
  const me = useMe();
  const [filter, setFilter] = useState<'todo' | 'all'>('todo');
  const [editing, setEditing] = useState<MineRow | null>(null);
  const mine = useQuery({
    queryKey: ['scoring.report.mine', year],
    queryFn: () => api.scoring.report.mine.query({ year: year! }),
    enabled: year !== undefined,
  });
  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  const data = mine.data;
  const open = data?.status === 'open';
  const rows = (data?.rows ?? []).filter((r) => filter === 'all' || r.report?.status !== 'approved');
  return (
    <div>
      <PageHead title={t('sc.menu.report')} yearState={yearState} />
      {mine.isError ? (
        <ErrorState error={mine.error} onRetry={() => mine.refetch()} />
      ) : !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          {!open && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('sc.report.readOnly', { status: t(`sc.scheme.status.${data.status}`) })}
            />
          )}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={t('sc.report.subject')} value={me.data?.unit.name ?? '—'} />
                <Typography.Text type="secondary">
                  {t(`sc.category.${data.subject.category}`, data.subject.category)}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} md={16}>
              <Card data-testid="report-progress">
                <Space size={32} wrap>
                  <Statistic title={t('sc.report.indicators')} value={data.counts.indicators} />
                  <Statistic title={t('sc.status.approved')} value={data.counts.approved} />
                  <Statistic title={t('sc.status.reported')} value={data.counts.reported} />
                  <Statistic
                    title={t('sc.status.returned')}
                    value={data.counts.returned}
                    styles={{ content: data.counts.returned ? { color: '#cf1322' } : {} }}
                  />
                </Space>
                <Progress
                  aria-label={t('sc.m.approvedOf', {
                    approved: data.counts.approved,
                    total: data.counts.indicators,
                  })}
                  percent={Math.round((100 * data.counts.approved) / Math.max(1, data.counts.indicators))}
                  success={{
                    percent: Math.round((100 * data.counts.approved) / Math.max(1, data.counts.indicators)),
                  }}
                />
              </Card>
            </Col>
          </Row>
          <Card
            title={t('sc.report.list')}
            extra={
              <Segmented
                value={filter}
                onChange={(v) => setFilter(v as 'todo' | 'all')}
                options={[
                  { value: 'todo', label: t('sc.report.todo') },
                  { value: 'all', label: t('sc.report.all') },
                ]}
                data-testid="report-filter"
              />
            }
          >
            <Table<MineRow>
              size="small"
              rowKey={(r) => r.indicator.id}
              dataSource={rows}
              scroll={{ x: 1500 }}
              pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
              locale={{ emptyText: filter === 'todo' ? t('sc.report.nothingTodo') : t('common.empty') }}
              data-testid="report-table"
              columns={[
                { title: t('sc.col.code'), render: (_, r) => r.indicator.code, width: 100 },
                { title: t('sc.col.indicator'), width: 240, render: (_, r) => r.indicator.name },
                {
                  title: t('sc.col.kind'),
                  width: 80,
                  render: (_, r) => <Tag>{t(`sc.kind.${r.indicator.rule.kind}`)}</Tag>,
                },
                {
                  title: t('sc.col.points'),
                  width: 80,
                  align: 'right',
                  render: (_, r) => formatPoints(r.indicator.points),
                },
                {
                  title: t('sc.col.target'),
                  width: 200,
                  render: (_, r) => (
                    <Typography.Text type="secondary" data-testid={`target-${r.indicator.code}`}>
                      {ruleText(r.indicator.rule, t, r.indicator.unit)}
                    </Typography.Text>
                  ),
                },
                {
                  title: t('sc.col.value'),
                  width: 120,
                  render: (_, r) => (
                    <span data-testid={`value-${r.indicator.code}`}>
                      {r.report ? valueLabel(r.indicator.rule, r.report.value, t, r.indicator.unit) : '—'}
                    </span>
                  ),
                },
                {
                  title: t('sc.col.status'),
                  width: 220,
                  render: (_, r) => {
                    const s = r.report?.status ?? 'none';
                    return (
                      <Space direction="vertical" size={0}>
                        <Tag color={STATUS_COLOR[s]} data-testid={`status-${r.indicator.code}`}>
                          {t(`sc.status.${s}`)}
                        </Tag>
                        {s === 'returned' && (
                          <Typography.Text type="danger" data-testid={`reason-${r.indicator.code}`}>
                            {t('sc.report.reason')}：{r.report?.return_reason}
                          </Typography.Text>
                        )}
                        {s === 'approved' && (
                          <Typography.Text type="secondary">
                            {t('sc.col.score')} {formatPoints(r.report!.score)}
                          </Typography.Text>
                        )}
                      </Space>
                    );
                  },
                },
                {
                  title: t('sc.report.evidence'),
                  width: 110,
                  render: (_, r) => <EvidenceLink id={r.report?.evidence_id} />,
                },
                {
                  title: t('sc.col.reportedAt'),
                  width: 140,
                  render: (_, r) => formatDateTime(r.report?.reported_at),
                },
                {
                  title: t('sc.col.actions'),
                  width: 100,
                  fixed: 'right',
                  render: (_, r) =>
                    open && r.report?.status !== 'approved' ? (
                      <Button
                        size="small"
                        type={r.report?.status === 'reported' ? 'default' : 'primary'}
                        icon={<EditOutlined />}
                        onClick={() => setEditing(r)}
                        data-testid={`report-${r.indicator.code}`}
                      >
                        {r.report ? t('sc.report.again') : t('sc.report.do')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          </Card>
          {editing && (
            <ReportModal row={editing} subjectId={data.subject.id} onClose={() => setEditing(null)} />
          )}
        </>
      )}
    </div>
  );
}
