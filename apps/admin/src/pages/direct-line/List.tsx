import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatDate } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Card, Col, Rate, Row, Select, Space, Statistic, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState } from '../Status.tsx';
import { StatusTag } from './status.tsx';

type Status = 'received' | 'assigned' | 'answered' | 'closed';

/** 党代表直通车, the department's view: every thread, what is open and what is overdue. */
export default function DirectLineListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | undefined>();
  const [overdue, setOverdue] = useState(false);
  const list = useQuery({
    queryKey: ['directLine.list', page, status, overdue],
    queryFn: () => api.directLine.list.query({ page, pageSize: 20, status, overdue }),
    placeholderData: keepPreviousData,
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row gutter={16}>
        <Col span={8}>
          <Card>
            <Statistic title={t('dl.open')} value={list.data?.open ?? 0} data-testid="dl-open" />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic
              title={t('dl.overdueCount')}
              value={list.data?.overdue ?? 0}
              valueStyle={list.data?.overdue ? { color: '#c8161d' } : undefined}
              data-testid="dl-overdue"
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('menu.directLine')}
        extra={
          <Space>
            <Select
              allowClear
              style={{ width: 130 }}
              placeholder={t('dl.status')}
              aria-label={t('dl.status')}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              options={(['received', 'assigned', 'answered', 'closed'] as const).map((s) => ({
                value: s,
                label: t(`dl.status.${s}`),
              }))}
            />
            <Space>
              <Switch
                checked={overdue}
                onChange={(v) => {
                  setOverdue(v);
                  setPage(1);
                }}
                aria-label={t('dl.overdueOnly')}
              />
              {t('dl.overdueOnly')}
            </Space>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('dl.limit')}</Typography.Paragraph>
        <Table
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.rows}
          pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
          onRow={(r) => ({ onClick: () => navigate(`/direct-line/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('dl.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <a href={`/admin/direct-line/${r.id}`} onClick={(e) => e.preventDefault()}>
                  {v}
                </a>
              ),
            },
            { title: t('dl.member'), dataIndex: 'member_name' },
            { title: t('dl.receivedOn'), dataIndex: 'received_on', render: formatDate, width: 110 },
            { title: t('dl.dueOn'), dataIndex: 'due_on', render: formatDate, width: 110 },
            {
              title: t('dl.status'),
              dataIndex: 'status',
              render: (s: Status, r) => <StatusTag status={s} overdue={r.overdue} />,
            },
            { title: t('dl.assignee'), dataIndex: 'assignee_name', render: (v: string | null) => v ?? '—' },
            {
              title: t('dl.rating'),
              dataIndex: 'rating',
              render: (v: number | null) => (v ? <Rate disabled value={v} style={{ fontSize: 14 }} /> : '—'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
