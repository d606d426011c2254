import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Badge, Button, Card, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './Status.tsx';

export default function InboxPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['inbox.list', page],
    queryFn: () => api.inbox.list.query({ page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  const markRead = useMutation({
    mutationFn: (id: number) => api.inbox.markRead.mutate({ id }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['inbox.list'] }),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Card title={t('menu.inbox')}>
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
        columns={[
          { title: t('inbox.at'), dataIndex: 'created_at', render: formatDateTime, width: 150 },
          {
            title: t('inbox.title'),
            dataIndex: 'title',
            render: (v: string, r) => (r.read_at ? v : <Badge status="processing" text={v} />),
          },
          { title: t('inbox.body'), dataIndex: 'body' },
          {
            title: '',
            render: (_, r) =>
              !r.read_at && (
                <Button size="small" onClick={() => markRead.mutate(r.id)}>
                  {t('inbox.markRead')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
