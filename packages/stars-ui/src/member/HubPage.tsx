import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { DotLoading, List, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { addStarsStrings } from '../setup.ts';

addStarsStrings();

/** The stars entry of the home page: a secretary's two rating lists, a member's own stars. */
export default function HubPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });
  if (!me.data) return <DotLoading />;
  const rater = me.data.permissions.includes('stars.rate');
  if (!rater && me.data.memberId !== null) return <Navigate to="/stars/mine" replace />;
  return (
    <>
      <NavBar onBack={() => navigate('/')}>{t('stars.m.title')}</NavBar>
      <List>
        {rater && (
          <>
            <List.Item
              onClick={() => navigate('/stars/rate/household')}
              description={t('stars.m.rateHouseholdsDesc')}
              data-testid="hub-rate-household"
            >
              {t('stars.m.rateHouseholds')}
            </List.Item>
            <List.Item
              onClick={() => navigate('/stars/rate/member')}
              description={t('stars.m.rateMembersDesc')}
              data-testid="hub-rate-member"
            >
              {t('stars.m.rateMembers')}
            </List.Item>
          </>
        )}
        {me.data.memberId !== null && (
          <List.Item
            onClick={() => navigate('/stars/mine')}
            description={t('stars.m.mineDesc')}
            data-testid="hub-mine"
          >
            {t('stars.m.mine')}
          </List.Item>
        )}
      </List>
    </>
  );
}
