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
