import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { can, errorText, THIS_YEAR, todayShanghai, useLang, useMe } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { ErrorState, Guard } from './Status.tsx';

addRedsailStrings();

type DemoStatus = 'applied' | 'evaluated' | 'rejected' | 'recognized' | 'revoked';
type Level = 'district' | 'municipal' | 'provincial';
const STATUSES: DemoStatus[] = ['applied', 'evaluated', 'rejected', 'recognized', 'revoked'];
const LEVELS: Level[] = ['district', 'municipal', 'provincial'];
const STATUS_TAG: Record<DemoStatus, string> = {
  applied: 'blue',
  evaluated: 'cyan',
  rejected: 'default',
  recognized: 'red',
  revoked: 'volcano',
};
const LEVEL_TAG: Record<Level, string> = { district: 'blue', municipal: 'orange', provincial: 'red' };

type Point = Awaited<ReturnType<typeof api.redsail.demo.list.query>>[number];
type Action = 'apply' | 'evaluate' | 'recognize' | 'review' | 'revoke';

/** 红色示范点: applications, evaluation against the criteria, recognition by level, the yearly review, revocation. */
export default function DemonstrationsPage() {
  return (
    <Guard perms={['redsail.read']}>
      <Demonstrations />
    </Guard>
  );
}

function Demonstrations() {
  const { t } = useLang();
  const manage = can(useMe().data, 'redsail.manage');
  const [status, setStatus] = useState<DemoStatus | undefined>();
  const [level, setLevel] = useState<Level | undefined>();
  const [acting, setActing] = useState<{ action: Action; point?: Point } | null>(null);
  const list = useQuery({
    queryKey: ['redsail.demo', { status, level }],
    queryFn: () => api.redsail.demo.list.query({ status, level }),
    placeholderData: (prev) => prev,
  });
  const all = useQuery({
    queryKey: ['redsail.demo', {}],
    queryFn: () => api.redsail.demo.list.query({}),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const recognized = (all.data ?? []).filter((p) => p.status === 'recognized');
  const count = (l: Level) => recognized.filter((p) => p.level === l).length;
  const pending = (all.data ?? []).filter((p) => p.status === 'applied' || p.status === 'evaluated').length;
  const act = (action: Action, point: Point, label: string, testId: string) => (
    <Button size="small" onClick={() => setActing({ action, point })} data-testid={testId}>
      {label}
    </Button>
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rs.demo.title')}
        </Typography.Title>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setActing({ action: 'apply' })}
            data-testid="rs-demo-apply"
          >
            {t('rs.demo.apply')}
          </Button>
        )}
      </Space>
      <Row gutter={16}>
        {LEVELS.slice()
          .reverse()
          .map((l) => (
            <Col xs={12} md={6} key={l}>
              <Card>
                <Statistic
                  title={t('rs.demo.recognizedAt', { level: t(`rs.level.${l}`) })}
                  value={count(l)}
                  data-testid={`rs-demo-count-${l}`}
                />
              </Card>
            </Col>
          ))}
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('rs.demo.pending')} value={pending} />
          </Card>
        </Col>
      </Row>
      <Space wrap>
        <Select
          allowClear
          aria-label={t('rs.demo.status')}
          placeholder={t('rs.demo.status')}
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: t(`rs.demo.st.${s}`) }))}
          style={{ width: 140 }}
        />
        <Select
          allowClear
          aria-label={t('rs.demo.level')}
          placeholder={t('rs.demo.level')}
          value={level}
          onChange={setLevel}
          options={LEVELS.map((l) => ({ value: l, label: t(`rs.level.${l}`) }))}
          style={{ width: 120 }}
        />
      </Space>
      <Table<Point>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data}
        data-testid="rs-demo-table"
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('rs.cp.enterprise'), dataIndex: 'enterprise_name' },
          { title: t('rs.ent.street'), dataIndex: 'street_name', width: 120 },
          { title: t('rs.demo.appliedOn'), dataIndex: 'applied_on', width: 110 },
          {
            title: t('rs.demo.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: DemoStatus) => <Tag color={STATUS_TAG[s]}>{t(`rs.demo.st.${s}`)}</Tag>,
          },
          {
            title: t('rs.demo.level'),
            dataIndex: 'level',
            width: 90,
            render: (l: Level | null) => (l ? <Tag color={LEVEL_TAG[l]}>{t(`rs.level.${l}`)}</Tag> : '—'),
          },
          {
            title: t('rs.demo.recognizedOn'),
            dataIndex: 'recognized_on',
            width: 110,
            render: (d: string | null) => formatDate(d),
          },
          {
            title: t('rs.demo.note'),
            render: (_: unknown, p) =>
              p.status === 'revoked'
                ? t('rs.demo.revokedNote', { date: formatDate(p.revoked_on), reason: p.revoke_reason ?? '' })
                : p.met_criteria.length
                  ? t('rs.demo.metCount', { count: p.met_criteria.length })
                  : '—',
          },
          ...(manage
            ? [
                {
                  title: t('rs.actions'),
                  width: 230,
                  render: (_: unknown, p: Point) => (
                    <Space wrap>
                      {p.status === 'applied' &&
                        act('evaluate', p, t('rs.demo.evaluate'), `rs-demo-evaluate-${p.id}`)}
                      {p.status === 'evaluated' &&
                        act('recognize', p, t('rs.demo.recognize'), `rs-demo-recognize-${p.id}`)}
                      {p.status === 'recognized' &&
                        p.level !== 'provincial' &&
                        act('recognize', p, t('rs.demo.raise'), `rs-demo-raise-${p.id}`)}
                      {p.status === 'recognized' &&
                        act('review', p, t('rs.demo.review'), `rs-demo-review-${p.id}`)}
                      {p.status === 'recognized' &&
                        act('revoke', p, t('rs.demo.revoke'), `rs-demo-revoke-${p.id}`)}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <DemoActionModal acting={acting} onClose={() => setActing(null)} />
    </Space>
  );
}

interface ActionForm {
  enterpriseId?: number;
  application?: string;
  met?: string[];
  level?: Level;
  on?: { format(f: string): string };
  year?: number;
  passed?: boolean;
  note?: string;
  reason?: string;
}

/** One modal for every step of a point's life; the form shows the step's fields. */
function DemoActionModal({
  acting,
  onClose,
}: {
  acting: { action: Action; point?: Point } | null;
  onClose: () => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<ActionForm>();
  const [q, setQ] = useState('');
  const action = acting?.action;
  const point = acting?.point;
  const criteria = useQuery({
    queryKey: ['redsail.demo.criteria'],
    queryFn: () => api.redsail.demo.criteria.query(),
    enabled: action === 'evaluate',
  });
  // 申报 is for an enterprise with a Party organization (own or joint): search the registry.
  const candidates = useQuery({
    queryKey: ['redsail.enterprises', { q, page: 1, pageSize: 20, forDemo: true }],
    queryFn: () =>
      api.redsail.enterprises.list.query({ filter: { q: q || undefined }, page: 1, pageSize: 20 }),
    enabled: action === 'apply',
    placeholderData: (prev) => prev,
  });
  const save = useMutation({
    mutationFn: async (v: ActionForm) => {
      const on = v.on?.format('YYYY-MM-DD') ?? todayShanghai();
      switch (action) {
        case 'apply':
          return api.redsail.demo.applyPoint.mutate({
            enterpriseId: v.enterpriseId!,
            appliedOn: on,
            application: v.application ?? '',
          });
        case 'evaluate':
          return api.redsail.demo.evaluate.mutate({ id: point!.id, met: v.met ?? [], on });
        case 'recognize':
          return api.redsail.demo.recognize.mutate({ id: point!.id, level: v.level!, on });
        case 'review':
          return api.redsail.demo.review.mutate({
            id: point!.id,
            year: v.year ?? THIS_YEAR,
            passed: v.passed ?? true,
            note: v.note ?? '',
            on,
          });
        case 'revoke':
          return api.redsail.demo.revoke.mutate({ id: point!.id, reason: v.reason ?? '', on });
      }
    },
    onSuccess: () => {
      message.success(t('rs.demo.done', { action: t(`rs.demo.${action}`) }));
      void qc.invalidateQueries({ queryKey: ['redsail.demo'] });
      void qc.invalidateQueries({ queryKey: ['redsail.overview'] });
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const today = todayShanghai();
  const title = action
    ? `${t(`rs.demo.${action === 'recognize' && point?.status === 'recognized' ? 'raise' : action}`)}${point ? ` · ${point.enterprise_name}` : ''}`
    : '';
  return (
    <Modal
      open={acting !== null}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rs-demo-ok' } as Record<string, string>}
    >
      <Form<ActionForm>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => save.mutate(v)}
        initialValues={{ year: THIS_YEAR, passed: true, met: [] }}
        data-testid="rs-demo-form"
      >
        {action === 'apply' && (
          <>
            <Form.Item
              name="enterpriseId"
              label={t('rs.cp.enterprise')}
              rules={[{ required: true, message: t('rs.required') }]}
            >
              <Select
                showSearch={{ filterOption: false, onSearch: setQ }}
                placeholder={t('rs.ent.search')}
                options={(candidates.data?.rows ?? []).map((e) => ({
                  value: e.id,
                  label: `${e.name}（${t(`rs.status.${e.party_status}`)}）`,
                  disabled: e.party_status === 'none',
                }))}
                data-testid="rs-demo-enterprise"
              />
            </Form.Item>
            <Form.Item name="application" label={t('rs.demo.application')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'evaluate' && (
          <Form.Item name="met" label={t('rs.demo.criteria')} extra={t('rs.demo.criteriaHelp')}>
            <Checkbox.Group style={{ display: 'grid', gap: 8 }} data-testid="rs-demo-criteria">
              {(criteria.data ?? []).map((c) => (
                <Checkbox key={c.code} value={c.code}>
                  {c.name}
                  {c.required === 1 && (
                    <Tag color="red" style={{ marginInlineStart: 8 }}>
                      {t('rs.demo.requiredTag')}
                    </Tag>
                  )}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
        )}
        {action === 'recognize' && (
          <Form.Item
            name="level"
            label={t('rs.demo.level')}
            rules={[{ required: true, message: t('rs.required') }]}
          >
            <Radio.Group
              options={LEVELS.map((l) => ({
                value: l,
                label: t(`rs.level.${l}`),
                disabled: point?.level != null && LEVELS.indexOf(l) <= LEVELS.indexOf(point.level as Level),
              }))}
              data-testid="rs-demo-level"
            />
          </Form.Item>
        )}
        {action === 'review' && (
          <>
            <Form.Item name="year" label={t('rs.home.year')}>
              <InputNumber min={2000} max={THIS_YEAR} />
            </Form.Item>
            <Form.Item name="passed" label={t('rs.demo.reviewResult')}>
              <Radio.Group
                options={[
                  { value: true, label: t('rs.demo.reviewPass') },
                  { value: false, label: t('rs.demo.reviewFail') },
                ]}
              />
            </Form.Item>
            <Form.Item name="note" label={t('rs.demo.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'revoke' && (
          <Form.Item
            name="reason"
            label={t('rs.demo.reason')}
            rules={[{ required: true, whitespace: true, message: t('rs.required') }]}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="rs-demo-reason" />
          </Form.Item>
        )}
        {action && (
          <Form.Item name="on" label={t(`rs.demo.dateOf.${action}`)} extra={t('rs.demo.dateHelp')}>
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              data-testid="rs-demo-date"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
