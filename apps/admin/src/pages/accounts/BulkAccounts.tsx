import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  InputNumber,
  Space,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadBase64 } from './download.ts';
import './strings.ts';

type Unit = Awaited<ReturnType<typeof api.org.tree.query>>[number];
interface TreeOption {
  value: number;
  title: string;
  children: TreeOption[];
}

/** The scope's units down to the branches, as TreeSelect options. */
export function toOptions(units: Unit[]): TreeOption[] {
  const byId = new Map<number, TreeOption>();
  for (const u of units) byId.set(u.id, { value: u.id, title: u.name, children: [] });
  const roots: TreeOption[] = [];
  for (const u of units) {
    const node = byId.get(u.id)!;
    const parent = u.parent_id === null ? undefined : byId.get(u.parent_id);
    if (parent && u.depth > 0) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * The system administrator's bulk accounts: pick a branch or a unit above it, tick the members
 * (none ticked: all) and those proposed as branch secretaries, create the accounts (role
 * pending) and download the activation sheet — the only time the codes are shown.
 */
export function BulkAccounts() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [unitId, setUnitId] = useState<number | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [secretaries, setSecretaries] = useState<number[]>([]);
  const [validDays, setValidDays] = useState(14);
  const tree = useQuery({
    queryKey: ['org.tree', 'accounts'],
    queryFn: () => api.org.tree.query({ depth: 3 }),
  });
  const options = useMemo(() => toOptions(tree.data ?? []), [tree.data]);
  const candidates = useQuery({
    queryKey: ['accounts.candidates', unitId],
    queryFn: () => api.accounts.candidates.query({ unitId: unitId! }),
    enabled: unitId !== null,
  });
  const create = useMutation({
    mutationFn: () =>
      api.accounts.create.mutate({
        unitId: unitId!,
        memberIds: selected.length ? selected : undefined,
        secretaryMemberIds: secretaries.length ? secretaries : undefined,
        validDays,
      }),
    onSuccess: (r) => {
      downloadBase64(r.sheet);
      void message.success(t('accounts.created', { count: r.created }));
      setSelected([]);
      setSecretaries([]);
      for (const key of ['accounts.candidates', 'accounts.list', 'accounts.pending'])
        void queryClient.invalidateQueries({ queryKey: [key] });
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Card title={t('accounts.bulk')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('accounts.sheetHelp')}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('accounts.unit')}>
          <TreeSelect
            style={{ width: 320 }}
            treeData={options}
            value={unitId ?? undefined}
            onChange={(v: number) => {
              setUnitId(v);
              setSelected([]);
              setSecretaries([]);
            }}
            aria-label={t('accounts.pickUnit')}
            showSearch
            treeNodeFilterProp="title"
            loading={tree.isPending}
            data-testid="accounts-unit"
          />
        </Form.Item>
        <Form.Item label={t('accounts.validDays')}>
          <InputNumber
            min={1}
            max={60}
            value={validDays}
            onChange={(v) => setValidDays(v ?? 14)}
            aria-label={t('accounts.validDays')}
          />
        </Form.Item>
      </Form>
      {candidates.data && (
        <>
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text>{t('accounts.candidates', { count: candidates.data.total })}</Typography.Text>
            <Typography.Text type="secondary">
              {t('accounts.selected', { count: selected.length })}
            </Typography.Text>
          </Space>
          <Table
            rowKey="memberId"
            size="small"
            dataSource={candidates.data.members}
            pagination={{ pageSize: 20 }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
            columns={[
              { title: t('org.name'), dataIndex: 'name' },
              { title: t('org.branch'), dataIndex: 'branchName' },
              {
                title: t('accounts.secretary'),
                render: (_, m) => (
                  <Checkbox
                    checked={secretaries.includes(m.memberId)}
                    onChange={(e) =>
                      setSecretaries((s) =>
                        e.target.checked ? [...s, m.memberId] : s.filter((x) => x !== m.memberId),
                      )
                    }
                  />
                ),
              },
            ]}
          />
          {candidates.data.total > 0 && (
            <Button
              type="primary"
              loading={create.isPending}
              onClick={() => create.mutate()}
              data-testid="accounts-create"
            >
              {t('accounts.create')}
            </Button>
          )}
          {create.isPending && <Alert type="info" title={t('common.loading')} style={{ marginTop: 8 }} />}
        </>
      )}
    </Card>
  );
}
