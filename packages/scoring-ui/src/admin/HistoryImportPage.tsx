import { useQuery } from '@tanstack/react-query';
import { formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Button, Card, Result, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../me.ts';
import { type ResultRow, useYears } from '../shared.ts';
import { Forbidden } from './common.tsx';
import { type ImportCounts, ImportFlow, type YearOption } from './ImportFlow.tsx';
import { flagTags } from './RankingsPage.tsx';

type HistoryResult = Extract<
  Awaited<ReturnType<typeof api.scoring.history.import.mutate>>,
  { ok: true }
>['result'];

/** This year in Asia/Shanghai (the district's calendar, whatever the device's zone). */
const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** Streets first, then departments, then communities (as the rankings list them), by rank. */
const ORDER = ['street', 'department', 'community'];
const byCategoryRank = (a: ResultRow, b: ResultRow) =>
  (ORDER.indexOf(a.category) + 1 || 99) - (ORDER.indexOf(b.category) + 1 || 99) ||
  a.category.localeCompare(b.category) ||
  a.rank - b.rank;

/** The imported year's results as the rankings show them (points with two decimals). */
function Imported({ year }: { year: number }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['scoring.results.rankings', year, 'imported'],
    queryFn: () => api.scoring.results.rankings.query({ year }),
  });
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  return (
    <Table<ResultRow>
      size="small"
      rowKey="subjectId"
      loading={q.isPending}
      dataSource={q.data && [...q.data.rows].sort(byCategoryRank)}
      pagination={{ pageSize: 10, showSizeChanger: false }}
      data-testid="hist-imported"
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('sc.col.category'),
          dataIndex: 'category',
          width: 80,
          render: (c: string) => t(`sc.category.${c}`, c),
        },
        { title: t('sc.col.rank'), dataIndex: 'rank', width: 64, align: 'center' },
        { title: t('sc.col.subject'), dataIndex: 'unitName' },
        {
          title: t('sc.col.total'),
          dataIndex: 'total',
          width: 100,
          align: 'right',
          render: (v: number) => formatPoints(v),
        },
        { title: t('sc.col.flags'), width: 200, render: (_, r) => flagTags(r, t) },
      ]}
    />
  );
}

/**
 * 历年结果导入: a year's official results from before the platform, imported as a published,
 * closed year so that its bottom two count for the next year's key adjustment (两年末位).
 */
export default function HistoryImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const years = useYears();

  // Past years: the ten before this one and any earlier scheme. A year appraised on the
  // platform (not yet published) cannot take imported results; the server has the last word
  // for a published one (it may have been imported, or computed here).
  const options = useMemo<YearOption[]>(() => {
    const now = thisYear();
    const schemes = new Map((years.data ?? []).map((y) => [y.year, y.status]));
    const all = new Set<number>();
    for (let y = now - 1; y >= now - 10; y--) all.add(y);
    for (const y of schemes.keys()) if (y < now) all.add(y);
    return [...all]
      .sort((a, b) => b - a)
      .map((y) => {
        const status = schemes.get(y);
        const inUse = status !== undefined && status !== 'published';
        return {
          value: y,
          disabled: inUse,
          label: `${t('sc.yearN', { year: y })}${
            inUse
              ? t('sc.hist.yearInUse')
              : status
                ? t('sc.hist.yearStatus', { status: t(`sc.scheme.status.${status}`) })
                : ''
          }`,
        };
      });
  }, [years.data, t]);
  // The year lives in the address (?year=), so going back to the page keeps it; the first
  // default is the year before the first on the platform, the one 两年末位 needs first.
  const [params, setParams] = useSearchParams();
  const fromUrl = Number(params.get('year'));
  const year = Number.isInteger(fromUrl) && fromUrl >= 2000 ? fromUrl : undefined;
  const setYear = useCallback(
    (y: number) =>
      setParams(
        (p) => {
          p.set('year', String(y));
          return p;
        },
        { replace: true },
      ),
    [setParams],
  );
  useEffect(() => {
    if (year === undefined && years.data)
      setYear((years.data.length ? Math.min(...years.data.map((y) => y.year)) : thisYear()) - 1);
  }, [year, years.data, setYear]);

  if (me.data && !me.data.permissions.includes('scoring.manage')) return <Forbidden />;

  return (
    <ImportFlow<HistoryResult>
      title={t('sc.hist.title')}
      intro={t('sc.hist.intro')}
      testId="hist"
      year={year}
      years={options}
      onYear={setYear}
      showRemoved
      template={(y) => api.scoring.history.template.query({ year: y })}
      dryRun={async (y, base64) => {
        const r = await api.scoring.history.dryRun.mutate({ year: y, base64 });
        if (!r.ok) return r;
        return {
          ok: true,
          counts: r.plan.counts,
          notes: (
            <>
              <Typography.Text>
                {r.aspects.length ? (
                  <>
                    {t('sc.hist.aspects')}
                    {r.aspects.map((a) => (
                      <Tag key={a}>{a}</Tag>
                    ))}
                  </>
                ) : (
                  t('sc.hist.noAspects')
                )}
              </Typography.Text>
              {/* Only worth saying when an earlier import of the year had other aspects. */}
              {r.plan.aspectsChanged && countRows(r.plan.counts) > r.plan.counts.new && (
                <Alert type="warning" showIcon title={t('sc.hist.aspectsChanged')} />
              )}
              {r.plan.noChange && <Alert type="info" showIcon title={t('sc.imp.noChange')} />}
            </>
          ),
        };
      }}
      run={async (y, base64) => api.scoring.history.import.mutate({ year: y, base64 })}
      confirm={(y, counts: ImportCounts) => ({
        title: t('sc.hist.confirmTitle', { year: y }),
        content: t('sc.hist.confirmContent', { year: y, rows: countRows(counts) - counts.removed }),
      })}
      done={(y, res, reset) => (
        <Card data-testid="hist-done">
          <Result
            status="success"
            title={t(res.noChange ? 'sc.hist.doneNoChange' : 'sc.hist.done', { year: y })}
            subTitle={
              <Space orientation="vertical" size={4}>
                <span data-testid="hist-done-counts">
                  {(['new', 'changed', 'unchanged', 'removed'] as const)
                    .map((k) => `${t(`sc.imp.count.${k}`)} ${res.counts[k]}`)
                    .join('　')}
                </span>
                {res.nextYearRefreshed && <span>{t('sc.hist.nextRefreshed', { next: y + 1 })}</span>}
              </Space>
            }
            extra={[
              <Link key="r" to={`/scoring/rankings?year=${y}`} data-testid="hist-to-rankings">
                <Button type="primary">{t('sc.hist.toRankings', { year: y })}</Button>
              </Link>,
              res.nextYearRefreshed && (
                <Link key="l" to={`/scoring/lists?year=${y + 1}`}>
                  <Button>{t('sc.hist.toLists')}</Button>
                </Link>
              ),
              <Button key="a" onClick={reset}>
                {t('sc.imp.reset')}
              </Button>,
            ]}
          />
          <Typography.Title level={5}>{t('sc.hist.preview', { year: y })}</Typography.Title>
          <Imported year={y} />
        </Card>
      )}
    />
  );
}

const countRows = (c: ImportCounts) => c.new + c.changed + c.unchanged + c.removed;
