import { ClockCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Badge, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addCadreStrings, STAGES } from '../shared/strings.ts';
import { AdvanceButton } from './campaignActions.tsx';
import { NewCampaignButton } from './NewCampaignModal.tsx';
import { adminStrings } from './strings.ts';
import { can, ErrorState, QueryState, useMe } from './ui.tsx';

addCadreStrings(adminStrings);

type Board = Awaited<ReturnType<typeof api.cadres.campaigns.board.query>>;
type Item = Board['rows'][number];

/**
 * 选拔工作看板: the campaigns in columns by stage (announce → … → appointment, then cancelled),
 * each card with its kind, candidates, the publicity countdown in working days and the step forward.
 */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const board = useQuery({
    queryKey: ['cadres.campaigns.board'],
    queryFn: () => api.cadres.campaigns.board.query({}),
  });
  if (board.isError) return <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  return (
    <Card title={t('cadres.camp.title')} extra={can(me, 'cadres.manage') && <NewCampaignButton />}>
      <QueryState query={board}>
        {(data) => {
          const stages = [...STAGES, ...(data.byStage.cancelled ? (['cancelled'] as const) : [])];
          const inPublicity = data.rows.filter(
            (r) => r.stage === 'publicity' && r.publicityDaysLeft !== null,
          );
          return (
            <Flex vertical gap={12}>
              {inPublicity.map((k) => (
                <Alert
                  key={k.id}
                  type={k.publicityDaysLeft ? 'warning' : 'success'}
                  showIcon
                  icon={<ClockCircleOutlined />}
                  data-testid={`publicity-banner-${k.id}`}
                  title={
                    <Space wrap>
                      <Link to={`/cadres/campaigns/${k.id}`}>{k.title}</Link>
                      <span>
                        {t('cadres.camp.publicityRange', { start: k.publicity_start, end: k.publicity_end })}
                      </span>
                      <strong>
                        {k.publicityDaysLeft
                          ? t('cadres.camp.publicityLeft', { count: k.publicityDaysLeft })
                          : t('cadres.camp.publicityOver')}
                      </strong>
                    </Space>
                  }
                />
              ))}
              <div style={{ overflowX: 'auto', paddingBottom: 8 }} data-testid="campaign-board">
                <Flex gap={12} style={{ minWidth: stages.length * 212 }}>
                  {stages.map((s) => {
                    const items = data.rows.filter((r) => r.stage === s);
                    return (
                      <div
                        key={s}
                        style={{
                          width: 200,
                          flex: '0 0 200px',
                          background: '#fafafa',
                          borderRadius: 6,
                          padding: 8,
                        }}
                        data-testid={`stage-${s}`}
                      >
                        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                          <Typography.Text strong>{t(`cadres.stage.${s}`)}</Typography.Text>
                          <Badge count={items.length} showZero color={items.length ? '#c8161d' : '#bbb'} />
                        </Flex>
                        <Flex vertical gap={8}>
                          {items.length === 0 ? (
                            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cadres.camp.none')} />
                          ) : (
                            items.map((k) => <CampaignCard key={k.id} k={k} />)
                          )}
                        </Flex>
                      </div>
                    );
                  })}
                </Flex>
              </div>
            </Flex>
          );
        }}
      </QueryState>
    </Card>
  );
}

function CampaignCard({ k }: { k: Item }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid={`campaign-${k.id}`} styles={{ body: { padding: 10 } }}>
      <Flex vertical gap={6}>
        <Link to={`/cadres/campaigns/${k.id}`} style={{ fontWeight: 600 }}>
          {k.title}
        </Link>
        <Space size={4} wrap>
          <Tag color="blue">{t(`cadres.kind.${k.kind}`)}</Tag>
          <Tag>{t('cadres.camp.slots', { count: k.slots })}</Tag>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {k.unit_name} · {k.vacancy_title}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 12 }}>
          {t('cadres.camp.candidates', { count: k.candidates })}
        </Typography.Text>
        {k.stage === 'publicity' && k.publicityDaysLeft !== null && (
          <Flex vertical gap={2} data-testid={`countdown-${k.id}`}>
            <Typography.Text type={k.publicityDaysLeft > 0 ? 'warning' : 'success'} strong>
              <ClockCircleOutlined />{' '}
              {k.publicityDaysLeft > 0
                ? t('cadres.camp.publicityLeft', { count: k.publicityDaysLeft })
                : t('cadres.camp.publicityOver')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cadres.camp.publicityDates', { start: k.publicity_start, end: k.publicity_end })}
            </Typography.Text>
          </Flex>
        )}
        <AdvanceButton campaign={k} size="small" block />
      </Flex>
    </Card>
  );
}
