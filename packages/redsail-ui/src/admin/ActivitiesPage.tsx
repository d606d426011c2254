import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { can, errorText, THIS_YEAR, useLang, useMe } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { ErrorState, Guard } from './Status.tsx';

addRedsailStrings();

type ActivityStatus = 'planned' | 'held' | 'cancelled';
const STATUS_TAG: Record<ActivityStatus, string> = { planned: 'blue', held: 'green', cancelled: 'default' };
const YEARS = [THIS_YEAR + 1, THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2];

type Activity = Awaited<ReturnType<typeof api.redsail.activities.list.query>>[number];

/** 站点活动: each station's planned and held activities, their reports and who signed in. */
export default function ActivitiesPage() {
  return (
    <Guard perms={['redsail.read']}>
      <Activities />
    </Guard>
  );
}

function Activities() {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const manage = can(useMe().data, 'redsail.manage');
  const [year, setYear] = useState(THIS_YEAR);
  const [stationId, setStationId] = useState<number | undefined>();
  const [planning, setPlanning] = useState(false);
  const [reporting, setReporting] = useState<Activity | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const stations = useQuery({
    queryKey: ['redsail.stations'],
    queryFn: () => api.redsail.stations.list.query(),
  });
  const input = { stationId, from: `${year}-01-01`, to: `${year}-12-31` };
  const list = useQuery({
    queryKey: ['redsail.activities', input],
    queryFn: () => api.redsail.activities.list.query(input),
    placeholderData: (prev) => prev,
  });
  const cancel = useMutation({
    mutationFn: (id: number) => api.redsail.activities.cancel.mutate({ id }),
    onSuccess: () => {
      message.success(t('rs.act.cancelled'));
      void qc.invalidateQueries({ queryKey: ['redsail.activities'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const stationOptions = (stations.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rs.act.title')}
        </Typography.Title>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setPlanning(true)}
            data-testid="rs-act-plan"
          >
            {t('rs.act.plan')}
          </Button>
        )}
      </Space>
      <Space wrap>
        <Select
          aria-label={t('rs.home.year')}
          value={year}
          onChange={setYear}
          options={YEARS.map((y) => ({ value: y, label: t('rs.yearN', { year: y }) }))}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          aria-label={t('rs.ent.station')}
          placeholder={t('rs.ent.station')}
          value={stationId}
          onChange={setStationId}
          options={stationOptions}
          style={{ width: 220 }}
        />
      </Space>
      <Table<Activity>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data}
        data-testid="rs-act-table"
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('rs.act.date'), dataIndex: 'planned_on', width: 110 },
          {
            title: t('rs.act.name'),
            dataIndex: 'title',
            render: (v: string, a) => <Typography.Link onClick={() => setOpenId(a.id)}>{v}</Typography.Link>,
          },
          { title: t('rs.ent.station'), dataIndex: 'station_name', width: 200 },
          { title: t('rs.act.place'), dataIndex: 'place', render: (v: string) => v || '—' },
          {
            title: t('rs.act.statusCol'),
            dataIndex: 'status',
            width: 90,
            render: (s: ActivityStatus) => <Tag color={STATUS_TAG[s]}>{t(`rs.act.status.${s}`)}</Tag>,
          },
          { title: t('rs.home.signins'), dataIndex: 'signins', width: 90, align: 'right' },
          ...(manage
            ? [
                {
                  title: t('rs.actions'),
                  width: 170,
                  render: (_: unknown, a: Activity) =>
                    a.status === 'planned' ? (
                      <Space>
                        <Button size="small" onClick={() => setReporting(a)}>
                          {t('rs.act.report')}
                        </Button>
                        <Popconfirm
                          title={t('rs.act.cancelConfirm')}
                          onConfirm={() => cancel.mutateAsync(a.id).catch(() => {})}
                        >
                          <Button size="small" danger>
                            {t('rs.act.cancel')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <PlanModal open={planning} stations={stationOptions} onClose={() => setPlanning(false)} />
      <ReportModal activity={reporting} onClose={() => setReporting(null)} />
      <SigninsDrawer id={openId} onClose={() => setOpenId(null)} />
    </Space>
  );
}

interface PlanForm {
  stationId: number;
  title: string;
  plannedOn: { format(f: string): string };
  place?: string;
  plan?: string;
}

/** 新建活动: a station's activity on a day (members sign in on that day from the phone). */
function PlanModal({
  open,
  stations,
  onClose,
}: {
  open: boolean;
  stations: { value: number; label: string }[];
  onClose: () => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const save = useMutation({
    mutationFn: (v: PlanForm) =>
      api.redsail.activities.plan.mutate({
        stationId: v.stationId,
        title: v.title,
        plannedOn: v.plannedOn.format('YYYY-MM-DD'),
        place: v.place ?? '',
        plan: v.plan ?? '',
      }),
    onSuccess: () => {
      message.success(t('rs.act.planned'));
      void qc.invalidateQueries({ queryKey: ['redsail.activities'] });
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal
      open={open}
      title={t('rs.act.plan')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rs-act-save' } as Record<string, string>}
    >
      <Form<PlanForm> form={form} layout="vertical" preserve={false} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="stationId"
          label={t('rs.ent.station')}
          rules={[{ required: true, message: t('rs.required') }]}
        >
          <Select options={stations} data-testid="rs-act-station" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('rs.act.name')}
          rules={[{ required: true, whitespace: true, message: t('rs.required') }]}
        >
          <Input maxLength={200} data-testid="rs-act-name" />
        </Form.Item>
        <Form.Item
          name="plannedOn"
          label={t('rs.act.date')}
          rules={[{ required: true, message: t('rs.required') }]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="rs-act-date" />
        </Form.Item>
        <Form.Item name="place" label={t('rs.act.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="plan" label={t('rs.act.planText')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 活动报告: a short report after the activity marks it held. */
function ReportModal({ activity, onClose }: { activity: Activity | null; onClose: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: () => api.redsail.activities.report.mutate({ id: activity!.id, report: text }),
    onSuccess: () => {
      message.success(t('rs.act.reported'));
      void qc.invalidateQueries({ queryKey: ['redsail.activities'] });
      setText('');
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal
      open={activity !== null}
      title={activity ? `${t('rs.act.report')} · ${activity.title}` : ''}
      onCancel={onClose}
      onOk={() => save.mutate()}
      okText={t('common.submit')}
      okButtonProps={{ disabled: !text.trim(), loading: save.isPending }}
      destroyOnHidden
    >
      <Input.TextArea
        rows={5}
        maxLength={2000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={t('rs.act.report')}
        placeholder={t('rs.act.reportPh')}
      />
    </Modal>
  );
}

/** An activity's plan, report and the members who signed in. */
function SigninsDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useLang();
  const detail = useQuery({
    queryKey: ['redsail.activity', id],
    queryFn: () => api.redsail.activities.get.query({ id: id! }),
    enabled: id !== null,
  });
  const d = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} title={d?.activity.title ?? ''} destroyOnHidden>
      {detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      ) : !d ? null : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="rs-act-detail">
          <Typography.Text>
            {d.activity.planned_on} · {d.activity.place || '—'}
          </Typography.Text>
          {d.activity.plan && <Typography.Paragraph>{d.activity.plan}</Typography.Paragraph>}
          {d.activity.report && (
            <Typography.Paragraph>
              <Typography.Text strong>{t('rs.act.report')}：</Typography.Text>
              {d.activity.report}
            </Typography.Paragraph>
          )}
          <Typography.Title level={5}>{t('rs.act.signinsN', { count: d.signins.length })}</Typography.Title>
          <List
            size="small"
            dataSource={d.signins}
            locale={{
              emptyText: <Typography.Text type="secondary">{t('rs.act.noSignins')}</Typography.Text>,
            }}
            renderItem={(s) => (
              <List.Item key={s.member_id}>
                {s.name} · {formatDateTime(s.signed_at)}
              </List.Item>
            )}
          />
        </Space>
      )}
    </Drawer>
  );
}
