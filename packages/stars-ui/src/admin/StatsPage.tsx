import { useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Card, Col, Empty, Row, Segmented, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addStarsStrings } from '../setup.ts';
import { LEVELS, type Level } from '../shared.ts';
import { ErrorState } from './Status.tsx';
import { useYear, YearSelect } from './YearSelect.tsx';

addStarsStrings();

type Stats = Awaited<ReturnType<typeof api.stars.stats.query>>;
const pct = (bp: number) => Math.round(bp) / 100;
const COLORS: Record<Level, string> = {
  household: '#c8161d',
  member: '#d48806',
  branch: '#1677ff',
  committee: '#389e0d',
};

/** Up to a dozen communities read best as columns; a whole district's (40+) as rows, one per community. */
const MANY = 12;
const chartHeight = (n: number) => (n > MANY ? Math.max(340, 60 + n * 22) : 340);
function axes(names: string[], value: Record<string, unknown>) {
  if (names.length > MANY)
    return {
      grid: { left: 8, right: 24, bottom: 24, top: 36, containLabel: true },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
      xAxis: value,
    };
  return {
    grid: { left: 56, right: 16, bottom: 60, top: 36 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 6 ? 30 : 0, interval: 0 } },
    yAxis: value,
  };
}

/** Rates and star distributions per community as charts (and year over year), with the table. */
export default function StatsPage() {
  const { t } = useTranslation();
  const [year, setYear] = useYear();
  const [params] = useSearchParams();
  const rootId = params.get('root') ? Number(params.get('root')) : undefined;
  const [distLevel, setDistLevel] = useState<Level>('household');
  const stats = useQuery({
    queryKey: ['stars.stats', year, rootId ?? null],
    queryFn: () => api.stars.stats.query({ year, rootId }),
  });
  const years = [year - 2, year - 1, year];
  const trend = useQuery({
    queryKey: ['stars.trend', years, rootId ?? null],
    queryFn: () => api.stars.trend.query({ years, rootId }),
    enabled: stats.isSuccess,
  });

  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => stats.refetch()} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stars.stats.title')}
        </Typography.Title>
        <YearSelect year={year} onChange={setYear} />
      </Space>
      {!stats.data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <StatsBody stats={stats.data} distLevel={distLevel} setDistLevel={setDistLevel} trend={trend.data} />
      )}
    </Space>
  );
}

function StatsBody({
  stats,
  distLevel,
  setDistLevel,
  trend,
}: {
  stats: Stats;
  distLevel: Level;
  setDistLevel: (l: Level) => void;
  trend: Awaited<ReturnType<typeof api.stars.trend.query>> | undefined;
}) {
  const { t } = useTranslation();
  const label = (l: Level) => t(`stars.level.${l}`);
  const names = stats.communities.map((c) => c.name);
  const rateOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      ...axes(names, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }),
      series: LEVELS.map((l, i) => ({
        name: label(l),
        type: 'bar',
        itemStyle: { color: COLORS[l] },
        data: stats.communities.map((c) => pct(c.levels[i]!.rateBp)),
      })),
    }),
    [stats, t],
  );
  const distOption = useMemo(() => {
    const li = LEVELS.indexOf(distLevel);
    const buckets = [
      { name: t('stars.starsN', { count: 10 }), pick: (d: number[]) => d[10]!, color: '#d48806' },
      { name: t('stars.starsN', { count: 9 }), pick: (d: number[]) => d[9]!, color: '#faad14' },
      { name: t('stars.starsN', { count: 8 }), pick: (d: number[]) => d[8]!, color: '#ffd666' },
      {
        name: t('stars.stats.le7'),
        pick: (d: number[]) => d.slice(0, 8).reduce((s, x) => s + x, 0),
        color: '#bfbfbf',
      },
    ];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      ...axes(names, { type: 'value' }),
      series: buckets.map((b) => ({
        name: b.name,
        type: 'bar',
        stack: 'stars',
        itemStyle: { color: b.color },
        data: stats.communities.map((c) => b.pick(c.levels[li]!.distribution)),
      })),
    };
  }, [stats, distLevel, t, names]);
  const trendOption = useMemo(
    () =>
      trend && {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
        legend: { top: 0 },
        grid: { left: 40, right: 16, bottom: 30, top: 36 },
        xAxis: { type: 'category', data: trend.years.map(String) },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        // A year nobody was certified in has not been rated (or computed): a gap, not a 0%.
        series: trend.series.map((s) => ({
          name: label(s.level),
          type: 'line',
          symbolSize: 9,
          itemStyle: { color: COLORS[s.level] },
          data: s.rateBp.map((bp, i) =>
            s.total[i] && trend.series.some((x) => x.ten[i]! > 0) ? pct(bp) : null,
          ),
          connectNulls: false,
        })),
      },
    [trend, t],
  );

  const rows = stats.communities.map((c) => ({
    key: c.committeeId,
    name: c.name,
    ...Object.fromEntries(c.levels.map((l) => [l.level, l])),
  })) as ({ key: number; name: string } & Record<Level, Stats['district'][number]>)[];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      {!stats.computed && <Alert type="warning" showIcon title={t('stars.stats.notComputed')} />}
      <Row gutter={[16, 16]}>
        {stats.district.map((l) => (
          <Col xs={12} lg={6} key={l.level}>
            <Card size="small" data-testid={`stat-${l.level}`}>
              <Statistic
                title={t(`stars.tenLevel.${l.level}`)}
                value={l.ten}
                suffix={`/ ${l.total.toLocaleString()}`}
              />
              <Typography.Text type="secondary">
                {t('stars.stats.rate')} {(l.rateBp / 100).toFixed(2)}%
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {stats.communities.length === 0 ? (
        <Card>
          <Empty description={t('stars.stats.noData')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={names.length > MANY ? 24 : 12}>
            <Card title={t('stars.stats.rateChart')}>
              <Chart option={rateOption} height={chartHeight(names.length)} testId="chart-rate" />
            </Card>
          </Col>
          <Col xs={24} xl={names.length > MANY ? 24 : 12}>
            <Card title={t('stars.stats.distChart')}>
              <Segmented
                size="small"
                value={distLevel}
                onChange={(v) => setDistLevel(v as Level)}
                options={LEVELS.map((l) => ({ value: l, label: label(l) }))}
                data-testid="dist-level"
              />
              <Chart option={distOption} height={chartHeight(names.length)} testId="chart-dist" />
            </Card>
          </Col>
          <Col xs={24}>
            <Card title={t('stars.stats.trendChart')}>
              {trendOption ? (
                <Chart option={trendOption} height={280} testId="chart-trend" />
              ) : (
                <Skeleton active />
              )}
            </Card>
          </Col>
        </Row>
      )}
      <Card title={t('stars.stats.table')}>
        <Table
          rowKey="key"
          size="small"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="stats-table"
          columns={[
            { title: t('stars.stats.community'), dataIndex: 'name', fixed: 'left' },
            ...LEVELS.map((l) => ({
              title: label(l),
              children: [
                {
                  title: t('stars.stats.ten'),
                  key: `${l}-ten`,
                  align: 'right' as const,
                  render: (_: unknown, r: (typeof rows)[number]) => `${r[l].ten}/${r[l].total}`,
                },
                {
                  title: t('stars.stats.rate'),
                  key: `${l}-rate`,
                  align: 'right' as const,
                  render: (_: unknown, r: (typeof rows)[number]) => `${(r[l].rateBp / 100).toFixed(2)}%`,
                },
              ],
            })),
          ]}
        />
      </Card>
    </div>
  );
}
