import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Steps,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addCadreStrings, STAGES } from '../shared/strings.ts';
import { AdvanceButton, CancelButton, useInvalidateCampaigns } from './campaignActions.tsx';
import { adminStrings } from './strings.ts';
import { can, errorMessage, pct, pts, QueryState, useMe } from './ui.tsx';
import { VotePanel } from './VotePanel.tsx';

addCadreStrings(adminStrings);

type Detail = Awaited<ReturnType<typeof api.cadres.campaigns.get.query>>;
type Cand = Detail['candidates'][number];
const SCORED = ['exam', 'interview', 'inspection'] as const;
type Scored = (typeof SCORED)[number];

/** One campaign: its stage on the state machine, the step forward, candidates with weighted scores and ranks. */
export default function CampaignDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const detail = useQuery({
    queryKey: ['cadres.campaigns.get', id],
    queryFn: () => api.cadres.campaigns.get.query({ id }),
    enabled: Number.isInteger(id) && id > 0,
  });
  return (
    <Flex vertical gap={16}>
      <Link to="/cadres/campaigns">
        <ArrowLeftOutlined /> {t('cadres.camp.back')}
      </Link>
      <QueryState query={detail}>{(d) => <CampaignView d={d} />}</QueryState>
    </Flex>
  );
}

function CampaignView({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const manage = can(me, 'cadres.manage');
  const k = d.campaign;
  const cancelled = k.stage === 'cancelled';
  const reached = new Map(d.events.map((e) => [e.to_stage, e.on_date]));
  const current = cancelled
    ? Math.max(
        0,
        ...d.events
          .filter((e) => e.to_stage !== 'cancelled')
          .map((e) => STAGES.indexOf(e.from_stage as never)),
      )
    : STAGES.indexOf(k.stage as never);
  const w = k.weights;
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space wrap>
            <span data-testid="campaign-title">{k.title}</span>
            <Tag color="blue">{t(`cadres.kind.${k.kind}`)}</Tag>
            <Tag color={cancelled ? 'default' : 'red'} data-testid="campaign-stage">
              {t(`cadres.stage.${k.stage}`)}
            </Tag>
          </Space>
        }
        extra={
          manage && (
            <Space>
              <CancelButton campaign={k} />
              <AdvanceButton campaign={k} />
            </Space>
          )
        }
      >
        <Flex vertical gap={16}>
          <div style={{ overflowX: 'auto' }}>
            <Steps
              size="small"
              titlePlacement="vertical"
              current={current}
              status={cancelled ? 'error' : k.stage === 'appointed' ? 'finish' : 'process'}
              style={{ minWidth: 900 }}
              items={STAGES.map((s) => ({
                title: t(`cadres.stage.${s}`),
                content: reached.get(s),
              }))}
            />
          </div>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={t('cadres.camp.vacancy')}>
              {k.vacancy_title}（{t(`cadres.rank.${k.vacancy_rank}`)}）
            </Descriptions.Item>
            <Descriptions.Item label={t('cadres.camp.slotsLabel')}>{k.slots}</Descriptions.Item>
            <Descriptions.Item label={t('cadres.camp.weights')}>
              {t('cadres.camp.weightsText', {
                exam: pct(w.exam),
                interview: pct(w.interview),
                inspection: pct(w.inspection),
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('cadres.camp.lastOn')}>{k.last_on ?? '—'}</Descriptions.Item>
          </Descriptions>
          {k.publicity_start && k.publicity_end && (
            <Alert
              type={k.stage === 'publicity' ? 'warning' : 'info'}
              showIcon
              data-testid="publicity"
              title={t('cadres.camp.publicityAlert', { start: k.publicity_start, end: k.publicity_end })}
              action={
                k.publicityDaysLeft !== null && (
                  <Statistic
                    title={t('cadres.camp.daysLeft')}
                    value={k.publicityDaysLeft}
                    styles={{ content: { color: '#c8161d' } }}
                  />
                )
              }
            />
          )}
        </Flex>
      </Card>
      <Candidates d={d} manage={manage} />
      {k.kind === 'direct_election' && <VotePanel d={d} manage={manage} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Objections d={d} manage={manage} />
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cadres.camp.events')}>
            <Timeline
              items={d.events.map((e) => ({
                color: e.to_stage === 'cancelled' ? 'gray' : 'red',
                content: (
                  <span>
                    {e.on_date} · {t(`cadres.stage.${e.from_stage}`)} → {t(`cadres.stage.${e.to_stage}`)}
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {formatDateTime(e.at)}
                    </Typography.Text>
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

function Candidates({ d, manage }: { d: Detail; manage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const k = d.campaign;
  const stage = k.stage;
  const onError = (e: unknown) => message.error(errorMessage(e), 6);
  const onDone = async () => {
    message.success(t('cadres.camp.saved'));
    await invalidate();
  };
  const review = useMutation({
    mutationFn: (v: { candidateId: number; qualified: boolean }) =>
      api.cadres.campaigns.review.mutate({ ...v, note: null }),
    onSuccess: onDone,
    onError,
  });
  const score = useMutation({
    mutationFn: (v: { candidateId: number; stage: Scored; score: number }) =>
      api.cadres.campaigns.score.mutate(v),
    onSuccess: onDone,
    onError,
  });
  const decide = useMutation({
    mutationFn: (v: { candidateId: number; decided: boolean }) => api.cadres.campaigns.decide.mutate(v),
    onSuccess: onDone,
    onError,
  });
  const [objectFor, setObjectFor] = useState<Cand | null>(null);

  const scoreCol = (s: Scored) => ({
    title: `${t(`cadres.camp.${s}`)}（${pct(k.weights[s])}）`,
    key: s,
    render: (_: unknown, c: Cand) =>
      manage && stage === s && c.qualified === 1 ? (
        <ScoreInput
          value={c[`${s}_score`]}
          onSave={(v) => score.mutate({ candidateId: c.id, stage: s, score: v })}
          testId={`score-${c.id}`}
        />
      ) : (
        pts(c[`${s}_score`])
      ),
  });

  const columns = [
    {
      title: t('cadres.camp.rank'),
      key: 'rank',
      width: 90,
      render: (_: unknown, c: Cand) =>
        c.rank === null ? (
          '—'
        ) : (
          <Space size={4}>
            <strong>{c.rank}</strong>
            {c.tied && <Tag color="purple">{t('cadres.camp.tied')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('cadres.f.name'),
      dataIndex: 'name',
      render: (x: string, c: Cand) => <Link to={`/cadres/files/${c.cadre_id}`}>{x}</Link>,
    },
    {
      title: t('cadres.f.unit'),
      key: 'unit',
      render: (_: unknown, c: Cand) => `${c.unit_name} · ${c.post_title}`,
    },
    {
      title: t('cadres.camp.qualified'),
      key: 'qualified',
      render: (_: unknown, c: Cand) =>
        manage && stage === 'qualification' && c.qualified === null ? (
          // Undecided: the two decisions. Once decided, the decision shows as a tag (below),
          // with a way to revise it while the review lasts.
          <Space size={4} data-testid={`review-${c.id}`}>
            <Button
              size="small"
              type="primary"
              ghost
              loading={review.isPending && review.variables?.candidateId === c.id}
              onClick={() => review.mutate({ candidateId: c.id, qualified: true })}
              data-testid={`pass-${c.id}`}
            >
              {t('cadres.camp.pass')}
            </Button>
            <Button
              size="small"
              danger
              loading={review.isPending && review.variables?.candidateId === c.id}
              onClick={() => review.mutate({ candidateId: c.id, qualified: false })}
              data-testid={`fail-${c.id}`}
            >
              {t('cadres.camp.fail')}
            </Button>
          </Space>
        ) : c.qualified === null ? (
          <Tag data-testid={`qualified-${c.id}`}>{t('cadres.camp.pending')}</Tag>
        ) : (
          <Flex vertical align="start" gap={2}>
            <Space size={4}>
              <Tag
                color={c.qualified ? 'success' : 'error'}
                icon={c.qualified ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
                data-testid={`qualified-${c.id}`}
              >
                {c.qualified ? t('cadres.camp.pass') : t('cadres.camp.fail')}
              </Tag>
              {manage && stage === 'qualification' && (
                <Popconfirm
                  title={t(c.qualified ? 'cadres.camp.reviseToFail' : 'cadres.camp.reviseToPass', {
                    name: c.name,
                  })}
                  onConfirm={() => review.mutate({ candidateId: c.id, qualified: c.qualified !== 1 })}
                >
                  <Button size="small" type="link" data-testid={`revise-${c.id}`}>
                    {t('cadres.camp.revise')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
            {c.qualification_note && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.qualification_note}
              </Typography.Text>
            )}
          </Flex>
        ),
    },
    ...SCORED.map(scoreCol),
    {
      title: t('cadres.camp.total'),
      key: 'total',
      render: (_: unknown, c: Cand) => <strong>{pts(c.total)}</strong>,
    },
    {
      title: t('cadres.camp.decided'),
      key: 'decided',
      render: (_: unknown, c: Cand) =>
        manage && stage === 'decision' && c.qualified === 1 && k.kind !== 'direct_election' ? (
          <Switch
            checked={c.decided === 1}
            loading={decide.isPending}
            onChange={(v) => decide.mutate({ candidateId: c.id, decided: v })}
            data-testid={`decide-${c.id}`}
          />
        ) : c.appointed === 1 ? (
          <Tag color="red">{t('cadres.camp.appointed')}</Tag>
        ) : c.decided === 1 ? (
          <Space size={4}>
            <Tag color="gold" data-testid={`decided-${c.id}`}>
              {k.kind === 'direct_election' ? t('cadres.vote.outcomeElected') : t('cadres.camp.decided')}
            </Tag>
            {manage && stage === 'publicity' && (
              <Button size="small" onClick={() => setObjectFor(c)}>
                {t('cadres.camp.objection')}
              </Button>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  const ranked = d.candidates.filter((c) => c.total !== null);
  const scored = ranked.some((c) => (c.total ?? 0) > 0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: ranked.map((c) => c.name), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'bar',
          data: ranked.map((c) => ({
            value: (c.total ?? 0) / 100,
            itemStyle: { color: c.decided ? '#d48806' : c.tied ? '#722ed1' : '#c8161d' },
          })),
          label: { show: true, position: 'top' },
          barMaxWidth: 32,
        },
      ],
    }),
    [ranked],
  );

  return (
    <Card
      title={t('cadres.camp.ranking')}
      extra={manage && stage === 'registration' && <Register d={d} />}
      data-testid="candidates"
    >
      <Flex vertical gap={16}>
        <Table<Cand>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={d.candidates}
          columns={columns}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('cadres.camp.noCandidates') }}
        />
        {scored && <Chart option={option} height={240} testId="ranking-chart" />}
      </Flex>
      <ObjectionModal candidate={objectFor} onClose={() => setObjectFor(null)} />
    </Card>
  );
}

function ScoreInput({
  value,
  onSave,
  testId,
}: {
  value: number | null;
  onSave: (hundredths: number) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<number | null>(value === null ? null : value / 100);
  return (
    <Space.Compact size="small">
      <InputNumber
        min={0}
        max={100}
        step={0.5}
        precision={2}
        value={v}
        onChange={(x) => setV(x)}
        style={{ width: 90 }}
        data-testid={testId}
      />
      <Button
        disabled={v === null}
        onClick={() => v !== null && onSave(Math.round(v * 100))}
        data-testid={`${testId}-save`}
      >
        {t('cadres.camp.saveScore')}
      </Button>
    </Space.Compact>
  );
}

/** 登记报名: registers an eligible nominee of the campaign's post. */
function Register({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const [pick, setPick] = useState<number | undefined>();
  const noms = useQuery({
    queryKey: ['cadres.nominations.list', { vacancyId: d.campaign.vacancy_id }],
    queryFn: () => api.cadres.nominations.list.query({ vacancyId: d.campaign.vacancy_id }),
  });
  const inCampaign = new Set(d.candidates.map((c) => c.cadre_id));
  const options = (noms.data?.rows ?? [])
    .filter((n) => n.eligible && !inCampaign.has(n.cadre_id))
    .map((n) => ({
      value: n.id,
      label: `${n.cadre_name}（${t(`cadres.source.${n.source}`)}）`,
      cadreId: n.cadre_id,
    }));
  const register = useMutation({
    mutationFn: (o: { nominationId: number; cadreId: number }) =>
      api.cadres.campaigns.register.mutate({ campaignId: d.campaign.id, ...o }),
    onSuccess: async () => {
      message.success(t('cadres.camp.registered'));
      setPick(undefined);
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  return (
    <Space.Compact>
      <Select
        style={{ width: 240 }}
        placeholder={t('cadres.camp.registerPick')}
        loading={noms.isPending}
        value={pick}
        onChange={setPick}
        options={options}
      />
      <Button
        disabled={pick === undefined}
        loading={register.isPending}
        onClick={() => {
          const o = options.find((x) => x.value === pick);
          if (o) register.mutate({ nominationId: o.value, cadreId: o.cadreId });
        }}
      >
        {t('cadres.camp.register')}
      </Button>
    </Space.Compact>
  );
}

function ObjectionModal({ candidate, onClose }: { candidate: Cand | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const [text, setText] = useState('');
  const file = useMutation({
    mutationFn: () =>
      api.cadres.campaigns.fileObjection.mutate({ candidateId: candidate!.id, content: text }),
    onSuccess: async () => {
      setText('');
      onClose();
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  return (
    <Modal
      open={candidate !== null}
      title={`${t('cadres.camp.objection')} · ${candidate?.name ?? ''}`}
      onCancel={onClose}
      onOk={() => file.mutate()}
      okButtonProps={{ disabled: !text.trim(), loading: file.isPending }}
    >
      <Input.TextArea
        rows={4}
        maxLength={1000}
        showCount
        placeholder={t('cadres.camp.objectionText')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </Modal>
  );
}

function Objections({ d, manage }: { d: Detail; manage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const [resolving, setResolving] = useState<{ id: number; upheld: boolean } | null>(null);
  const [text, setText] = useState('');
  const names = new Map(d.candidates.map((c) => [c.id, c.name]));
  const resolve = useMutation({
    mutationFn: () =>
      api.cadres.campaigns.resolveObjection.mutate({
        objectionId: resolving!.id,
        upheld: resolving!.upheld,
        resolution: text,
      }),
    onSuccess: async () => {
      setResolving(null);
      setText('');
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  return (
    <Card title={t('cadres.camp.objections')}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.objections}
        locale={{ emptyText: t('cadres.camp.noObjections') }}
        columns={[
          { title: t('cadres.rot.date'), dataIndex: 'submitted_on' },
          { title: t('cadres.f.name'), key: 'who', render: (_, o) => names.get(o.candidate_id) ?? '—' },
          { title: t('cadres.camp.objectionContent'), dataIndex: 'content', ellipsis: true },
          {
            title: t('cadres.camp.resolution'),
            key: 'status',
            render: (_, o) =>
              o.status === 'open' && manage && d.campaign.stage === 'publicity' ? (
                <Space size={4}>
                  <Button size="small" danger onClick={() => setResolving({ id: o.id, upheld: true })}>
                    {t('cadres.camp.uphold')}
                  </Button>
                  <Button size="small" onClick={() => setResolving({ id: o.id, upheld: false })}>
                    {t('cadres.camp.dismiss')}
                  </Button>
                </Space>
              ) : (
                <Flex vertical>
                  <Tag color={o.status === 'upheld' ? 'red' : o.status === 'open' ? 'orange' : 'default'}>
                    {t(`cadres.camp.objStatus.${o.status}`)}
                  </Tag>
                  {o.resolution && <Typography.Text type="secondary">{o.resolution}</Typography.Text>}
                </Flex>
              ),
          },
        ]}
      />
      <Modal
        open={resolving !== null}
        title={resolving?.upheld ? t('cadres.camp.uphold') : t('cadres.camp.dismiss')}
        onCancel={() => setResolving(null)}
        onOk={() => resolve.mutate()}
        okButtonProps={{ disabled: !text.trim(), loading: resolve.isPending }}
      >
        <Input.TextArea
          rows={3}
          maxLength={1000}
          placeholder={t('cadres.camp.resolution')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
