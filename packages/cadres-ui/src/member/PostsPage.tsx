import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Button, List, NavBar, Space, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { addCadreStrings } from '../shared/strings.ts';
import { memberStrings } from './strings.ts';
import { MobileState } from './ui.tsx';

addCadreStrings(memberStrings);

/** 干部自荐: the posts open for selection, and the member's own nominations with each campaign's stage. */
export default function PostsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const posts = useQuery({
    queryKey: ['cadres.self.openPosts'],
    queryFn: () => api.cadres.self.openPosts.query({}),
  });
  const mine = useQuery({ queryKey: ['cadres.self.mine'], queryFn: () => api.cadres.self.mine.query({}) });
  const nominatedFor = new Set(
    (mine.data?.rows ?? []).filter((n) => n.source === 'self').map((n) => n.vacancy_id),
  );
  return (
    <>
      <NavBar onBack={() => navigate('/')}>{t('cadres.m.home')}</NavBar>
      <MobileState query={posts}>
        {(data) => (
          <List header={t('cadres.m.openPosts')} data-testid="open-posts">
            {data.rows.length === 0 && <List.Item>{t('cadres.m.noPosts')}</List.Item>}
            {data.rows.map((p) => (
              <List.Item
                key={p.id}
                data-testid={`post-${p.id}`}
                description={
                  <Space direction="vertical" style={{ '--gap': '4px' }}>
                    <span>
                      {t('cadres.m.requirement', {
                        rank: t(`cadres.rank.${p.rank}`),
                        years: p.min_years_lower,
                        age: p.max_age,
                      })}
                    </span>
                    {p.campaign_stage && (
                      <Space wrap style={{ '--gap': '4px' }}>
                        {p.campaign_kind && (
                          <Tag color="primary" fill="outline">
                            {t(`cadres.kind.${p.campaign_kind}`)}
                          </Tag>
                        )}
                        <Tag color="warning">
                          {t('cadres.m.stageNow', { stage: t(`cadres.stage.${p.campaign_stage}`) })}
                        </Tag>
                      </Space>
                    )}
                  </Space>
                }
                extra={
                  nominatedFor.has(p.id) ? (
                    <Tag color="success">{t('cadres.m.nominated')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      color="primary"
                      onClick={() => navigate(`/cadres/nominate/${p.id}`)}
                      data-testid={`nominate-${p.id}`}
                    >
                      {t('cadres.m.nominate')}
                    </Button>
                  )
                }
              >
                <div style={{ fontWeight: 600 }}>{p.title}</div>
                <div style={{ fontSize: 13, color: '#666' }}>{p.unit_name}</div>
              </List.Item>
            ))}
          </List>
        )}
      </MobileState>
      <MobileState query={mine}>
        {(data) => (
          <List header={t('cadres.m.mine')} data-testid="my-nominations">
            {data.rows.length === 0 && <List.Item>{t('cadres.m.noMine')}</List.Item>}
            {data.rows.map((n) => (
              <List.Item
                key={n.id}
                clickable={n.campaign_id !== null}
                onClick={
                  n.campaign_id !== null ? () => navigate(`/cadres/campaign/${n.campaign_id}`) : undefined
                }
                data-testid={`mine-${n.id}`}
                description={
                  <Space wrap style={{ '--gap': '4px' }}>
                    <Tag fill="outline">{t(`cadres.source.${n.source}`)}</Tag>
                    {n.campaign_stage && <Tag color="warning">{t(`cadres.stage.${n.campaign_stage}`)}</Tag>}
                    {!n.eligible && <Tag color="danger">{t('cadres.nom.ineligible')}</Tag>}
                  </Space>
                }
              >
                {n.campaign_title ?? n.vacancy_title}
              </List.Item>
            ))}
          </List>
        )}
      </MobileState>
    </>
  );
}
