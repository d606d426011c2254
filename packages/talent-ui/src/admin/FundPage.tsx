import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { formatYuanShort } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { errorText, useLang } from '../shared/session.ts';
import { addTalentStrings } from '../shared/setup-admin.ts';
import { serverPaging } from './paging.ts';
import { ErrorState, Guard } from './Status.tsx';

addTalentStrings();

type EntryKind = 'budget' | 'commitment' | 'disbursement' | 'reversal';
const ENTRY_KINDS: EntryKind[] = ['budget', 'commitment', 'disbursement', 'reversal'];
const KIND_COLOR: Record<EntryKind, string> = {
  budget: '#c8161d',
  commitment: '#faad14',
  disbursement: '#52c41a',
  reversal: '#8c8c8c',
};
/** The tags' hues: presets, whose text the console's theme keeps at 4.5:1 (KIND_COLOR is for the chart). */
const KIND_TAG: Record<EntryKind, string> = {
  budget: 'red',
  commitment: 'gold',
  disbursement: 'green',
  reversal: 'default',
};
type Range = '12' | '36' | 'all';

/** The first day of the month `months` back from today (Shanghai calendar is close enough for a range). */
function fromFor(range: Range): string | undefined {
  if (range === 'all') return undefined;
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - Number(range) + 1);
  return d.toISOString().slice(0, 10);
}

/** Saves a base64 file the API returned. */
export function saveBase64(base64: string, filename: string, type: string) {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 专项资金: balances, monthly flow and balance charts, the append-only ledger, xlsx export. */
export default function FundPage() {
  return (
    <Guard perms={['talent.read']}>
      <Fund />
    </Guard>
  );
}

function Fund() {
  const { t, lang, yuan } = useLang();
  const { message } = App.useApp();
  const [range, setRange] = useState<Range>('36');
  const [kind, setKind] = useState<EntryKind | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const summary = useQuery({
    queryKey: ['talent.fund', 'summary'],
    queryFn: () => api.talent.fund.summary.query(),
  });
  const from = fromFor(range);
  const flow = useQuery({
    queryKey: ['talent.reports', 'flow', from],
    queryFn: () => api.talent.reports.flow.query({ from }),
  });
  const entriesInput = { kind, page, pageSize };
  const entries = useQuery({
    queryKey: ['talent.fund', 'entries', entriesInput],
    queryFn: () => api.talent.fund.entries.query(entriesInput),
    placeholderData: (prev) => prev,
  });
  const exportXlsx = useMutation({
    mutationFn: () => api.talent.reports.xlsx.query(),
    onSuccess: (f) => {
      saveBase64(f.base64, f.filename, f.contentType);
      message.success(t('tl.fund.exported', { name: f.filename }));
    },
    onError: (e) => message.error(errorText(e)),
  });
  const wan = (fen: number) => Math.round(fen / 100) / 10_000;
  const s = flow.data?.series;
  const flowOption = useMemo(
    () =>
      s && {
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: number) => (lang === 'en' ? `¥${v}0k` : `${v} 万元`),
        },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 56, right: 56, top: 64, bottom: 32 },
        xAxis: { type: 'category', data: s.months },
        yAxis: [
          { type: 'value', name: lang === 'en' ? '10k yuan' : '万元' },
          { type: 'value', name: t('tl.fund.available'), splitLine: { show: false } },
        ],
        series: [
          ...ENTRY_KINDS.map((k) => ({
            name: t(`tl.entry.${k}`),
            type: 'bar',
            stack: k === 'budget' ? 'in' : 'out',
            itemStyle: { color: KIND_COLOR[k] },
            data: s.byKind[k].map(wan),
          })),
          {
            name: t('tl.fund.available'),
            type: 'line',
            yAxisIndex: 1,
            smooth: true,
            itemStyle: { color: '#1677ff' },
            data: s.availableAtMonthEnd.map(wan),
          },
        ],
      },
    [s, t, lang],
  );
  const balanceOption = useMemo(
    () =>
      s && {
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: number) => (lang === 'en' ? `¥${v}0k` : `${v} 万元`),
        },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 56, right: 24, top: 64, bottom: 32 },
        xAxis: { type: 'category', data: s.months },
        yAxis: { type: 'value', name: lang === 'en' ? '10k yuan' : '万元' },
        series: [
          {
            name: t('tl.fund.available'),
            type: 'line',
            areaStyle: { opacity: 0.15 },
            data: s.availableAtMonthEnd.map(wan),
          },
          { name: t('tl.fund.committed'), type: 'line', data: s.committedAtMonthEnd.map(wan) },
          { name: t('tl.fund.disbursed'), type: 'line', data: s.disbursedAtMonthEnd.map(wan) },
        ],
      },
    [s, t, lang],
  );
  // The monthly table: one row per month (newest first), an amount per kind and the month-end balance.
  const monthRows = useMemo(
    () =>
      s
        ? s.months
            .map((month, i) => ({
              month,
              ...Object.fromEntries(ENTRY_KINDS.map((k) => [k, s.byKind[k][i] ?? 0])),
              available: s.availableAtMonthEnd[i] ?? 0,
            }))
            .reverse()
        : [],
    [s],
  ) as ({ month: string; available: number } & Record<EntryKind, number>)[];

  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => summary.refetch()} />;
  const b = summary.data?.balances;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {summary.data?.fund.name ?? t('tl.fund.title')}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          loading={exportXlsx.isPending}
          onClick={() => exportXlsx.mutate()}
          data-testid="tl-fund-export"
        >
          {t('tl.fund.export')}
        </Button>
      </Space>
      <Row gutter={[16, 16]}>
        {(
          [
            ['budget', b?.budgetFen],
            ['available', b?.availableFen],
            ['committed', b?.committedFen],
            ['disbursed', b?.disbursedFen],
          ] as const
        ).map(([k, v]) => (
          <Col xs={12} md={6} key={k}>
            <Card>
              <Statistic
                title={t(`tl.fund.${k}`)}
                loading={v === undefined}
                value={v === undefined ? '' : yuan(v)}
                valueStyle={k === 'available' ? { color: '#c8161d' } : undefined}
                data-testid={`tl-fund-${k}`}
              />
              {v !== undefined && (
                <Typography.Text type="secondary">{formatYuanShort(v, lang)}</Typography.Text>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title={t('tl.fund.flowChart')}
        extra={
          <Segmented
            value={range}
            onChange={(v) => setRange(v as Range)}
            options={(['12', '36', 'all'] as const).map((r) => ({
              value: r,
              label: t(`tl.fund.range.${r}`),
            }))}
            data-testid="tl-fund-range"
          />
        }
      >
        {flow.isPending ? (
          <Skeleton active />
        ) : flow.isError ? (
          <ErrorState error={flow.error} onRetry={() => flow.refetch()} />
        ) : !s?.months.length ? (
          <Empty description={t('common.empty')} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Chart option={flowOption!} height={340} testId="tl-fund-flow-chart" />
            </Col>
            <Col xs={24} xl={10}>
              <Typography.Text strong>{t('tl.fund.balanceChart')}</Typography.Text>
              <Chart option={balanceOption!} height={316} testId="tl-fund-balance-chart" />
            </Col>
          </Row>
        )}
      </Card>
      <Card title={t('tl.fund.monthly')} size="small">
        <Table
          rowKey="month"
          size="small"
          dataSource={monthRows}
          loading={flow.isFetching}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          onRow={(r) => ({ 'data-testid': `tl-month-${r.month}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('tl.fund.month'), dataIndex: 'month', width: 100 },
            ...ENTRY_KINDS.map((k) => ({
              title: t(`tl.entry.${k}`),
              dataIndex: k,
              align: 'right' as const,
              render: (v: number) => (v ? <span data-testid={`tl-month-${k}`}>{yuan(v)}</span> : '—'),
            })),
            { title: t('tl.fund.available'), dataIndex: 'available', align: 'right', render: yuan },
          ]}
        />
      </Card>
      <Card
        title={t('tl.fund.ledger')}
        extra={
          <Select
            allowClear
            placeholder={t('tl.fund.kind')}
            aria-label={t('tl.fund.kind')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={ENTRY_KINDS.map((k) => ({ value: k, label: t(`tl.entry.${k}`) }))}
            style={{ width: 140 }}
          />
        }
      >
        {entries.isError ? (
          <ErrorState error={entries.error} onRetry={() => entries.refetch()} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={entries.isFetching}
            dataSource={entries.data?.rows ?? []}
            scroll={{ x: 1100 }}
            pagination={serverPaging(t, page, pageSize, entries.data?.total ?? 0, (p, size) => {
              setPage(p);
              setPageSize(size);
            })}
            locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `tl-entry-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('tl.fund.date'), dataIndex: 'entry_date', width: 110 },
              {
                title: t('tl.fund.kind'),
                dataIndex: 'kind',
                width: 110,
                render: (k: EntryKind, r) => (
                  <Space size={4}>
                    <Tag color={KIND_TAG[k]}>{t(`tl.entry.${k}`)}</Tag>
                    {r.reversed && <Tag>{t('tl.fund.reversed')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('tl.fund.amount'),
                dataIndex: 'amount_fen',
                width: 140,
                align: 'right',
                render: yuan,
              },
              {
                title: t('tl.fund.dAvailable'),
                dataIndex: 'd_available_fen',
                width: 140,
                align: 'right',
                render: (v: number) => (
                  <Typography.Text type={v < 0 ? 'danger' : v > 0 ? 'success' : 'secondary'}>
                    {v > 0 ? '+' : ''}
                    {v ? yuan(v) : '—'}
                  </Typography.Text>
                ),
              },
              {
                title: t('tl.fund.ref'),
                key: 'ref',
                width: 170,
                render: (_: unknown, r) =>
                  r.ref_type ? t(`tl.fund.ref.${r.ref_type}`, { id: r.ref_id }) : '—',
              },
              { title: t('tl.fund.reason'), dataIndex: 'reason', ellipsis: true },
              { title: t('tl.fund.approver'), dataIndex: 'approved_by_name', width: 120 },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
