import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { type AwardTitle, can, errorText, TITLES, useLang, useMe } from '../shared/session.ts';
import { addTalentStrings } from '../shared/setup-admin.ts';
import { ErrorState, Guard } from './Status.tsx';

addTalentStrings();

const CYCLE_STEPS = ['nominating', 'scoring', 'shortlisted', 'publicity', 'awarded'] as const;
const TITLE_COLOR: Record<AwardTitle, string> = {
  leading: '#c8161d',
  entrepreneur: '#fa8c16',
  expert: '#1677ff',
  top_professional: '#52c41a',
};
/** The same hues as the tags' presets, whose text the console's theme keeps at 4.5:1 (TITLE_COLOR is for charts). */
const TITLE_TAG: Record<AwardTitle, string> = {
  leading: 'red',
  entrepreneur: 'orange',
  expert: 'blue',
  top_professional: 'green',
};
const NOM_COLOR: Record<string, string> = {
  nominated: 'blue',
  shortlisted: 'gold',
  not_shortlisted: 'default',
  withdrawn: 'default',
  awarded: 'green',
};
const today = () => new Date().toISOString().slice(0, 10);
const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** 优秀人才评选: cycles with the expert panel's score sheet, shortlist, publicity, award; history as charts. */
export default function AwardsPage() {
  return (
    <Guard perms={['talent.read']}>
      <Awards />
    </Guard>
  );
}

function Awards() {
  const { t, lang } = useLang();
  const cycles = useQuery({
    queryKey: ['talent.awards.cycles'],
    queryFn: () => api.talent.awards.cycles.query(),
  });
  const [picked, setPicked] = useState<number | undefined>();
  if (cycles.isError) return <ErrorState error={cycles.error} onRetry={() => cycles.refetch()} />;
  const cycleId = picked ?? cycles.data?.[0]?.id;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('tl.aw.title')}
        </Typography.Title>
        <Space>
          <Typography.Text>{t('tl.aw.cycle')}</Typography.Text>
          <Select
            loading={cycles.isPending}
            value={cycleId}
            onChange={setPicked}
            style={{ width: 260 }}
            aria-label={t('tl.aw.cycle')}
            data-testid="tl-aw-cycle"
            options={(cycles.data ?? []).map((c) => ({
              value: c.id,
              label: `${lang === 'en' ? c.year : c.name || t('tl.aw.cycleName', { year: c.year })} · ${t(`tl.cycle.${c.status}`)} · ${t('tl.aw.nominations', { count: c.nominations })}`,
            }))}
          />
        </Space>
      </Space>
      {cycles.isPending ? (
        <Skeleton active />
      ) : cycleId === undefined ? (
        <Empty description={t('tl.aw.noCycles')} />
      ) : (
        <Cycle id={cycleId} />
      )}
      <History />
    </Space>
  );
}

function Cycle({ id }: { id: number }) {
  const { t, yuan } = useLang();
  const { message } = App.useApp();
  const me = useMe().data;
  const manage = can(me, 'talent.manage');
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['talent.awards.cycle', id],
    queryFn: () => api.talent.awards.cycle.query({ id }),
  });
  const [scoring, setScoring] = useState<{
    nominationId: number;
    expertId: number;
    name: string;
    expert: string;
  } | null>(null);
  const [score, setScore] = useState<number | null>(null);
  const [pub, setPub] = useState({ start: today(), end: plusDays(today(), 6) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['talent.awards.cycle', id] });
    void qc.invalidateQueries({ queryKey: ['talent.awards.cycles'] });
    void qc.invalidateQueries({ queryKey: ['talent.reports'] });
    void qc.invalidateQueries({ queryKey: ['talent.fund'] });
  };
  const onError = (e: unknown) => message.error(errorText(e));
  const record = useMutation({
    mutationFn: (v: { nominationId: number; expertId: number; score: number }) =>
      api.talent.awards.score.mutate(v),
    onSuccess: () => {
      setScoring(null);
      setScore(null);
      refresh();
    },
    onError,
  });
  const step = useMutation({
    mutationFn: async (action: 'startScoring' | 'shortlist' | 'publish' | 'confer') => {
      if (action === 'startScoring') return api.talent.awards.startScoring.mutate({ cycleId: id });
      if (action === 'shortlist') return api.talent.awards.shortlist.mutate({ cycleId: id });
      if (action === 'publish') return api.talent.awards.publish.mutate({ cycleId: id, ...pub });
      const r = await api.talent.awards.confer.mutate({ cycleId: id });
      message.success(t('tl.aw.conferred', { count: r.awarded, amount: yuan(r.totalFen) }));
      return r;
    },
    onSuccess: refresh,
    onError,
  });
  const d = q.data;
  const sheetRows = useMemo(() => {
    if (!d) return [];
    const byNom = new Map(d.sheet.rows.map((r) => [r.nominationId, r]));
    return d.sheet.nominations
      .map((n) => ({ ...n, line: byNom.get(n.id) }))
      .sort(
        (a, b) =>
          TITLES.indexOf(a.title) - TITLES.indexOf(b.title) ||
          (a.rank ?? 999) - (b.rank ?? 999) ||
          a.id - b.id,
      );
  }, [d]);
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!d) return <Skeleton active />;
  const { cycle } = d;
  const missing = d.sheet.missing.length;
  const stepIndex = CYCLE_STEPS.indexOf(cycle.status);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Steps
          current={stepIndex}
          status={cycle.status === 'awarded' ? 'finish' : 'process'}
          items={CYCLE_STEPS.map((s) => ({
            title: t(`tl.cycle.${s}`),
            content:
              s === 'publicity' && cycle.publicity_start
                ? `${cycle.publicity_start} ~ ${cycle.publicity_end}`
                : s === 'awarded' && cycle.awarded_on
                  ? cycle.awarded_on
                  : undefined,
          }))}
          data-testid="tl-aw-steps"
        />
        {manage && (
          <Space wrap style={{ marginTop: 16 }}>
            {cycle.status === 'nominating' && (
              <Button type="primary" loading={step.isPending} onClick={() => step.mutate('startScoring')}>
                {t('tl.aw.startScoring')}
              </Button>
            )}
            {cycle.status === 'scoring' && (
              <Tooltip title={missing ? t('tl.aw.missingAll', { count: missing }) : undefined}>
                <Button
                  type="primary"
                  disabled={missing > 0}
                  loading={step.isPending}
                  onClick={() => step.mutate('shortlist')}
                  data-testid="tl-aw-shortlist"
                >
                  {t('tl.aw.shortlist')}
                </Button>
              </Tooltip>
            )}
            {cycle.status === 'shortlisted' && (
              <>
                <Typography.Text>{t('tl.aw.publicityWindow')}</Typography.Text>
                <Input
                  type="date"
                  value={pub.start}
                  aria-label={t('tl.aw.publicityStart')}
                  onChange={(e) => setPub({ ...pub, start: e.target.value })}
                  style={{ width: 150 }}
                />
                <span>~</span>
                <Input
                  type="date"
                  value={pub.end}
                  aria-label={t('tl.aw.publicityEnd')}
                  onChange={(e) => setPub({ ...pub, end: e.target.value })}
                  style={{ width: 150 }}
                />
                <Button type="primary" loading={step.isPending} onClick={() => step.mutate('publish')}>
                  {t('tl.aw.publish')}
                </Button>
              </>
            )}
            {cycle.status === 'publicity' && (
              <Popconfirm
                title={t('tl.aw.confer')}
                onConfirm={() => step.mutateAsync('confer').catch(() => {})}
              >
                <Button type="primary" loading={step.isPending}>
                  {t('tl.aw.confer')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('tl.aw.quotas')} size="small">
            <Table
              rowKey="title"
              size="small"
              pagination={false}
              dataSource={d.quotas}
              columns={[
                {
                  title: t('tl.aw.titleCol'),
                  dataIndex: 'title',
                  render: (v: AwardTitle) => <Tag color={TITLE_TAG[v]}>{t(`tl.title.${v}`)}</Tag>,
                },
                { title: t('tl.aw.quota'), dataIndex: 'quota', align: 'right' },
                { title: t('tl.aw.amountEach'), dataIndex: 'amountFen', align: 'right', render: yuan },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('tl.aw.panel')} size="small">
            {d.experts.length ? (
              <Space wrap>
                {d.experts.map((e) => (
                  <Tag key={e.id}>{e.name}</Tag>
                ))}
              </Space>
            ) : (
              <Empty description={t('common.empty')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card title={t('tl.aw.sheet')}>
        {cycle.status === 'scoring' &&
          (missing > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t('tl.aw.missingAll', { count: missing })}
              style={{ marginBottom: 16 }}
              data-testid="tl-aw-missing"
            />
          ) : (
            <Alert type="success" showIcon title={t('tl.aw.complete')} style={{ marginBottom: 16 }} />
          ))}
        <Table
          rowKey="id"
          size="small"
          dataSource={sheetRows}
          pagination={false}
          scroll={{ x: 900 + d.experts.length * 90 }}
          locale={{ emptyText: <Empty description={t('common.empty')} /> }}
          columns={[
            {
              title: t('tl.aw.titleCol'),
              dataIndex: 'title',
              width: 120,
              fixed: 'start',
              render: (v: AwardTitle) => <Tag color={TITLE_TAG[v]}>{t(`tl.title.${v}`)}</Tag>,
            },
            {
              title: t('tl.aw.nominee'),
              dataIndex: 'talentName',
              width: 150,
              fixed: 'start',
              render: (v: string, r) => (
                <Space orientation="vertical" size={0}>
                  <span>{v}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.employer}
                  </Typography.Text>
                </Space>
              ),
            },
            ...d.experts.map((e) => ({
              title: e.name,
              key: `e${e.id}`,
              width: 90,
              align: 'right' as const,
              render: (_: unknown, r: (typeof sheetRows)[number]) => {
                const s = r.line?.scores.find((x) => x.expertId === e.id);
                if (s) return formatPoints(s.score);
                if (!r.line) return '—';
                return manage && cycle.status === 'scoring' ? (
                  <Tag
                    color="red"
                    style={{ cursor: 'pointer' }}
                    onClick={() =>
                      setScoring({ nominationId: r.id, expertId: e.id, name: r.talentName, expert: e.name })
                    }
                    data-testid="tl-aw-missing-cell"
                  >
                    {t('tl.aw.enterScore')}
                  </Tag>
                ) : (
                  <Tag color="red">{t('tl.aw.missing', { count: 1 })}</Tag>
                );
              },
            })),
            {
              title: t('tl.aw.combined'),
              key: 'combined',
              width: 110,
              align: 'right' as const,
              render: (_: unknown, r) =>
                r.combined_score !== null ? (
                  <Typography.Text strong>{formatPoints(r.combined_score)}</Typography.Text>
                ) : r.line?.combined != null ? (
                  <Typography.Text strong>{formatPoints(r.line.combined)}</Typography.Text>
                ) : (
                  <Typography.Text type="danger">
                    {t('tl.aw.missing', { count: r.line?.missingExpertIds.length ?? 0 })}
                  </Typography.Text>
                ),
            },
            {
              title: t('tl.aw.rank'),
              dataIndex: 'rank',
              width: 70,
              align: 'right' as const,
              render: (v: number | null) => v ?? '—',
            },
            {
              title: t('tl.aw.status'),
              dataIndex: 'status',
              width: 100,
              render: (v: string, r) => (
                <Space size={4}>
                  <Tag color={NOM_COLOR[v]}>{t(`tl.nom.${v}`)}</Tag>
                  {r.award_fen ? <span>{yuan(r.award_fen)}</span> : null}
                </Space>
              ),
            },
            { title: t('tl.aw.nominatedBy'), dataIndex: 'nominated_by', width: 120 },
          ]}
        />
      </Card>
      <Modal
        open={scoring !== null}
        title={scoring && t('tl.aw.scoreOf', { expert: scoring.expert, name: scoring.name })}
        okButtonProps={{ disabled: score === null, loading: record.isPending }}
        onOk={() =>
          scoring &&
          score !== null &&
          record.mutate({
            nominationId: scoring.nominationId,
            expertId: scoring.expertId,
            score: Math.round(score * 100),
          })
        }
        onCancel={() => {
          setScoring(null);
          setScore(null);
        }}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <InputNumber
            min={0}
            max={100}
            step={0.01}
            precision={2}
            value={score}
            onChange={(v) => setScore(v)}
            style={{ width: 160 }}
            aria-label={
              scoring ? t('tl.aw.scoreOf', { expert: scoring.expert, name: scoring.name }) : undefined
            }
            data-testid="tl-aw-score"
          />
          <Typography.Text type="secondary">{t('tl.aw.scoreHint')}</Typography.Text>
        </Space>
      </Modal>
    </Space>
  );
}

/** Awards by title and cycle since 2008: totals, charts and a table. */
function History() {
  const { t, lang, yuan } = useLang();
  const q = useQuery({
    queryKey: ['talent.reports', 'awards'],
    queryFn: () => api.talent.reports.awards.query(),
  });
  const s = q.data?.series;
  const countOption = useMemo(
    () =>
      s && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 40, right: 16, top: 64, bottom: 28 },
        xAxis: { type: 'category', data: s.years.map(String) },
        yAxis: { type: 'value', name: t('tl.aw.count'), minInterval: 1 },
        series: TITLES.map((tt) => ({
          name: t(`tl.title.${tt}`),
          type: 'bar',
          stack: 'count',
          itemStyle: { color: TITLE_COLOR[tt] },
          data: s.count[tt],
        })),
      },
    [s, t],
  );
  const amountOption = useMemo(
    () =>
      s && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 48, right: 16, top: 64, bottom: 28 },
        xAxis: { type: 'category', data: s.years.map(String) },
        yAxis: { type: 'value', name: lang === 'en' ? '10k yuan' : '万元' },
        series: TITLES.map((tt) => ({
          name: t(`tl.title.${tt}`),
          type: 'bar',
          stack: 'amount',
          itemStyle: { color: TITLE_COLOR[tt] },
          data: s.amountFen[tt].map((f) => f / 1_000_000),
        })),
      },
    [s, t, lang],
  );
  return (
    <Card title={t('tl.aw.history')}>
      {q.isPending ? (
        <Skeleton active />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : !q.data.totals.count ? (
        <Empty description={t('common.empty')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text strong data-testid="tl-aw-totals">
            {t('tl.aw.totals', {
              year: q.data.totals.firstYear,
              cycles: q.data.totals.cycles,
              count: q.data.totals.count,
              amount: yuan(q.data.totals.amountFen),
            })}
          </Typography.Text>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Typography.Text type="secondary">{t('tl.aw.byCycle')}</Typography.Text>
              <Chart option={countOption!} height={300} testId="tl-aw-count-chart" />
            </Col>
            <Col xs={24} xl={12}>
              <Typography.Text type="secondary">{t('tl.aw.amountByCycle')}</Typography.Text>
              <Chart option={amountOption!} height={300} testId="tl-aw-amount-chart" />
            </Col>
          </Row>
          <Table
            rowKey="title"
            size="small"
            pagination={false}
            dataSource={TITLES.map((tt) => ({ title: tt, ...q.data.byTitle[tt] }))}
            columns={[
              {
                title: t('tl.aw.titleCol'),
                dataIndex: 'title',
                render: (v: AwardTitle) => <Tag color={TITLE_TAG[v]}>{t(`tl.title.${v}`)}</Tag>,
              },
              { title: t('tl.aw.count'), dataIndex: 'count', align: 'right' },
              { title: t('tl.app.amount'), dataIndex: 'amountFen', align: 'right', render: yuan },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
