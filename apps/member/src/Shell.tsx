import { useQuery } from '@tanstack/react-query';
import { watchSelectors } from '@zhanqian/ui/a11y';
import { api, errorCode } from '@zhanqian/ui/trpc';
import { Button, DotLoading, ErrorBlock, SafeArea, TabBar } from 'antd-mobile';
import { AppOutline, MessageOutline, UserOutline } from 'antd-mobile-icons';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import './shell-strings.ts';
import { useMe } from './session.ts';

/** Phone layout: the page above, three tabs below. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // antd-mobile's disabled Selector options announced as disabled, on the shell's and the
  // remotes' screens (here, not in main.tsx: the sign-in page's first load stays lean)
  useEffect(() => watchSelectors(), []);
  // The inbox tab's badge: the unread counter (one row), refreshed each minute.
  const unread = useQuery({
    queryKey: ['inbox.unread'],
    queryFn: () => api.inbox.unread.query(),
    enabled: me.isSuccess && me.data.apps.includes('member'),
    refetchInterval: 60_000,
  });
  if (me.isPending) return <DotLoading />;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') return <Navigate to="/login" replace />;
    return <ErrorBlock status="default" title={t('common.error')} description={me.error.message} />;
  }
  // Each role has the apps it uses: the three administrators signed in at /admin/ (the cookie is
  // the site's) get no screens here, only where to go. The server refuses their sign-in at /m/login.
  if (!me.data.apps.includes('member'))
    return (
      <ErrorBlock
        status="default"
        fullPage
        title={t('wrongApp.title')}
        description={t('wrongApp.text')}
        data-testid="wrong-app"
      >
        <Button color="primary" onClick={() => window.location.assign('/admin/')}>
          {t('wrongApp.go')}
        </Button>
      </ErrorBlock>
    );
  const tabs = [
    { key: '/', title: t('tab.home'), icon: <AppOutline /> },
    {
      key: '/inbox',
      title: t('tab.inbox'),
      icon: <MessageOutline />,
      badge: unread.data?.unread || undefined,
    },
    { key: '/me', title: t('tab.me'), icon: <UserOutline /> },
  ];
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: '100dvh',
        maxWidth: 640,
        margin: '0 auto',
        background: '#f5f5f5',
      }}
    >
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the page scrolls in this div, not in the window; a tab stop, so the keyboard can scroll it (WCAG 2.1.1, axe scrollable-region-focusable) */}
      <div style={{ flex: 1, overflowY: 'auto' }} tabIndex={0}>
        <Suspense fallback={<DotLoading />}>
          <Outlet />
        </Suspense>
      </div>
      <div style={{ background: '#fff', borderTop: '1px solid #eee' }}>
        <TabBar
          activeKey={tabs.some((x) => x.key === pathname) ? pathname : '/'}
          onChange={(key) => navigate(key)}
        >
          {tabs.map((tab) => (
            <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} badge={tab.badge} />
          ))}
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </div>
  );
}
