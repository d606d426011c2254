import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatPercent, formatPoints, formatYuan } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Button, Card, Col, Progress, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadCsv, useYear } from '../shared.ts';
import { ErrorState, PageHead, ProvisionalBanner } from './common.tsx';

type AwardRow = Awaited<ReturnType<typeof api.scoring.results.awards.query>>['rows'][number];

/** 奖励: the year's awards by the scheme's table, capped per subject and by the pool; export. */
export default function AwardsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const yearState = useYear();
  const { year, years } = yearState;
  const awards = useQuery({
    queryKey: ['scoring.results.awards', year],
    queryFn: () => api.scoring.results.awards.query({ year: year! }),
    enabled: year !== undefined,
  });
  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  const data = awards.data;
  const exportCsv = () => {
    if (!data || year === undefined) return;
    downloadCsv(
      [
        [
          t('sc.col.category'),
          t('sc.col.rank'),
          t('sc.col.subject'),
          t('sc.col.total'),
          t('sc.awards.entitled'),
          t('sc.awards.amount'),
        ],
        ...data.rows.map((r) => [
          t(`sc.category.${r.category}`, r.category),
          r.rank,
          r.unitName,
          formatPoints(r.total),
          (r.entitledFen / 100).toFixed(2),
          (r.amountFen / 100).toFixed(2),
        ]),
        [],
        [t('sc.awards.pool'), '', '', '', '', (data.poolFen / 100).toFixed(2)],
        [t('sc.awards.paid'), '', '', '', '', (data.paidFen / 100).toFixed(2)],
      ],
      // Provisional amounts say so in the file's name, wherever the file ends up.
      `${t(data.access === 'provisional' ? 'sc.awards.fileNameProvisional' : 'sc.awards.fileName', { year })}.csv`,
    );
  };
  return (
    <div>
      <PageHead
        title={t('sc.menu.awards')}
        yearState={yearState}
        provisional={data?.access === 'provisional'}
        extra={
          <Button
            icon={<DownloadOutlined />}
            disabled={!data?.rows.length}
            onClick={exportCsv}
            data-testid="awards-export"
          >
            {t('sc.awards.export')}
          </Button>
        }
      />
      {awards.isError ? (
        <ErrorState error={awards.error} onRetry={() => awards.refetch()} />
      ) : !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          {data.access === 'provisional' && <ProvisionalBanner year={year} status={data.status} />}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={t('sc.awards.pool')} value={formatYuan(data.poolFen, lang)} />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={t('sc.awards.paid')} value={formatYuan(data.paidFen, lang)} />
                <Progress
                  aria-label={t('sc.awards.paid')}
                  percent={data.poolFen ? Math.round((100 * data.paidFen) / data.poolFen) : 0}
                  format={() => formatPercent(data.paidFen, data.poolFen)}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  title={t('sc.awards.count')}
                  value={data.rows.filter((r) => r.amountFen > 0).length}
                />
                <Typography.Text type="secondary">{t('sc.awards.capNote')}</Typography.Text>
              </Card>
            </Col>
          </Row>
          <Card title={t('sc.awards.table')}>
            <Table<AwardRow>
              size="small"
              rowKey="subjectId"
              dataSource={data.rows}
              pagination={false}
              data-testid="awards-table"
              locale={{ emptyText: t('sc.awards.none') }}
              scroll={{ x: 760 }}
              columns={[
                {
                  title: t('sc.col.category'),
                  dataIndex: 'category',
                  width: 100,
                  render: (c: string) => t(`sc.category.${c}`, c),
                },
                { title: t('sc.col.rank'), dataIndex: 'rank', width: 64, align: 'center' },
                { title: t('sc.col.subject'), dataIndex: 'unitName' },
                {
                  title: t('sc.col.total'),
                  dataIndex: 'total',
                  width: 90,
                  align: 'right',
                  render: (v: number) => formatPoints(v),
                },
                {
                  title: t('sc.awards.entitled'),
                  dataIndex: 'entitledFen',
                  width: 150,
                  align: 'right',
                  render: (v: number) => formatYuan(v, lang),
                },
                {
                  title: t('sc.awards.amount'),
                  dataIndex: 'amountFen',
                  width: 150,
                  align: 'right',
                  render: (v: number, r) => (
                    <Typography.Text strong type={v < r.entitledFen ? 'warning' : undefined}>
                      {formatYuan(v, lang)}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
