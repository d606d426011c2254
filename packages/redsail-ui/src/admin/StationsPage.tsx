import { useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { api } from '@zhanqian/ui/trpc';
import { Card, Col, Row, Segmented, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { STATUS_TAG } from '../shared/labels.ts';
import { percent1, THIS_YEAR, useLang } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { ErrorState, Guard, serverPaging } from './Status.tsx';

addRedsailStrings();

type TradingArea = '财富一条街' | '盼盼路商铺' | '东升商圈';
const AREAS: TradingArea[] = ['财富一条街', '盼盼路商铺', '东升商圈'];

/** 片区工作站与商业街: the red area work stations' reach and members, the commercial street's shops by trading area. */
export default function StationsPage() {
  return (
    <Guard perms={['redsail.read']}>
      <Stations />
    </Guard>
  );
}

function Stations() {
  const { t } = useLang();
  const stations = useQuery({
    queryKey: ['redsail.stations'],
    queryFn: () => api.redsail.stations.list.query(),
  });
  const members = useQuery({
    queryKey: ['redsail.stations.members', THIS_YEAR],
    queryFn: () => api.redsail.stations.members.query({ year: THIS_YEAR }),
  });
  const areas = useQuery({
    queryKey: ['redsail.tradingAreas'],
    queryFn: () => api.redsail.stations.tradingAreas.query(),
  });
  const [area, setArea] = useState<TradingArea>('财富一条街');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const shops = useQuery({
    queryKey: ['redsail.enterprises', { shops: area, page, pageSize }],
    queryFn: () =>
      api.redsail.enterprises.list.query({ filter: { kind: 'shop', tradingArea: area }, page, pageSize }),
    placeholderData: (prev) => prev,
  });
  const memberOf = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, m])), [members.data]);
  const a = areas.data;
  const areasOption = useMemo(
    () =>
      a && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 40, bottom: 32 },
        xAxis: { type: 'category', data: a.map((x) => x.name) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            name: t('rs.st.shops'),
            type: 'bar',
            itemStyle: { color: '#c8161d' },
            data: a.map((x) => x.shops),
          },
          {
            name: t('rs.st.inReach'),
            type: 'bar',
            itemStyle: { color: '#faad14' },
            data: a.map((x) => x.inReach),
          },
          {
            name: t('rs.cov.orgShort'),
            type: 'bar',
            itemStyle: { color: '#1677ff' },
            data: a.map((x) => x.orgCovered),
          },
        ],
      },
    [a, t],
  );
  if (stations.isError) return <ErrorState error={stations.error} onRetry={() => stations.refetch()} />;
  type StationRow = NonNullable<typeof stations.data>[number];
  type ShopRow = NonNullable<typeof shops.data>['rows'][number];
  const totalShops = (a ?? []).reduce((n, x) => n + x.shops, 0);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('rs.st.title')}
      </Typography.Title>
      <Card title={t('rs.st.stations', { count: stations.data?.length ?? 0 })}>
        <Table<StationRow>
          rowKey="id"
          size="middle"
          loading={stations.isPending}
          dataSource={stations.data}
          pagination={false}
          data-testid="rs-stations"
          columns={[
            { title: t('rs.st.code'), dataIndex: 'code', width: 90 },
            { title: t('rs.st.name'), dataIndex: 'name' },
            { title: t('rs.ent.address'), dataIndex: 'address', render: (v: string) => v || '—' },
            { title: t('rs.st.reach'), dataIndex: 'total', align: 'right', width: 100 },
            { title: t('rs.st.shops'), dataIndex: 'shops', align: 'right', width: 90 },
            {
              title: t('rs.cov.org'),
              align: 'right',
              width: 120,
              render: (_: unknown, r) => percent1(r.orgCovered, r.total),
            },
            { title: t('rs.st.membersRelated'), dataIndex: 'membersRelated', align: 'right', width: 120 },
            {
              title: t('rs.st.active', { year: THIS_YEAR }),
              align: 'right',
              width: 140,
              render: (_: unknown, r) => memberOf.get(r.id)?.active ?? 0,
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('rs.st.street', { count: totalShops })}>
            {!areasOption ? (
              <Skeleton active />
            ) : (
              <>
                <Row gutter={8}>
                  {a!.map((x) => (
                    <Col span={8} key={x.name}>
                      <Statistic title={x.name} value={x.shops} data-testid={`rs-area-${x.name}`} />
                    </Col>
                  ))}
                </Row>
                <Chart option={areasOption} height={260} testId="rs-chart-areas" />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title={t('rs.st.shopList')}
            extra={
              <Segmented<TradingArea>
                value={area}
                onChange={(v) => {
                  setArea(v);
                  setPage(1);
                }}
                options={AREAS}
                data-testid="rs-area-switch"
              />
            }
          >
            <Table<ShopRow>
              rowKey="id"
              size="small"
              loading={shops.isFetching}
              dataSource={shops.data?.rows}
              data-testid="rs-shops"
              pagination={serverPaging(t, page, pageSize, shops.data?.total ?? 0, (p, s) => {
                setPage(p);
                setPageSize(s);
              })}
              columns={[
                { title: t('rs.st.shop'), dataIndex: 'name' },
                {
                  title: t('rs.ent.station'),
                  dataIndex: 'station_name',
                  render: (v: string | null) => v ?? '—',
                },
                {
                  title: t('rs.ent.status'),
                  dataIndex: 'party_status',
                  width: 130,
                  render: (s: 'own' | 'joint' | 'none') => (
                    <Tag color={STATUS_TAG[s]}>{t(`rs.status.${s}`)}</Tag>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
