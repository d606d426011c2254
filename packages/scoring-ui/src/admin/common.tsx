import { ErrorState, Forbidden } from '@zhanqian/ui/admin-status';

export { ErrorState, Forbidden };

import { Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { useYear } from '../shared.ts';

export const statusTag = (status: string, t: (k: string) => string) => (
  <Tag color={{ draft: 'default', open: 'processing', closed: 'warning', published: 'success' }[status]}>
    {t(`sc.scheme.status.${status}`)}
  </Tag>
);

/** The page title with the year picker (years that have a scheme) and actions on the right. */
export function PageHead({
  title,
  extra,
  yearState,
}: {
  title: string;
  extra?: ReactNode;
  yearState: ReturnType<typeof useYear>;
}) {
  const { t } = useTranslation();
  const { year, setYear, years } = yearState;
  const current = years.data?.find((y) => y.year === year);
  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'space-between',
        alignItems: 'center',
        flexWrap: 'wrap',
        gap: 12,
        marginBottom: 16,
      }}
    >
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Select
          data-testid="year-select"
          style={{ width: 120 }}
          loading={years.isPending}
          value={year}
          onChange={setYear}
          options={(years.data ?? []).map((y) => ({ value: y.year, label: t('sc.yearN', { year: y.year }) }))}
        />
        {current && statusTag(current.status, t)}
      </Space>
      <Space wrap>{extra}</Space>
    </div>
  );
}
