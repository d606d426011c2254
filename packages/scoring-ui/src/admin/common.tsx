import { ErrorState, Forbidden } from '@zhanqian/ui/admin-status';

export { ErrorState, Forbidden };

import { Alert, Card, Empty, Select, Space, Tag, Typography } from 'antd';
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
  provisional,
}: {
  title: string;
  extra?: ReactNode;
  yearState: ReturnType<typeof useYear>;
  /** The figures below are provisional (the year is not published): a 暂定 tag by the status. */
  provisional?: boolean;
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
          aria-label={t('sc.year')}
          style={{ width: 120 }}
          loading={years.isPending}
          value={year}
          onChange={setYear}
          options={(years.data ?? []).map((y) => ({ value: y.year, label: t('sc.yearN', { year: y.year }) }))}
        />
        {current && statusTag(current.status, t)}
        {provisional && (
          <Tag color="orange" data-testid="provisional-tag">
            {t('sc.results.provisional')}
          </Tag>
        )}
      </Space>
      <Space wrap>{extra}</Space>
    </div>
  );
}

/** How the server lets the caller see a year's results (scoring.results.*). */
export type ResultsAccess = 'final' | 'provisional' | 'hidden';

/** 结果尚未公布: what anyone but the assessment office sees of a year not yet published. */
export function NotPublished({ year }: { year: number | undefined }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="results-not-published">
      <Empty
        description={
          <Space direction="vertical" size={4}>
            <Typography.Text strong>{t('sc.results.notPublished')}</Typography.Text>
            <Typography.Text type="secondary">{t('sc.results.notPublishedHint', { year })}</Typography.Text>
          </Space>
        }
      />
    </Card>
  );
}

/** The banner over provisional figures (the assessment office, before publication). */
export function ProvisionalBanner({ year, status }: { year: number | undefined; status: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="results-provisional"
      title={t('sc.results.provisionalTitle', { year })}
      description={t('sc.results.provisionalBody', { status: t(`sc.scheme.status.${status}`) })}
    />
  );
}
