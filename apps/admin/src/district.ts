import { useQuery } from '@tanstack/react-query';
import { addStrings } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

addStrings({
  'zh-CN': { 'app.titleOf': '{{district}}组织工作平台', 'app.titleGeneric': '组织工作平台' },
  en: { 'app.titleOf': '{{district}} Organization Platform', 'app.titleGeneric': 'Organization Platform' },
});

/**
 * The console's title, from the district the platform serves (its org tree's root, answered by
 * the public system.info) rather than a name built in: the sign-in page, the menu's header and
 * the browser tab show it (#14). An empty platform (first run) has the generic title.
 */
export function useAppTitle(): string {
  const { t } = useTranslation();
  const info = useQuery({
    queryKey: ['system.info'],
    queryFn: () => api.system.info.query(),
    staleTime: 5 * 60_000,
  });
  const name = info.data?.district?.name;
  const title = name ? t('app.titleOf', { district: name }) : t('app.titleGeneric');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return title;
}
