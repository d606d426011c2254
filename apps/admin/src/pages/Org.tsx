import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import {
  Card,
  Col,
  type TreeDataNode as DataNode,
  Descriptions,
  Empty,
  Input,
  Row,
  Skeleton,
  Table,
  Tree,
} from 'antd';

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../session.ts';
import { ErrorState } from './Status.tsx';

type Unit = Awaited<ReturnType<typeof api.org.tree.query>>[number];

/** The org tree scoped to the user's subtree (children load on expand) and the member roll. */
export default function OrgPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const root = useQuery({ queryKey: ['org.tree', 'root'], queryFn: () => api.org.tree.query({ depth: 1 }) });
  const [children, setChildren] = useState<Record<number, Unit[]>>({});
  const [selected, setSelected] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');

  const unit = useQuery({
    queryKey: ['org.unit', selected],
    queryFn: () => api.org.unit.query({ id: selected! }),
    enabled: selected !== null,
  });
  const branchId = unit.data?.unit.kind === 'branch' ? unit.data.unit.id : undefined;
  const members = useQuery({
    queryKey: ['org.members', branchId, page, q],
    queryFn: () => api.org.members.query({ branchId, page, pageSize: 10, q: q || undefined }),
    enabled: can(me, 'member.read'),
    placeholderData: keepPreviousData,
  });

  const treeData = useMemo(() => {
    if (!root.data) return [];
    const build = (u: Unit): DataNode => ({
      key: u.id,
      title: u.name,
      isLeaf: u.childCount === 0,
      children: children[u.id]?.map(build),
    });
    const top = root.data.find((u) => u.depth === 0)!;
    return [
      {
        ...build(top),
        children: (children[top.id] ?? root.data.filter((u) => u.parent_id === top.id)).map(build),
      },
    ];
  }, [root.data, children]);

  const loadChildren = async (node: DataNode) => {
    const id = Number(node.key);
    if (children[id]) return;
    const rows = await queryClient.fetchQuery({
      queryKey: ['org.tree', id],
      queryFn: () => api.org.tree.query({ rootId: id, depth: 1 }),
    });
    setChildren((c) => ({ ...c, [id]: rows.filter((r) => r.depth === 1) }));
  };

  if (root.isError) return <ErrorState error={root.error} onRetry={() => root.refetch()} />;
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Card title={t('org.tree')}>
          {root.isPending ? (
            <Skeleton active />
          ) : (
            <Tree
              treeData={treeData}
              loadData={loadChildren}
              defaultExpandedKeys={treeData.map((n) => n.key)}
              onSelect={(keys) => {
                setSelected(keys.length ? Number(keys[0]) : null);
                setPage(1);
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card style={{ marginBottom: 16 }}>
          {selected === null ? (
            <Empty description={t('org.pick')} />
          ) : unit.isError ? (
            <ErrorState error={unit.error} />
          ) : unit.data ? (
            <Descriptions
              title={unit.data.path.map((u) => u.name).join(' / ')}
              items={[
                { key: 'code', label: t('org.code'), children: unit.data.unit.code },
                { key: 'kind', label: t('org.kind'), children: t(`kind.${unit.data.unit.kind}`) },
              ]}
            />
          ) : (
            <Skeleton active />
          )}
        </Card>
        {can(me, 'member.read') && (
          <Card
            title={t('org.members')}
            extra={
              <Input.Search
                allowClear
                placeholder={t('common.search')}
                onSearch={(v) => {
                  setQ(v);
                  setPage(1);
                }}
              />
            }
          >
            {members.isError ? (
              <ErrorState error={members.error} />
            ) : (
              <Table
                rowKey="id"
                loading={members.isFetching}
                dataSource={members.data?.rows}
                pagination={{
                  current: page,
                  pageSize: 10,
                  total: members.data?.total,
                  onChange: setPage,
                  showTotal: (n) => t('common.total', { count: n }),
                }}
                columns={[
                  { title: t('org.name'), dataIndex: 'name' },
                  {
                    title: t('org.gender'),
                    dataIndex: 'gender',
                    render: (g: string) => (g === 'F' ? '女' : '男'),
                  },
                  { title: t('org.branch'), dataIndex: 'branchName' },
                  { title: t('org.joinedAt'), dataIndex: 'joinedAt' },
                  { title: t('org.households'), dataIndex: 'households', align: 'right' },
                ]}
              />
            )}
          </Card>
        )}
      </Col>
    </Row>
  );
}
