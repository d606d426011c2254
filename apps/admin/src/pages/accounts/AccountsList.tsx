import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Me } from '../../session.ts';
import { toOptions } from './BulkAccounts.tsx';
import { downloadBase64 } from './download.ts';
import type { OneTimePassword } from './PasswordOnce.tsx';
import './strings.ts';

type Account = Awaited<ReturnType<typeof api.accounts.list.query>>['rows'][number];
type State = Account['state'];

const STATES: State[] = ['active', 'locked', 'notActivated', 'awaitingRole', 'mustChange', 'disabled'];
// Status colours: the console's theme gives them AA contrast (apps/admin/src/theme.ts); preset colours miss it.
const STATE_COLOR: Record<State, string> = {
  active: 'success',
  locked: 'error',
  notActivated: 'default',
  awaitingRole: 'warning',
  mustChange: 'processing',
  disabled: 'default',
};
const ROLES = [
  'district_admin',
  'dept_admin',
  'unit_reporter',
  'branch_secretary',
  'member',
  'sys_admin',
  'sec_admin',
  'audit_admin',
  'pending',
] as const;
const SEPARATED = ['sys_admin', 'sec_admin', 'audit_admin'];

interface Filters {
  search?: string;
  role?: Account['role'];
  state?: State;
  unitId?: number;
}

/**
 * The accounts of one's scope with role, unit and state (issue #21, item 16): the system
 * administrator resets passwords and reissues activation codes (a branch's, or the accounts
 * ticked), the security administrator unlocks.
 */
export function AccountsList({ me, onPassword }: { me: Me; onPassword: (p: OneTimePassword) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sys = can(me, 'user.manage');
  const sec = can(me, 'security.manage');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number[]>([]);
  const [reissueUnit, setReissueUnit] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['accounts.list', filters, page],
    queryFn: () => api.accounts.list.query({ ...filters, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  // The unit picker needs the org tree (org.read: the system administrator's, not the security administrator's).
  const tree = useQuery({
    queryKey: ['org.tree', 'accounts'],
    queryFn: () => api.org.tree.query({ depth: 3 }),
    enabled: can(me, 'org.read'),
  });
  const options = useMemo(() => toOptions(tree.data ?? []), [tree.data]);
  const refresh = () => {
    for (const key of ['accounts.list', 'accounts.pending', 'auth.users.list'])
      void queryClient.invalidateQueries({ queryKey: [key] });
  };
  const reset = useMutation({
    mutationFn: (userId: number) => api.accounts.resetPassword.mutate({ userId }),
    onSuccess: (r) => {
      void message.success(t('usersx.resetDone', { username: r.username }));
      refresh();
      onPassword(r);
    },
    onError: (e) => void message.error(e.message),
  });
  const unlock = useMutation({
    mutationFn: (userId: number) => api.auth.users.unlock.mutate({ userId }),
    onSuccess: () => {
      void message.success(t('users.unlocked'));
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  const reissue = useMutation({
    mutationFn: (by: { userIds: number[] } | { unitId: number }) => api.accounts.reissue.mutate(by),
    onSuccess: (r) => {
      downloadBase64(r.sheet);
      void message.success(t('usersx.reissued', { count: r.reissued }));
      setSelected([]);
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });

  return (
    <Card title={t('usersx.list')} data-testid="accounts-list">
      <Form<Filters>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onValuesChange={(_, all) => {
          setFilters({ ...all, search: all.search?.trim() || undefined });
          setPage(1);
        }}
      >
        <Form.Item name="search">
          <Input.Search
            allowClear
            placeholder={t('usersx.search')}
            aria-label={t('usersx.search')}
            style={{ width: 220 }}
            data-testid="accounts-search"
          />
        </Form.Item>
        <Form.Item name="role" label={t('usersx.role')}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="accounts-filter-role"
          />
        </Form.Item>
        <Form.Item name="state" label={t('usersx.state')}>
          <Select
            allowClear
            style={{ width: 150 }}
            options={STATES.map((s) => ({ value: s, label: t(`usersx.state.${s}`) }))}
            data-testid="accounts-filter-state"
          />
        </Form.Item>
        {can(me, 'org.read') && (
          <Form.Item name="unitId" label={t('usersx.unit')}>
            <TreeSelect
              allowClear
              style={{ width: 240 }}
              treeData={options}
              showSearch
              treeNodeFilterProp="title"
              loading={tree.isPending}
              data-testid="accounts-filter-unit"
            />
          </Form.Item>
        )}
      </Form>
      {sys && (
        <Card size="small" style={{ marginBottom: 16 }} title={t('usersx.reissue')}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('usersx.reissueHelp')}
          </Typography.Paragraph>
          <Space wrap>
            <TreeSelect
              allowClear
              style={{ width: 280 }}
              treeData={options}
              showSearch
              treeNodeFilterProp="title"
              value={reissueUnit ?? undefined}
              onChange={(v: number | undefined) => setReissueUnit(v ?? null)}
              aria-label={t('accounts.pickUnit')}
              data-testid="reissue-unit"
            />
            <Button
              disabled={reissueUnit === null}
              loading={reissue.isPending}
              onClick={() => reissue.mutate({ unitId: reissueUnit! })}
              data-testid="reissue-unit-go"
            >
              {t('usersx.reissueUnit')}
            </Button>
            <Button
              disabled={selected.length === 0}
              loading={reissue.isPending}
              onClick={() => reissue.mutate({ userIds: selected })}
              data-testid="reissue-selected"
            >
              {t('usersx.reissueSelected', { count: selected.length })}
            </Button>
          </Space>
        </Card>
      )}
      <Table<Account>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        data-testid="accounts-table"
        rowSelection={
          sys
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as number[]),
                getCheckboxProps: (a) => ({ disabled: a.state !== 'notActivated' }),
                preserveSelectedRowKeys: true,
              }
            : undefined
        }
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { count: n }),
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.name'), dataIndex: 'displayName' },
          {
            title: t('users.role'),
            render: (_, a) => (
              <>
                {t(`role.${a.role}`)}
                {a.proposedRole && (
                  <Tag style={{ marginLeft: 8 }}>
                    {t('usersx.proposed', { role: t(`role.${a.proposedRole}`) })}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('usersx.unit'),
            render: (_, a) => (a.streetName ? `${a.streetName} ${a.unitName}` : a.unitName),
          },
          {
            title: t('usersx.state'),
            render: (_, a) => (
              <span
                title={
                  a.lockedUntil ? t('usersx.lockedUntil', { at: formatDateTime(a.lockedUntil) }) : undefined
                }
              >
                <Tag color={STATE_COLOR[a.state]} data-testid={`state-${a.username}`}>
                  {t(`usersx.state.${a.state}`)}
                </Tag>
              </span>
            ),
          },
          {
            title: t('usersx.actions'),
            render: (_, a) => (
              <Space size="small">
                {sys && a.id !== me.userId && !SEPARATED.includes(a.role) && a.state !== 'notActivated' && (
                  <Popconfirm
                    title={t('usersx.resetConfirm', { name: a.displayName })}
                    description={<div style={{ maxWidth: 280 }}>{t('usersx.resetConfirmText')}</div>}
                    onConfirm={() => reset.mutate(a.id)}
                    okButtonProps={{ danger: true, id: 'reset-ok' }}
                  >
                    <Button size="small" data-testid={`reset-${a.username}`}>
                      {t('usersx.reset')}
                    </Button>
                  </Popconfirm>
                )}
                {sec && a.locked && (
                  <Popconfirm
                    title={t('usersx.unlockConfirm', { name: a.displayName })}
                    onConfirm={() => unlock.mutate(a.id)}
                  >
                    <Button size="small" data-testid={`unlock-${a.username}`}>
                      {t('users.unlock')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
