import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate, formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { App, Button, Card, Descriptions, Input, List, Rate, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '../Status.tsx';
import { StatusTag } from './status.tsx';

/** One thread: the messages, and the department's steps (assign, answer, close) its status allows. */
export default function DirectLineThreadPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const [assignee, setAssignee] = useState<number | undefined>();
  const [answer, setAnswer] = useState('');
  const thread = useQuery({
    queryKey: ['directLine.get', id],
    queryFn: () => api.directLine.get.query({ id }),
  });
  const staff = useQuery({ queryKey: ['directLine.staff'], queryFn: () => api.directLine.staff.query() });
  const done = () => {
    message.success(t('dl.done'));
    void queryClient.invalidateQueries({ queryKey: ['directLine.get', id] });
    void queryClient.invalidateQueries({ queryKey: ['directLine.list'] });
  };
  const onError = (e: Error) => message.error(e.message);
  const assign = useMutation({
    mutationFn: () => api.directLine.assign.mutate({ id, assigneeUserId: assignee! }),
    onSuccess: done,
    onError,
  });
  const reply = useMutation({
    mutationFn: () => api.directLine.answer.mutate({ id, body: answer }),
    onSuccess: () => {
      setAnswer('');
      done();
    },
    onError,
  });
  const close = useMutation({
    mutationFn: () => api.directLine.close.mutate({ id }),
    onSuccess: done,
    onError,
  });
  if (thread.isError) return <ErrorState error={thread.error} onRetry={() => thread.refetch()} />;
  const th = thread.data;
  const open = th?.status === 'received' || th?.status === 'assigned';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        loading={thread.isPending}
        title={th?.title}
        extra={<Button onClick={() => navigate('/direct-line')}>{t('dl.back')}</Button>}
      >
        {th && (
          <Descriptions column={3} size="small">
            <Descriptions.Item label={t('dl.member')}>{th.member_name}</Descriptions.Item>
            <Descriptions.Item label={t('dl.receivedOn')}>{formatDate(th.received_on)}</Descriptions.Item>
            <Descriptions.Item label={t('dl.dueOn')}>{formatDate(th.due_on)}</Descriptions.Item>
            <Descriptions.Item label={t('dl.status')}>
              <span data-testid="dl-status">
                <StatusTag status={th.status} overdue={th.overdue} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('dl.assignee')}>{th.assignee_name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dl.rating')}>
              {th.rating ? (
                <Space>
                  <Rate disabled value={th.rating} style={{ fontSize: 14 }} />
                  {th.rating_comment}
                </Space>
              ) : (
                '—'
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={t('dl.messages')}>
        <List
          dataSource={th?.messages ?? []}
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={m.side === 'member' ? 'blue' : 'red'}>{t(`dl.side.${m.side}`)}</Tag>
                    {m.author}
                    <span style={{ color: '#888' }}>{formatDateTime(m.created_at)}</span>
                  </Space>
                }
                description={<div style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{m.body}</div>}
              />
            </List.Item>
          )}
        />
      </Card>
      {open && (
        <Card>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <Select
                style={{ width: 220 }}
                placeholder={t('dl.assignTo')}
                aria-label={t('dl.assignTo')}
                value={assignee}
                onChange={setAssignee}
                options={(staff.data ?? []).map((s) => ({ value: s.id, label: s.display_name }))}
                data-testid="dl-assignee"
              />
              <Button disabled={!assignee} loading={assign.isPending} onClick={() => assign.mutate()}>
                {t('dl.assign')}
              </Button>
            </Space>
            <Input.TextArea
              rows={4}
              maxLength={2000}
              showCount
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
              placeholder={t('dl.answerPh')}
              aria-label={t('dl.answer')}
              data-testid="dl-answer"
            />
            <Button
              type="primary"
              disabled={!answer.trim()}
              loading={reply.isPending}
              onClick={() => reply.mutate()}
              data-testid="dl-answer-send"
            >
              {t('dl.answer')}
            </Button>
          </Space>
        </Card>
      )}
      {th?.status === 'answered' && (
        <Button loading={close.isPending} onClick={() => close.mutate()} data-testid="dl-close">
          {t('dl.close')}
        </Button>
      )}
    </Space>
  );
}
