import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { DotLoading, Empty, ErrorBlock, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { TopBar } from '../TopBar.tsx';

export default function InboxPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['inbox.list', 'm'],
    queryFn: () => api.inbox.list.query({ page: 1, pageSize: 50 }),
  });
  return (
    <>
      <TopBar>{t('tab.inbox')}</TopBar>
      {list.isPending ? (
        <DotLoading />
      ) : list.isError ? (
        <ErrorBlock status="default" description={list.error.message} />
      ) : list.data.rows.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : (
        <List>
          {list.data.rows.map((n) => (
            <List.Item key={n.id} description={n.body} extra={formatDateTime(n.created_at)}>
              {n.read_at ? n.title : <b>{n.title}</b>}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
