import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Card, Empty, Form, Skeleton, Space, Tag, Tree, type TreeDataNode, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../org/UnitPicker.tsx';
import { ErrorState } from '../Status.tsx';

type Grid = Awaited<ReturnType<typeof api.imports.grid.query>>;

/**
 * The grid (网格) the household import built, under a community Party committee or a branch:
 * building branches → each member's responsibility zone and its households → the resident
 * backbones (居民骨干) among them, flagged.
 */
export function GridPanel() {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<{ id: number; label: string } | null>(null);
  const grid = useQuery({
    queryKey: ['imports.grid', unit?.id],
    queryFn: () => api.imports.grid.query({ unitId: unit!.id }),
    enabled: unit !== null,
  });
  const treeData = useMemo(() => (grid.data ? toTree(grid.data, t) : []), [grid.data, t]);
  const households = grid.data?.branches.reduce(
    (n, b) => n + b.members.reduce((m, x) => m + x.households, 0),
    0,
  );
  return (
    <Card>
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('grid.unit')} style={{ minWidth: 420 }}>
          <UnitPicker
            value={unit?.id}
            onChange={(id) => setUnit((u) => ({ id, label: u?.id === id ? u.label : '' }))}
            onLabel={(label) => setUnit((u) => (u ? { ...u, label } : u))}
            selectable={(u) => u.kind === 'committee' || u.kind === 'branch'}
            data-testid="grid-unit"
          />
        </Form.Item>
      </Form>
      {unit === null ? (
        <Empty description={t('grid.pick')} />
      ) : grid.isError ? (
        <ErrorState error={grid.error} onRetry={() => grid.refetch()} />
      ) : grid.isPending ? (
        <Skeleton active />
      ) : grid.data.branches.length === 0 ? (
        <Empty description={t('grid.empty')} />
      ) : (
        <>
          <Typography.Paragraph strong>
            {unit.label} · {t('grid.households', { count: households })}
          </Typography.Paragraph>
          <Tree showLine selectable={false} defaultExpandAll treeData={treeData} data-testid="grid-tree" />
        </>
      )}
    </Card>
  );
}

function toTree(grid: Grid, t: TFunction): TreeDataNode[] {
  return grid.branches.map((b) => ({
    key: `b${b.id}`,
    title: (
      <Space size={6} wrap>
        <Typography.Text strong>{b.name}</Typography.Text>
        {b.branchType && <Tag>{t(`grid.branchType.${b.branchType}`)}</Tag>}
        <Typography.Text type="secondary">
          {t('grid.members', { count: b.members.length })} ·{' '}
          {t('grid.households', { count: b.members.reduce((n, m) => n + m.households, 0) })}
        </Typography.Text>
      </Space>
    ),
    children: b.members.map((m) => ({
      key: `m${m.memberId}`,
      title: (
        <Space size={6} wrap>
          <span>{m.name}</span>
          <Typography.Text type="secondary">
            {m.zoneName ? t('grid.zone', { name: m.zoneName }) : t('grid.noZone')} ·{' '}
            {t('grid.households', { count: m.households })}
          </Typography.Text>
          {m.backbones.length > 0 && (
            <Tag color="red">{t('grid.backbones', { count: m.backbones.length })}</Tag>
          )}
        </Space>
      ),
      isLeaf: m.backbones.length === 0,
      children: m.backbones.map((h) => ({
        key: `h${h.householdId}`,
        isLeaf: true,
        title: (
          <Space size={6} wrap data-testid="grid-backbone">
            <Tag color="red">{t('grid.backbone')}</Tag>
            <span>{h.headName}</span>
            <Typography.Text type="secondary">
              {h.address}
              {h.contact ? ` · ${h.contact}` : ''}
            </Typography.Text>
          </Space>
        ),
      })),
    })),
  }));
}
