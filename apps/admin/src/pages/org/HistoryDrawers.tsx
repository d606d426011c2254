import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Descriptions, Drawer, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../Status.tsx';

const period = (from: string | null, to: string | null, t: (k: string) => string, start = 'orgm.beginning') =>
  `${from ?? t(start)} — ${to ?? t('orgm.now')}`;

/** A unit's names and parents over time, its merger, members who belonged, and its results by year under the name of then. */
export function UnitHistoryDrawer({ unitId, onClose }: { unitId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const h = useQuery({
    queryKey: ['org.unitHistory', unitId],
    queryFn: () => api.org.unitHistory.query({ id: unitId }),
  });
  const d = h.data;
  return (
    <Drawer
      open
      size="large"
      title={d ? `${t('orgm.history')}：${d.unit.name}` : t('orgm.history')}
      onClose={onClose}
    >
      {h.isError ? (
        <ErrorState error={h.error} onRetry={() => h.refetch()} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <div data-testid="unit-history">
          {d.unit.dissolved_on && (
            <Tag color="default" style={{ marginBottom: 12 }}>
              {t('orgm.dissolvedOn', { date: d.unit.dissolved_on })}
              {d.mergedInto && `，${t('orgm.mergedInto', { name: d.mergedInto.name })}`}
            </Tag>
          )}
          <Typography.Title level={5}>{t('orgm.periods')}</Typography.Title>
          <Table
            size="small"
            rowKey={(p) => `${p.from}-${p.to}`}
            pagination={false}
            dataSource={d.periods}
            columns={[
              { title: t('orgm.period'), render: (_, p) => period(p.from, p.to, t) },
              { title: t('orgm.name'), dataIndex: 'name' },
              { title: t('orgm.parent'), dataIndex: 'parentName', render: (v: string | null) => v ?? '—' },
            ]}
          />
          {d.members.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('orgm.pastMembers')}
              </Typography.Title>
              <Table
                size="small"
                rowKey={(m) => `${m.memberId}-${m.to}`}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={d.members}
                columns={[
                  { title: t('org.name'), dataIndex: 'name' },
                  { title: t('orgm.period'), render: (_, m) => period(m.from, m.to, t, 'member.beginning') },
                ]}
              />
            </>
          )}
          {(d.ratings.length > 0 || d.tenStar.length > 0) && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('orgm.ratings')}
              </Typography.Title>
              <Table
                size="small"
                rowKey="year"
                pagination={false}
                dataSource={mergeYears(d.ratings, d.tenStar)}
                columns={[
                  { title: t('orgm.year'), dataIndex: 'year' },
                  { title: t('orgm.nameThen'), dataIndex: 'nameThen' },
                  { title: t('orgm.stars'), dataIndex: 'stars', render: (v?: number) => v ?? '—' },
                  {
                    title: t('orgm.tenStar'),
                    dataIndex: 'tenStar',
                    render: (v?: number) => (v === undefined ? '—' : v ? t('orgm.yes') : t('orgm.no')),
                  },
                ]}
              />
            </>
          )}
          {d.scores.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('orgm.scores')}
              </Typography.Title>
              <Table
                size="small"
                rowKey="year"
                pagination={false}
                dataSource={d.scores}
                columns={[
                  { title: t('orgm.year'), dataIndex: 'year' },
                  { title: t('orgm.nameThen'), dataIndex: 'nameThen' },
                  { title: t('orgm.total'), dataIndex: 'total', render: (v: number) => (v / 100).toFixed(2) },
                  { title: t('orgm.rank'), dataIndex: 'rank' },
                  {
                    title: '',
                    dataIndex: 'provisional',
                    render: (v: boolean) => (v ? <Tag color="warning">{t('orgm.provisional')}</Tag> : null),
                  },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Drawer>
  );
}

function mergeYears(
  ratings: { year: number; stars: number; nameThen: string }[],
  tenStar: { year: number; ten_star: number; nameThen: string }[],
) {
  const by = new Map<number, { year: number; nameThen: string; stars?: number; tenStar?: number }>();
  for (const r of ratings) by.set(r.year, { year: r.year, nameThen: r.nameThen, stars: r.stars });
  for (const r of tenStar)
    by.set(r.year, { ...(by.get(r.year) ?? { year: r.year, nameThen: r.nameThen }), tenStar: r.ten_star });
  return [...by.values()].sort((a, b) => a.year - b.year);
}

/** A member's branches over time, lifecycle events and ratings by year with that year's branch. */
export function MemberHistoryDrawer({ memberId, onClose }: { memberId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const h = useQuery({
    queryKey: ['org.memberHistory', memberId],
    queryFn: () => api.org.memberHistory.query({ memberId }),
  });
  const d = h.data;
  return (
    <Drawer
      open
      size="large"
      title={d ? `${t('member.history')}：${d.member.name}` : t('member.history')}
      onClose={onClose}
    >
      {h.isError ? (
        <ErrorState error={h.error} onRetry={() => h.refetch()} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <div data-testid="member-history">
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'status', label: t('member.status'), children: t(`member.status.${d.member.status}`) },
              {
                key: 'category',
                label: t('member.category'),
                children: t(`member.category.${d.member.category}`),
              },
              { key: 'joined', label: t('org.joinedAt'), children: d.member.joinedAt ?? '—' },
              { key: 'confirmed', label: t('member.confirmDate'), children: d.member.confirmedAt ?? '—' },
              ...(d.member.leftTo
                ? [{ key: 'to', label: t('member.outTo'), children: d.member.leftTo }]
                : []),
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('member.periods')}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(p) => `${p.branchId}-${p.to}`}
            pagination={false}
            dataSource={d.periods}
            columns={[
              { title: t('orgm.period'), render: (_, p) => period(p.from, p.to, t, 'member.beginning') },
              { title: t('org.branch'), dataIndex: 'branchName' },
            ]}
          />
          {d.events.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('member.events')}
              </Typography.Title>
              <Timeline
                items={d.events.map((e) => ({
                  key: e.id,
                  children: (
                    <>
                      <b>{e.on_date}</b> {t(`member.event.${e.kind}`)}
                      {e.fromName && e.toName && `：${e.fromName} → ${e.toName}`}
                      {e.detail && `（${e.detail}）`}
                      {e.actor && (
                        <Typography.Text type="secondary">{` · ${t('member.actor')} ${e.actor}`}</Typography.Text>
                      )}
                    </>
                  ),
                }))}
              />
            </>
          )}
          {d.ratings.length > 0 && (
            <>
              <Typography.Title level={5}>{t('member.ratings')}</Typography.Title>
              <Table
                size="small"
                rowKey="year"
                pagination={false}
                dataSource={d.ratings}
                columns={[
                  { title: t('orgm.year'), dataIndex: 'year' },
                  { title: t('org.branch'), dataIndex: 'branchName' },
                  { title: t('orgm.stars'), dataIndex: 'stars' },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Drawer>
  );
}
