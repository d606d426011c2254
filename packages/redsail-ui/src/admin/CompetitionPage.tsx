import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  InputNumber,
  List,
  Popconfirm,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { can, errorText, useLang, useMe } from '../shared/session.ts';
import { addRedsailStrings } from '../shared/setup-admin.ts';
import { CallModal, EntryModal } from './CompetitionForms.tsx';
import { ErrorState, Guard } from './Status.tsx';

addRedsailStrings();

type Board = Awaited<ReturnType<typeof api.redsail.competition.board.query>>;
type Entry = Board['entries'][number];
const STEPS = ['open', 'scoring', 'closed'] as const;
const AWARD_TAG = ['red', 'orange', 'gold', 'blue'];

/** A mean of hundredths, rounded half up (as the ranking shows it). */
const meanOf = (scores: { points: number }[]) => {
  const n = scores.length;
  if (!n) return null;
  const total = scores.reduce((a, s) => a + s.points, 0);
  return Math.floor((2 * total + n) / (2 * n));
};

/** 创新项目大赛: the year's call, entries, blind scoring by the judges, the ranking (ties share a rank), awards, cases. */
export default function CompetitionPage() {
  return (
    <Guard perms={['redsail.read']}>
      <Competition />
    </Guard>
  );
}

function Competition() {
  const { t } = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const manage = can(useMe().data, 'redsail.manage');
  const [id, setId] = useState<number | undefined>();
  const [calling, setCalling] = useState(false);
  const [entering, setEntering] = useState(false);
  const list = useQuery({
    queryKey: ['redsail.competitions'],
    queryFn: () => api.redsail.competition.list.query(),
  });
  useEffect(() => {
    if (id === undefined && list.data?.[0]) setId(list.data[0].id);
  }, [id, list.data]);
  const board = useQuery({
    queryKey: ['redsail.board', id],
    queryFn: () => api.redsail.competition.board.query({ id: id! }),
    enabled: id !== undefined,
  });
  const cases = useQuery({
    queryKey: ['redsail.cases'],
    queryFn: () => api.redsail.competition.cases.query(),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['redsail.board'] });
    void qc.invalidateQueries({ queryKey: ['redsail.competitions'] });
    void qc.invalidateQueries({ queryKey: ['redsail.cases'] });
  };
  const move = useMutation({
    mutationFn: (m: 'startScoring' | 'close'): Promise<unknown> =>
      m === 'close'
        ? api.redsail.competition.close.mutate({ id: id! })
        : api.redsail.competition.startScoring.mutate({ id: id! }),
    onSuccess: (_r, m) => {
      message.success(t(`rs.cmp.${m}Done`));
      refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const b = board.data;
  const c = b?.competition;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rs.cmp.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('rs.cmp.pick')}
            placeholder={t('rs.cmp.pick')}
            value={id}
            onChange={setId}
            options={(list.data ?? []).map((x) => ({ value: x.id, label: `${x.year} · ${x.title}` }))}
            style={{ width: 300 }}
            data-testid="rs-cmp-pick"
          />
          {manage && (
            <Button icon={<PlusOutlined />} onClick={() => setCalling(true)} data-testid="rs-cmp-call">
              {t('rs.cmp.call')}
            </Button>
          )}
        </Space>
      </Space>
      {list.data?.length === 0 && <Empty description={t('rs.cmp.none')} />}
      {board.isError && <ErrorState error={board.error} onRetry={() => board.refetch()} />}
      {b && c && (
        <Card
          title={`${c.year} · ${c.title}`}
          data-testid="rs-cmp-board"
          extra={
            manage && (
              <Space>
                {c.status === 'open' && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => setEntering(true)}
                    data-testid="rs-cmp-enter"
                  >
                    {t('rs.cmp.enter')}
                  </Button>
                )}
                {c.status === 'open' && (
                  <Popconfirm
                    title={t('rs.cmp.startConfirm')}
                    onConfirm={() => move.mutateAsync('startScoring').catch(() => {})}
                  >
                    <Button type="primary" data-testid="rs-cmp-start">
                      {t('rs.cmp.startScoring')}
                    </Button>
                  </Popconfirm>
                )}
                {c.status === 'scoring' && (
                  <Popconfirm
                    title={t('rs.cmp.closeConfirm')}
                    onConfirm={() => move.mutateAsync('close').catch(() => {})}
                  >
                    <Button type="primary" data-testid="rs-cmp-close">
                      {t('rs.cmp.close')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            )
          }
        >
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Steps
              size="small"
              // closed: every step done
              current={c.status === 'closed' ? STEPS.length : STEPS.indexOf(c.status)}
              items={STEPS.map((s) => ({ title: t(`rs.cmp.st.${s}`) }))}
            />
            <Typography.Text type="secondary">
              {t('rs.cmp.meta', {
                deadline: c.deadline,
                max: formatPoints(c.max_points),
                judges: b.judges.map((j) => j.display_name).join('、'),
              })}
              {c.award_plan.length > 0 &&
                ` · ${c.award_plan.map((p) => t('rs.cmp.tier', { award: p.award, rank: p.throughRank })).join('；')}`}
            </Typography.Text>
            {b.isJudge && c.status === 'scoring' && (
              <Alert type="info" showIcon title={t('rs.cmp.blind')} data-testid="rs-cmp-blind" />
            )}
            <EntriesTable board={b} onScored={refresh} />
          </Space>
        </Card>
      )}
      <Card title={t('rs.cmp.cases')}>
        <List
          dataSource={cases.data ?? []}
          // antd's own empty text is too faint for WCAG AA (1.8:1); the secondary text colour passes
          locale={{ emptyText: <Typography.Text type="secondary">{t('common.empty')}</Typography.Text> }}
          renderItem={(x) => (
            <List.Item key={x.id}>
              <List.Item.Meta
                title={`${x.year} · ${x.title}`}
                description={`${x.enterprise_name}${x.award ? ` · ${x.award}` : ''}${x.summary ? ` · ${x.summary}` : ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <CallModal
        open={calling}
        onClose={() => setCalling(false)}
        onCalled={(newId) => {
          setId(newId);
          refresh();
        }}
      />
      {id !== undefined && (
        <EntryModal
          open={entering}
          competitionId={id}
          onClose={() => setEntering(false)}
          onEntered={refresh}
        />
      )}
    </Space>
  );
}

/** The entries as the viewer may see them: own score form for a judge, scores once visible, rank and award when closed. */
function EntriesTable({ board, onScored }: { board: Board; onScored: () => void }) {
  const { t } = useLang();
  const c = board.competition;
  const closed = c.status === 'closed';
  const judges = board.judges.length;
  const rows = closed
    ? [...board.entries].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.id - b.id)
    : board.entries;
  const awardColor = (award: string | null) => {
    const i = c.award_plan.findIndex((p) => p.award === award);
    return AWARD_TAG[i] ?? 'default';
  };
  const judgeName = (userId: number) =>
    board.judges.find((j) => j.user_id === userId)?.display_name ?? userId;
  return (
    <Table<Entry>
      rowKey="id"
      size="middle"
      dataSource={rows}
      pagination={false}
      data-testid="rs-cmp-entries"
      columns={[
        ...(closed
          ? [
              {
                title: t('rs.cmp.rank'),
                dataIndex: 'rank',
                width: 70,
                render: (r: number | null) => r ?? '—',
              },
            ]
          : []),
        { title: t('rs.cmp.entry'), dataIndex: 'title' },
        { title: t('rs.cp.enterprise'), dataIndex: 'enterprise_name', width: 200 },
        {
          title: t('rs.cmp.progress'),
          width: 100,
          render: (_: unknown, e: Entry) => t('rs.cmp.submittedOf', { n: e.submitted, of: judges }),
        },
        ...(board.isJudge && !closed
          ? [
              {
                title: t('rs.cmp.myScore'),
                width: 220,
                render: (_: unknown, e: Entry) =>
                  e.myScore !== null ? (
                    <Tag color="green">{t('rs.cmp.mine', { points: formatPoints(e.myScore) })}</Tag>
                  ) : c.status === 'scoring' ? (
                    <ScoreForm entry={e} max={c.max_points} onScored={onScored} />
                  ) : (
                    '—'
                  ),
              },
            ]
          : []),
        {
          title: t('rs.cmp.scores'),
          width: 220,
          render: (_: unknown, e: Entry) =>
            e.scores.length === 0
              ? closed
                ? '—'
                : t(board.isJudge ? 'rs.cmp.hiddenJudge' : 'rs.cmp.hidden')
              : e.scores.map((s) => `${judgeName(s.judgeUserId)} ${formatPoints(s.points)}`).join('；'),
        },
        ...(closed
          ? [
              {
                title: t('rs.cmp.mean'),
                width: 90,
                align: 'right' as const,
                render: (_: unknown, e: Entry) => {
                  const m = meanOf(e.scores);
                  return m === null ? '—' : formatPoints(m);
                },
              },
              {
                title: t('rs.cmp.award'),
                dataIndex: 'award',
                width: 100,
                render: (a: string | null) => (a ? <Tag color={awardColor(a)}>{a}</Tag> : '—'),
              },
            ]
          : []),
      ]}
    />
  );
}

/** A judge's score of one entry, in points with up to two decimals; final once submitted. */
function ScoreForm({ entry, max, onScored }: { entry: Entry; max: number; onScored: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [points, setPoints] = useState<number | null>(null);
  const submit = useMutation({
    mutationFn: () =>
      api.redsail.competition.score.mutate({ entryId: entry.id, points: Math.round(points! * 100) }),
    onSuccess: () => {
      message.success(t('rs.cmp.scored'));
      onScored();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Space.Compact>
      <InputNumber
        min={0}
        max={max / 100}
        precision={2}
        value={points}
        onChange={setPoints}
        aria-label={t('rs.cmp.scoreOf', { title: entry.title })}
        placeholder={t('rs.cmp.scorePh', { max: max / 100 })}
        style={{ width: 120 }}
        data-testid={`rs-score-${entry.id}`}
      />
      <Popconfirm
        title={t('rs.cmp.scoreConfirm', { points: points ?? '' })}
        onConfirm={() => submit.mutateAsync().catch(() => {})}
        disabled={points === null}
      >
        <Button
          type="primary"
          disabled={points === null}
          loading={submit.isPending}
          data-testid={`rs-score-submit-${entry.id}`}
        >
          {t('common.submit')}
        </Button>
      </Popconfirm>
    </Space.Compact>
  );
}
