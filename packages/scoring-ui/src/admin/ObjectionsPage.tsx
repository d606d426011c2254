import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Button, Card, Input, Modal, Radio, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me.ts';
import { useYear } from '../shared.ts';
import { ErrorState, PageHead } from './common.tsx';

type Objections = Awaited<ReturnType<typeof api.scoring.objection.list.query>>;
type Row = Objections['rows'][number];

const COLOR: Record<string, string> = { open: 'processing', upheld: 'success', rejected: 'default' };

/** 异议: after publication a subject may object within the window; the assessment office answers. */
export default function ObjectionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const yearState = useYear();
  const { year, years } = yearState;
  const me = useMe();
  const perms = (me.data?.permissions ?? []) as string[];
  const canManage = perms.includes('scoring.manage');
  const canRaise = perms.includes('scoring.report');
  const list = useQuery({
    queryKey: ['scoring.objection.list', year],
    queryFn: () => api.scoring.objection.list.query({ year: year! }),
    enabled: year !== undefined,
  });
  // The reporter's own subject in the year (to object for it).
  const subjects = useQuery({
    queryKey: ['scoring.subjects.list', year],
    queryFn: () => api.scoring.subjects.list.query({ year: year! }),
    enabled: year !== undefined && canRaise && !!list.data?.windowOpen,
  });
  const own = subjects.data?.rows.find((s) => s.org_unit_id === me.data?.unit.id);
  const [raising, setRaising] = useState(false);
  const [reason, setReason] = useState('');
  const [answering, setAnswering] = useState<Row | null>(null);
  const [upheld, setUpheld] = useState(false);
  const [response, setResponse] = useState('');
  const done = (msg: string) => {
    message.success(msg);
    void queryClient.invalidateQueries({ queryKey: ['scoring.objection.list'] });
  };
  const raise = useMutation({
    mutationFn: () => api.scoring.objection.raise.mutate({ subjectId: own!.id, reason: reason.trim() }),
    onSuccess: () => {
      setRaising(false);
      setReason('');
      done(t('sc.obj.raised'));
    },
    onError: (e) => message.error(e.message),
  });
  const resolve = useMutation({
    mutationFn: () =>
      api.scoring.objection.resolve.mutate({ id: answering!.id, upheld, response: response.trim() }),
    onSuccess: () => {
      setAnswering(null);
      setResponse('');
      done(t('sc.obj.resolved'));
    },
    onError: (e) => message.error(e.message),
  });

  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  const data = list.data;
  return (
    <div>
      <PageHead
        title={t('sc.menu.objections')}
        yearState={yearState}
        extra={
          canRaise &&
          data?.windowOpen && (
            <Button
              type="primary"
              disabled={!own}
              onClick={() => setRaising(true)}
              data-testid="objection-raise"
            >
              {t('sc.obj.raise')}
            </Button>
          )
        }
      />
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Alert
            style={{ marginBottom: 16 }}
            showIcon
            type={data.windowOpen ? 'info' : 'warning'}
            title={
              data.windowOpen
                ? t('sc.obj.windowOpen', { date: data.until })
                : data.until
                  ? t('sc.obj.windowClosed', { date: data.until })
                  : t('sc.obj.notPublished')
            }
          />
          <Card title={t('sc.obj.list')}>
            <Table<Row>
              size="small"
              rowKey="id"
              dataSource={data.rows}
              pagination={data.rows.length > 20 ? { pageSize: 20 } : false}
              locale={{ emptyText: t('sc.obj.none') }}
              scroll={{ x: 900 }}
              data-testid="objections-table"
              columns={[
                { title: t('sc.col.subject'), dataIndex: 'unit_name', width: 150 },
                { title: t('sc.obj.reason'), dataIndex: 'reason' },
                {
                  title: t('sc.obj.raisedAt'),
                  dataIndex: 'created_at',
                  width: 140,
                  render: (d: string) => formatDateTime(d),
                },
                {
                  title: t('sc.col.status'),
                  width: 240,
                  render: (_, r) => (
                    <Space direction="vertical" size={0}>
                      <Tag color={COLOR[r.status]}>{t(`sc.obj.status.${r.status}`)}</Tag>
                      {r.response && <Typography.Text type="secondary">{r.response}</Typography.Text>}
                    </Space>
                  ),
                },
                ...(canManage
                  ? [
                      {
                        title: t('sc.col.actions'),
                        width: 100,
                        render: (_: unknown, r: Row) =>
                          r.status === 'open' ? (
                            <Button
                              size="small"
                              onClick={() => setAnswering(r)}
                              data-testid={`objection-answer-${r.id}`}
                            >
                              {t('sc.obj.answer')}
                            </Button>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </>
      )}
      <Modal
        open={raising}
        title={t('sc.obj.raise')}
        onCancel={() => setRaising(false)}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: raise.isPending }}
        onOk={() => raise.mutate()}
      >
        <Input.TextArea
          rows={5}
          maxLength={2000}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('sc.obj.reasonPh')}
        />
      </Modal>
      <Modal
        open={!!answering}
        title={answering ? t('sc.obj.answerTitle', { unit: answering.unit_name }) : ''}
        onCancel={() => setAnswering(null)}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !response.trim(), loading: resolve.isPending }}
        onOk={() => resolve.mutate()}
      >
        <Typography.Paragraph>{answering?.reason}</Typography.Paragraph>
        <Radio.Group
          value={upheld}
          onChange={(e) => setUpheld(e.target.value as boolean)}
          options={[
            { value: true, label: t('sc.obj.status.upheld') },
            { value: false, label: t('sc.obj.status.rejected') },
          ]}
          style={{ marginBottom: 12 }}
        />
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          value={response}
          onChange={(e) => setResponse(e.target.value)}
          placeholder={t('sc.obj.responsePh')}
        />
      </Modal>
    </div>
  );
}
