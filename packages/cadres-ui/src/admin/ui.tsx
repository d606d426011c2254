import { ErrorState, Forbidden } from '@zhanqian/ui/admin-status';

export { ErrorState, Forbidden };

import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Me = Awaited<ReturnType<typeof api.auth.me.query>>;

/** The signed-in user (the shell has already cached ['auth.me']). */
export const useMe = () =>
  useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });

export const can = (me: Me | undefined, ...perms: string[]) =>
  !!me && perms.some((p) => (me.permissions as string[]).includes(p));

/** Loading, error (403 included) and empty states around a query's data. */
export function QueryState<T>({
  query,
  empty,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: T | undefined;
    refetch: () => unknown;
  };
  empty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const data = query.data as T;
  if (empty?.(data)) return <Empty description={t('common.empty')} />;
  return <>{children(data)}</>;
}

/** Hundredths of a point as 'xx.xx'. */
export const pts = (h: number | null | undefined) => (h == null ? '—' : (h / 100).toFixed(2));
/** Hundredths of a percent as 'xx%'. */
export const pct = (h: number) => `${+(h / 100).toFixed(2)}%`;

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
