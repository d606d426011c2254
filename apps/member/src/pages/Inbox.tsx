import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Badge, Button, DotLoading, Empty, ErrorBlock, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TopBar } from '../TopBar.tsx';

/** The notices of every workflow: tap one to read it and open its item. */
export default function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['inbox.list', 'm'],
    queryFn: () => api.inbox.list.query({ page: 1, pageSize: 50 }),
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
  const unread = list.data?.unread ?? 0;
  return (
    <>
      <TopBar
        right={
          unread ? (
            <Button size="mini" fill="none" onClick={() => markAll.mutate()} data-testid="inbox-read-all">
              {t('inbox.markAllRead')}
            </Button>
          ) : undefined
        }
      >
        {t('tab.inbox')} {unread ? <Badge content={unread} data-testid="inbox-unread" /> : null}
      </TopBar>
      {list.isPending ? (
        <DotLoading />
      ) : list.isError ? (
        <ErrorBlock status="default" description={list.error.message} />
      ) : list.data.rows.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : (
        <List>
          {list.data.rows.map((n) => (
            <List.Item
              key={n.id}
              description={n.body}
              extra={formatDateTime(n.created_at)}
              prefix={n.read_at ? undefined : <Badge content={Badge.dot} />}
              arrow={n.link_m ? undefined : false}
              onClick={() => {
                if (!n.read_at) markRead.mutate(n.id);
                if (n.link_m) navigate(n.link_m);
              }}
              data-testid={`notice-${n.kind}`}
            >
              {n.read_at ? n.title : <b>{n.title}</b>}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
