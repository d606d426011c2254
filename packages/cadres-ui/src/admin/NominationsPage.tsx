import { useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { api } from '@zhanqian/ui/trpc';
import {
  Card,
  Col,
  Flex,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addCadreStrings, reasonText, SOURCES } from '../shared/strings.ts';
import { NominateButton } from './NominateModal.tsx';
import { adminStrings } from './strings.ts';
import { can, ErrorState, useMe } from './ui.tsx';

addCadreStrings(adminStrings);

type Source = (typeof SOURCES)[number];
type Nom = Awaited<ReturnType<typeof api.cadres.nominations.list.query>>['rows'][number];

/** 干部推荐: nominations by the four sources, with the recommender on record and eligibility reasons. */
export default function NominationsPage() {
  const { t } = useTranslation();
  const canManage = can(useMe().data, 'cadres.manage');
  const [vacancyId, setVacancyId] = useState<number | undefined>();
  const [source, setSource] = useState<Source | 'all'>('all');
  const posts = useQuery({
    queryKey: ['cadres.nominations.posts'],
    queryFn: () => api.cadres.nominations.posts.query({}),
  });
  const input = { vacancyId, source: source === 'all' ? undefined : source };
  const list = useQuery({
    queryKey: ['cadres.nominations.list', input],
    queryFn: () => api.cadres.nominations.list.query(input),
  });
  const bySource = list.data?.bySource;
  const option = useMemo(
    () =>
      bySource && {
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        yAxis: { type: 'category', inverse: true, data: SOURCES.map((s) => t(`cadres.source.${s}`)) },
        xAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            data: SOURCES.map((s) => bySource[s]),
            itemStyle: { color: '#c8161d' },
            label: { show: true, position: 'right' },
            barMaxWidth: 28,
          },
        ],
      },
    [bySource, t],
  );
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const total = bySource ? SOURCES.reduce((s, k) => s + bySource[k], 0) : 0;

  const columns = [
    {
      title: t('cadres.nom.cadre'),
      dataIndex: 'cadre_name',
      render: (x: string, r: Nom) => <Link to={`/cadres/files/${r.cadre_id}`}>{x}</Link>,
    },
    { title: t('cadres.nom.post'), dataIndex: 'vacancy_title' },
    {
      title: t('cadres.nom.source'),
      dataIndex: 'source',
      render: (x: string) => <Tag>{t(`cadres.source.${x}`)}</Tag>,
    },
    {
      title: t('cadres.nom.recommender'),
      key: 'recommender',
      render: (_: unknown, r: Nom) =>
        r.source === 'mass' ? (
          t('cadres.nom.votes', { for: r.votes_for ?? 0, cast: r.votes_cast ?? 0 })
        ) : (
          <Flex vertical>
            <span>{r.recommender_name ?? '—'}</span>
            {r.recommender_title && r.recommender_title !== r.recommender_name && (
              <Typography.Text type="secondary">{r.recommender_title}</Typography.Text>
            )}
          </Flex>
        ),
    },
    {
      title: t('cadres.nom.reason'),
      dataIndex: 'reason',
      render: (x: string) => <div style={{ maxWidth: 260, whiteSpace: 'normal' }}>{x}</div>,
    },
    {
      title: t('cadres.nom.eligibility'),
      key: 'eligible',
      render: (_: unknown, r: Nom) => (
        <Flex vertical gap={2}>
          <Space size={4}>
            <Tag color={r.eligible ? 'green' : 'red'}>
              {r.eligible ? t('cadres.nom.eligible') : t('cadres.nom.ineligible')}
            </Tag>
            {r.promotionPriority && <Tag color="gold">{t('cadres.flag.promotionPriority')}</Tag>}
          </Space>
          {r.reasons.map((x) => (
            <Typography.Text type="danger" key={x.code} style={{ fontSize: 12 }}>
              {reasonText(t, x)}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    { title: t('cadres.nom.at'), dataIndex: 'created_at', render: (x: string) => x.slice(0, 10) },
  ];

  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('cadres.nom.bySource')} style={{ height: '100%' }}>
            {option ? <Chart option={option} height={240} testId="nominations-chart" /> : <Skeleton active />}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={t('cadres.nom.title')}
            style={{ height: '100%' }}
            extra={canManage && <NominateButton />}
          >
            <Flex vertical gap={12}>
              <Select
                allowClear
                style={{ maxWidth: 420 }}
                placeholder={t('cadres.nom.allPosts')}
                aria-label={t('cadres.nom.post')}
                loading={posts.isPending}
                value={vacancyId}
                onChange={setVacancyId}
                options={(posts.data?.rows ?? []).map((p) => ({
                  value: p.id,
                  label: `${p.unit_name} · ${p.title}（${t(`cadres.rank.${p.rank}`)}）`,
                }))}
                data-testid="nom-post"
              />
              <Segmented
                value={source}
                onChange={(v) => setSource(v as Source | 'all')}
                options={[
                  { value: 'all', label: `${t('cadres.nom.all')} ${total}` },
                  ...SOURCES.map((s) => ({
                    value: s,
                    label: `${t(`cadres.source.${s}`)} ${bySource?.[s] ?? 0}`,
                  })),
                ]}
                data-testid="nom-sources"
              />
              <Row gutter={[12, 12]}>
                {SOURCES.map((s) => (
                  <Col xs={12} md={6} key={s}>
                    <Card size="small" styles={{ body: { padding: 12 } }}>
                      <Statistic
                        title={t(`cadres.source.${s}`)}
                        value={bySource?.[s] ?? 0}
                        suffix={t('cadres.nom.countUnit')}
                      />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`cadres.nom.rule.${s}`)}
                      </Typography.Text>
                    </Card>
                  </Col>
                ))}
              </Row>
            </Flex>
          </Card>
        </Col>
      </Row>
      <Card>
        <Table<Nom>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.rows ?? []}
          columns={columns}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('common.empty') }}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
          data-testid="nominations"
        />
      </Card>
    </Flex>
  );
}
