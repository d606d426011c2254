import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toOptions } from './BulkAccounts.tsx';
import type { OneTimePassword } from './PasswordOnce.tsx';
import './strings.ts';

/** The business roles the system administrator may propose (the security administrator grants). */
const PROPOSABLE = ['member', 'branch_secretary', 'unit_reporter', 'dept_admin', 'district_admin'] as const;
type Proposable = (typeof PROPOSABLE)[number];

interface Values {
  username: string;
  displayName: string;
  orgUnitId: number;
  memberId?: number;
  proposedRole: Proposable;
}

/**
 * 新建账号 (issue #21, item 16): one account, for a department's staff member or a member of
 * the roll, made pending with a proposed role; its one-time initial password goes to `onDone`.
 */
export function NewAccount({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (p: OneTimePassword) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unitId, setUnitId] = useState<number | null>(null);
  const tree = useQuery({
    queryKey: ['org.tree', 'accounts'],
    queryFn: () => api.org.tree.query({ depth: 3 }),
    enabled: open,
  });
  const options = useMemo(() => toOptions(tree.data ?? []), [tree.data]);
  const members = useQuery({
    queryKey: ['accounts.candidates', unitId],
    queryFn: () => api.accounts.candidates.query({ unitId: unitId! }),
    enabled: open && unitId !== null,
  });
  const create = useMutation({
    mutationFn: (v: Values) => api.accounts.createOne.mutate({ ...v, memberId: v.memberId ?? null }),
    onSuccess: (r) => {
      void message.success(t('usersx.created', { username: r.username }));
      for (const key of ['accounts.list', 'accounts.pending', 'accounts.candidates'])
        void queryClient.invalidateQueries({ queryKey: [key] });
      form.resetFields();
      setUnitId(null);
      onDone(r);
    },
  });
  const required = (field: string) => [{ required: true, message: t('usersx.required', { field }) }];
  return (
    <Modal
      open={open}
      title={t('usersx.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('usersx.create')}
      okButtonProps={{ loading: create.isPending, id: 'new-account-ok' }}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon title={t('usersx.newHelp')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => create.mutate(v)}
        initialValues={{ proposedRole: 'dept_admin' }}
        data-testid="new-account"
      >
        <Form.Item
          name="username"
          label={t('usersx.username')}
          extra={t('usersx.usernameHelp')}
          rules={[
            ...required(t('usersx.username')),
            { pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('usersx.usernameHelp') },
          ]}
        >
          <Input autoComplete="off" data-testid="new-account-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('usersx.displayName')}
          rules={required(t('usersx.displayName'))}
        >
          <Input data-testid="new-account-name" />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('usersx.orgUnit')} rules={required(t('usersx.orgUnit'))}>
          <TreeSelect
            treeData={options}
            showSearch
            treeNodeFilterProp="title"
            loading={tree.isPending}
            onChange={(v: number) => {
              setUnitId(v ?? null);
              form.setFieldValue('memberId', undefined);
            }}
            data-testid="new-account-unit"
          />
        </Form.Item>
        <Form.Item name="memberId" label={t('usersx.member')} extra={t('usersx.memberHelp')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            disabled={unitId === null}
            loading={members.isFetching}
            options={(members.data?.members ?? []).map((m) => ({
              value: m.memberId,
              label: `${m.name}（${m.branchName}）`,
            }))}
            onChange={(v: number | undefined) => {
              const m = members.data?.members.find((x) => x.memberId === v);
              if (m && !form.getFieldValue('displayName')) form.setFieldValue('displayName', m.name);
            }}
            data-testid="new-account-member"
          />
        </Form.Item>
        <Form.Item
          name="proposedRole"
          label={t('usersx.proposedRole')}
          rules={required(t('usersx.proposedRole'))}
        >
          <Select
            options={PROPOSABLE.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="new-account-role"
          />
        </Form.Item>
        {create.error && <Alert type="error" title={create.error.message} data-testid="new-account-error" />}
      </Form>
    </Modal>
  );
}
