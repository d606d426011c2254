import { errorCode } from '@zhanqian/ui/trpc';
import { DotLoading, ErrorBlock, SafeArea, TabBar } from 'antd-mobile';
import { AppOutline, MessageOutline, UserOutline } from 'antd-mobile-icons';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from './session.ts';

/** Phone layout: the page above, three tabs below. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (me.isPending) return <DotLoading />;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') return <Navigate to="/login" replace />;
    return <ErrorBlock status="default" title={t('common.error')} description={me.error.message} />;
  }
  const tabs = [
    { key: '/', title: t('tab.home'), icon: <AppOutline /> },
    { key: '/inbox', title: t('tab.inbox'), icon: <MessageOutline /> },
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
      <div style={{ flex: 1, overflowY: 'auto' }}>
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
            <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} />
          ))}
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </div>
  );
}
