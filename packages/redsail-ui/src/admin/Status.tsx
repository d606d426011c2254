import { ErrorState, Forbidden } from '@zhanqian/ui/admin-status';

export { ErrorState, Forbidden };

import { Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { can, useMe } from '../shared/session.ts';

/** Renders the page only for users with one of the permissions; others get the 403 page. */
export function Guard({ perms, children }: { perms: string[]; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Skeleton active />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!can(me.data, ...perms)) return <Forbidden />;
  return <>{children}</>;
}

/** The paging of the server-paged tables: size changer, "N in total", one callback for both. */
export function serverPaging(
  t: (key: string, options: { count: number }) => string,
  page: number,
  pageSize: number,
  total: number,
  onChange: (page: number, pageSize: number) => void,
) {
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    showTotal: (n: number) => t('common.total', { count: n }),
    onChange,
  };
}
