import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ExportButton } from '@zhanqian/ui/export-button';
import { api } from '@zhanqian/ui/trpc';
import { Card, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addCadreStrings, RANKS } from '../shared/strings.ts';
import { adminStrings } from './strings.ts';
import { ErrorState } from './ui.tsx';

addCadreStrings(adminStrings);

type Rank = (typeof RANKS)[number];
type Row = Awaited<ReturnType<typeof api.cadres.files.list.query>>['rows'][number];

/** 干部档案: the cadres in scope, searchable by name, filterable by rank; ID numbers masked. */
export default function FilesPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [rank, setRank] = useState<Rank | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const input = { q: q || undefined, rank, page, pageSize };
  const list = useQuery({
    queryKey: ['cadres.files.list', input],
    queryFn: () => api.cadres.files.list.query(input),
    placeholderData: keepPreviousData,
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;

  const columns = [
    {
      title: t('cadres.f.name'),
      dataIndex: 'name',
      render: (name: string, r: Row) => (
        <Link to={`/cadres/files/${r.id}`} data-testid={`cadre-link-${r.id}`}>
          {name}
        </Link>
      ),
    },
    { title: t('cadres.f.gender'), dataIndex: 'gender', render: (g: string) => t(`cadres.gender.${g}`) },
    { title: t('cadres.f.age'), dataIndex: 'age' },
    { title: t('cadres.f.unit'), dataIndex: 'unitName' },
    {
      title: t('cadres.f.post'),
      dataIndex: 'postTitle',
      render: (p: string, r: Row) => (
        <Space size={4}>
          {p}
          {r.postIsKey && <Tag color="orange">{t('cadres.f.keyPost')}</Tag>}
        </Space>
      ),
    },
    { title: t('cadres.f.rank'), dataIndex: 'rank', render: (x: string) => t(`cadres.rank.${x}`) },
    {
      title: t('cadres.f.yearsInPost'),
      dataIndex: 'yearsInPost',
      render: (y: number) => t('cadres.f.years', { count: y }),
    },
    {
      title: t('cadres.f.flags'),
      key: 'flags',
      render: (_: unknown, r: Row) => (
        <Space size={4}>
          {r.promotionPriority && <Tag color="green">{t('cadres.flag.promotionPriority')}</Tag>}
          {r.keyAdjustment && <Tag color="red">{t('cadres.flag.keyAdjustment')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('cadres.f.idCard'),
      dataIndex: 'idCardMasked',
      render: (x: string | null) => <Typography.Text code>{x ?? '—'}</Typography.Text>,
    },
  ];

  return (
    <Card
      title={t('cadres.files.title')}
      extra={
        <Typography.Text type="secondary">
          {list.data
            ? list.data.appraisalYear
              ? t('cadres.files.appraisalYear', { year: list.data.appraisalYear })
              : t('cadres.files.noAppraisal')
            : null}
        </Typography.Text>
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('cadres.files.search')}
          style={{ width: 240 }}
          maxLength={20}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          data-testid="cadre-search"
        />
        <Select
          allowClear
          placeholder={t('cadres.files.allRanks')}
          aria-label={t('cadres.f.rank')}
          style={{ width: 200 }}
          value={rank}
          onChange={(v) => {
            setRank(v);
            setPage(1);
          }}
          options={RANKS.map((r) => ({ value: r, label: t(`cadres.rank.${r}`) }))}
        />
        <ExportButton
          testId="cadre-export"
          run={() => api.exports.cadres.mutate({ q: q || undefined, rank })}
        />
      </Flex>
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('common.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        data-testid="cadre-files"
      />
    </Card>
  );
}
