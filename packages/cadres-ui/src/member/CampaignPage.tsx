import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Card, NavBar, NoticeBar, Steps, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { addCadreStrings, STAGES } from '../shared/strings.ts';
import { memberStrings } from './strings.ts';
import { MobileState } from './ui.tsx';

addCadreStrings(memberStrings);

type Mine = NonNullable<Awaited<ReturnType<typeof api.cadres.self.campaign.query>>['mine']>;

function myStatus(m: Mine | null): string {
  if (!m) return 'none';
  if (m.appointed) return 'appointed';
  if (m.decided) return 'decided';
  if (m.qualified === 1) return 'qualified';
  if (m.qualified === 0) return 'notQualified';
  return 'registered';
}

/** Follow a campaign one is nominated for: its stages with dates, and only one's own standing. */
export default function CampaignPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const campaign = useQuery({
    queryKey: ['cadres.self.campaign', id],
    queryFn: () => api.cadres.self.campaign.query({ id }),
    enabled: Number.isInteger(id) && id > 0,
    refetchOnWindowFocus: true,
  });
  return (
    <>
      <NavBar onBack={() => navigate('/cadres')}>{t('cadres.m.progress')}</NavBar>
      <MobileState query={campaign}>
        {(k) => {
          const reached = new Map(k.events.map((e) => [e.to_stage, e.on_date]));
          const cancelled = k.stage === 'cancelled';
          const current = STAGES.indexOf(k.stage as never);
          const status = myStatus(k.mine);
          return (
            <div data-testid="my-campaign">
              <Card style={{ margin: 12 }}>
                <div style={{ fontSize: 17, fontWeight: 600 }} data-testid="campaign-title">
                  {k.title}
                </div>
                <div style={{ color: '#666', margin: '6px 0' }}>
                  {t(`cadres.kind.${k.kind}`)} · {k.vacancyTitle}
                </div>
                <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
                  <Tag color={cancelled ? 'default' : 'danger'} data-testid="campaign-stage">
                    {t('cadres.m.stageNow', { stage: t(`cadres.stage.${k.stage}`) })}
                  </Tag>
                  <Tag color={status === 'notQualified' ? 'danger' : 'success'} data-testid="my-status">
                    {t('cadres.m.myStatus')}：{t(`cadres.m.st.${status}`)}
                  </Tag>
                </div>
              </Card>
              {k.publicityStart && k.publicityEnd && (
                <NoticeBar
                  color="alert"
                  wrap
                  content={t('cadres.m.publicity', { start: k.publicityStart, end: k.publicityEnd })}
                />
              )}
              <Card style={{ margin: 12 }}>
                <Steps direction="vertical" current={cancelled ? -1 : current}>
                  {STAGES.map((s, i) => (
                    <Steps.Step
                      key={s}
                      title={t(`cadres.stage.${s}`)}
                      description={reached.get(s) ?? ''}
                      status={
                        cancelled ? 'wait' : i < current ? 'finish' : i === current ? 'process' : 'wait'
                      }
                    />
                  ))}
                </Steps>
              </Card>
            </div>
          );
        }}
      </MobileState>
    </>
  );
}
