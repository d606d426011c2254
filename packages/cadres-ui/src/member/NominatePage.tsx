import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDraft } from '@zhanqian/ui/draft';
import { api } from '@zhanqian/ui/trpc';
import { Button, ErrorBlock, Form, NavBar, NoticeBar, Result, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { addCadreStrings, reasonText } from '../shared/strings.ts';
import { memberStrings } from './strings.ts';
import { MobileState } from './ui.tsx';

addCadreStrings(memberStrings);

const EMPTY = { reason: '' };

/** 干部自荐 for one open post; the reason stays on the phone as a draft until the server has it. */
export default function NominatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const vacancyId = Number(useParams().vacancyId);
  const posts = useQuery({
    queryKey: ['cadres.self.openPosts'],
    queryFn: () => api.cadres.self.openPosts.query({}),
  });
  const [draft, setDraft, clearDraft] = useDraft(`cadres-nominate-${vacancyId}`, EMPTY);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string[] | null>(null);

  const send = async (campaignId: number | null) => {
    setBusy(true);
    try {
      const r = await api.cadres.self.nominate.mutate({ vacancyId, reason: draft.reason });
      clearDraft();
      await queryClient.invalidateQueries({ queryKey: ['cadres.self.mine'] });
      if (!r.eligibility.eligible) {
        setRefused(r.eligibility.reasons.map((x) => reasonText(t, x)));
        return;
      }
      Toast.show({
        icon: 'success',
        content: r.candidateId ? t('cadres.m.submitted') : t('cadres.m.submittedNoCampaign'),
      });
      navigate(campaignId ? `/cadres/campaign/${campaignId}` : '/cadres');
    } catch (e) {
      // The draft is kept: nothing typed is lost when the network drops or the server refuses.
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <NavBar onBack={() => navigate('/cadres')}>{t('cadres.m.nominate')}</NavBar>
      <MobileState query={posts}>
        {(data) => {
          const post = data.rows.find((p) => p.id === vacancyId);
          if (!post) return <ErrorBlock status="empty" title={t('cadres.m.notFound')} description="" />;
          if (refused)
            return (
              <Result
                status="warning"
                title={t('cadres.m.notEligible')}
                description={refused.join('；')}
                data-testid="nominate-refused"
              />
            );
          return (
            <>
              <div style={{ padding: '12px 16px', background: '#fff' }} data-testid="nominate-post">
                <div style={{ fontSize: 17, fontWeight: 600 }}>{post.title}</div>
                <div style={{ color: '#666', marginTop: 4 }}>{post.unit_name}</div>
                <div style={{ color: 'var(--adm-color-weak)', marginTop: 4, fontSize: 13 }}>
                  {t('cadres.m.requirement', {
                    rank: t(`cadres.rank.${post.rank}`),
                    years: post.min_years_lower,
                    age: post.max_age,
                  })}
                </div>
              </div>
              {post.campaign_stage && (
                <NoticeBar
                  content={t('cadres.m.stageNow', { stage: t(`cadres.stage.${post.campaign_stage}`) })}
                  color="info"
                  wrap
                />
              )}
              <Form
                layout="vertical"
                footer={
                  <Button
                    block
                    color="primary"
                    size="large"
                    loading={busy}
                    disabled={!draft.reason.trim()}
                    onClick={() => send(post.campaign_id)}
                    data-testid="nominate-submit"
                  >
                    {t('common.submit')}
                  </Button>
                }
              >
                <Form.Item label={t('cadres.m.reason')} help={t('common.draftSaved')}>
                  <TextArea
                    value={draft.reason}
                    onChange={(reason) => setDraft({ reason })}
                    placeholder={t('cadres.m.reasonPh')}
                    rows={6}
                    maxLength={500}
                    showCount
                    data-testid="nominate-reason"
                  />
                </Form.Item>
              </Form>
            </>
          );
        }}
      </MobileState>
    </>
  );
}
