import { api } from '@zhanqian/ui/trpc';
import { Alert, Button, Card, Result, Skeleton } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../me.ts';
import { useYear } from '../shared.ts';
import { ErrorState, Forbidden } from './common.tsx';
import { type ImportCounts, ImportFlow, type YearOption } from './ImportFlow.tsx';

/**
 * 指标数据批量导入: a year's reported values for many subjects at once, from the template the
 * server fills with every subject × indicator (and the values already reported). The rows
 * await review as a reporter's submissions would; only a year open for reports takes them.
 */
export default function ReportsImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { year, setYear, years } = useYear();

  const options = useMemo<YearOption[]>(
    () =>
      (years.data ?? []).map((y) => ({
        value: y.year,
        disabled: y.status !== 'open',
        label: `${t('sc.yearN', { year: y.year })}${y.status === 'open' ? '' : t('sc.rep.notOpen')}`,
      })),
    [years.data, t],
  );

  if (me.data && !me.data.permissions.includes('scoring.manage')) return <Forbidden />;
  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  if (years.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  return (
    <ImportFlow<ImportCounts>
      title={t('sc.rep.title')}
      intro={t('sc.rep.intro')}
      testId="rep"
      year={year}
      years={options}
      onYear={setYear}
      showRemoved={false}
      template={(y) => api.scoring.reports.template.query({ year: y })}
      dryRun={async (y, base64) => {
        const r = await api.scoring.reports.dryRun.mutate({ year: y, base64 });
        if (!r.ok || r.counts.new + r.counts.changed > 0) return r;
        return { ...r, notes: <Alert type="info" showIcon title={t('sc.imp.noChange')} /> };
      }}
      run={async (y, base64) => {
        const r = await api.scoring.reports.import.mutate({ year: y, base64 });
        return r.ok ? { ok: true, result: r.counts } : r;
      }}
      confirm={(y, counts) => ({
        title: t('sc.rep.confirmTitle', { year: y }),
        content: t('sc.rep.confirmContent', { new: counts.new, changed: counts.changed }),
      })}
      done={(y, counts, reset) => (
        <Card data-testid="rep-done">
          <Result
            status="success"
            title={t('sc.rep.done', { year: y })}
            subTitle={(['new', 'changed', 'unchanged'] as const)
              .map((k) => `${t(`sc.imp.count.${k}`)} ${counts[k]}`)
              .join('　')}
            extra={[
              <Link key="r" to={`/scoring/review?year=${y}`}>
                <Button type="primary">{t('sc.rep.toReview')}</Button>
              </Link>,
              <Button key="a" onClick={reset}>
                {t('sc.imp.reset')}
              </Button>,
            ]}
          />
        </Card>
      )}
    />
  );
}
