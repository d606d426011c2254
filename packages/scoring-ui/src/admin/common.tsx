import { errorCode } from '@zhanqian/ui/trpc';
import { Button, Result, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { useYear } from '../shared.ts';

/** 403: the API refused the page's data to the user's department. */
export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle={`${t('common.forbidden')}：${t('common.forbiddenText')}`}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="forbidden"
    />
  );
}

/** A failed query: 403 for a refusal, the server's message and a retry for the rest. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (errorCode(error) === 'FORBIDDEN') return <Forbidden />;
  return (
    <Result
      status={errorCode(error) === 'NOT_FOUND' ? 'info' : 'error'}
      title={errorCode(error) === 'NOT_FOUND' ? t('common.empty') : t('common.error')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      data-testid="error-state"
    />
  );
}

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
