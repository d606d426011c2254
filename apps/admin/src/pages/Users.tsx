import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { App, Button, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../session.ts';
import { BulkAccounts } from './accounts/BulkAccounts.tsx';
import { PendingRoles } from './accounts/PendingRoles.tsx';
import { ErrorState } from './Status.tsx';

/** Accounts: the system administrator's list, the security administrator's unlock. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: ['auth.users.list'],
    queryFn: () => api.auth.users.list.query({ pageSize: 200 }),
  });
  const unlock = useMutation({
    mutationFn: (userId: number) => api.auth.users.unlock.mutate({ userId }),
    onSuccess: () => {
      void message.success(t('users.unlocked'));
      void queryClient.invalidateQueries({ queryKey: ['auth.users.list'] });
    },
    onError: (e) => void message.error(e.message),
  });
  if (users.isError) return <ErrorState error={users.error} onRetry={() => users.refetch()} />;
  const now = new Date().toISOString();
  return (
    <>
      {can(me, 'user.manage') && <BulkAccounts />}
      {can(me, 'security.manage') && <PendingRoles />}
      <Card title={t('menu.users')}>
        <Table
          rowKey="id"
          size="small"
          loading={users.isPending}
          dataSource={users.data}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('users.username'), dataIndex: 'username' },
            { title: t('users.name'), dataIndex: 'display_name' },
            { title: t('users.role'), dataIndex: 'role', render: (r: string) => t(`role.${r}`) },
            {
              title: t('users.locked'),
              dataIndex: 'locked_until',
              render: (v: string | null) => (v && v > now ? formatDateTime(v) : '—'),
            },
            {
              title: '',
              render: (_, u) =>
                can(me, 'security.manage') &&
                u.locked_until &&
                u.locked_until > now && (
                  <Button size="small" onClick={() => unlock.mutate(u.id)} loading={unlock.isPending}>
                    {t('users.unlock')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
