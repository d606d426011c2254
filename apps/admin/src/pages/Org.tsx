import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { ExportButton } from '@zhanqian/ui/export-button';
import { api } from '@zhanqian/ui/trpc';
import {
  Button,
  Card,
  Col,
  type TreeDataNode as DataNode,
  Descriptions,
  Dropdown,
  Empty,
  Input,
  Row,
  Segmented,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../session.ts';
import { MemberHistoryDrawer, UnitHistoryDrawer } from './org/HistoryDrawers.tsx';
import { type MemberAction, MemberDialog, type MemberRef } from './org/MemberDialogs.tsx';
import './org/strings.ts';
import { type UnitAction, UnitDialog } from './org/UnitDialogs.tsx';
import { ErrorState } from './Status.tsx';

type Unit = Awaited<ReturnType<typeof api.org.tree.query>>[number];
type RosterRow = Awaited<ReturnType<typeof api.org.members.query>>['rows'][number];

/**
 * The org tree scoped to the user's subtree (children load on expand) and the member roll,
 * with the office's maintenance: units added, renamed, moved, merged, dissolved (dated, with
 * history), members transferred, transferred out, confirmed, recorded deceased.
 */
export default function OrgPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const [showDissolved, setShowDissolved] = useState(false);
  const root = useQuery({
    queryKey: ['org.tree', 'root', showDissolved],
    queryFn: () => api.org.tree.query({ depth: 1, includeDissolved: showDissolved }),
  });
  const [children, setChildren] = useState<Record<number, Unit[]>>({});
  const [selected, setSelected] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<'active' | 'left' | 'all'>('active');
  const [unitAction, setUnitAction] = useState<UnitAction | null>(null);
  const [unitHistory, setUnitHistory] = useState<number | null>(null);
  const [memberAction, setMemberAction] = useState<{ action: MemberAction; member: MemberRef } | null>(null);
  const [memberHistory, setMemberHistory] = useState<number | null>(null);

  /**
   * After a change: the open unit, the roll and the histories refetch, and every branch of the
   * tree loaded so far reloads in place (the tree keeps what is expanded).
   */
  const refresh = async () => {
    for (const key of ['org.tree', 'org.unit', 'org.members', 'org.unitHistory', 'org.memberHistory'])
      void queryClient.invalidateQueries({ queryKey: [key] });
    const fresh = await Promise.all(
      Object.keys(children).map(async (key) => {
        const id = Number(key);
        const rows = await api.org.tree
          .query({ rootId: id, depth: 1, includeDissolved: showDissolved })
          .catch(() => [] as Unit[]);
        return [id, rows.filter((r) => r.depth === 1)] as const;
      }),
    );
    setChildren(Object.fromEntries(fresh));
  };

  const unit = useQuery({
    queryKey: ['org.unit', selected],
    queryFn: () => api.org.unit.query({ id: selected! }),
    enabled: selected !== null,
  });
  // The roll follows the unit picked in the tree: the members of its whole subtree (the server
  // keeps it within the caller's scope); nothing picked: the caller's whole scope.
  const unitId = selected ?? undefined;
  const members = useQuery({
    queryKey: ['org.members', unitId, page, q, status],
    queryFn: () => api.org.members.query({ unitId, page, pageSize: 10, q: q || undefined, status }),
    enabled: can(me, 'member.read'),
    placeholderData: keepPreviousData,
  });

  const treeData = useMemo(() => {
    if (!root.data) return [];
    const build = (u: Unit): DataNode => ({
      key: u.id,
      title: u.dissolved_on ? (
        <Typography.Text type="secondary">
          {u.name} <Tag>{t('orgm.dissolved')}</Tag>
        </Typography.Text>
      ) : (
        u.name
      ),
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
  }, [root.data, children, t]);

  const loadChildren = async (node: DataNode) => {
    const id = Number(node.key);
    if (children[id]) return;
    const rows = await queryClient.fetchQuery({
      queryKey: ['org.tree', id, showDissolved],
      queryFn: () => api.org.tree.query({ rootId: id, depth: 1, includeDissolved: showDissolved }),
    });
    setChildren((c) => ({ ...c, [id]: rows.filter((r) => r.depth === 1) }));
  };

  if (root.isError) return <ErrorState error={root.error} onRetry={() => root.refetch()} />;
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Card
          title={t('org.tree')}
          extra={
            <Space size={4}>
              <Typography.Text type="secondary">{t('orgm.showDissolved')}</Typography.Text>
              <Switch
                size="small"
                checked={showDissolved}
                aria-label={t('orgm.showDissolved')}
                onChange={(v) => {
                  setShowDissolved(v);
                  setChildren({});
                }}
                data-testid="show-dissolved"
              />
            </Space>
          }
        >
          {root.isPending ? (
            <Skeleton active />
          ) : (
            <Tree
              key={String(showDissolved)}
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
              extra={
                <Space wrap data-testid="unit-actions">
                  {can(me, 'org.write') &&
                    !unit.data.unit.dissolved_on &&
                    (['addChild', 'rename', 'move', 'merge', 'dissolve'] as const)
                      .filter((a) =>
                        a === 'addChild'
                          ? unit.data.unit.kind !== 'branch' && unit.data.unit.kind !== 'department'
                          : unit.data.unit.parent_id !== null,
                      )
                      .map((a) => (
                        <Button
                          key={a}
                          size="small"
                          danger={a === 'dissolve'}
                          onClick={() => setUnitAction(a)}
                          data-testid={`unit-${a}`}
                        >
                          {t(`orgm.${a}`)}
                        </Button>
                      ))}
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setUnitHistory(unit.data.unit.id)}
                    data-testid="unit-history-open"
                  >
                    {t('orgm.history')}
                  </Button>
                </Space>
              }
              items={[
                { key: 'code', label: t('org.code'), children: unit.data.unit.code },
                { key: 'kind', label: t('org.kind'), children: t(`kind.${unit.data.unit.kind}`) },
                ...(unit.data.unit.dissolved_on
                  ? [
                      {
                        key: 'dissolved',
                        label: t('orgm.dissolved'),
                        children: t('orgm.dissolvedOn', { date: unit.data.unit.dissolved_on }),
                      },
                    ]
                  : []),
              ]}
            />
          ) : (
            <Skeleton active />
          )}
        </Card>
        {can(me, 'member.read') && (
          <Card
            title={
              selected !== null && unit.data
                ? `${t('org.members')} · ${unit.data.unit.name}`
                : t('org.members')
            }
            data-testid="member-roll"
            extra={
              <Space wrap>
                <Segmented
                  size="small"
                  value={status}
                  onChange={(v) => {
                    setStatus(v as typeof status);
                    setPage(1);
                  }}
                  options={(['active', 'left', 'all'] as const).map((v) => ({
                    value: v,
                    label: t(`member.filter.${v}`),
                  }))}
                  data-testid="member-status-filter"
                />
                <Input.Search
                  allowClear
                  placeholder={t('common.search')}
                  onSearch={(v) => {
                    setQ(v);
                    setPage(1);
                  }}
                />
                <ExportButton
                  testId="member-export"
                  run={() => api.exports.members.mutate({ unitId, q: q || undefined, status })}
                />
              </Space>
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
                  {
                    title: t('member.category'),
                    dataIndex: 'category',
                    render: (c: RosterRow['category']) => t(`member.category.${c}`),
                  },
                  {
                    title: t('member.status'),
                    dataIndex: 'status',
                    render: (s: RosterRow['status'], r: RosterRow) =>
                      s === 'active' ? (
                        t('member.status.active')
                      ) : (
                        <Tag>
                          {t(`member.status.${s}`)} {r.leftOn}
                        </Tag>
                      ),
                  },
                  { title: t('org.households'), dataIndex: 'households', align: 'right' },
                  {
                    title: t('member.actions'),
                    key: 'actions',
                    render: (_: unknown, r: RosterRow) => (
                      <Space size={0}>
                        <Button size="small" type="link" onClick={() => setMemberHistory(r.id)}>
                          {t('member.history')}
                        </Button>
                        {can(me, 'member.write') && r.status === 'active' && (
                          <Dropdown
                            trigger={['click']}
                            menu={{
                              items: (['transfer', 'transferOut', 'confirm', 'death'] as const)
                                .filter((a) => a !== 'confirm' || r.category === 'probationary')
                                .map((a) => ({
                                  key: a,
                                  label: t(`member.${a}`),
                                  danger: a === 'death' || a === 'transferOut',
                                })),
                              onClick: ({ key }) =>
                                setMemberAction({
                                  action: key as MemberAction,
                                  member: { id: r.id, name: r.name, branchId: r.branchId },
                                }),
                            }}
                          >
                            <Button size="small" type="link" data-testid={`member-actions-${r.id}`}>
                              {t('member.actions')}
                            </Button>
                          </Dropdown>
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        )}
      </Col>
      {unitAction && unit.data && (
        <UnitDialog
          action={unitAction}
          unit={unit.data.unit}
          onClose={() => setUnitAction(null)}
          onDone={() => {
            setUnitAction(null);
            void refresh();
          }}
        />
      )}
      {unitHistory !== null && (
        <UnitHistoryDrawer unitId={unitHistory} onClose={() => setUnitHistory(null)} />
      )}
      {memberAction && (
        <MemberDialog
          action={memberAction.action}
          member={memberAction.member}
          onClose={() => setMemberAction(null)}
          onDone={() => {
            setMemberAction(null);
            void refresh();
          }}
        />
      )}
      {memberHistory !== null && (
        <MemberHistoryDrawer memberId={memberHistory} onClose={() => setMemberHistory(null)} />
      )}
    </Row>
  );
}
