import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  HomeOutlined,
  ImportOutlined,
  LogoutOutlined,
  MailOutlined,
  MessageOutlined,
  TeamOutlined,
  TranslationOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { menuRoutes, visibleModules } from '@zhanqian/ui/modules';
import { api, errorCode } from '@zhanqian/ui/trpc';
import { Layout as AntLayout, Badge, Button, Menu, Result, Space, Spin, Typography } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useAppTitle } from './district.ts';
import { useDomainModules } from './modules.ts';
import { ErrorState } from './pages/Status.tsx';
import { can, SHELL_PAGES, useMe } from './session.ts';

export function Layout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const domainModules = useDomainModules();
  const title = useAppTitle();
  if (me.isPending) return <Spin fullscreen tip={t('common.loading')} />;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') return <Navigate to="/login" replace />;
    return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  }
  const user = me.data;
  // Each role has the apps it uses: a Party member signed in at /m/ (the cookie is the site's)
  // gets no portal here, only where to go. The server refuses such a sign-in at /admin/login.
  if (!user.apps.includes('admin')) return <WrongApp />;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  // Departments' staff work in their department's portal; a reporter or secretary in their unit's;
  // the three administrators in their duty's.
  const portal =
    user.unit.portal ??
    (user.unit.kind === 'street' || user.unit.kind === 'committee' ? 'stars' : 'district');
  const portalLabel =
    user.role === 'district_admin' || user.role === 'dept_admin'
      ? t(`portal.${portal}`)
      : ['sys_admin', 'sec_admin', 'audit_admin'].includes(user.role)
        ? t(`role.${user.role}`)
        : user.unit.name;
  const items = [
    { key: '/', icon: <HomeOutlined />, label: t('menu.home') },
    can(user, ...SHELL_PAGES.org) && { key: '/org', icon: <ApartmentOutlined />, label: t('menu.org') },
    can(user, ...SHELL_PAGES.imports) && {
      key: '/imports',
      icon: <ImportOutlined />,
      label: t('menu.imports'),
    },
    ...visibleModules(domainModules, user.permissions).map((m) => ({
      key: `/${m.key}`,
      icon: <AppstoreOutlined />,
      label: m.label[lang],
      children: menuRoutes(m, user.permissions).map((r) => ({
        key: r.path ? `/${m.key}/${r.path}` : `/${m.key}`,
        label: r.label[lang],
      })),
    })),
    { key: '/inbox', icon: <MailOutlined />, label: <InboxLabel text={t('menu.inbox')} /> },
    can(user, ...SHELL_PAGES.directLine) && {
      key: '/direct-line',
      icon: <MessageOutlined />,
      label: t('menu.directLine'),
    },
    can(user, ...SHELL_PAGES.audit) && {
      key: '/audit',
      icon: <AuditOutlined />,
      label: t('menu.audit'),
    },
    can(user, ...SHELL_PAGES.users) && {
      key: '/users',
      icon: <TeamOutlined />,
      label: t('menu.users'),
    },
  ].filter(Boolean) as { key: string; label: ReactNode }[];

  const logout = async () => {
    await api.auth.logout.mutate().catch(() => {});
    queryClient.clear();
    navigate('/login');
  };

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Sider width={220} breakpoint="lg" collapsedWidth={0} theme="light">
        <div style={{ padding: '16px 20px', fontWeight: 600, color: '#c8161d' }} data-testid="app-title">
          {title}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[location.pathname]}
          items={items}
          onClick={(e) => navigate(e.key)}
        />
      </AntLayout.Sider>
      <AntLayout>
        <AntLayout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            paddingInline: 24,
          }}
        >
          <Typography.Text strong data-testid="portal-title">
            {t('home.portal', { portal: portalLabel })}
          </Typography.Text>
          <Space>
            <Typography.Text data-testid="whoami">
              {user.displayName}（{t(`role.${user.role}`)}）
            </Typography.Text>
            <Button
              icon={<TranslationOutlined />}
              onClick={() => setLocale(lang === 'en' ? 'zh-CN' : 'en')}
              data-testid="lang-switch"
            >
              {t('common.language')}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={logout}>
              {t('common.logout')}
            </Button>
          </Space>
        </AntLayout.Header>
        <AntLayout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin tip={t('common.loading')} />}>
            <Outlet />
          </Suspense>
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  );
}

/** The inbox's menu entry with its unread count (the counter row; refreshed each minute). */
function InboxLabel({ text }: { text: string }) {
  const unread = useQuery({
    queryKey: ['inbox.unread'],
    queryFn: () => api.inbox.unread.query(),
    refetchInterval: 60_000,
  });
  return (
    <Space size={6}>
      {text}
      <Badge count={unread.data?.unread ?? 0} size="small" data-testid="menu-unread" />
    </Space>
  );
}

/** What a role that does not use the console sees instead of a portal: where to go, or sign out. */
function WrongApp() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = async () => {
    await api.auth.logout.mutate().catch(() => {});
    queryClient.clear();
    navigate('/login');
  };
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Result
        status="warning"
        title={t('wrongApp.title')}
        subTitle={t('wrongApp.text')}
        data-testid="wrong-app"
        extra={[
          <Button key="go" type="primary" href="/m/">
            {t('wrongApp.go')}
          </Button>,
          <Button key="out" onClick={logout}>
            {t('common.logout')}
          </Button>,
        ]}
      />
    </main>
  );
}
