import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useMe } from '../../session.ts';
import '../org/strings.ts';
import { Forbidden } from '../Status.tsx';
import { GridPanel } from './GridPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import './strings.ts';
import type { ImportKind } from './upload.ts';

/**
 * 数据导入: units (org.write), the member roster and households (member.write) from the
 * office's files, the history of imports, and the grid the households import built.
 * The menu shows the entry only to those holding one of the two permissions.
 */
export default function ImportsPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const kinds: ImportKind[] = [
    ...(can(me, 'org.write') ? (['units'] as const) : []),
    ...(can(me, 'member.write') ? (['members', 'households'] as const) : []),
  ];
  // The scope root, the unit an import is for unless another is picked (same query as the picker's).
  const root = useQuery({
    queryKey: ['org.tree', 'picker'],
    queryFn: () => api.org.tree.query({ depth: 1 }),
    enabled: kinds.length > 0,
  });
  if (kinds.length === 0) return <Forbidden />;
  const rootId = root.data?.find((u) => u.depth === 0)?.id;
  const tab = params.get('tab') ?? 'import';
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('imp.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 880 }}>
        {t('imp.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'import' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden={false}
        items={[
          {
            key: 'import',
            label: t('imp.tab.import'),
            children: <ImportPanel kinds={kinds} rootId={rootId} />,
          },
          { key: 'history', label: t('imp.tab.history'), children: <HistoryPanel /> },
          ...(can(me, 'org.read')
            ? [{ key: 'grid', label: t('imp.tab.grid'), children: <GridPanel /> }]
            : []),
        ]}
      />
    </div>
  );
}
