import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrgKind } from '@zhanqian/org/kinds';
import { api } from '@zhanqian/ui/trpc';
import { TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Unit = Awaited<ReturnType<typeof api.org.tree.query>>[number];

interface Props {
  id?: string;
  value?: number;
  onChange?: (value: number) => void;
  /** The picked unit's label, for a confirmation that names it. */
  onLabel?: (label: string) => void;
  /** Which units may be picked (others show, greyed, so the tree stays navigable). */
  selectable: (unit: { id: number; kind: OrgKind }) => boolean;
  'data-testid'?: string;
}

/**
 * A unit picked in the caller's org tree (live units only), children loaded on expand: a
 * street's tree of thousands of branches is never fetched whole.
 */
export function UnitPicker({ id, value, onChange, onLabel, selectable, ...rest }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const root = useQuery({
    queryKey: ['org.tree', 'picker'],
    queryFn: () => api.org.tree.query({ depth: 1 }),
  });
  const [loaded, setLoaded] = useState<Unit[]>([]);
  const units = [...(root.data ?? []), ...loaded.filter((u) => !root.data?.some((r) => r.id === u.id))];
  const rootId = root.data?.find((u) => u.depth === 0)?.id;
  const treeData = units.map((u) => ({
    id: u.id,
    pId: u.id === rootId ? 0 : (u.parent_id ?? 0),
    value: u.id,
    title: `${u.name}（${t(`kind.${u.kind}`)}）`,
    isLeaf: u.childCount === 0,
    disabled: !selectable(u),
  }));
  return (
    <TreeSelect
      id={id}
      data-testid={rest['data-testid']}
      value={value}
      onChange={(v: number, labels) => {
        onChange?.(v);
        onLabel?.(String(labels[0] ?? ''));
      }}
      loading={root.isPending}
      treeDataSimpleMode
      treeData={treeData}
      treeDefaultExpandedKeys={rootId ? [rootId] : []}
      placeholder={t('orgm.pickTarget')}
      showSearch
      treeNodeFilterProp="title"
      style={{ width: '100%' }}
      loadData={async (node) => {
        const parent = Number(node.value);
        if (units.some((u) => u.parent_id === parent && u.id !== rootId)) return;
        const rows = await queryClient.fetchQuery({
          queryKey: ['org.tree', 'picker', parent],
          queryFn: () => api.org.tree.query({ rootId: parent, depth: 1 }),
        });
        setLoaded((l) => [...l, ...rows.filter((r) => r.depth === 1)]);
      }}
    />
  );
}
