import { ArrowLeftOutlined, EyeOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addCadreStrings, DIMENSIONS } from '../shared/strings.ts';
import { EvaluationButton } from './EvaluationModal.tsx';
import { adminStrings } from './strings.ts';
import { can, errorMessage, pct, pts, QueryState, useMe } from './ui.tsx';

addCadreStrings(adminStrings);

type File = Awaited<ReturnType<typeof api.cadres.files.get.query>>;

/** One cadre's file: personal data (ID masked, reveal on permission), post history, evaluations, flags. */
export default function FileDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const file = useQuery({
    queryKey: ['cadres.files.get', id],
    queryFn: () => api.cadres.files.get.query({ id }),
    enabled: Number.isInteger(id) && id > 0,
  });
  return (
    <Flex vertical gap={16}>
      <Link to="/cadres">
        <ArrowLeftOutlined /> {t('cadres.detail.back')}
      </Link>
      <QueryState query={file}>{(data) => <FileView data={data} />}</QueryState>
    </Flex>
  );
}

function FileView({ data }: { data: File }) {
  const { t } = useTranslation();
  const c = data.cadre;
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space>
            <span data-testid="cadre-name">{c.name}</span>
            <Tag>{t(`cadres.rank.${c.rank}`)}</Tag>
            {c.status !== 'active' && <Tag>{t(`cadres.status.${c.status}`)}</Tag>}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label={t('cadres.f.gender')}>{t(`cadres.gender.${c.gender}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.birthDate')}>
            {c.birthDate}（{c.age}）
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.idCard')}>
            <IdCard cadreId={c.id} masked={c.idCardMasked} />
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.unit')}>{c.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.post')}>
            <Space size={4}>
              {c.postTitle}
              {c.postIsKey && <Tag color="orange">{t('cadres.f.keyPost')}</Tag>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.postSince')}>{c.postSince}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.yearsInPost')}>
            <span data-testid="years-in-post">{t('cadres.f.years', { count: c.yearsInPost })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.rank')}>{t(`cadres.rank.${c.rank}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.rankSince')}>{c.rankSince}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.education')}>{c.education}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.partyJoinedAt')}>{c.partyJoinedAt ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.f.status')}>{t(`cadres.status.${c.status}`)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        title={
          data.appraisal.year
            ? t('cadres.detail.appraisal', { year: data.appraisal.year })
            : t('cadres.detail.appraisalNone')
        }
        data-testid="appraisal-flags"
      >
        <Space wrap>
          <Tag color={data.appraisal.promotionPriority ? 'green' : 'default'}>
            {t('cadres.flag.promotionPriority')}：{data.appraisal.promotionPriority ? '✓' : '—'}
          </Tag>
          <Tag color={data.appraisal.keyAdjustment ? 'red' : 'default'}>
            {t('cadres.flag.keyAdjustment')}：{data.appraisal.keyAdjustment ? '✓' : '—'}
          </Tag>
          <Typography.Text type="secondary">
            {data.appraisal.keyAdjustment
              ? t('cadres.detail.adjustText')
              : data.appraisal.promotionPriority
                ? t('cadres.detail.priorityText')
                : t('cadres.detail.noFlagText')}
          </Typography.Text>
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('cadres.detail.posts')} data-testid="post-history">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.posts}
              locale={{ emptyText: t('common.empty') }}
              columns={[
                {
                  title: t('cadres.post.from'),
                  key: 'range',
                  render: (_, p) => `${p.start_date} — ${p.end_date ?? t('cadres.detail.current')}`,
                },
                { title: t('cadres.f.unit'), dataIndex: 'unit_name' },
                {
                  title: t('cadres.f.post'),
                  dataIndex: 'title',
                  render: (x: string, p) => (
                    <Space size={4}>
                      {x}
                      {p.is_key && <Tag color="orange">{t('cadres.f.keyPost')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('cadres.f.rank'),
                  dataIndex: 'rank',
                  render: (x: string) => t(`cadres.rank.${x}`),
                },
                {
                  title: t('cadres.post.source'),
                  dataIndex: 'source',
                  render: (x: string) => t(`cadres.postSource.${x}`),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Evaluations evaluations={data.evaluations} cadreId={c.id} />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('cadres.detail.nominations')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.nominations}
              locale={{ emptyText: t('common.empty') }}
              columns={[
                { title: t('cadres.nom.post'), dataIndex: 'vacancy_title' },
                {
                  title: t('cadres.nom.source'),
                  dataIndex: 'source',
                  render: (x: string) => t(`cadres.source.${x}`),
                },
                {
                  title: t('cadres.nom.eligibility'),
                  dataIndex: 'eligible',
                  render: (x: boolean) => (
                    <Tag color={x ? 'green' : 'red'}>
                      {x ? t('cadres.nom.eligible') : t('cadres.nom.ineligible')}
                    </Tag>
                  ),
                },
                { title: t('cadres.nom.at'), dataIndex: 'created_at', render: (x: string) => x.slice(0, 10) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cadres.detail.rotations')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.rotations}
              locale={{ emptyText: t('common.empty') }}
              columns={[
                { title: t('cadres.rot.date'), dataIndex: 'on_date' },
                {
                  title: t('cadres.rot.kind'),
                  dataIndex: 'kind',
                  render: (x: string) => t(`cadres.rotKind.${x}`),
                },
                { title: t('cadres.rot.from'), dataIndex: 'from_title' },
                { title: t('cadres.rot.to'), dataIndex: 'to_title' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

/** The masked number; a permitted role (member.reveal) may reveal it, and the server audits it. */
function IdCard({ cadreId, masked }: { cadreId: number; masked: string | null }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const [clear, setClear] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => api.cadres.files.revealIdCard.mutate({ id: cadreId }),
    onSuccess: (r) => setClear(r.idCard),
  });
  if (!masked) return <span>—</span>;
  return (
    <Flex vertical gap={4}>
      <Space>
        <Typography.Text code data-testid="id-card">
          {clear ?? masked}
        </Typography.Text>
        {!clear && can(me, 'member.reveal') && (
          <Popconfirm title={t('cadres.reveal.confirm')} onConfirm={() => reveal.mutate()}>
            <Button size="small" icon={<EyeOutlined />} loading={reveal.isPending} data-testid="reveal-id">
              {t('cadres.reveal.button')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {clear && (
        <Typography.Text type="warning" data-testid="reveal-note">
          {t('cadres.reveal.done')}
        </Typography.Text>
      )}
      {reveal.isError && <Typography.Text type="danger">{errorMessage(reveal.error)}</Typography.Text>}
    </Flex>
  );
}

function Evaluations({ evaluations, cadreId }: { evaluations: File['evaluations']; cadreId: number }) {
  const { t } = useTranslation();
  const extra = can(useMe().data, 'cadres.manage') && <EvaluationButton cadreId={cadreId} />;
  const latest = evaluations[0];
  const option = useMemo(
    () =>
      latest && {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 24, bottom: 28 },
        xAxis: { type: 'category', data: DIMENSIONS.map((d) => t(`cadres.dim.${d}`)) },
        yAxis: { type: 'value', min: 0, max: 100 },
        series: [
          {
            type: 'bar',
            name: t('cadres.detail.mean'),
            data: DIMENSIONS.map((d) => latest.summary.mean[d] / 100),
            itemStyle: { color: '#c8161d' },
            label: { show: true, position: 'top' },
            barMaxWidth: 36,
          },
        ],
      },
    [latest, t],
  );
  if (!latest)
    return (
      <Card title={t('cadres.detail.evaluations')} extra={extra}>
        <Empty description={t('cadres.detail.noEvaluations')} />
      </Card>
    );
  return (
    <Card title={t('cadres.detail.evaluations')} extra={extra} data-testid="evaluations">
      {evaluations.map((y) => (
        <Flex vertical gap={8} key={y.year} style={{ marginBottom: 12 }}>
          <Alert
            type="info"
            showIcon
            title={t('cadres.detail.evalTotal', {
              year: y.year,
              total: pts(y.summary.total),
              raters: y.summary.raters,
            })}
          />
          {y === latest && option && <Chart option={option} height={200} testId="eval-chart" />}
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={y.raters}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('cadres.detail.rater'), dataIndex: 'rater' },
              ...DIMENSIONS.map((d) => ({
                title: `${t(`cadres.dim.${d}`)}（${pct(y.weights[d])}）`,
                dataIndex: d,
                render: (x: number) => pts(x),
              })),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('cadres.detail.mean')}</Table.Summary.Cell>
                {DIMENSIONS.map((d, i) => (
                  <Table.Summary.Cell index={i + 1} key={d}>
                    {pts(y.summary.mean[d])}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
        </Flex>
      ))}
    </Card>
  );
}
