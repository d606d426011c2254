import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { App, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './strings.ts';

/**
 * The security administrator's side of bulk accounts (三员分立: only they grant a business
 * role): the accounts awaiting a role, with the role proposed, granted in one request.
 */
export function PendingRoles() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<number[]>([]);
  const pending = useQuery({ queryKey: ['accounts.pending'], queryFn: () => api.accounts.pending.query() });
  const grant = useMutation({
    mutationFn: (userIds: number[]) => api.accounts.grantRoles.mutate({ userIds }),
    onSuccess: (r) => {
      void message.success(t('accounts.granted', { count: r.granted }));
      setSelected([]);
      for (const key of ['accounts.pending', 'accounts.list'])
        void queryClient.invalidateQueries({ queryKey: [key] });
    },
    onError: (e) => void message.error(e.message),
  });
  const withProposal = (pending.data ?? []).filter((p) => p.proposedRole);
  return (
    <Card
      title={t('accounts.pending')}
      style={{ marginBottom: 16 }}
      extra={
        <Button
          type="primary"
          disabled={selected.length === 0}
          loading={grant.isPending}
          onClick={() => grant.mutate(selected)}
          data-testid="accounts-grant"
        >
          {t('accounts.grant')}
        </Button>
      }
    >
      <Table
        rowKey="userId"
        size="small"
        loading={pending.isPending}
        dataSource={withProposal}
        pagination={{ pageSize: 20 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.name'), dataIndex: 'displayName' },
          { title: t('users.unit'), dataIndex: 'unitName' },
          {
            title: t('accounts.proposed'),
            dataIndex: 'proposedRole',
            render: (r: string) => <Tag>{t(`role.${r}`)}</Tag>,
          },
          {
            title: t('accounts.activated'),
            dataIndex: 'activated',
            render: (a: number) => (a ? '✓' : '—'),
          },
        ]}
      />
    </Card>
  );
}
