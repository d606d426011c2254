import { useQuery } from '@tanstack/react-query';
import { ExportButton } from '@zhanqian/ui/export-button';
import { formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Card, Col, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ResultRow, useYear } from '../shared.ts';
import { ErrorState, NotPublished, PageHead, ProvisionalBanner } from './common.tsx';
import { flagTags } from './RankingsPage.tsx';

function ResultTable({
  q,
  testId,
  empty,
}: {
  q: {
    data?: { rows: ResultRow[] };
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
  };
  testId: string;
  empty: string;
}) {
  const { t } = useTranslation();
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <Table<ResultRow>
      size="small"
      rowKey="subjectId"
      loading={q.isPending}
      dataSource={q.data?.rows}
      pagination={false}
      locale={{ emptyText: empty }}
      data-testid={testId}
      scroll={{ x: 560 }}
      columns={[
        {
          title: t('sc.col.category'),
          dataIndex: 'category',
          width: 72,
          render: (c: string) => t(`sc.category.${c}`, c),
        },
        { title: t('sc.col.rank'), dataIndex: 'rank', width: 56, align: 'center' },
        { title: t('sc.col.subject'), dataIndex: 'unitName' },
        {
          title: t('sc.col.total'),
          dataIndex: 'total',
          width: 90,
          align: 'right',
          render: (v: number) => formatPoints(v),
        },
        { title: t('sc.col.flags'), width: 180, render: (_, r) => flagTags(r, t) },
      ]}
    />
  );
}

/** 后两位与重点调整, 优先考虑: the lists the results decide. */
export default function ListsPage() {
  const { t } = useTranslation();
  const yearState = useYear();
  const { year, years } = yearState;
  const on = year !== undefined;
  const bottom = useQuery({
    queryKey: ['scoring.results.bottomTwo', year],
    queryFn: () => api.scoring.results.bottomTwo.query({ year: year! }),
    enabled: on,
  });
  const key = useQuery({
    queryKey: ['scoring.results.keyAdjustment', year],
    queryFn: () => api.scoring.results.keyAdjustment.query({ year: year! }),
    enabled: on,
  });
  const priority = useQuery({
    queryKey: ['scoring.results.priority', year],
    queryFn: () => api.scoring.results.priority.query({ year: year! }),
    enabled: on,
  });
  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  // One refusal answers for the page: the three lists share a permission.
  if (bottom.isError) return <ErrorState error={bottom.error} onRetry={() => bottom.refetch()} />;
  // The three lists are results: before publication only the assessment office sees them.
  const access = bottom.data?.access;
  if (access === 'hidden')
    return (
      <div>
        <PageHead title={t('sc.menu.lists')} yearState={yearState} />
        <NotPublished year={year} />
      </div>
    );
  return (
    <div>
      <PageHead title={t('sc.menu.lists')} yearState={yearState} provisional={access === 'provisional'} />
      {access === 'provisional' && <ProvisionalBanner year={year} status={bottom.data!.status} />}
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card
            title={`${t('sc.lists.keyAdjustment')}（${key.data?.total ?? '…'}）`}
            data-testid="card-key-adjustment"
          >
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('sc.lists.keyAdjustmentRule', { year, prev: (year ?? 0) - 1 })}
            />
            <ResultTable q={key} testId="key-adjustment-table" empty={t('sc.lists.noneKey')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title={`${t('sc.lists.bottomTwo')}（${bottom.data?.total ?? '…'}）`}
            extra={
              <ExportButton
                testId="bottom-two-export"
                disabled={!bottom.data}
                run={() => api.exports.bottomTwo.mutate({ year: year! })}
              />
            }
          >
            <Typography.Paragraph type="secondary">{t('sc.lists.bottomTwoRule')}</Typography.Paragraph>
            <ResultTable q={bottom} testId="bottom-two-table" empty={t('common.empty')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`${t('sc.lists.priority')}（${priority.data?.total ?? '…'}）`}>
            <Typography.Paragraph type="secondary">{t('sc.lists.priorityRule')}</Typography.Paragraph>
            <ResultTable q={priority} testId="priority-table" empty={t('common.empty')} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
