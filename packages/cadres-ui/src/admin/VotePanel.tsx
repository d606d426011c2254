import { useMutation } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  InputNumber,
  Popconfirm,
  Progress,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateCampaigns } from './campaignActions.tsx';
import { errorMessage } from './ui.tsx';

type Detail = Awaited<ReturnType<typeof api.cadres.campaigns.get.query>>;
type Round = Detail['votes'][number];
type Count = NonNullable<Round['result']>;

/** Hundredths of a percent as '62.50%'. */
const share = (h: number) => `${(h / 100).toFixed(2)}%`;

/**
 * 公推直选: the members' direct election of a campaign at its decision stage. The cadre section
 * opens a round (ballot, optional quorum), watches the turnout, closes and counts it; the
 * elected become the decided candidates. Never shows who voted for whom: nobody can.
 */
export function VotePanel({ d, manage }: { d: Detail; manage: boolean }) {
  const { t } = useTranslation();
  const k = d.campaign;
  const names = new Map(d.candidates.map((c) => [c.id, c.name]));
  const open = d.votes.find((v) => v.status === 'open');
  const decided = d.candidates.filter((c) => c.decided === 1).length;
  const canOpen = manage && k.stage === 'decision' && !open && decided < k.slots;
  if (k.stage !== 'decision' && d.votes.length === 0) return null;
  return (
    <Card title={t('cadres.vote.title')} data-testid="vote-panel">
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('cadres.vote.rule')}</Typography.Text>
        {canOpen && <OpenRound d={d} />}
        {open && <OpenRoundView round={open} names={names} manage={manage} />}
        {d.votes
          .filter((v) => v.status === 'counted')
          .map((v) => (
            <CountedRound key={v.id} round={v} names={names} />
          ))}
        {!canOpen && d.votes.length === 0 && <Empty description={t('cadres.vote.none')} />}
      </Flex>
    </Card>
  );
}

function OpenRound({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const standing = d.candidates.filter((c) => c.qualified === 1 && c.decided !== 1);
  const [ballot, setBallot] = useState<number[]>(standing.map((c) => c.id));
  const [quorum, setQuorum] = useState<number | null>(null);
  const open = useMutation({
    mutationFn: () =>
      api.cadres.votes.open.mutate({ campaignId: d.campaign.id, candidateIds: ballot, quorumPct: quorum }),
    onSuccess: async (r) => {
      message.success(t('cadres.vote.opened', { round: r.round, electorate: r.electorate }));
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  return (
    <Flex vertical gap={12} data-testid="vote-setup">
      {/* A fieldset names the group of candidates for screen readers (WCAG 1.3.1). */}
      <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <legend style={{ padding: 0, marginBottom: 4, fontSize: 'inherit', border: 0, width: 'auto' }}>
          <Typography.Text strong id="vote-ballot-label">
            {t('cadres.vote.ballot')}
          </Typography.Text>
        </legend>
        <Checkbox.Group
          value={ballot}
          onChange={(v) => setBallot(v as number[])}
          options={standing.map((c) => ({ value: c.id, label: `${c.name}（${c.unit_name}）` }))}
        />
      </fieldset>
      <Space wrap>
        <label htmlFor="vote-quorum">{t('cadres.vote.quorum')}</label>
        <InputNumber
          id="vote-quorum"
          min={1}
          max={99}
          precision={0}
          value={quorum}
          onChange={(v) => setQuorum(v)}
          addonAfter="%"
          placeholder={t('cadres.vote.quorumNone')}
          style={{ width: 160 }}
          data-testid="vote-quorum"
        />
        <Typography.Text type="secondary">{t('cadres.vote.quorumHelp')}</Typography.Text>
      </Space>
      <div>
        <Popconfirm title={t('cadres.vote.openConfirm')} onConfirm={() => open.mutate()}>
          <Button
            type="primary"
            disabled={ballot.length === 0}
            loading={open.isPending}
            data-testid="vote-open"
          >
            {t('cadres.vote.open')}
          </Button>
        </Popconfirm>
      </div>
    </Flex>
  );
}

function OpenRoundView({
  round,
  names,
  manage,
}: {
  round: Round;
  names: Map<number, string>;
  manage: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const close = useMutation({
    mutationFn: () => api.cadres.votes.close.mutate({ voteId: round.id }),
    onSuccess: async (r) => {
      message.success(
        r.elected.length > 0
          ? t('cadres.vote.countedElected', { count: r.elected.length })
          : t('cadres.vote.countedNone'),
      );
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  const pctVoted = round.electorate === 0 ? 0 : Math.round((round.voted * 10000) / round.electorate) / 100;
  return (
    <Card
      type="inner"
      title={
        <Space>
          {t('cadres.vote.round', { round: round.round })}
          <Tag color="processing">{t('cadres.vote.status.open')}</Tag>
        </Space>
      }
      data-testid="vote-open-round"
      extra={
        manage && (
          <Popconfirm title={t('cadres.vote.closeConfirm')} onConfirm={() => close.mutate()}>
            <Button type="primary" danger loading={close.isPending} data-testid="vote-close">
              {t('cadres.vote.close')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Flex vertical gap={12}>
        <Space size="large" wrap>
          <div data-testid="vote-turnout">
            <Statistic
              title={t('cadres.vote.turnout')}
              value={round.voted}
              suffix={`/ ${round.electorate}`}
            />
          </div>
          <Statistic title={t('cadres.vote.seats')} value={round.seats} />
          <Statistic
            title={t('cadres.vote.quorum')}
            value={round.quorumPct === null ? t('cadres.vote.quorumNone') : `> ${round.quorumPct}%`}
          />
        </Space>
        <Progress percent={pctVoted} aria-label={t('cadres.vote.turnout')} />
        <Typography.Text>
          {t('cadres.vote.onBallot')}：{round.candidateIds.map((id) => names.get(id) ?? `#${id}`).join('、')}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('cadres.vote.openedAt', { at: formatDateTime(round.openedAt) })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function CountedRound({ round, names }: { round: Round; names: Map<number, string> }) {
  const { t } = useTranslation();
  const r = round.result as Count;
  const elected = new Set(r.elected);
  const tied = new Set(r.tied);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: {
        type: 'category',
        data: r.tallies.map((x) => names.get(x.candidateId) ?? `#${x.candidateId}`),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: r.tallies.map((x) => ({
            value: x.votes,
            itemStyle: {
              color: elected.has(x.candidateId) ? '#c8161d' : tied.has(x.candidateId) ? '#722ed1' : '#8c8c8c',
            },
          })),
          label: { show: true, position: 'top' },
          barMaxWidth: 40,
          markLine: { symbol: 'none', data: [{ yAxis: r.needed, name: t('cadres.vote.needed') }] },
        },
      ],
    }),
    [r, names, elected, tied, t],
  );
  return (
    <Card
      type="inner"
      data-testid={`vote-result-${round.round}`}
      title={
        <Space>
          {t('cadres.vote.round', { round: round.round })}
          <Tag>{t('cadres.vote.status.counted')}</Tag>
        </Space>
      }
    >
      <Flex vertical gap={12}>
        {!r.quorumMet ? (
          <Alert type="error" showIcon title={t('cadres.vote.noQuorum', { pct: round.quorumPct ?? 0 })} />
        ) : r.elected.length > 0 ? (
          <Alert
            type="success"
            showIcon
            data-testid="vote-elected"
            title={t('cadres.vote.elected', {
              names: r.elected.map((id) => names.get(id) ?? `#${id}`).join('、'),
            })}
          />
        ) : null}
        {r.unfilled > 0 && r.quorumMet && (
          <Alert
            type="warning"
            showIcon
            title={
              r.tied.length > 0
                ? t('cadres.vote.tiedText', {
                    names: r.tied.map((id) => names.get(id) ?? `#${id}`).join('、'),
                    seats: r.unfilled,
                  })
                : t('cadres.vote.unfilled', { seats: r.unfilled })
            }
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('cadres.vote.electorate')}>{r.electorate}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.vote.cast')}>
            {r.cast}（{share(r.turnout)}）
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.vote.blankInvalid')}>
            {r.blank} / {r.invalid}
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.vote.seats')}>{r.seats}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.vote.needed')}>{r.needed}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.vote.closedAt')}>
            {round.closedAt ? formatDateTime(round.closedAt) : '—'}
          </Descriptions.Item>
        </Descriptions>
        <div data-testid={`vote-tallies-${round.round}`}>
          <Table
            rowKey="candidateId"
            size="small"
            pagination={false}
            dataSource={r.tallies}
            columns={[
              {
                title: t('cadres.f.name'),
                key: 'name',
                render: (_, x) => names.get(x.candidateId) ?? `#${x.candidateId}`,
              },
              { title: t('cadres.vote.votes'), dataIndex: 'votes' },
              { title: t('cadres.vote.share'), key: 'share', render: (_, x) => share(x.share) },
              {
                title: t('cadres.vote.outcome'),
                key: 'outcome',
                render: (_, x) =>
                  elected.has(x.candidateId) ? (
                    <Tag color="red">{t('cadres.vote.outcomeElected')}</Tag>
                  ) : tied.has(x.candidateId) ? (
                    <Tag color="purple">{t('cadres.vote.outcomeTied')}</Tag>
                  ) : (
                    <Tag>{t('cadres.vote.outcomeNot')}</Tag>
                  ),
              },
            ]}
          />
        </div>
        {r.cast > 0 && <Chart option={option} height={220} testId={`vote-chart-${round.round}`} />}
      </Flex>
    </Card>
  );
}
