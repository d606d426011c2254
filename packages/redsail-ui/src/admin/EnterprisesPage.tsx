import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  KINDS,
  type EnterpriseKind as Kind,
  type PartyStatus,
  STATUS_TAG,
  PARTY_STATUSES as STATUSES,
} from '../shared/labels.ts';
import { can, errorText, saveBase64, THIS_YEAR, todayShanghai, useLang, useMe } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { EnterpriseImport } from './EnterpriseImport.tsx';
import { ErrorState, Guard, serverPaging } from './Status.tsx';

addRedsailStrings();

/** 两新组织名录: the registry with its filters, the xlsx import and export, an enterprise's card. */
export default function EnterprisesPage() {
  return (
    <Guard perms={['redsail.read']}>
      <Enterprises />
    </Guard>
  );
}

/** Streets and stations of the caller's area, for the filters (the overview's, cached with the home's). */
export function useAreaOptions() {
  const overview = useQuery({
    queryKey: ['redsail.overview', THIS_YEAR],
    queryFn: () => api.redsail.overview.query({ year: THIS_YEAR }),
    staleTime: 60_000,
  });
  return {
    streets: (overview.data?.coverage.streets ?? []).map((s) => ({ value: s.id, label: s.name })),
    stations: (overview.data?.stations ?? []).map((s) => ({ value: s.id, label: s.name })),
  };
}

function Enterprises() {
  const { t } = useLang();
  const { message } = App.useApp();
  const manage = can(useMe().data, 'redsail.manage');
  const { streets, stations } = useAreaOptions();
  const [q, setQ] = useState('');
  const [streetId, setStreetId] = useState<number | undefined>();
  const [stationId, setStationId] = useState<number | undefined>();
  const [partyStatus, setPartyStatus] = useState<PartyStatus | undefined>();
  const [kind, setKind] = useState<Kind | undefined>();
  const [uncovered, setUncovered] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [importing, setImporting] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  // 仅看未覆盖: no Party organization of their own or joint (not organization-covered).
  const filter = {
    q: q || undefined,
    streetId,
    stationId,
    kind,
    partyStatus: uncovered ? ('none' as const) : partyStatus,
  };
  const input = { ...filter, page, pageSize };
  const list = useQuery({
    queryKey: ['redsail.enterprises', input],
    queryFn: () => api.redsail.enterprises.list.query({ filter, page, pageSize }),
    placeholderData: (prev) => prev,
  });
  const exporter = useMutation({
    mutationFn: () => api.redsail.enterprises.exportXlsx.query({ filter }),
    onSuccess: (f) => {
      saveBase64(f.base64, f.filename, f.contentType);
      message.success(t('rs.exported', { name: f.filename }));
    },
    onError: (e) => message.error(errorText(e)),
  });
  const reset = () => setPage(1);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  type Row = NonNullable<typeof list.data>['rows'][number];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rs.ent.title')}
        </Typography.Title>
        <Space wrap>
          {manage && (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => setImporting(true)}
              data-testid="rs-ent-import"
            >
              {t('rs.imp.open')}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            loading={exporter.isPending}
            onClick={() => exporter.mutate()}
            data-testid="rs-ent-export"
          >
            {t('rs.exportXlsx')}
          </Button>
        </Space>
      </Space>
      <Space wrap>
        <Input.Search
          allowClear
          aria-label={t('rs.ent.search')}
          placeholder={t('rs.ent.search')}
          onSearch={(v) => {
            setQ(v.trim());
            reset();
          }}
          style={{ width: 240 }}
          data-testid="rs-ent-search"
        />
        <Select
          allowClear
          aria-label={t('rs.ent.street')}
          placeholder={t('rs.ent.street')}
          options={streets}
          value={streetId}
          onChange={(v) => {
            setStreetId(v);
            reset();
          }}
          style={{ width: 160 }}
          data-testid="rs-ent-street"
        />
        <Select
          allowClear
          aria-label={t('rs.ent.station')}
          placeholder={t('rs.ent.station')}
          options={stations}
          value={stationId}
          onChange={(v) => {
            setStationId(v);
            reset();
          }}
          style={{ width: 200 }}
          data-testid="rs-ent-station"
        />
        <Select
          allowClear
          aria-label={t('rs.ent.kind')}
          placeholder={t('rs.ent.kind')}
          options={KINDS.map((k) => ({ value: k, label: t(`rs.kind.${k}`) }))}
          value={kind}
          onChange={(v) => {
            setKind(v);
            reset();
          }}
          style={{ width: 130 }}
        />
        <Select
          allowClear
          disabled={uncovered}
          aria-label={t('rs.ent.status')}
          placeholder={t('rs.ent.status')}
          options={STATUSES.map((s) => ({ value: s, label: t(`rs.status.${s}`) }))}
          value={uncovered ? undefined : partyStatus}
          onChange={(v) => {
            setPartyStatus(v);
            reset();
          }}
          style={{ width: 160 }}
          data-testid="rs-ent-status"
        />
        <Space>
          <Switch
            checked={uncovered}
            onChange={(v) => {
              setUncovered(v);
              reset();
            }}
            aria-label={t('rs.ent.uncoveredOnly')}
            data-testid="rs-ent-uncovered"
          />
          <span>{t('rs.ent.uncoveredOnly')}</span>
        </Space>
      </Space>
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        data-testid="rs-ent-table"
        scroll={{ x: 1000 }}
        pagination={serverPaging(t, page, pageSize, list.data?.total ?? 0, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
        columns={[
          {
            title: t('rs.ent.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Typography.Link onClick={() => setOpenId(r.id)}>{name}</Typography.Link>
            ),
          },
          { title: t('rs.ent.creditCode'), dataIndex: 'credit_code', width: 200 },
          { title: t('rs.ent.kind'), dataIndex: 'kind', width: 90, render: (k: Kind) => t(`rs.kind.${k}`) },
          { title: t('rs.ent.street'), dataIndex: 'street_name', width: 120 },
          {
            title: t('rs.ent.station'),
            dataIndex: 'station_name',
            width: 160,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('rs.ent.status'),
            dataIndex: 'party_status',
            width: 140,
            render: (s: PartyStatus, r) => (
              <Tag color={STATUS_TAG[s]}>
                {t(`rs.status.${s}`)}
                {r.joint_branch_name ? `（${r.joint_branch_name}）` : ''}
              </Tag>
            ),
          },
          {
            title: t('rs.ent.instructor'),
            dataIndex: 'instructor_name',
            width: 110,
            render: (v: string | null) => v ?? '—',
          },
          { title: t('rs.ent.members'), dataIndex: 'member_count', width: 90, align: 'right' },
        ]}
      />
      <EnterpriseImport open={importing} onClose={() => setImporting(false)} />
      <EnterpriseDrawer id={openId} onClose={() => setOpenId(null)} />
    </Space>
  );
}

/** An enterprise's card: its registry fields, joint partners and the dated history of its status. */
function EnterpriseDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useLang();
  const manage = can(useMe().data, 'redsail.manage');
  const detail = useQuery({
    queryKey: ['redsail.enterprise', id],
    queryFn: () => api.redsail.enterprises.get.query({ id: id! }),
    enabled: id !== null,
  });
  const d = detail.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={d?.enterprise.name ?? ''}
      destroyOnHidden
    >
      {detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      ) : !d ? null : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="rs-ent-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('rs.ent.creditCode')}>{d.enterprise.credit_code}</Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.kind')}>
              {t(`rs.kind.${d.enterprise.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.industry')}>{d.enterprise.industry || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.address')}>{d.enterprise.address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.tradingArea')}>
              {d.enterprise.trading_area ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.registeredOn')}>
              {formatDate(d.enterprise.registered_on)}
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.status')}>
              <Tag color={STATUS_TAG[d.enterprise.party_status]}>
                {t(`rs.status.${d.enterprise.party_status}`)}
              </Tag>
              {d.partners.length > 0 &&
                t('rs.ent.partners', { names: d.partners.map((p) => p.name).join('、') })}
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.instructor')}>
              {d.enterprise.instructor_name ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.ent.members')}>{d.enterprise.member_count}</Descriptions.Item>
          </Descriptions>
          {manage && <StatusForm enterprise={d.enterprise} />}
          <div>
            <Typography.Title level={5}>{t('rs.ent.history')}</Typography.Title>
            <Timeline
              items={d.history.map((h) => ({
                key: h.on_date,
                content: (
                  <span>
                    {formatDate(h.on_date)} · {t(`rs.status.${h.party_status}`)}
                    {h.instructor_name ? ` · ${t('rs.ent.instructor')}：${h.instructor_name}` : ''}
                    {h.note ? ` · ${h.note}` : ''}
                  </span>
                ),
              }))}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}

type EnterpriseRow = Awaited<ReturnType<typeof api.redsail.enterprises.get.query>>['enterprise'];
interface StatusValues {
  partyStatus: PartyStatus;
  jointBranchId?: number;
  instructorName?: string;
  stationId?: number;
  onDate?: { format(f: string): string };
  note?: string;
}

/**
 * 变更党组织状况: from a date on (the history keeps what it was before), the enterprise's Party
 * organization, its instructor and the station whose reach it is in — what coverage reads.
 */
function StatusForm({ enterprise }: { enterprise: EnterpriseRow }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { stations } = useAreaOptions();
  const [form] = Form.useForm<StatusValues>();
  const status = Form.useWatch('partyStatus', form);
  const joints = useQuery({
    queryKey: ['redsail.jointBranches'],
    queryFn: () => api.redsail.enterprises.jointBranches.query(),
    enabled: status === 'joint',
  });
  const save = useMutation({
    mutationFn: (v: StatusValues) =>
      api.redsail.enterprises.changeStatus.mutate({
        id: enterprise.id,
        onDate: v.onDate?.format('YYYY-MM-DD') ?? todayShanghai(),
        note: v.note ?? '',
        partyStatus: v.partyStatus,
        jointBranchId: v.partyStatus === 'joint' ? (v.jointBranchId ?? null) : null,
        instructorName: v.instructorName?.trim() || null,
        stationId: v.stationId ?? null,
      }),
    onSuccess: () => {
      message.success(t('rs.ent.statusSaved'));
      void qc.invalidateQueries({ queryKey: ['redsail.enterprise'] });
      void qc.invalidateQueries({ queryKey: ['redsail.enterprises'] });
      void qc.invalidateQueries({ queryKey: ['redsail.overview'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Card size="small" title={t('rs.ent.changeStatus')}>
      <Form<StatusValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          partyStatus: enterprise.party_status,
          jointBranchId: enterprise.joint_branch_id ?? undefined,
          instructorName: enterprise.instructor_name ?? '',
          stationId: enterprise.station_id ?? undefined,
        }}
        data-testid="rs-ent-status-form"
      >
        <Form.Item name="partyStatus" label={t('rs.ent.status')}>
          <Select options={STATUSES.map((s) => ({ value: s, label: t(`rs.status.${s}`) }))} />
        </Form.Item>
        {status === 'joint' && (
          <Form.Item
            name="jointBranchId"
            label={t('rs.status.joint')}
            rules={[{ required: true, message: t('rs.required') }]}
          >
            <Select options={(joints.data ?? []).map((j) => ({ value: j.id, label: j.name }))} />
          </Form.Item>
        )}
        <Form.Item name="instructorName" label={t('rs.ent.instructor')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="stationId" label={t('rs.ent.station')}>
          <Select allowClear options={stations} />
        </Form.Item>
        <Form.Item name="onDate" label={t('rs.ent.onDate')} extra={t('rs.demo.dateHelp')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('rs.demo.note')}>
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
