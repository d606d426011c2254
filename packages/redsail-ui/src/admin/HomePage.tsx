import { useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { api } from '@zhanqian/ui/trpc';
import { Card, Col, Empty, Row, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { percent1, percentValue, THIS_YEAR, useLang } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { ErrorState, Guard } from './Status.tsx';

addRedsailStrings();

type CoverageRow = { orgCovered: number; workCovered: number; total: number };

/** The years one may look at (the trend shows the chosen one and the two before). */
const YEARS = [THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2, THIS_YEAR - 3];

/** 工作概览: coverage now and year over year, leaders' visits against the minimum, stations' activity. */
export default function HomePage() {
  return (
    <Guard perms={['redsail.read']}>
      <Home />
    </Guard>
  );
}

function Home() {
  const { t } = useLang();
  const [year, setYear] = useState(THIS_YEAR);
  const overview = useQuery({
    queryKey: ['redsail.overview', year],
    queryFn: () => api.redsail.overview.query({ year }),
    placeholderData: (prev) => prev,
  });
  const leaders = useQuery({
    queryKey: ['redsail.leaders', year],
    queryFn: () => api.redsail.contacts.overview.query({ year }),
    placeholderData: (prev) => prev,
  });
  const activities = useQuery({
    queryKey: ['redsail.activities', { year }],
    queryFn: () => api.redsail.activities.list.query({ from: `${year}-01-01`, to: `${year}-12-31` }),
    placeholderData: (prev) => prev,
  });
  const d = overview.data;
  const trendOption = useMemo(
    () =>
      d && {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)}%` },
        legend: { top: 0 },
        // room under the axis for the work line's labels below its points
        grid: { left: 48, right: 24, top: 40, bottom: 48 },
        xAxis: {
          type: 'category',
          data: d.coverage.byYear.map((r) => t('rs.yearN', { year: r.year })),
          axisLabel: { margin: 24 },
        },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            name: t('rs.cov.org'),
            type: 'line',
            itemStyle: { color: '#c8161d' },
            label: { show: true, formatter: (p: { value: number }) => `${p.value.toFixed(1)}%` },
            data: d.coverage.byYear.map((r) => percentValue(r.orgCovered, r.total)),
          },
          {
            name: t('rs.cov.work'),
            type: 'line',
            itemStyle: { color: '#1677ff' },
            label: {
              show: true,
              position: 'bottom',
              formatter: (p: { value: number }) => `${p.value.toFixed(1)}%`,
            },
            data: d.coverage.byYear.map((r) => percentValue(r.workCovered, r.total)),
          },
        ],
      },
    [d, t],
  );
  const l = leaders.data;
  const visitsOption = useMemo(
    () =>
      l && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 24, top: 40, bottom: 64 },
        xAxis: {
          type: 'category',
          data: l.leaders.map((x) => x.name),
          axisLabel: { interval: 0, rotate: l.leaders.length > 6 ? 30 : 0 },
        },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            name: t('rs.home.visits'),
            type: 'bar',
            // the legend's colour; each bar is green at or above the minimum, red below it
            itemStyle: { color: '#389e0d' },
            data: l.leaders.map((x) => ({
              value: x.visits,
              itemStyle: { color: x.below ? '#d4380d' : '#389e0d' },
            })),
          },
          {
            name: t('rs.home.minimum'),
            type: 'line',
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#595959' },
            itemStyle: { color: '#595959' },
            data: l.leaders.map(() => l.rule.minVisits),
          },
        ],
      },
    [l, t],
  );
  // Each station's activities of the year (held, planned) and sign-ins, from the activity list.
  const perStation = useMemo(() => {
    if (!d || !activities.data) return undefined;
    const by = new Map(d.stations.map((s) => [s.id, { name: s.name, held: 0, planned: 0, signins: 0 }]));
    for (const a of activities.data) {
      const s = by.get(a.station_id);
      if (!s) continue;
      if (a.status === 'held') s.held++;
      else if (a.status === 'planned') s.planned++;
      s.signins += a.signins;
    }
    return [...by.values()];
  }, [d, activities.data]);
  const stationsOption = useMemo(
    () =>
      perStation && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 48, top: 48, bottom: 64 },
        xAxis: {
          type: 'category',
          data: perStation.map((s) => s.name),
          axisLabel: { interval: 0, rotate: perStation.length > 5 ? 30 : 0 },
        },
        yAxis: [
          { type: 'value', minInterval: 1, name: t('rs.home.activities') },
          { type: 'value', minInterval: 1, name: t('rs.home.signins'), splitLine: { show: false } },
        ],
        series: [
          {
            name: t('rs.act.status.held'),
            type: 'bar',
            stack: 'a',
            itemStyle: { color: '#c8161d' },
            data: perStation.map((s) => s.held),
          },
          {
            name: t('rs.act.status.planned'),
            type: 'bar',
            stack: 'a',
            itemStyle: { color: '#faad14' },
            data: perStation.map((s) => s.planned),
          },
          {
            name: t('rs.home.signins'),
            type: 'line',
            yAxisIndex: 1,
            itemStyle: { color: '#1677ff' },
            data: perStation.map((s) => s.signins),
          },
        ],
      },
    [perStation, t],
  );

  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => overview.refetch()} />;
  const cov = d?.coverage.district;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rs.home.title')}
        </Typography.Title>
        <Select
          aria-label={t('rs.home.year')}
          value={year}
          onChange={setYear}
          options={YEARS.map((y) => ({ value: y, label: t('rs.yearN', { year: y }) }))}
          style={{ width: 120 }}
          data-testid="rs-home-year"
        />
      </Space>
      {!cov ? (
        <Skeleton active />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title={t('rs.home.total')} value={cov.total} data-testid="rs-stat-total" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic
                title={t('rs.cov.org')}
                value={percent1(cov.orgCovered, cov.total)}
                data-testid="rs-stat-org"
              />
              <Typography.Text type="secondary">
                {t('rs.home.ofTotal', { part: cov.orgCovered, total: cov.total })}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic
                title={t('rs.cov.work')}
                value={percent1(cov.workCovered, cov.total)}
                data-testid="rs-stat-work"
              />
              <Typography.Text type="secondary">
                {t('rs.home.ofTotal', { part: cov.workCovered, total: cov.total })}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic
                title={t('rs.home.demoPoints')}
                value={d!.demoPoints.provincial + d!.demoPoints.municipal + d!.demoPoints.district}
                data-testid="rs-stat-demo"
              />
              <Typography.Text type="secondary">{t('rs.home.demoSplit', d!.demoPoints)}</Typography.Text>
            </Card>
          </Col>
        </Row>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('rs.home.trend')}>
            {trendOption ? (
              <Chart option={trendOption} height={280} testId="rs-chart-trend" />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t('rs.home.visitsTitle', { year, min: l?.rule.minVisits ?? '' })}
            extra={
              l && (
                <Typography.Text type="secondary">
                  {t('rs.home.belowNote', { count: l.leaders.filter((x) => x.below).length })}
                </Typography.Text>
              )
            }
          >
            {!visitsOption ? (
              <Skeleton active />
            ) : l!.leaders.length === 0 ? (
              <Empty description={t('common.empty')} />
            ) : (
              <Chart option={visitsOption} height={280} testId="rs-chart-visits" />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('rs.home.stationsTitle', { year })}>
            {!stationsOption ? (
              <Skeleton active />
            ) : perStation!.length === 0 ? (
              <Empty description={t('common.empty')} />
            ) : (
              <Chart option={stationsOption} height={300} testId="rs-chart-stations" />
            )}
          </Card>
        </Col>
        {d && (
          <Col xs={24}>
            <Card title={t('rs.home.byStreet')}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.coverage.streets}
                data-testid="rs-home-streets"
                columns={[
                  { title: t('rs.ent.street'), dataIndex: 'name' },
                  { title: t('rs.home.total'), dataIndex: 'total', align: 'right' },
                  {
                    title: t('rs.cov.org'),
                    align: 'right',
                    render: (_: unknown, r: CoverageRow) => percent1(r.orgCovered, r.total),
                  },
                  {
                    title: t('rs.cov.work'),
                    align: 'right',
                    render: (_: unknown, r: CoverageRow) => percent1(r.workCovered, r.total),
                  },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
