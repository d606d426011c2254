import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../session.ts';
import { ErrorState } from './Status.tsx';

/** The audit log: everything for the audit administrator, one's own actions for others. */
export default function AuditPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['audit.list', page],
    queryFn: () => api.audit.list.query({ page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  const verify = useQuery({
    queryKey: ['audit.verify'],
    queryFn: () => api.audit.verify.query(),
    enabled: false,
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Card
      title={t('menu.audit')}
      extra={
        can(me, 'audit.read') && (
          <Button onClick={() => verify.refetch()} loading={verify.isFetching}>
            {t('audit.verify')}
          </Button>
        )
      }
    >
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={verify.data.ok ? 'success' : 'error'}
          title={
            verify.data.ok
              ? t('audit.intact', { count: verify.data.checked })
              : t('audit.broken', { id: verify.data.firstBad?.id })
          }
        />
      )}
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          onChange: setPage,
          showTotal: (n) => t('common.total', { count: n }),
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: formatDateTime, width: 150 },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('audit.action'), dataIndex: 'action' },
          {
            title: t('audit.object'),
            render: (_, r) => `${r.object_type}${r.object_id ? ` #${r.object_id}` : ''}`,
          },
          {
            title: t('audit.result'),
            dataIndex: 'result',
            render: (v: string) => (
              <Tag color={v === 'ok' ? 'green' : v === 'denied' ? 'orange' : 'red'}>{v}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
