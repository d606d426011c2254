import { useMutation, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { App, Button, Card, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../Status.tsx';
import { saveBase64 } from './upload.ts';

type Batch = Awaited<ReturnType<typeof api.imports.list.query>>[number];

const STATE_COLOR: Record<string, string> = {
  uploaded: 'default',
  checked: 'blue',
  queued: 'gold',
  running: 'processing',
  committed: 'green',
  failed: 'red',
};

/** The recent imports under the caller's scope (imports.list), newest first. */
export function HistoryPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: ['imports.list'], queryFn: () => api.imports.list.query() });
  const errorsXlsx = useMutation({
    mutationFn: (batchId: string) => api.imports.errorsXlsx.query({ batchId }),
    onSuccess: saveBase64,
    onError: (e) => void message.error(e.message),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Card>
      <Table<Batch>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        locale={{ emptyText: t('imp.noHistory') }}
        scroll={{ x: 760 }}
        data-testid="imports-history"
        columns={[
          {
            title: t('imp.at'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('imp.kindLabel'),
            dataIndex: 'kind',
            width: 120,
            render: (k: string) => t(`imp.kind.${k}`),
          },
          { title: t('imp.file'), dataIndex: 'fileName', ellipsis: true },
          {
            title: t('imp.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: string, b) => {
              const tag = <Tag color={STATE_COLOR[s]}>{t(`imp.state.${s}`)}</Tag>;
              return b.message ? <Tooltip title={b.message}>{tag}</Tooltip> : tag;
            },
          },
          {
            title: t('imp.counts'),
            width: 190,
            render: (_, b) =>
              b.counts
                ? `${b.counts.new} / ${b.counts.changed} / ${b.counts.unchanged} / ${b.counts.rejected}`
                : '—',
          },
          {
            title: t('imp.errorCount'),
            dataIndex: 'errorCount',
            width: 150,
            render: (n: number, b) =>
              n > 0 ? (
                <Button
                  size="small"
                  type="link"
                  onClick={() => errorsXlsx.mutate(b.id)}
                  loading={errorsXlsx.isPending && errorsXlsx.variables === b.id}
                >
                  {n} · {t('imp.errorsXlsx')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
