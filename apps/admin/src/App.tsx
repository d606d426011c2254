import { QueryClientProvider } from '@tanstack/react-query';
import { RemoteBuildReload } from '@zhanqian/ui/remotes';
import { createQueryClient } from '@zhanqian/ui/trpc';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { router } from './router.tsx';
import { ADMIN_THEME } from './theme.ts';

const queryClient = createQueryClient(() => {
  if (!location.pathname.endsWith('/login')) void router.navigate('/login');
});

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={ADMIN_THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          {/* pnpm dev: a rebuilt remote reloads the page */}
          {import.meta.env.DEV && <RemoteBuildReload />}
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
