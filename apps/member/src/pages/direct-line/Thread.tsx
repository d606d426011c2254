import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Button,
  Card,
  DotLoading,
  ErrorBlock,
  List,
  NavBar,
  Rate,
  Selector,
  Space,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { STATUS_COLOR } from './status.ts';

/** One of my threads: the messages, a follow-up while unanswered, the rating once answered. */
export default function DirectLineThreadPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const [text, setText] = useState('');
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const thread = useQuery({
    queryKey: ['directLine.get', id],
    queryFn: () => api.directLine.get.query({ id }),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['directLine.get', id] });
    void queryClient.invalidateQueries({ queryKey: ['directLine.list'] });
  };
  const fail = (e: Error) => Toast.show({ icon: 'fail', content: e.message });
  const followUp = useMutation({
    mutationFn: () => api.directLine.followUp.mutate({ id, body: text }),
    onSuccess: () => {
      setText('');
      refresh();
    },
    onError: fail,
  });
  const rate = useMutation({
    mutationFn: () => api.directLine.rate.mutate({ id, rating, comment: comment || null }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('direct.rated') });
      refresh();
    },
    onError: fail,
  });
  const th = thread.data;
  return (
    <>
      <NavBar onBack={() => navigate('/direct-line')}>{t('home.directLine')}</NavBar>
      {thread.isPending ? (
        <DotLoading />
      ) : thread.isError || !th ? (
        <ErrorBlock status="default" description={thread.error?.message} />
      ) : (
        <>
          <Card title={th.title}>
            <Space wrap>
              <Tag color={STATUS_COLOR[th.status]} data-testid="dl-status">
                {t(`direct.status.${th.status}`)}
              </Tag>
              <span style={{ color: 'var(--adm-color-weak)' }}>{t('direct.due', { date: th.due_on })}</span>
            </Space>
          </Card>
          <List>
            {th.messages.map((m) => (
              <List.Item
                key={m.id}
                description={<div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>}
                extra={formatDateTime(m.created_at)}
                data-testid={`dl-msg-${m.side}`}
              >
                {t(`direct.side.${m.side}`)}
              </List.Item>
            ))}
          </List>
          {(th.status === 'received' || th.status === 'assigned') && (
            <Card title={t('direct.followUp')}>
              <TextArea
                value={text}
                onChange={setText}
                placeholder={t('direct.followUpPh')}
                rows={3}
                maxLength={2000}
              />
              <Button
                block
                color="primary"
                disabled={!text.trim()}
                loading={followUp.isPending}
                onClick={() => followUp.mutate()}
              >
                {t('common.submit')}
              </Button>
            </Card>
          )}
          {th.rating === null && (th.status === 'answered' || th.status === 'closed') && (
            <Card title={t('direct.rate')}>
              {/* A Selector, not Rate: Rate answers touch drags only, and a plain tap is what everyone can do. */}
              <Selector
                data-testid="dl-rate"
                columns={5}
                value={rating ? [rating] : []}
                onChange={(v: number[]) => setRating(v[0] ?? 0)}
                options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n}★` }))}
              />
              <TextArea
                value={comment}
                onChange={setComment}
                placeholder={t('direct.rateComment')}
                rows={2}
                maxLength={500}
              />
              <Button
                block
                color="primary"
                disabled={!rating}
                loading={rate.isPending}
                onClick={() => rate.mutate()}
                data-testid="dl-rate-send"
              >
                {t('common.submit')}
              </Button>
            </Card>
          )}
          {th.rating !== null && (
            <Card title={t('direct.yourRating')}>
              <Rate readOnly value={th.rating} />
              {th.rating_comment && <div>{th.rating_comment}</div>}
            </Card>
          )}
        </>
      )}
    </>
  );
}
