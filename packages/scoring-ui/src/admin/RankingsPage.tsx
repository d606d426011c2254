import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import type { ChartOption } from '@zhanqian/ui/charts';
import { ExportButton } from '@zhanqian/ui/export-button';
import { formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me.ts';
import { type Rankings, type ResultRow, useYear } from '../shared.ts';
import { ErrorState, NotPublished, PageHead, ProvisionalBanner } from './common.tsx';

/** Streets first, then departments, then communities; other categories after, by name. */
const CATEGORY_ORDER = ['street', 'department', 'community'];
const byCategory = (a: string, b: string) =>
  (CATEGORY_ORDER.indexOf(a) + 1 || 99) - (CATEGORY_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const pts = (h: number) => h / 100;

export function flagTags(r: ResultRow, t: (k: string) => string) {
  return (
    <Space size={4} wrap>
      {r.vetoed && <Tag color="red">{t('sc.flag.vetoed')}</Tag>}
      {r.bottomTwo && <Tag color="orange">{t('sc.flag.bottomTwo')}</Tag>}
      {r.keyAdjustment && <Tag color="volcano">{t('sc.flag.keyAdjustment')}</Tag>}
    </Space>
  );
}

function barOption(
  chart: Rankings['charts'][number],
  bonus: number[],
  t: (k: string) => string,
): ChartOption {
  const many = chart.names.length > 12;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'plain' },
    grid: { left: 48, right: 16, top: 40, bottom: many ? 110 : 40 },
    xAxis: {
      type: 'category',
      data: chart.names.map(
        (n, i) => `${chart.ranks[i]}. ${n}${chart.vetoed[i] ? ` (${t('sc.flag.vetoed')})` : ''}`,
      ),
      axisLabel: { interval: 0, rotate: many ? 50 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', name: t('sc.pointsUnit') },
    series: [
      ...chart.aspectSeries.map((s) => ({
        name: s.name,
        type: 'bar',
        stack: 'total',
        data: s.data.map(pts),
      })),
      { name: t('sc.col.bonus'), type: 'bar', stack: 'total', data: bonus.map(pts) },
      {
        name: t('sc.col.total'),
        type: 'line',
        symbol: 'circle',
        lineStyle: { opacity: 0 },
        data: chart.totals.map(pts),
        label: { show: !many, position: 'top', formatter: '{c}' },
      },
    ],
  };
}

/** 排名: per category, a stacked bar by aspect, the table with flags, and year over year. */
export default function RankingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yearState = useYear();
  const { year, years } = yearState;
  const me = useMe();
  const canManage = !!me.data?.permissions.includes('scoring.manage');
  const [category, setCategory] = useState<string | undefined>();
  const res = useQuery({
    queryKey: ['scoring.results.rankings', year],
    queryFn: () => api.scoring.results.rankings.query({ year: year! }),
    enabled: year !== undefined,
  });
  const charts = useMemo(
    () => [...(res.data?.charts ?? [])].sort((a, b) => byCategory(a.category, b.category)),
    [res.data],
  );
  const cat = category && charts.some((c) => c.category === category) ? category : charts[0]?.category;
  const prevYears = (years.data ?? [])
    .map((y) => y.year)
    .filter((y) => year !== undefined && y <= year && y >= year - 4);
  const yoy = useQuery({
    queryKey: ['scoring.results.yearOverYear', prevYears, cat],
    queryFn: () => api.scoring.results.yearOverYear.query({ years: prevYears, category: cat }),
    enabled: !!cat && prevYears.length > 0,
  });
  const access = res.data?.access;
  // Results imported from a past year's sheet are official: nothing to recompute.
  const imported = res.data?.source === 'imported';
  const recompute = useMutation({
    mutationFn: () => api.scoring.results.recompute.mutate({ year: year! }),
    onSuccess: (r) => {
      message.success(t('sc.rank.recomputed', { version: r.versionId }));
      void queryClient.invalidateQueries({ queryKey: ['scoring.results'] });
      void queryClient.invalidateQueries({ queryKey: ['scoring.results.rankings'] });
      void queryClient.invalidateQueries({ queryKey: ['scoring.results.yearOverYear'] });
    },
    onError: (e) => message.error(e.message),
  });

  const rows = useMemo(() => (res.data?.rows ?? []).filter((r) => r.category === cat), [res.data, cat]);
  const chart = res.data?.charts.find((c) => c.category === cat);
  const barOpt = useMemo(
    () =>
      chart
        ? barOption(
            chart,
            rows.map((r) => r.bonus),
            t,
          )
        : null,
    [chart, rows, t],
  );
  const yoyOpt = useMemo((): ChartOption | null => {
    if (!yoy.data || yoy.data.series.length === 0) return null;
    const order = new Map(rows.map((r, i) => [r.orgUnitId, i]));
    const series = [...yoy.data.series].sort(
      (a, b) => (order.get(a.orgUnitId) ?? 1e9) - (order.get(b.orgUnitId) ?? 1e9),
    );
    const many = series.length > 12;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: many ? 110 : 40 },
      xAxis: {
        type: 'category',
        data: series.map((s) => s.unitName),
        axisLabel: { interval: 0, rotate: many ? 50 : 0, fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        name: t('sc.pointsUnit'),
        min: (v: { min: number }) => Math.floor(v.min / 100) * 100,
      },
      series: yoy.data.years.map((y, i) => ({
        name:
          yoy.data.access[i] === 'provisional'
            ? t('sc.yearProvisional', { year: y })
            : t('sc.yearN', { year: y }),
        type: 'bar',
        data: series.map((s) => (s.totals[i] === null ? null : pts(s.totals[i]!))),
      })),
    };
  }, [yoy.data, rows, t]);

  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  const aspects = res.data?.aspects ?? [];
  return (
    <div>
      <PageHead
        title={t('sc.menu.rankings')}
        yearState={yearState}
        provisional={access === 'provisional'}
        extra={
          canManage &&
          access !== 'hidden' &&
          !imported && (
            <Popconfirm title={t('sc.rank.recomputeConfirm')} onConfirm={() => recompute.mutate()}>
              <Button icon={<ReloadOutlined />} loading={recompute.isPending} data-testid="recompute">
                {recompute.isPending ? t('sc.rank.recomputing') : t('sc.rank.recompute')}
              </Button>
            </Popconfirm>
          )
        }
      />
      {res.isError ? (
        <ErrorState error={res.error} onRetry={() => res.refetch()} />
      ) : !res.data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : res.data.access === 'hidden' ? (
        <NotPublished year={year} />
      ) : res.data.charts.length === 0 ? (
        <Card>
          <Empty description={t('sc.rank.none')} />
        </Card>
      ) : (
        <>
          {res.data.access === 'provisional' && <ProvisionalBanner year={year} status={res.data.status} />}
          {imported && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="results-imported"
              title={t('sc.rank.importedTitle')}
              description={t('sc.rank.importedBody')}
            />
          )}
          <Tabs
            activeKey={cat}
            onChange={setCategory}
            data-testid="category-tabs"
            items={charts.map((c) => ({
              key: c.category,
              label: `${t(`sc.category.${c.category}`, c.category)}（${c.count}）`,
            }))}
          />
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <Card title={t('sc.rank.chartTitle', { year, category: t(`sc.category.${cat}`, cat ?? '') })}>
                <Suspense fallback={<Spin />}>
                  {barOpt && (
                    <Chart option={barOpt} height={rows.length > 12 ? 460 : 360} testId="ranking-chart" />
                  )}
                </Suspense>
              </Card>
            </Col>
            <Col span={24}>
              <Card
                title={t('sc.rank.table')}
                extra={
                  <ExportButton
                    testId="ranking-export"
                    run={() => api.exports.rankings.mutate({ year: year!, category: cat })}
                  />
                }
              >
                <Table<ResultRow>
                  size="small"
                  rowKey="subjectId"
                  dataSource={rows}
                  pagination={rows.length > 20 ? { pageSize: 20 } : false}
                  scroll={{ x: 900 + aspects.length * 90 }}
                  data-testid="ranking-table"
                  columns={[
                    { title: t('sc.col.rank'), dataIndex: 'rank', width: 64, align: 'center' },
                    { title: t('sc.col.subject'), dataIndex: 'unitName', width: 160 },
                    {
                      title: t('sc.col.total'),
                      dataIndex: 'total',
                      width: 90,
                      align: 'right',
                      render: (v: number) => <Typography.Text strong>{formatPoints(v)}</Typography.Text>,
                    },
                    ...aspects.map((a, i) => ({
                      // An imported year gives aspect scores without that year's maxima.
                      title: a.points === null ? a.name : `${a.name}（${formatPoints(a.points)}）`,
                      key: a.code,
                      width: 110,
                      align: 'right' as const,
                      render: (_: unknown, r: ResultRow) => formatPoints(r.aspectScores[i] ?? 0),
                    })),
                    {
                      title: t('sc.col.bonus'),
                      dataIndex: 'bonus',
                      width: 80,
                      align: 'right',
                      render: (v: number) => formatPoints(v),
                    },
                    {
                      title: t('sc.col.lost'),
                      dataIndex: 'deductionLost',
                      width: 80,
                      align: 'right',
                      render: (v: number) => formatPoints(v),
                    },
                    { title: t('sc.col.flags'), width: 200, render: (_, r) => flagTags(r, t) },
                  ]}
                />
              </Card>
            </Col>
            <Col span={24}>
              <Card title={t('sc.rank.yoyTitle', { years: prevYears.slice().reverse().join('–') })}>
                {yoy.isError ? (
                  <ErrorState error={yoy.error} />
                ) : yoy.isPending ? (
                  <Skeleton active />
                ) : !yoyOpt ? (
                  <Empty />
                ) : (
                  <Suspense fallback={<Spin />}>
                    <Chart option={yoyOpt} height={rows.length > 12 ? 460 : 340} testId="yoy-chart" />
                  </Suspense>
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
