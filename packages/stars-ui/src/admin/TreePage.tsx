import { useQuery, useQueryClient } from '@tanstack/react-query';
import { starLevelOfUnit } from '@zhanqian/stars/levels';
import { ExportButton } from '@zhanqian/ui/export-button';
import { api } from '@zhanqian/ui/trpc';
import {
  Card,
  Col,
  Empty,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addStarsStrings } from '../setup.ts';
import { CHILD, type EntityRow, type Level, type Me } from '../shared.ts';
import { EntityPanel } from './EntityPanel.tsx';
import { ErrorState } from './Status.tsx';
import { useYear, YearSelect } from './YearSelect.tsx';

addStarsStrings();

type Unit = Awaited<ReturnType<typeof api.org.tree.query>>[number];

/** A node of the star tree: an org unit, a member, a member's zone or a household. */
interface StarNode {
  key: string;
  kind: 'unit' | 'member' | 'zone' | 'household';
  id: number;
  name: string;
  unitKind?: Unit['kind'];
  /** The star level this node is rated at (none for streets, departments, the district, zones). */
  level: Level | null;
  row?: EntityRow;
  branchId?: number;
  memberId?: number;
  leaf: boolean;
}

/**
 * The tree down to households (street → committee → branch → member → zone → households),
 * children loaded on expand, each node with its stars and certification; a picked node shows its
 * explanation and, where the user may, its ten criteria to rate.
 */
export default function TreePage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [year, setYear] = useYear();
  const rootParam = params.get('root');
  const me = useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });
  // The gate: criteria need stars.read, so another department's staff get the API's 403 here.
  const criteria = useQuery({
    queryKey: ['stars.criteria', year],
    queryFn: () => api.stars.criteria.query({ year }),
  });
  const root = useQuery({
    queryKey: ['org.tree', rootParam ?? 'root', 1],
    queryFn: () => api.org.tree.query({ rootId: rootParam ? Number(rootParam) : undefined, depth: 0 }),
    enabled: criteria.isSuccess,
  });
  const [kids, setKids] = useState<Record<string, StarNode[]>>({});
  const [loaded, setLoaded] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [selected, setSelected] = useState<StarNode | null>(null);
  const [exportLevel, setExportLevel] = useState<Level>('household');
  const index = useRef(new Map<string, StarNode>());

  const rootUnit = root.data?.find((u) => u.depth === 0);
  // A street (or the district) is no star level: its own row is not asked for, its tree starts
  // with the communities below (asking stars.entities for level=street was a 400).
  const rootLevel = rootUnit ? starLevelOfUnit(rootUnit.kind) : null;
  const rootStars = useQuery({
    queryKey: ['stars.entities', year, rootLevel, rootUnit?.id, 'self'],
    queryFn: () =>
      api.stars.entities.query({
        year,
        level: rootLevel!,
        unitId: rootUnit!.id,
        pageSize: 1,
      }),
    enabled: !!rootUnit && rootLevel !== null,
  });
  const rootNode: StarNode | null = useMemo(() => {
    if (!rootUnit) return null;
    const node: StarNode = {
      key: `u${rootUnit.id}`,
      kind: 'unit',
      id: rootUnit.id,
      name: rootUnit.name,
      unitKind: rootUnit.kind,
      level: rootLevel,
      row: rootStars.data?.rows.find((r) => r.id === rootUnit.id),
      branchId: rootUnit.kind === 'branch' ? rootUnit.id : undefined,
      leaf: false,
    };
    index.current.set(node.key, node);
    return node;
  }, [rootUnit, rootLevel, rootStars.data]);

  /** The children of a node, with their stars, from the org tree and stars.entities. */
  const fetchChildren = useCallback(
    async (node: StarNode): Promise<StarNode[]> => {
      const entities = (level: Level, unitId: number, memberId?: number) =>
        queryClient.fetchQuery({
          queryKey: ['stars.entities', year, level, unitId, memberId ?? null],
          queryFn: () => api.stars.entities.query({ year, level, unitId, memberId, pageSize: 500 }),
          staleTime: 0,
        });
      if (node.kind === 'unit' && node.unitKind === 'branch') {
        const members = await entities('member', node.id);
        return members.rows.map((r) => ({
          key: `m${r.id}`,
          kind: 'member',
          id: r.id,
          name: r.name,
          level: 'member',
          row: r,
          branchId: node.id,
          memberId: r.id,
          leaf: false,
        }));
      }
      if (node.kind === 'unit') {
        const units = await queryClient.fetchQuery({
          queryKey: ['org.tree', node.id, 1],
          queryFn: () => api.org.tree.query({ rootId: node.id, depth: 1 }),
        });
        // Departments hold no star entities: the star tree is the grid (streets and communities).
        const children = units.filter((u) => u.depth === 1 && u.kind !== 'department');
        const stars = new Map<number, EntityRow>();
        for (const level of new Set(children.map((c) => starLevelOfUnit(c.kind))))
          if (level) for (const r of (await entities(level, node.id)).rows) stars.set(r.id, r);
        return children.map((u) => ({
          key: `u${u.id}`,
          kind: 'unit',
          id: u.id,
          name: u.name,
          unitKind: u.kind,
          level: starLevelOfUnit(u.kind),
          row: stars.get(u.id),
          branchId: u.kind === 'branch' ? u.id : undefined,
          leaf: u.childCount === 0 && u.kind !== 'branch',
        }));
      }
      if (node.kind === 'member') {
        const households = await entities('household', node.branchId!, node.id);
        return [
          {
            key: `z${node.id}`,
            kind: 'zone',
            id: node.id,
            name: t('stars.zoneOf', { name: node.name, count: households.total }),
            level: null,
            memberId: node.id,
            branchId: node.branchId,
            leaf: households.rows.length === 0,
            households: households.rows,
          } as StarNode & { households: EntityRow[] },
        ];
      }
      return [];
    },
    [queryClient, year, t],
  );

  const load = useCallback(
    async (node: StarNode) => {
      let children: StarNode[];
      if (node.kind === 'zone') {
        const rows = (node as StarNode & { households?: EntityRow[] }).households ?? [];
        children = rows.map((r) => ({
          key: `h${r.id}`,
          kind: 'household',
          id: r.id,
          name: r.name,
          level: 'household',
          row: r,
          memberId: node.memberId,
          branchId: node.branchId,
          leaf: true,
        }));
      } else children = await fetchChildren(node);
      for (const c of children) index.current.set(c.key, c);
      setKids((k) => ({ ...k, [node.key]: children }));
      setLoaded((l) => (l.includes(node.key) ? l : [...l, node.key]));
    },
    [fetchChildren],
  );

  /** After a rating the chain above it changed: reload every open level (stars and shares). */
  const reloadOpen = useCallback(async () => {
    // refetch() runs even a disabled query: only a rated root (a committee or branch) has a row
    if (rootLevel) await rootStars.refetch();
    const keys = Object.keys(kids);
    const order = ['u', 'm', 'z'];
    keys.sort((a, b) => order.indexOf(a[0]!) - order.indexOf(b[0]!));
    for (const key of keys) {
      const node = index.current.get(key);
      if (node) await load(node);
    }
    setSelected((s) => (s ? (index.current.get(s.key) ?? s) : s));
  }, [kids, load, rootStars, rootLevel]);

  const treeData = useMemo(() => {
    if (!rootNode) return [];
    const build = (n: StarNode): TreeDataNode => ({
      key: n.key,
      title: <NodeTitle node={n} />,
      isLeaf: n.leaf,
      children: kids[n.key]?.map(build),
    });
    return [build(rootNode)];
  }, [rootNode, kids]);

  if (criteria.isError) return <ErrorState error={criteria.error} onRetry={() => criteria.refetch()} />;
  if (root.isError) return <ErrorState error={root.error} onRetry={() => root.refetch()} />;
  const user = me.data as Me | undefined;
  const districtScope = rootUnit?.kind === 'district';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stars.tree')}
        </Typography.Title>
        <Space wrap>
          <YearSelect
            year={year}
            onChange={(y) => {
              setYear(y);
              setKids({});
              setLoaded([]);
              setExpanded(null);
            }}
          />
          {/* the list of one level under the unit picked in the tree (or the whole scope) */}
          <Select<Level>
            value={exportLevel}
            onChange={setExportLevel}
            aria-label={t('common.export')}
            style={{ width: 140 }}
            options={(['household', 'member', 'branch', 'committee'] as const).map((l) => ({
              value: l,
              label: t(`stars.level.${l}`),
            }))}
          />
          <ExportButton
            testId="stars-export"
            disabled={!rootUnit}
            run={() =>
              api.exports.stars.mutate({
                year,
                level: exportLevel,
                unitId: selected?.kind === 'unit' ? selected.id : rootUnit!.id,
              })
            }
          />
        </Space>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('stars.treeHelp')}
            </Typography.Paragraph>
            {!rootNode ? (
              <Skeleton active />
            ) : (
              <div data-testid="stars-tree">
                <Tree
                  treeData={treeData}
                  loadData={(n) => load(index.current.get(String(n.key))!)}
                  loadedKeys={loaded}
                  expandedKeys={expanded ?? [rootNode.key]}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  selectedKeys={selected ? [selected.key] : []}
                  onSelect={(keys) =>
                    setSelected(keys.length ? (index.current.get(String(keys[0])) ?? null) : null)
                  }
                  showLine
                  blockNode
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {!selected?.level ? (
            <Card>
              <Empty description={selected ? t('stars.treeHelp') : t('stars.pick')} />
            </Card>
          ) : (
            <EntityPanel
              key={`${selected.level}-${selected.id}-${year}`}
              year={year}
              level={selected.level}
              id={selected.id}
              criteriaNames={
                criteria.data?.find((c) => c.level === selected.level)?.criteria.map((c) => c.name) ?? []
              }
              canRate={
                !!user?.permissions.includes('stars.rate') &&
                (selected.level === 'household' ||
                  selected.level === 'member' ||
                  (selected.level === 'branch' && rootUnit?.id !== selected.id) ||
                  (selected.level === 'committee' && districtScope))
              }
              onRated={reloadOpen}
            />
          )}
        </Col>
      </Row>
    </Space>
  );
}

/** A node's name, its stars and its certification (with the ten-star share of its children). */
function NodeTitle({ node }: { node: StarNode }) {
  const { t } = useTranslation();
  const r = node.row;
  return (
    <span data-testid={`node-${node.key}`}>
      <span>{node.name}</span>
      {node.level && r && (
        <>
          {' '}
          <Tag
            color={r.stars === 10 ? 'gold' : r.rated ? 'default' : 'default'}
            style={{ marginInlineEnd: 4 }}
          >
            {r.rated ? `★${r.stars}` : t('stars.unrated')}
          </Tag>
          <CertTag tenStar={r.tenStar} />
          {r.childrenTotal !== null && node.level !== 'household' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`stars.share.${CHILD[node.level]}`, { ten: r.childrenTen, total: r.childrenTotal })}
            </Typography.Text>
          )}
        </>
      )}
    </span>
  );
}

export function CertTag({ tenStar }: { tenStar: boolean | null }) {
  const { t } = useTranslation();
  if (tenStar === null) return <Tag>{t('stars.notComputed')}</Tag>;
  return tenStar ? (
    <Tag color="success">{t('stars.certified')}</Tag>
  ) : (
    <Tag color="warning">{t('stars.notCertified')}</Tag>
  );
}
