import { DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate, formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Input,
  List,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  can,
  type EligibilityReason,
  errorText,
  KINDS,
  reasonText,
  STATUS_COLOR,
  type SubsidyKind,
  type SubsidyStatus,
  useLang,
  useMe,
} from '../shared/session.ts';
import { addTalentStrings } from '../shared/setup-admin.ts';
import { serverPaging } from './paging.ts';
import {
  CatalogueModal,
  ImportModal,
  type RegistryKind,
  TalentModal,
  TierModal,
  useRegistryExport,
  useRegistryRefresh,
} from './RegistryEdit.tsx';
import { ErrorState, Guard } from './Status.tsx';

addTalentStrings();

type Via = 'public_selection' | 'introduction' | 'local';
const VIAS: Via[] = ['public_selection', 'introduction', 'local'];
const THIS_YEAR = Number(new Date().toISOString().slice(0, 4));

/** 人才库: the registry with search and filters, tiers and the year's catalogue, a talent's card. */
export default function RegistryPage() {
  return (
    <Guard perms={['talent.read']}>
      <Registry />
    </Guard>
  );
}

type TalentRecord = Awaited<ReturnType<typeof api.talent.registry.get.query>>['talent'];
type TierRow = Awaited<ReturnType<typeof api.talent.registry.tiers.query>>[number];
type FieldRow = Awaited<ReturnType<typeof api.talent.registry.catalogue.query>>['fields'][number];

function Registry() {
  const { t, yuan } = useLang();
  const { message } = App.useApp();
  const me = useMe().data;
  const manage = can(me, 'talent.manage');
  const refresh = useRegistryRefresh();
  const exporter = useRegistryExport();
  const [editing, setEditing] = useState<{ talent?: TalentRecord } | null>(null);
  const [tierEdit, setTierEdit] = useState<{ tier?: TierRow } | null>(null);
  const [fieldEdit, setFieldEdit] = useState<{ field?: FieldRow } | null>(null);
  const [importing, setImporting] = useState<RegistryKind | null>(null);
  const [year, setYear] = useState(THIS_YEAR);
  const [q, setQ] = useState('');
  const [via, setVia] = useState<Via | undefined>();
  const [tierId, setTierId] = useState<number | undefined>();
  const [fieldCode, setFieldCode] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [openId, setOpenId] = useState<number | null>(null);
  const input = { q: q || undefined, introducedVia: via, tierId, fieldCode, page, pageSize };
  const list = useQuery({
    queryKey: ['talent.registry.list', input],
    queryFn: () => api.talent.registry.list.query(input),
    placeholderData: (prev) => prev,
  });
  const tiers = useQuery({
    queryKey: ['talent.registry.tiers'],
    queryFn: () => api.talent.registry.tiers.query(),
  });
  const catalogue = useQuery({
    queryKey: ['talent.registry.catalogue', year],
    queryFn: () => api.talent.registry.catalogue.query({ year }),
    placeholderData: (prev) => prev,
  });
  const removeField = useMutation({
    mutationFn: (id: number) => api.talent.registry.removeCatalogueField.mutate({ id }),
    onSuccess: (r) => {
      message.success(t('tl.edit.removed', { name: r.field_name }));
      refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const yearOptions = [
    ...new Set([THIS_YEAR + 1, THIS_YEAR, ...(catalogue.data?.years ?? []).map((y) => y.year)]),
  ].sort((a, b) => b - a);
  const openTalent = async (id: number) => {
    try {
      const d = await api.talent.registry.get.query({ id });
      setEditing({ talent: d.talent });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const byVia = list.data?.byVia;
  const all = byVia ? byVia.public_selection + byVia.introduction + byVia.local : 0;
  const reset = () => setPage(1);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('tl.reg.title')}
        </Typography.Title>
        <Space wrap>
          {manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({})}
              data-testid="tl-reg-add"
            >
              {t('tl.edit.newTalent')}
            </Button>
          )}
          {manage && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting('talents')}
              data-testid="tl-reg-import"
            >
              {t('tl.imp.import')}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            loading={exporter.isPending && exporter.variables?.kind === 'talents'}
            onClick={() =>
              exporter.mutate({ kind: 'talents', q: q || undefined, introducedVia: via, tierId, fieldCode })
            }
            data-testid="tl-reg-export"
          >
            {t('tl.imp.export')}
          </Button>
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card
            hoverable
            onClick={() => {
              setVia(undefined);
              reset();
            }}
          >
            <Statistic title={t('tl.reg.total')} value={all} loading={!byVia} data-testid="tl-reg-total" />
          </Card>
        </Col>
        {VIAS.map((v) => (
          <Col xs={12} md={6} key={v}>
            <Card
              hoverable
              onClick={() => {
                setVia(v);
                reset();
              }}
              style={via === v ? { borderColor: '#c8161d' } : {}}
            >
              <Statistic
                title={t(`tl.via.${v}`)}
                value={byVia?.[v] ?? 0}
                loading={!byVia}
                data-testid={`tl-reg-via-${v}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <Card>
            <Space wrap style={{ marginBottom: 16 }}>
              <Input.Search
                allowClear
                placeholder={t('tl.reg.search')}
                onSearch={(v) => {
                  setQ(v.trim());
                  reset();
                }}
                style={{ width: 200 }}
                data-testid="tl-reg-search"
              />
              <Select
                allowClear
                placeholder={t('tl.reg.via')}
                aria-label={t('tl.reg.via')}
                value={via}
                onChange={(v) => {
                  setVia(v);
                  reset();
                }}
                options={VIAS.map((v) => ({ value: v, label: t(`tl.via.${v}`) }))}
                style={{ width: 140 }}
              />
              <Select
                allowClear
                placeholder={t('tl.reg.tier')}
                aria-label={t('tl.reg.tier')}
                value={tierId}
                onChange={(v) => {
                  setTierId(v);
                  reset();
                }}
                options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                style={{ width: 140 }}
                data-testid="tl-reg-tier"
              />
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('tl.reg.field')}
                aria-label={t('tl.reg.field')}
                value={fieldCode}
                onChange={(v) => {
                  setFieldCode(v);
                  reset();
                }}
                options={(catalogue.data?.fields ?? []).map((f) => ({
                  value: f.field_code,
                  label: f.field_name,
                }))}
                style={{ width: 200 }}
                data-testid="tl-reg-field"
              />
            </Space>
            <Table
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              dataSource={list.data?.rows ?? []}
              scroll={{ x: 1000 }}
              onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
              pagination={serverPaging(t, page, pageSize, list.data?.total ?? 0, (p, size) => {
                setPage(p);
                setPageSize(size);
              })}
              locale={{ emptyText: <Empty description={t('common.empty')} /> }}
              columns={[
                {
                  title: t('tl.reg.name'),
                  dataIndex: 'name',
                  render: (v: string) => <Typography.Link data-testid="tl-reg-name">{v}</Typography.Link>,
                },
                {
                  title: t('tl.reg.gender'),
                  dataIndex: 'gender',
                  width: 70,
                  render: (g: string) => t(`tl.reg.gender.${g}`),
                },
                { title: t('tl.reg.field'), dataIndex: 'field_name' },
                { title: t('tl.reg.employer'), dataIndex: 'employer', ellipsis: true },
                { title: t('tl.reg.tier'), dataIndex: 'tierName', width: 140 },
                {
                  title: t('tl.reg.via'),
                  dataIndex: 'introduced_via',
                  width: 110,
                  render: (v: Via) => <Tag color={v === 'local' ? 'default' : 'red'}>{t(`tl.via.${v}`)}</Tag>,
                },
                { title: t('tl.reg.introducedOn'), dataIndex: 'introduced_on', width: 120 },
                ...(manage
                  ? [
                      {
                        title: t('tl.app.actions'),
                        key: 'edit',
                        width: 90,
                        render: (_: unknown, r: { id: number }) => (
                          <Button
                            size="small"
                            icon={<EditOutlined />}
                            onClick={(e) => {
                              e.stopPropagation();
                              void openTalent(r.id);
                            }}
                            data-testid={`tl-reg-edit-${r.id}`}
                          >
                            {t('tl.edit.edit')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card
              title={t('tl.reg.tiers')}
              size="small"
              extra={
                <Space size={4}>
                  {manage && (
                    <Button
                      size="small"
                      type="link"
                      icon={<PlusOutlined />}
                      onClick={() => setTierEdit({})}
                      aria-label={t('tl.edit.newTier')}
                      data-testid="tl-tier-add"
                    />
                  )}
                  {manage && (
                    <Button
                      size="small"
                      type="link"
                      icon={<UploadOutlined />}
                      onClick={() => setImporting('tiers')}
                      aria-label={t('tl.imp.import')}
                      data-testid="tl-tier-import"
                    />
                  )}
                  <Button
                    size="small"
                    type="link"
                    icon={<DownloadOutlined />}
                    onClick={() => exporter.mutate({ kind: 'tiers' })}
                    aria-label={t('tl.imp.export')}
                    data-testid="tl-tier-export"
                  />
                </Space>
              }
            >
              {tiers.isPending ? (
                <Skeleton active />
              ) : tiers.isError ? (
                <ErrorState error={tiers.error} onRetry={() => tiers.refetch()} />
              ) : (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={tiers.data}
                  onRow={(r) =>
                    manage ? { onClick: () => setTierEdit({ tier: r }), style: { cursor: 'pointer' } } : {}
                  }
                  columns={[
                    {
                      title: t('tl.reg.tier'),
                      dataIndex: 'name',
                      render: (v: string, r) => <span data-testid={`tl-tier-${r.code}`}>{v}</span>,
                    },
                    {
                      title: t('tl.reg.settlingAmount'),
                      dataIndex: 'settling_fen',
                      align: 'right',
                      render: (v: number) => <span data-testid="tl-tier-amount">{yuan(v)}</span>,
                    },
                    {
                      title: t('tl.reg.housingAmount'),
                      dataIndex: 'housing_fen',
                      align: 'right',
                      render: (v: number) => <span data-testid="tl-tier-amount">{yuan(v)}</span>,
                    },
                  ]}
                />
              )}
            </Card>
            <Card
              title={t('tl.reg.catalogue', { year })}
              size="small"
              extra={
                <Space size={4}>
                  <Select
                    size="small"
                    value={year}
                    onChange={setYear}
                    options={yearOptions.map((y) => ({ value: y, label: y }))}
                    style={{ width: 84 }}
                    aria-label={t('tl.edit.year')}
                    data-testid="tl-cat-year"
                  />
                  {manage && (
                    <Button
                      size="small"
                      type="link"
                      icon={<PlusOutlined />}
                      onClick={() => setFieldEdit({})}
                      aria-label={t('tl.edit.newField', { year })}
                      data-testid="tl-cat-add"
                    />
                  )}
                  {manage && (
                    <Button
                      size="small"
                      type="link"
                      icon={<UploadOutlined />}
                      onClick={() => setImporting('catalogue')}
                      aria-label={t('tl.imp.import')}
                      data-testid="tl-cat-import"
                    />
                  )}
                  <Button
                    size="small"
                    type="link"
                    icon={<DownloadOutlined />}
                    onClick={() => exporter.mutate({ kind: 'catalogue', year })}
                    aria-label={t('tl.imp.export')}
                    data-testid="tl-cat-export"
                  />
                </Space>
              }
            >
              {catalogue.isPending ? (
                <Skeleton active />
              ) : catalogue.data?.fields.length ? (
                <List
                  size="small"
                  dataSource={catalogue.data.fields}
                  pagination={catalogue.data.fields.length > 12 ? { pageSize: 12, size: 'small' } : false}
                  renderItem={(f) => (
                    <List.Item
                      actions={
                        manage
                          ? [
                              <Button
                                key="e"
                                size="small"
                                type="link"
                                icon={<EditOutlined />}
                                onClick={() => setFieldEdit({ field: f })}
                                aria-label={t('tl.edit.edit')}
                              />,
                              <Popconfirm
                                key="d"
                                title={t('tl.edit.removeField', { name: f.field_name })}
                                onConfirm={() => removeField.mutateAsync(f.id).catch(() => {})}
                              >
                                <Button size="small" type="link" danger aria-label={t('tl.edit.remove')}>
                                  ×
                                </Button>
                              </Popconfirm>,
                            ]
                          : []
                      }
                    >
                      <Typography.Link
                        onClick={() => {
                          setFieldCode(f.field_code);
                          reset();
                        }}
                        data-testid={`tl-cat-${f.field_code}`}
                      >
                        {f.field_name}
                      </Typography.Link>
                      <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                        {f.field_code}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty description={t('tl.reg.catalogueEmpty')} />
              )}
            </Card>
          </Space>
        </Col>
      </Row>
      <TalentDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onEdit={manage ? (tl) => setEditing({ talent: tl }) : undefined}
      />
      <TalentModal
        open={editing !== null}
        talent={editing?.talent}
        tiers={tiers.data ?? []}
        fields={catalogue.data?.fields ?? []}
        onClose={() => setEditing(null)}
      />
      <TierModal open={tierEdit !== null} tier={tierEdit?.tier} onClose={() => setTierEdit(null)} />
      <CatalogueModal
        open={fieldEdit !== null}
        year={year}
        field={fieldEdit?.field}
        onClose={() => setFieldEdit(null)}
      />
      <ImportModal kind={importing} onClose={() => setImporting(null)} />
    </Space>
  );
}

/** A talent's card: the record, eligibility per kind (with every reason), applications, selections. */
function TalentDrawer({
  id,
  onClose,
  onEdit,
}: {
  id: number | null;
  onClose: () => void;
  onEdit?: ((t: TalentRecord) => void) | undefined;
}) {
  const { t, lang, yuan } = useLang();
  const { message } = App.useApp();
  const me = useMe().data;
  const qc = useQueryClient();
  const detail = useQuery({
    queryKey: ['talent.registry.get', id],
    queryFn: () => api.talent.registry.get.query({ id: id! }),
    enabled: id !== null,
  });
  const submit = useMutation({
    mutationFn: (kind: SubsidyKind) => api.talent.applications.submit.mutate({ talentId: id!, kind }),
    onSuccess: (_r, kind) => {
      message.success(t('tl.reg.applied', { kind: t(`tl.kind.${kind}`) }));
      void qc.invalidateQueries({ queryKey: ['talent.registry.get', id] });
      void qc.invalidateQueries({ queryKey: ['talent.applications.list'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const d = detail.data;
  const live = (kind: SubsidyKind) =>
    d?.applications.some(
      (a) => a.kind === kind && ['submitted', 'reviewed', 'approved', 'disbursed'].includes(a.status),
    );
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={640}
      title={d?.talent.name ?? t('tl.reg.detail')}
      extra={
        d && onEdit ? (
          <Button icon={<EditOutlined />} onClick={() => onEdit(d.talent)} data-testid="tl-drawer-edit">
            {t('tl.edit.edit')}
          </Button>
        ) : null
      }
      destroyOnHidden
    >
      {detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="tl-talent-drawer">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('tl.reg.name')}>{d.talent.name}</Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.gender')}>
              {t(`tl.reg.gender.${d.talent.gender}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.field')}>
              {d.talent.field_name}（{d.talent.field_code}）
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.via')}>
              {t(`tl.via.${d.talent.introduced_via}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.employer')} span={2}>
              {d.talent.employer}
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.birthDate')}>
              {formatDate(d.talent.birth_date)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.introducedOn')}>
              {formatDate(d.talent.introduced_on)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.tier')}>{d.tierName}</Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.linked')}>
              {d.talent.member_id || d.talent.user_id ? (
                <Tag color="green">✓</Tag>
              ) : (
                <Tag>{t('tl.reg.notLinked')}</Tag>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('tl.reg.eligibility')}>
            <Row gutter={16}>
              {KINDS.map((kind) => {
                const e = d.eligibility[kind];
                return (
                  <Col span={12} key={kind}>
                    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                      <Space>
                        <Typography.Text strong>{t(`tl.kind.${kind}`)}</Typography.Text>
                        <Tag color={e.eligible ? 'green' : 'default'}>
                          {e.eligible ? t('tl.reg.eligible') : t('tl.reg.notEligible')}
                        </Tag>
                        {e.eligible && <Typography.Text>{yuan(e.amountFen)}</Typography.Text>}
                      </Space>
                      {e.reasons.map((r) => (
                        <Typography.Text
                          key={r.code}
                          type={r.ok ? 'secondary' : 'danger'}
                          style={{ fontSize: 12 }}
                        >
                          {r.ok ? '✓ ' : '✗ '}
                          {reasonText(t, lang, r as EligibilityReason, kind)}
                        </Typography.Text>
                      ))}
                      {can(me, 'talent.manage') && e.eligible && !live(kind) && (
                        <Button
                          size="small"
                          type="primary"
                          ghost
                          loading={submit.isPending && submit.variables === kind}
                          onClick={() => submit.mutate(kind)}
                          data-testid={`tl-apply-${kind}`}
                        >
                          {t('tl.reg.applyFor', { kind: t(`tl.kind.${kind}`) })}
                        </Button>
                      )}
                    </Space>
                  </Col>
                );
              })}
            </Row>
          </Card>
          <Card size="small" title={t('tl.reg.applications')}>
            <List
              dataSource={d.applications}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(a) => (
                <List.Item
                  extra={
                    <Tag color={STATUS_COLOR[a.status as SubsidyStatus]}>{t(`tl.status.${a.status}`)}</Tag>
                  }
                >
                  <Space>
                    <span>#{a.id}</span>
                    <span>{t(`tl.kind.${a.kind}`)}</span>
                    <span>{yuan(a.amount_fen)}</span>
                    <Typography.Text type="secondary">{formatDateTime(a.applied_at)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('tl.reg.nominations')}>
            <List
              dataSource={d.nominations}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(n) => (
                <List.Item extra={<Tag>{t(`tl.nom.${n.status}`)}</Tag>}>
                  <Space>
                    <span>{n.year}</span>
                    <span>{t(`tl.title.${n.title}`)}</span>
                    {n.award_fen ? <span>{yuan(n.award_fen)}</span> : null}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
