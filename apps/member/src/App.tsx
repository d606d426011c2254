import { QueryClientProvider } from '@tanstack/react-query';
import { RemoteBuildReload } from '@zhanqian/ui/remotes';
import { createQueryClient } from '@zhanqian/ui/trpc';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { LeftOutline } from 'antd-mobile-icons';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { router } from './router.tsx';
import './theme.css';

const queryClient = createQueryClient(() => {
  if (!location.pathname.endsWith('/login')) void router.navigate('/login');
});

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      // NavBar's back arrow is the only content of its button: named, on every screen (remotes too)
      navBar={{ backIcon: <LeftOutline role="img" aria-label={i18n.t('common.back')} /> }}
    >
      <QueryClientProvider client={queryClient}>
        {/* pnpm dev: a rebuilt remote reloads the page */}
        {import.meta.env.DEV && <RemoteBuildReload />}
        <Suspense>
          <RouterProvider router={router} />
        </Suspense>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
