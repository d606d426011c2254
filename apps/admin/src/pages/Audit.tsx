import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../session.ts';
import { downloadBase64 } from './accounts/download.ts';
import { AuditDetail, resultColor } from './audit/AuditDetail.tsx';
import { ErrorState } from './Status.tsx';
import './audit/strings.ts';

type Result = 'ok' | 'failed' | 'denied';
/** A DatePicker's value (dayjs). */
type Day = { format(f: string): string };
interface Filters {
  actorId?: number;
  /** `cat:<category>` (an action prefix) or an action code. */
  what?: string;
  range?: [Day | null, Day | null] | null;
  result?: Result;
}

/** The filters as the API's: a category is a prefix, an action exact; dates are Shanghai days. */
function query(f: Filters) {
  return {
    actorId: f.actorId,
    action: f.what?.startsWith('cat:') ? `${f.what.slice(4)}.` : undefined,
    actions: f.what && !f.what.startsWith('cat:') ? [f.what] : undefined,
    from: f.range?.[0]?.format('YYYY-MM-DD'),
    to: f.range?.[1]?.format('YYYY-MM-DD'),
    result: f.result,
  };
}

/**
 * The audit log in words (issue #21, item 12): who did what to which object, by name, and the
 * result; filters (who, what, when, result), a detail drawer with before/after compared, and an
 * xlsx export of what the filters select. Everything for the audit administrator; one's own
 * actions for others.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!;
  const auditor = can(me, 'audit.read');
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<Filters>({});
  const [actorSearch, setActorSearch] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const [form] = Form.useForm<Filters>();
  const q = query(filters);
  const list = useQuery({
    queryKey: ['audit.list', page, q],
    queryFn: () => api.audit.list.query({ ...q, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  const catalogue = useQuery({
    queryKey: ['audit.catalogue'],
    queryFn: () => api.audit.catalogue.query(),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const actors = useQuery({
    queryKey: ['audit.actors', actorSearch],
    queryFn: () => api.audit.actors.query({ search: actorSearch }),
    enabled: auditor,
    placeholderData: keepPreviousData,
  });
  const verify = useQuery({
    queryKey: ['audit.verify'],
    queryFn: () => api.audit.verify.query(),
    enabled: false,
  });
  const exportXlsx = useMutation({
    mutationFn: () => api.audit.exportXlsx.mutate(q),
    onSuccess: (file) => {
      downloadBase64(file);
      void message.success(t('auditx.exported', { count: file.records }));
      void list.refetch();
    },
    onError: (e) => void message.error(e.message),
  });
  const whatOptions = useMemo(
    () =>
      (catalogue.data?.categories ?? [])
        .filter((c) => c.actions.length > 0)
        .map((c) => ({
          value: `cat:${c.code}`,
          title: c.label,
          children: c.actions.map((a) => ({ value: a.code, title: a.label })),
        })),
    [catalogue.data],
  );
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;

  return (
    <Card
      title={t('menu.audit')}
      extra={
        auditor && (
          <Space>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => exportXlsx.mutate()}
              loading={exportXlsx.isPending}
              data-testid="audit-export"
            >
              {t('auditx.export')}
            </Button>
            <Button
              icon={<SafetyCertificateOutlined />}
              onClick={() => verify.refetch()}
              loading={verify.isFetching}
            >
              {t('audit.verify')}
            </Button>
          </Space>
        )
      }
    >
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={verify.data.ok ? 'success' : 'error'}
          title={
            verify.data.ok
              ? t('audit.intact', { count: verify.data.checked })
              : t('audit.broken', { id: verify.data.firstBad?.id })
          }
        />
      )}
      {!auditor && <Alert style={{ marginBottom: 16 }} type="info" title={t('auditx.ownOnly')} />}
      <Form<Filters>
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onValuesChange={(_, all) => {
          setFilters(all);
          setPage(1);
        }}
        data-testid="audit-filters"
      >
        {auditor && (
          <Form.Item name="actorId" label={t('auditx.filterActor')}>
            <Select
              style={{ width: 200 }}
              allowClear
              showSearch={{ filterOption: false, onSearch: setActorSearch }}
              options={(actors.data ?? []).map((a) => ({
                value: a.id,
                label:
                  a.displayName && a.displayName !== a.username
                    ? `${a.displayName}（${a.username}）`
                    : a.username,
              }))}
              data-testid="audit-filter-actor"
            />
          </Form.Item>
        )}
        <Form.Item name="what" label={t('auditx.filterWhat')}>
          <TreeSelect
            style={{ width: 240 }}
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={whatOptions}
            popupMatchSelectWidth={320}
            data-testid="audit-filter-what"
          />
        </Form.Item>
        <Form.Item name="range" label={t('auditx.filterWhen')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-when" />
        </Form.Item>
        <Form.Item name="result" label={t('auditx.filterResult')}>
          <Select
            style={{ width: 140 }}
            allowClear
            options={(catalogue.data?.results ?? []).map((r) => ({ value: r.code, label: r.label }))}
            data-testid="audit-filter-result"
          />
        </Form.Item>
        <Form.Item>
          <Button
            data-testid="audit-filter-reset"
            onClick={() => {
              form.resetFields();
              setFilters({});
              setPage(1);
            }}
          >
            {t('auditx.reset')}
          </Button>
        </Form.Item>
      </Form>
      {auditor && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('auditx.exportHelp')}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { count: n }),
        }}
        onRow={(r) => ({ onDoubleClick: () => setOpen(r.id) })}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: formatDateTime, width: 140 },
          { title: t('audit.actor'), render: (_, r) => r.labels.actor, width: 180 },
          {
            title: t('auditx.category'),
            width: 120,
            render: (_, r) => <Tag>{r.labels.category}</Tag>,
          },
          { title: t('audit.action'), render: (_, r) => r.labels.action },
          { title: t('audit.object'), render: (_, r) => r.labels.object },
          { title: t('auditx.unit'), render: (_, r) => r.labels.unit ?? '—' },
          {
            title: t('audit.result'),
            width: 110,
            render: (_, r) => <Tag color={resultColor(r.result)}>{r.labels.result}</Tag>,
          },
          {
            title: '',
            width: 72,
            render: (_, r) => (
              <Button
                size="small"
                type="link"
                onClick={() => setOpen(r.id)}
                data-testid={`audit-open-${r.id}`}
              >
                {t('auditx.detail')}
              </Button>
            ),
          },
        ]}
      />
      <AuditDetail id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
