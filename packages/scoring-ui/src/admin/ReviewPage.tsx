import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Indicator, type QueueRow, ruleText, STATUS_COLOR, useYear, valueLabel } from '../shared.ts';
import { ErrorState, PageHead } from './common.tsx';
import { EvidenceLink } from './Evidence.tsx';

type Status = 'reported' | 'approved' | 'returned';

/**
 * A selection in at most ten requests of 50 to 500 reports: few requests, and a progress bar
 * that moves. @example batches(ids).length // 4 for 200 ids (50 each)
 */
function batches(ids: number[]): number[][] {
  const size = Math.min(500, Math.max(50, Math.ceil(ids.length / 10)));
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** 审核: reports awaiting the department's review (all of them for the assessment office). */
export default function ReviewPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const yearState = useYear();
  const { year, years } = yearState;
  const [status, setStatus] = useState<Status>('reported');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(200);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [returning, setReturning] = useState<QueueRow | null>(null);
  const [reason, setReason] = useState('');
  const queue = useQuery({
    queryKey: ['scoring.review.queue', year, status, page, pageSize],
    queryFn: () => api.scoring.review.queue.query({ year: year!, status, page, pageSize }),
    enabled: year !== undefined,
    placeholderData: keepPreviousData,
  });
  // The scheme gives each indicator's rule, so values read as grades / met rather than numbers.
  const scheme = useQuery({
    queryKey: ['scoring.scheme.get', year],
    queryFn: () => api.scoring.scheme.get.query({ year: year! }),
    enabled: year !== undefined,
  });
  const byCode = useMemo(() => {
    const m = new Map<string, Indicator>();
    for (const a of scheme.data?.def.aspects ?? [])
      for (const it of a.items) for (const ind of it.indicators) m.set(ind.code, ind);
    return m;
  }, [scheme.data]);
  const refresh = () => {
    setSelected([]);
    void queryClient.invalidateQueries({ queryKey: ['scoring.review.queue'] });
  };
  const decide = useMutation({
    mutationFn: (
      input: { reportId: number; approve: true } | { reportId: number; approve: false; reason: string },
    ) => api.scoring.review.decide.mutate(input),
    onSuccess: (r) => {
      message.success(r.status === 'approved' ? t('sc.review.approvedMsg') : t('sc.review.returnedMsg'));
      setReturning(null);
      setReason('');
      refresh();
    },
    onError: (e) => message.error(e.message),
  });
  // The selection goes to scoring.reports.reviewMany in a few requests (at most ten, each all
  // or nothing on the server, each report audited), so the bar shows real progress; the queue
  // is read again once, at the end — not per report, not per request.
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const approveMany = useMutation({
    mutationFn: async (reportIds: number[]) => {
      setProgress({ done: 0, total: reportIds.length });
      let done = 0;
      for (const chunk of batches(reportIds)) {
        const r = await api.scoring.reports.reviewMany.mutate({ reportIds: chunk, approve: true });
        if (!r.ok) return { done, total: reportIds.length, errors: r.errors };
        done += r.count;
        setProgress({ done, total: reportIds.length });
      }
      return { done, total: reportIds.length, errors: [] };
    },
    onSuccess: (r) => {
      refresh();
      if (!r.errors.length) {
        message.success(t('sc.review.batchDone', { count: r.done }));
        return;
      }
      modal.error({
        title: r.done
          ? t('sc.review.batchPartial', { done: r.done, rest: r.total - r.done })
          : t('sc.review.batchRefused', { count: r.errors.length }),
        width: 560,
        content: (
          <ul style={{ maxHeight: 320, overflow: 'auto', paddingInlineStart: 20 }}>
            {r.errors.map((e) => (
              <li key={`${e.reportId}-${e.kind}`}>
                {t('sc.review.report', { id: e.reportId })}：{e.message}
              </li>
            ))}
          </ul>
        ),
      });
    },
    onError: (e) => {
      refresh();
      message.error(e.message);
    },
    onSettled: () => setProgress(null),
  });

  const needle = q.trim();
  const rows = useMemo(
    () =>
      (queue.data?.rows ?? []).filter(
        (r) =>
          !needle ||
          r.unit_name.includes(needle) ||
          r.indicator_name.includes(needle) ||
          r.indicator_code.toLowerCase().includes(needle.toLowerCase()),
      ),
    [queue.data, needle],
  );
  const decideNow = decide.mutate;
  // The columns change only with the language and the scheme: ticking a row re-renders no cell.
  const columns: TableColumnsType<QueueRow> = useMemo(
    () => [
      {
        title: t('sc.col.subject'),
        dataIndex: 'unit_name',
        width: 150,
        render: (name: string, r) => (
          <Space direction="vertical" size={0}>
            {name}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`sc.category.${r.category}`, r.category)}
            </Typography.Text>
          </Space>
        ),
      },
      {
        title: t('sc.col.indicator'),
        width: 260,
        render: (_, r) => (
          <Space direction="vertical" size={0}>
            <span>
              <Typography.Text type="secondary">{r.indicator_code}</Typography.Text> {r.indicator_name}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`sc.kind.${r.kind}`)} · {t('sc.col.points')} {formatPoints(r.points)}
            </Typography.Text>
          </Space>
        ),
      },
      {
        title: t('sc.col.target'),
        width: 190,
        render: (_, r) => {
          const ind = byCode.get(r.indicator_code);
          return ind ? (
            <Typography.Text type="secondary">{ruleText(ind.rule, t, ind.unit)}</Typography.Text>
          ) : (
            '—'
          );
        },
      },
      {
        title: t('sc.col.value'),
        width: 120,
        render: (_, r) => {
          const ind = byCode.get(r.indicator_code);
          return (
            <span data-testid={`review-value-${r.id}`}>
              {ind ? valueLabel(ind.rule, r.value, t, ind.unit) : '—'}
            </span>
          );
        },
      },
      {
        title: t('sc.report.note'),
        dataIndex: 'note',
        render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text>,
      },
      {
        title: t('sc.report.evidence'),
        dataIndex: 'evidence_id',
        width: 110,
        render: (id: string | null) => <EvidenceLink id={id} />,
      },
      {
        title: t('sc.col.reportedAt'),
        dataIndex: 'reported_at',
        width: 140,
        render: (d: string) => formatDateTime(d),
      },
      {
        title: t('sc.col.status'),
        width: 200,
        render: (_, r) => (
          <Space direction="vertical" size={0}>
            <Tag color={STATUS_COLOR[r.status]}>{t(`sc.status.${r.status}`)}</Tag>
            {r.status === 'approved' && (
              <Typography.Text type="secondary">
                {t('sc.col.score')} {formatPoints(r.score)}
              </Typography.Text>
            )}
            {r.status === 'returned' && <Typography.Text type="danger">{r.return_reason}</Typography.Text>}
          </Space>
        ),
      },
      {
        title: t('sc.col.actions'),
        width: 200,
        fixed: 'right',
        render: (_, r) =>
          r.status === 'reported' ? (
            <Space>
              <Popconfirm
                title={t('sc.review.approveConfirm')}
                onConfirm={() => decideNow({ reportId: r.id, approve: true })}
              >
                <Button size="small" type="primary" icon={<CheckOutlined />} data-testid={`approve-${r.id}`}>
                  {t('sc.review.approve')}
                </Button>
              </Popconfirm>
              <Button
                size="small"
                danger
                icon={<RollbackOutlined />}
                onClick={() => setReturning(r)}
                data-testid={`return-${r.id}`}
              >
                {t('sc.review.return')}
              </Button>
            </Space>
          ) : null,
      },
    ],
    [t, byCode, decideNow],
  );

  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  return (
    <div>
      <PageHead
        title={t('sc.menu.review')}
        yearState={yearState}
        extra={
          <Input.Search
            allowClear
            placeholder={t('sc.review.search')}
            onSearch={setQ}
            onChange={(e) => !e.target.value && setQ('')}
            style={{ width: 260 }}
            data-testid="review-search"
          />
        }
      />
      {queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => queue.refetch()} />
      ) : (
        <Card
          title={
            <Segmented
              value={status}
              onChange={(v) => {
                setStatus(v as Status);
                setPage(1);
                setSelected([]);
              }}
              options={(['reported', 'returned', 'approved'] as const).map((s) => ({
                value: s,
                label: t(`sc.review.tab.${s}`),
              }))}
              data-testid="review-status"
            />
          }
          extra={
            status === 'reported' && (
              <Popconfirm
                title={t('sc.review.batchConfirm', { count: selected.length })}
                disabled={!selected.length}
                onConfirm={() => approveMany.mutate(selected)}
              >
                <Button
                  type="primary"
                  disabled={!selected.length}
                  loading={approveMany.isPending}
                  icon={<CheckOutlined />}
                  data-testid="review-batch-approve"
                >
                  {t('sc.review.batchApprove', { count: selected.length })}
                </Button>
              </Popconfirm>
            )
          }
        >
          {progress && (
            <div style={{ marginBottom: 12 }} data-testid="review-batch-progress">
              <Typography.Text id="review-batch-progress-label">
                {t('sc.review.batchProgress', progress)}
              </Typography.Text>
              <Progress
                percent={Math.floor((100 * progress.done) / Math.max(1, progress.total))}
                status="active"
                aria-labelledby="review-batch-progress-label"
              />
            </div>
          )}
          <Table<QueueRow>
            size="small"
            rowKey="id"
            loading={queue.isFetching || approveMany.isPending}
            dataSource={rows}
            scroll={{ x: 1610 }}
            data-testid="review-table"
            rowSelection={
              status === 'reported'
                ? {
                    selectedRowKeys: selected,
                    preserveSelectedRowKeys: true,
                    onChange: (keys) => setSelected(keys as number[]),
                  }
                : undefined
            }
            pagination={{
              current: page,
              pageSize,
              total: queue.data?.total,
              pageSizeOptions: [50, 100, 200, 500],
              showSizeChanger: true,
              onChange: (p, s) => {
                setPage(p);
                setPageSize(s);
              },
              showTotal: (n) => t('common.total', { count: n }),
            }}
            locale={{ emptyText: t('sc.review.empty') }}
            columns={columns}
          />
        </Card>
      )}
      <Modal
        open={!!returning}
        title={
          returning
            ? t('sc.review.returnTitle', { unit: returning.unit_name, indicator: returning.indicator_name })
            : ''
        }
        onCancel={() => setReturning(null)}
        okText={t('sc.review.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          danger: true,
          disabled: !reason.trim(),
          loading: decide.isPending,
          'data-testid': 'return-ok',
        }}
        onOk={() =>
          returning && decide.mutate({ reportId: returning.id, approve: false, reason: reason.trim() })
        }
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={4}
          maxLength={500}
          showCount
          placeholder={t('sc.review.reasonPh')}
          data-testid="return-reason"
        />
      </Modal>
    </div>
  );
}
