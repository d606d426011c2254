import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { can, errorText, THIS_YEAR, todayShanghai, useLang, useMe } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { ErrorState, Guard } from './Status.tsx';

addRedsailStrings();

const YEARS = [THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2];

/** 联系点与走访: district leaders, their contact points, this year's visits against the minimum, the visit log. */
export default function ContactsPage() {
  return (
    <Guard perms={['redsail.read']}>
      <Contacts />
    </Guard>
  );
}

type LeadersData = Awaited<ReturnType<typeof api.redsail.contacts.overview.query>>;
type Leader = LeadersData['leaders'][number];

function Contacts() {
  const { t } = useLang();
  const manage = can(useMe().data, 'redsail.manage');
  const [year, setYear] = useState(THIS_YEAR);
  const [leaderId, setLeaderId] = useState<number | undefined>();
  const [recording, setRecording] = useState<Leader | null>(null);
  const leaders = useQuery({
    queryKey: ['redsail.leaders', year],
    queryFn: () => api.redsail.contacts.overview.query({ year }),
    placeholderData: (prev) => prev,
  });
  const visits = useQuery({
    queryKey: ['redsail.visits', year, leaderId],
    queryFn: () => api.redsail.contacts.visits.query({ year, leaderId }),
    placeholderData: (prev) => prev,
  });
  if (leaders.isError) return <ErrorState error={leaders.error} onRetry={() => leaders.refetch()} />;
  const min = leaders.data?.rule.minVisits ?? 0;
  const below = leaders.data?.leaders.filter((l) => l.below).length ?? 0;
  type VisitRow = NonNullable<typeof visits.data>[number];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rs.cp.title')}
        </Typography.Title>
        <Select
          aria-label={t('rs.home.year')}
          value={year}
          onChange={setYear}
          options={YEARS.map((y) => ({ value: y, label: t('rs.yearN', { year: y }) }))}
          style={{ width: 120 }}
        />
      </Space>
      {leaders.data && (
        <Alert
          type={below > 0 ? 'warning' : 'success'}
          showIcon
          title={t('rs.cp.rule', { year, min, below })}
          data-testid="rs-cp-rule"
        />
      )}
      <Row gutter={[16, 16]}>
        {(leaders.data?.leaders ?? []).map((l) => (
          <Col xs={24} md={12} xl={8} key={l.id}>
            <Card
              title={`${l.name} · ${l.title}`}
              data-testid={`rs-leader-${l.id}`}
              extra={
                manage && l.contactPoints.length > 0 ? (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setRecording(l)}
                    data-testid="rs-cp-record"
                  >
                    {t('rs.cp.record')}
                  </Button>
                ) : null
              }
            >
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space>
                  <span>{t('rs.cp.visitsOf', { visits: l.visits, min })}</span>
                  {l.below ? (
                    <Tag color="volcano">{t('rs.cp.below')}</Tag>
                  ) : (
                    <Tag color="green">{t('rs.cp.met')}</Tag>
                  )}
                </Space>
                <Progress
                  percent={min ? Math.min(100, Math.round((100 * l.visits) / min)) : 100}
                  showInfo={false}
                  status={l.below ? 'exception' : 'success'}
                  aria-label={t('rs.cp.visitsOf', { visits: l.visits, min })}
                />
                <Typography.Text type="secondary">{t('rs.cp.points')}</Typography.Text>
                {l.contactPoints.length === 0 ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  l.contactPoints.map((p) => (
                    <div key={p.id}>
                      {p.enterprise_name}
                      <Typography.Text type="secondary">
                        {' '}
                        · {t('rs.cp.since', { date: formatDate(p.since) })}
                      </Typography.Text>
                    </div>
                  ))
                )}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title={t('rs.cp.log')}
        extra={
          <Select
            allowClear
            aria-label={t('rs.cp.leader')}
            placeholder={t('rs.cp.leader')}
            value={leaderId}
            onChange={setLeaderId}
            options={(leaders.data?.leaders ?? []).map((l) => ({ value: l.id, label: l.name }))}
            style={{ width: 160 }}
          />
        }
      >
        <Table<VisitRow>
          rowKey="id"
          size="small"
          loading={visits.isFetching}
          dataSource={visits.data}
          data-testid="rs-visits"
          pagination={{ pageSize: 10, showTotal: (n) => t('common.total', { count: n }) }}
          columns={[
            { title: t('rs.cp.date'), dataIndex: 'visit_date', width: 110 },
            { title: t('rs.cp.leader'), dataIndex: 'leader_name', width: 100 },
            { title: t('rs.cp.enterprise'), dataIndex: 'enterprise_name', width: 200 },
            { title: t('rs.cp.content'), dataIndex: 'content' },
            { title: t('rs.cp.raised'), dataIndex: 'problems_raised', render: (v: string) => v || '—' },
            { title: t('rs.cp.solved'), dataIndex: 'problems_solved', render: (v: string) => v || '—' },
            {
              title: t('rs.cp.owner'),
              dataIndex: 'follow_up_owner',
              width: 100,
              render: (v: string) => v || '—',
            },
          ]}
        />
      </Card>
      <VisitModal leader={recording} onClose={() => setRecording(null)} />
    </Space>
  );
}

interface VisitForm {
  contactPointId: number;
  visitDate: { format(f: string): string };
  content: string;
  problemsRaised?: string;
  problemsSolved?: string;
  followUpOwner?: string;
}

/** 记录走访: which contact point, when (not in the future), what was discussed, raised and solved. */
function VisitModal({ leader, onClose }: { leader: Leader | null; onClose: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<VisitForm>();
  const save = useMutation({
    mutationFn: (v: VisitForm) =>
      api.redsail.contacts.recordVisit.mutate({
        contactPointId: v.contactPointId,
        visitDate: v.visitDate.format('YYYY-MM-DD'),
        content: v.content,
        problemsRaised: v.problemsRaised ?? '',
        problemsSolved: v.problemsSolved ?? '',
        followUpOwner: v.followUpOwner ?? '',
      }),
    onSuccess: () => {
      message.success(t('rs.cp.recorded'));
      void qc.invalidateQueries({ queryKey: ['redsail.leaders'] });
      void qc.invalidateQueries({ queryKey: ['redsail.visits'] });
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const today = todayShanghai();
  return (
    <Modal
      open={leader !== null}
      title={leader ? t('rs.cp.recordFor', { name: leader.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rs-visit-save' } as Record<string, string>}
    >
      <Form<VisitForm>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => save.mutate(v)}
        initialValues={{ contactPointId: leader?.contactPoints[0]?.id }}
        data-testid="rs-visit-form"
      >
        <Form.Item name="contactPointId" label={t('rs.cp.enterprise')} rules={[{ required: true }]}>
          <Select
            options={(leader?.contactPoints ?? []).map((p) => ({ value: p.id, label: p.enterprise_name }))}
          />
        </Form.Item>
        <Form.Item
          name="visitDate"
          label={t('rs.cp.date')}
          rules={[{ required: true, message: t('rs.required') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            data-testid="rs-visit-date"
          />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('rs.cp.content')}
          rules={[{ required: true, whitespace: true, message: t('rs.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="rs-visit-content" />
        </Form.Item>
        <Form.Item name="problemsRaised" label={t('rs.cp.raised')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="problemsSolved" label={t('rs.cp.solved')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="followUpOwner" label={t('rs.cp.owner')}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
