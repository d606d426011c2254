import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate, formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  can,
  type EligibilityReason,
  errorText,
  KINDS,
  PATH,
  reasonText,
  STATUS_COLOR,
  SUBSIDY_STATUSES,
  type SubsidyKind,
  type SubsidyStatus,
  useLang,
  useMe,
} from '../shared/session.ts';
import { addTalentStrings } from '../shared/setup-admin.ts';
import { serverPaging } from './paging.ts';
import { ErrorState, Guard } from './Status.tsx';

addTalentStrings();

type Action = 'review' | 'approve' | 'reject' | 'disburse' | 'cancel';
/** What staff may do from each status (the server's state machine refuses anything else). */
const ACTIONS: Partial<Record<SubsidyStatus, Action[]>> = {
  submitted: ['review', 'reject'],
  reviewed: ['approve', 'reject'],
  approved: ['disburse', 'cancel'],
};
const NEEDS_REASON: Action[] = ['reject', 'cancel'];

type Row = Awaited<ReturnType<typeof api.talent.applications.list.query>>['rows'][number];

/** 补贴申请: applications for the one-time subsidies, their review, approval and disbursement. */
export default function ApplicationsPage() {
  return (
    <Guard perms={['talent.read']}>
      <Applications />
    </Guard>
  );
}

function Applications() {
  const { t, yuan } = useLang();
  const { message } = App.useApp();
  const me = useMe().data;
  const qc = useQueryClient();
  const [status, setStatus] = useState<SubsidyStatus | 'all'>('all');
  const [kind, setKind] = useState<SubsidyKind | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [openId, setOpenId] = useState<number | null>(null);
  const [reasonFor, setReasonFor] = useState<{ row: Row; action: Action } | null>(null);
  const [reason, setReason] = useState('');
  const input = { status: status === 'all' ? undefined : status, kind, page, pageSize };
  const list = useQuery({
    queryKey: ['talent.applications.list', input],
    queryFn: () => api.talent.applications.list.query(input),
    placeholderData: (prev) => prev,
  });
  const move = useMutation({
    mutationFn: (v: { id: number; action: Action; reason?: string }) =>
      api.talent.applications.transition.mutate(v),
    onSuccess: (_r, v) => {
      message.success(t('tl.action.done', { action: t(`tl.action.${v.action}`) }));
      setReasonFor(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: ['talent.applications.list'] });
      void qc.invalidateQueries({ queryKey: ['talent.applications.get'] });
      void qc.invalidateQueries({ queryKey: ['talent.fund'] });
      void qc.invalidateQueries({ queryKey: ['talent.reports'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const byStatus = list.data?.byStatus;
  const manage = can(me, 'talent.manage');
  const all = byStatus ? Object.values(byStatus).reduce((s, x) => s + x.count, 0) : 0;

  const actionButtons = (r: Row) =>
    (ACTIONS[r.status as SubsidyStatus] ?? []).map((action) =>
      NEEDS_REASON.includes(action) ? (
        <Button
          key={action}
          size="small"
          danger
          onClick={(e) => {
            e.stopPropagation();
            setReasonFor({ row: r, action });
          }}
          data-testid={`tl-act-${action}-${r.id}`}
        >
          {t(`tl.action.${action}`)}
        </Button>
      ) : (
        <Popconfirm
          key={action}
          title={t('tl.app.confirm', {
            action: t(`tl.action.${action}`),
            id: r.id,
            amount: yuan(r.amount_fen),
          })}
          description={action === 'approve' ? t('tl.app.approveHint') : undefined}
          onConfirm={() => move.mutateAsync({ id: r.id, action }).catch(() => {})}
          onPopupClick={(e) => e.stopPropagation()}
        >
          <Button
            size="small"
            type={action === 'review' ? 'default' : 'primary'}
            onClick={(e) => e.stopPropagation()}
            loading={move.isPending && move.variables?.id === r.id && move.variables.action === action}
            data-testid={`tl-act-${action}-${r.id}`}
          >
            {t(`tl.action.${action}`)}
          </Button>
        </Popconfirm>
      ),
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('tl.app.title')}
      </Typography.Title>
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(v as SubsidyStatus | 'all');
              setPage(1);
            }}
            options={[
              { value: 'all', label: `${t('tl.app.all')} ${all}` },
              ...SUBSIDY_STATUSES.map((s) => ({
                value: s,
                label: (
                  <span data-testid={`tl-app-tab-${s}`}>
                    {t(`tl.status.${s}`)} {byStatus?.[s].count ?? 0}
                  </span>
                ),
              })),
            ]}
            style={{ maxWidth: '100%', overflowX: 'auto' }}
          />
          <Space wrap>
            <Select
              allowClear
              placeholder={t('tl.app.kind')}
              value={kind}
              onChange={(v) => {
                setKind(v);
                setPage(1);
              }}
              options={KINDS.map((k) => ({ value: k, label: t(`tl.kind.${k}`) }))}
              style={{ width: 140 }}
            />
            {status !== 'all' && byStatus && (
              <Typography.Text type="secondary">
                {t('tl.app.countAmount', {
                  count: byStatus[status].count,
                  amount: yuan(byStatus[status].amountFen),
                })}
              </Typography.Text>
            )}
          </Space>
          <Table
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.rows ?? []}
            scroll={{ x: 1000 }}
            onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
            pagination={serverPaging(t, page, pageSize, list.data?.total ?? 0, (p, size) => {
              setPage(p);
              setPageSize(size);
            })}
            locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            columns={[
              { title: t('tl.app.no'), dataIndex: 'id', width: 80 },
              {
                title: t('tl.app.talent'),
                dataIndex: 'talentName',
                render: (v: string, r) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Link>{v}</Typography.Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.employer}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('tl.app.kind'),
                dataIndex: 'kind',
                width: 110,
                render: (k: string) => t(`tl.kind.${k}`),
              },
              {
                title: t('tl.app.amount'),
                dataIndex: 'amount_fen',
                width: 130,
                align: 'right',
                render: yuan,
              },
              {
                title: t('tl.app.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: SubsidyStatus, r) => (
                  <Tag color={STATUS_COLOR[s]} data-testid={`tl-app-status-${r.id}`}>
                    {t(`tl.status.${s}`)}
                  </Tag>
                ),
              },
              {
                title: t('tl.app.appliedVia'),
                dataIndex: 'applied_via',
                width: 150,
                render: (v: string) => t(`tl.via.${v}`),
              },
              { title: t('tl.app.appliedAt'), dataIndex: 'applied_at', width: 150, render: formatDateTime },
              ...(manage
                ? [
                    {
                      title: t('tl.app.actions'),
                      key: 'actions',
                      width: 200,
                      render: (_: unknown, r: Row) => <Space>{actionButtons(r)}</Space>,
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      </Card>
      <Modal
        open={reasonFor !== null}
        title={
          reasonFor &&
          t('tl.app.confirm', {
            action: t(`tl.action.${reasonFor.action}`),
            id: reasonFor.row.id,
            amount: yuan(reasonFor.row.amount_fen),
          })
        }
        okText={reasonFor ? t(`tl.action.${reasonFor.action}`) : undefined}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: move.isPending }}
        onOk={() =>
          reasonFor && move.mutate({ id: reasonFor.row.id, action: reasonFor.action, reason: reason.trim() })
        }
        onCancel={() => {
          setReasonFor(null);
          setReason('');
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('tl.app.reasonPh')}
          data-testid="tl-reason"
        />
      </Modal>
      <ApplicationDrawer id={openId} onClose={() => setOpenId(null)} />
    </Space>
  );
}

/** The index of the progress step a status reached, and whether it ended off the happy path. */
export function progressOf(a: { status: string; reviewed_at: string | null; decided_at: string | null }) {
  const i = PATH.indexOf(a.status as SubsidyStatus);
  if (i >= 0) return { current: a.status === 'disbursed' ? 3 : i, failed: false };
  if (a.status === 'cancelled') return { current: 2, failed: true };
  return { current: a.reviewed_at ? 1 : 0, failed: true };
}

function ApplicationDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, lang, yuan } = useLang();
  const q = useQuery({
    queryKey: ['talent.applications.get', id],
    queryFn: () => api.talent.applications.get.query({ id: id! }),
    enabled: id !== null,
  });
  const a = q.data;
  const elig = a?.eligibility as { reasons?: EligibilityReason[] } | undefined;
  const p = a && progressOf(a);
  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={t('tl.app.detail')} destroyOnHidden>
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : !a || !p ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Card size="small" title={t('tl.app.progress')}>
            <Steps
              orientation="vertical"
              size="small"
              current={p.current}
              status={p.failed ? 'error' : a.status === 'disbursed' ? 'finish' : 'process'}
              items={PATH.map((s, i) => ({
                title: p.failed && i === p.current ? t(`tl.status.${a.status}`) : t(`tl.status.${s}`),
                content:
                  s === 'submitted'
                    ? formatDateTime(a.applied_at)
                    : s === 'reviewed'
                      ? formatDateTime(a.reviewed_at)
                      : s === 'approved'
                        ? formatDateTime(a.decided_at)
                        : formatDate(a.disbursed_on),
              }))}
            />
          </Card>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('tl.app.no')}>#{a.id}</Descriptions.Item>
            <Descriptions.Item label={t('tl.app.kind')}>{t(`tl.kind.${a.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('tl.app.amount')}>{yuan(a.amount_fen)}</Descriptions.Item>
            <Descriptions.Item label={t('tl.app.status')}>
              <Tag color={STATUS_COLOR[a.status as SubsidyStatus]}>{t(`tl.status.${a.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.app.appliedVia')}>
              {t(`tl.via.${a.applied_via}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tl.app.note')}>{a.note || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tl.app.decision')}>{a.decision_reason || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tl.reg.eligibility')}>
              <Space orientation="vertical" size={0}>
                {(elig?.reasons ?? []).map((r) => (
                  <Typography.Text key={r.code} type={r.ok ? undefined : 'danger'}>
                    {r.ok ? '✓ ' : '✗ '}
                    {reasonText(t, lang, r, a.kind)}
                  </Typography.Text>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Space>
      )}
    </Drawer>
  );
}
