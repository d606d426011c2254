import { useQuery } from '@tanstack/react-query';
import { Chart } from '@zhanqian/ui/chart';
import { visibleModules } from '@zhanqian/ui/modules';
import { api } from '@zhanqian/ui/trpc';
import { Button, Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDomainModules } from '../modules.ts';
import { can, useMe } from '../session.ts';
import { AwaitingRole } from './accounts/AwaitingRole.tsx';
import { ErrorState } from './Status.tsx';

/** The landing page of a department's portal: its scope in numbers and its shortcuts. */
export default function HomePage() {
  const me = useMe().data!;
  // No role granted yet (#14): told so, not an empty portal.
  if (me.role === 'pending') return <AwaitingRole />;
  return <Portal />;
}

function Portal() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data!;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const overview = useQuery({
    queryKey: ['org.overview'],
    queryFn: () => api.org.overview.query(),
    enabled: can(me, 'org.read'),
  });
  const inbox = useQuery({
    queryKey: ['inbox.list', 1],
    queryFn: () => api.inbox.list.query({ page: 1, pageSize: 5 }),
  });
  const modules = visibleModules(useDomainModules(), me.permissions);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('home.scope', { unit: me.unit.name })}
      </Typography.Title>
      {can(me, 'org.read') &&
        (overview.isPending ? (
          <Skeleton active />
        ) : overview.isError ? (
          <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
        ) : (
          <Row gutter={16}>
            {(
              [
                ['home.streets', overview.data.units.street ?? 0],
                ['home.committees', overview.data.units.committee ?? 0],
                ['home.branches', overview.data.units.branch ?? 0],
                ['home.members', overview.data.members],
                ['home.households', overview.data.households],
              ] as const
            ).map(([label, value]) => (
              <Col key={label} xs={12} md={4}>
                <Card>
                  <Statistic title={t(label)} value={value} data-testid={`stat-${label}`} />
                </Card>
              </Col>
            ))}
          </Row>
        ))}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={t('home.shortcuts')}>
            <Space wrap>
              {can(me, 'org.read') && <Button onClick={() => navigate('/org')}>{t('menu.org')}</Button>}
              {modules.map((m) => (
                <Button key={m.key} type="primary" ghost onClick={() => navigate(`/${m.key}`)}>
                  {m.label[lang]}
                </Button>
              ))}
              <Button onClick={() => navigate('/inbox')}>
                {t('home.unread', { count: inbox.data?.unread ?? 0 })}
              </Button>
            </Space>
          </Card>
        </Col>
        {overview.data && (
          <Col xs={24} md={12}>
            <Card title={t('home.chart')}>
              <Chart
                height={220}
                testId="home-chart"
                option={{
                  tooltip: {},
                  xAxis: {
                    type: 'category',
                    data: [t('home.streets'), t('home.committees'), t('home.branches')],
                  },
                  yAxis: { type: 'value' },
                  series: [
                    {
                      type: 'bar',
                      itemStyle: { color: '#c8161d' },
                      data: [
                        overview.data.units.street ?? 0,
                        overview.data.units.committee ?? 0,
                        overview.data.units.branch ?? 0,
                      ],
                    },
                  ],
                }}
              />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
