import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Badge, Button, Card, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState } from './Status.tsx';

/** Every workflow's notices for the signed-in user: unread first in weight, each leading to its item. */
export default function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery({
    queryKey: ['inbox.list', page, unreadOnly],
    queryFn: () => api.inbox.list.query({ page, pageSize: 20, unreadOnly }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['inbox.list'] });
    void queryClient.invalidateQueries({ queryKey: ['inbox.unread'] });
  };
  const markRead = useMutation({
    mutationFn: (id: number) => api.inbox.markRead.mutate({ id }),
    onSuccess: refresh,
  });
  const markAll = useMutation({ mutationFn: () => api.inbox.markAllRead.mutate(), onSuccess: refresh });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const unread = list.data?.unread ?? 0;
  return (
    <Card
      title={
        <Space>
          {t('menu.inbox')}
          <Badge
            count={unread}
            data-testid="inbox-unread"
            title={t('inbox.unreadCount', { count: unread })}
          />
        </Space>
      }
      extra={
        <Space>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            options={[
              { value: 'all', label: t('inbox.all') },
              { value: 'unread', label: t('inbox.unread') },
            ]}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
          />
          <Button
            disabled={!unread}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="inbox-read-all"
          >
            {t('inbox.markAllRead')}
          </Button>
        </Space>
      }
    >
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
            render: (v: string, r) => (r.read_at ? v : <Badge status="processing" text={<b>{v}</b>} />),
          },
          { title: t('inbox.body'), dataIndex: 'body' },
          {
            title: '',
            width: 190,
            render: (_, r) => (
              <Space>
                {r.link && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => {
                      if (!r.read_at) markRead.mutate(r.id);
                      navigate(r.link!);
                    }}
                  >
                    {t('inbox.open')}
                  </Button>
                )}
                {!r.read_at && (
                  <Button size="small" onClick={() => markRead.mutate(r.id)}>
                    {t('inbox.markRead')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
