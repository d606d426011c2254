import { EyeOutlined, PaperClipOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FILE_ACCEPT, FILE_MAX_BYTES, FilePreviewModal, uploadFile } from '@zhanqian/ui/file-preview';
import { formatDate, formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
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
  Upload,
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
    // a refusal explains itself (e.g. separation of duties): long enough to read
    onError: (e) => message.error(errorText(e), 8),
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
      <DutiesCard manage={manage} />
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
              aria-label={t('tl.app.kind')}
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
                render: (v: number) => <span data-testid="tl-app-amount">{yuan(v)}</span>,
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
      <ApplicationDrawer id={openId} onClose={() => setOpenId(null)} manage={manage} />
    </Space>
  );
}

type Step = 'apply' | 'review' | 'approve' | 'disburse';
type Pair = [Step, Step];
const STEPS: Step[] = ['apply', 'review', 'approve', 'disburse'];
const ALL_PAIRS: Pair[] = STEPS.flatMap((a, i) => STEPS.slice(i + 1).map((b): Pair => [a, b]));
const pairKey = (p: readonly [string, string]) => `${p[0]}|${p[1]}`;

/**
 * 职责分离: which steps of a subsidy must be different accounts (default: all four, four eyes).
 * Everyone in the office reads the rule; the talent office changes it (audited).
 */
function DutiesCard({ manage }: { manage: boolean }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const q = useQuery({
    queryKey: ['talent.settings.duties'],
    queryFn: () => api.talent.settings.duties.query(),
  });
  const save = useMutation({
    mutationFn: (pairs: Pair[]) => api.talent.settings.saveDuties.mutate({ pairs }),
    onSuccess: () => {
      message.success(t('tl.duty.saved'));
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['talent.settings.duties'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (q.isError) return null;
  const pairs = q.data?.pairs ?? [];
  const all = pairs.length === ALL_PAIRS.length;
  const stepText = (s: string) => t(`tl.duty.step.${s}`);
  const summary = !q.data
    ? ''
    : all
      ? t('tl.duty.all')
      : pairs.length === 0
        ? t('tl.duty.none')
        : t('tl.duty.some', { pairs: pairs.map(([a, b]) => `${stepText(a)}≠${stepText(b)}`).join('、') });
  return (
    <Alert
      type={pairs.length === 0 && q.data ? 'warning' : 'info'}
      showIcon
      icon={<SafetyCertificateOutlined />}
      title={t('tl.duty.title')}
      description={
        <span data-testid="tl-duty-summary">
          {summary}
          {q.data?.updatedByName && q.data.updatedAt && (
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {t('tl.duty.updated', {
                at: formatDateTime(q.data.updatedAt),
                by: q.data.updatedByName ?? '—',
              })}
            </Typography.Text>
          )}
        </span>
      }
      action={
        manage && (
          <>
            <Button
              size="small"
              onClick={() => {
                setPicked(pairs.map(pairKey));
                setOpen(true);
              }}
              data-testid="tl-duty-edit"
            >
              {t('tl.duty.edit')}
            </Button>
            <Modal
              open={open}
              title={t('tl.duty.title')}
              onCancel={() => setOpen(false)}
              okText={t('common.save')}
              okButtonProps={{ loading: save.isPending, 'data-testid': 'tl-duty-save' }}
              onOk={() => save.mutate(ALL_PAIRS.filter((p) => picked.includes(pairKey(p))))}
              destroyOnHidden
            >
              <Typography.Paragraph type="secondary">{t('tl.duty.help')}</Typography.Paragraph>
              <Checkbox.Group
                value={picked}
                onChange={(v) => setPicked(v as string[])}
                style={{ display: 'grid', gap: 8 }}
                options={ALL_PAIRS.map((p) => ({
                  value: pairKey(p),
                  label: t('tl.duty.pair', { a: stepText(p[0]), b: stepText(p[1]) }),
                }))}
                data-testid="tl-duty-pairs"
              />
              {picked.length < ALL_PAIRS.length && (
                <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('tl.duty.weaker')} />
              )}
            </Modal>
          </>
        )
      }
    />
  );
}

type Attachment = Awaited<ReturnType<typeof api.talent.applications.get.query>>['attachments'][number];
type AttachmentKind = 'degree' | 'contract' | 'house' | 'other';
const ATTACHMENT_KINDS: AttachmentKind[] = ['degree', 'contract', 'house', 'other'];
const OPEN_STATUSES = ['submitted', 'reviewed'];

/** The application's files (proof of degree, contract, house purchase): preview, add, remove. */
function Attachments({
  applicationId,
  subsidyKind,
  status,
  list,
  manage,
}: {
  applicationId: number;
  subsidyKind: SubsidyKind;
  status: string;
  list: Attachment[];
  manage: boolean;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<AttachmentKind>(subsidyKind === 'housing' ? 'house' : 'degree');
  const [viewing, setViewing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = manage && OPEN_STATUSES.includes(status);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['talent.applications.get', applicationId] });
  const detach = useMutation({
    mutationFn: (id: number) => api.talent.applications.detach.mutate({ id }),
    onSuccess: refresh,
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Card size="small" title={t('tl.att.title')} data-testid="tl-att">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {list.length === 0 && <Typography.Text type="secondary">{t('tl.att.none')}</Typography.Text>}
        {list.map((a) => (
          <Space
            key={a.id}
            style={{ width: '100%', justifyContent: 'space-between' }}
            data-testid={`tl-att-${a.id}`}
          >
            <Space>
              <Tag>{t(`tl.att.kind.${a.kind}`)}</Tag>
              <PaperClipOutlined />
              <Typography.Text ellipsis style={{ maxWidth: 240 }}>
                {a.name}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {Math.ceil(a.size / 1024)} KB
              </Typography.Text>
            </Space>
            <Space>
              <Button
                size="small"
                icon={<EyeOutlined />}
                onClick={() => setViewing(a.file_id)}
                data-testid={`tl-att-view-${a.id}`}
              >
                {t('tl.att.view')}
              </Button>
              {editable && (
                <Popconfirm
                  title={t('tl.att.removeConfirm')}
                  onConfirm={() => detach.mutateAsync(a.id).catch(() => {})}
                >
                  <Button size="small" danger>
                    {t('tl.att.remove')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          </Space>
        ))}
        {editable && (
          <Space wrap>
            <Select
              value={kind}
              onChange={setKind}
              options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: t(`tl.att.kind.${k}`) }))}
              style={{ width: 150 }}
              aria-label={t('tl.att.kind')}
              data-testid="tl-att-kind"
            />
            <Upload
              accept={FILE_ACCEPT}
              showUploadList={false}
              beforeUpload={async (file) => {
                if (file.size > FILE_MAX_BYTES) {
                  message.error(t('tl.att.tooLarge'));
                  return Upload.LIST_IGNORE;
                }
                setBusy(true);
                try {
                  const stored = await uploadFile(file);
                  await api.talent.applications.attach.mutate({ applicationId, fileId: stored.id, kind });
                  message.success(t('tl.att.added', { name: stored.name }));
                  refresh();
                } catch (e) {
                  message.error(errorText(e));
                } finally {
                  setBusy(false);
                }
                return false;
              }}
            >
              <Button icon={<PaperClipOutlined />} loading={busy} data-testid="tl-att-upload">
                {t('tl.att.upload')}
              </Button>
            </Upload>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('tl.att.help')}
            </Typography.Text>
          </Space>
        )}
      </Space>
      {viewing && <FilePreviewModal id={viewing} testId="tl-att" onClose={() => setViewing(null)} />}
    </Card>
  );
}

/** The index of the progress step a status reached, and whether it ended off the happy path. */
export function progressOf(a: { status: string; reviewed_at: string | null; decided_at: string | null }) {
  const i = PATH.indexOf(a.status as SubsidyStatus);
  if (i >= 0) return { current: a.status === 'disbursed' ? 3 : i, failed: false };
  if (a.status === 'cancelled') return { current: 2, failed: true };
  return { current: a.reviewed_at ? 1 : 0, failed: true };
}

function ApplicationDrawer({
  id,
  onClose,
  manage,
}: {
  id: number | null;
  onClose: () => void;
  manage: boolean;
}) {
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
            <Descriptions.Item label={t('tl.app.handlers')}>
              <Space orientation="vertical" size={0} data-testid="tl-app-handlers">
                {STEPS.map((s) =>
                  a.actors[s] ? (
                    <span key={s}>
                      {t(`tl.duty.step.${s}`)}：{a.actors[s]}
                    </span>
                  ) : null,
                )}
              </Space>
            </Descriptions.Item>
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
          <Attachments
            applicationId={a.id}
            subsidyKind={a.kind as SubsidyKind}
            status={a.status}
            list={a.attachments}
            manage={manage}
          />
        </Space>
      )}
    </Drawer>
  );
}
