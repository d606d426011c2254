import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { api } from '@zhanqian/ui/trpc';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addCadreStrings } from '../shared/strings.ts';
import { RotationModal } from './RotationModal.tsx';
import { adminStrings } from './strings.ts';
import { can, ErrorState, QueryState, useMe } from './ui.tsx';

addCadreStrings(adminStrings);

type Due = Awaited<ReturnType<typeof api.cadres.rotation.due.query>>['rows'][number];
type Rec = Awaited<ReturnType<typeof api.cadres.rotation.list.query>>['rows'][number];

/** 轮岗交流: who is due (years in post over the limit, stricter for key posts), person-times per year, the records. */
export default function RotationPage() {
  const { t } = useTranslation();
  const [limitYears, setLimit] = useState(10);
  const [keyPostLimitYears, setKeyLimit] = useState(5);
  const [horizonDays, setHorizon] = useState(0);
  const [year, setYear] = useState<number | undefined>();
  const [moving, setMoving] = useState<Due | null>(null);
  const canManage = can(useMe().data, 'cadres.manage');
  const policy = { limitYears, keyPostLimitYears, horizonDays };
  const due = useQuery({
    queryKey: ['cadres.rotation.due', policy],
    queryFn: () => api.cadres.rotation.due.query(policy),
    placeholderData: keepPreviousData,
  });
  const times = useQuery({
    queryKey: ['cadres.rotation.personTimes'],
    queryFn: () => api.cadres.rotation.personTimes.query({}),
  });
  const records = useQuery({
    queryKey: ['cadres.rotation.list', year ?? null],
    queryFn: () => api.cadres.rotation.list.query({ year }),
  });
  const series = times.data?.series;
  const option = useMemo(
    () =>
      series && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: series.map((s) => String(s.year)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            stack: 'p',
            name: t('cadres.rotKind.rotation'),
            data: series.map((s) => s.rotation),
            itemStyle: { color: '#d48806' },
            barMaxWidth: 48,
          },
          {
            type: 'bar',
            stack: 'p',
            name: t('cadres.rotKind.exchange'),
            data: series.map((s) => s.exchange),
            itemStyle: { color: '#c8161d' },
            barMaxWidth: 48,
            label: {
              show: true,
              position: 'top',
              formatter: (p: { dataIndex: number }) => `${series[p.dataIndex]!.total}`,
            },
          },
        ],
      },
    [series, t],
  );
  if (due.isError) return <ErrorState error={due.error} onRetry={() => due.refetch()} />;

  const dueColumns = [
    {
      title: t('cadres.f.name'),
      dataIndex: 'name',
      render: (x: string, r: Due) => <Link to={`/cadres/files/${r.cadreId}`}>{x}</Link>,
    },
    { title: t('cadres.f.unit'), dataIndex: 'unitName' },
    {
      title: t('cadres.f.post'),
      dataIndex: 'postTitle',
      render: (x: string, r: Due) => (
        <Space size={4}>
          {x}
          {r.postIsKey && <Tag color="orange">{t('cadres.f.keyPost')}</Tag>}
        </Space>
      ),
    },
    { title: t('cadres.f.rank'), dataIndex: 'rank', render: (x: string) => t(`cadres.rank.${x}`) },
    { title: t('cadres.f.postSince'), dataIndex: 'postSince' },
    {
      title: t('cadres.f.yearsInPost'),
      dataIndex: 'yearsInPost',
      render: (y: number) => t('cadres.f.years', { count: y }),
    },
    {
      title: t('cadres.rot.limitYears'),
      dataIndex: 'limitYears',
      render: (y: number) => t('cadres.f.years', { count: y }),
    },
    { title: t('cadres.rot.dueDate'), dataIndex: 'dueDate' },
    {
      title: '',
      key: 'state',
      render: (_: unknown, r: Due) =>
        r.overdue ? (
          <Tag color="red">{t('cadres.rot.overdue')}</Tag>
        ) : (
          <Tag color="orange">{t('cadres.rot.upcoming')}</Tag>
        ),
    },
    ...(canManage
      ? [
          {
            title: '',
            key: 'act',
            render: (_: unknown, r: Due) => (
              <Button size="small" onClick={() => setMoving(r)} data-testid={`rotate-${r.cadreId}`}>
                {t('cadres.rot.record')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const recColumns = [
    { title: t('cadres.rot.date'), dataIndex: 'on_date' },
    {
      title: t('cadres.f.name'),
      dataIndex: 'name',
      render: (x: string, r: Rec) => <Link to={`/cadres/files/${r.cadre_id}`}>{x}</Link>,
    },
    {
      title: t('cadres.rot.kind'),
      dataIndex: 'kind',
      render: (x: string) => <Tag color={x === 'exchange' ? 'red' : 'gold'}>{t(`cadres.rotKind.${x}`)}</Tag>,
    },
    {
      title: t('cadres.rot.from'),
      key: 'from',
      render: (_: unknown, r: Rec) => `${r.from_unit_name} · ${r.from_title}`,
    },
    {
      title: t('cadres.rot.to'),
      key: 'to',
      render: (_: unknown, r: Rec) => `${r.to_unit_name} · ${r.to_title}`,
    },
    { title: t('cadres.rot.note'), dataIndex: 'note' },
  ];

  return (
    <Flex vertical gap={16}>
      <RotationModal cadre={moving} onClose={() => setMoving(null)} />
      <Card
        title={t('cadres.rot.due')}
        extra={
          <Space wrap>
            <span>{t('cadres.rot.limit')}</span>
            <InputNumber
              min={1}
              max={30}
              value={limitYears}
              aria-label={t('cadres.rot.limit')}
              onChange={(v) => v && setLimit(v)}
              size="small"
            />
            <span>{t('cadres.rot.keyLimit')}</span>
            <InputNumber
              min={1}
              max={30}
              value={keyPostLimitYears}
              aria-label={t('cadres.rot.keyLimit')}
              onChange={(v) => v && setKeyLimit(v)}
              size="small"
            />
            <span>{t('cadres.rot.horizon')}</span>
            <InputNumber
              min={0}
              max={3660}
              step={30}
              value={horizonDays}
              aria-label={t('cadres.rot.horizon')}
              onChange={(v) => setHorizon(v ?? 0)}
              size="small"
            />
          </Space>
        }
      >
        <Table<Due>
          rowKey="cadreId"
          size="middle"
          loading={due.isFetching}
          dataSource={due.data?.rows ?? []}
          columns={dueColumns}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('cadres.rot.noDue')} /> }}
          pagination={{ pageSize: 10, showTotal: (n) => t('common.total', { count: n }) }}
          data-testid="rotation-due"
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card title={t('cadres.rot.personTimes')} style={{ height: '100%' }}>
            <QueryState query={times} empty={(d) => d.series.length === 0}>
              {(d) => (
                <Flex vertical gap={8}>
                  {option && <Chart option={option} height={260} testId="person-times-chart" />}
                  <Typography.Text type="secondary">
                    {d.series.map((s) => t('cadres.rot.yearLine', s)).join(t('cadres.rot.sep'))}
                  </Typography.Text>
                </Flex>
              )}
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            title={t('cadres.rot.records')}
            extra={
              <Select
                allowClear
                size="small"
                style={{ width: 120 }}
                placeholder={t('cadres.rot.allYears')}
                aria-label={t('cadres.rot.year')}
                value={year}
                onChange={setYear}
                options={(series ?? []).map((s) => ({ value: s.year, label: String(s.year) }))}
              />
            }
          >
            <QueryState query={records}>
              {(d) => (
                <Table<Rec>
                  rowKey="id"
                  size="small"
                  dataSource={d.rows}
                  columns={recColumns}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: t('common.empty') }}
                  pagination={{ pageSize: 10, showTotal: (n) => t('common.total', { count: n }) }}
                  data-testid="rotation-records"
                />
              )}
            </QueryState>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
