import type { ReactNode } from 'react';
import { Forbidden } from './pages/Status.tsx';
import { can, useMe } from './session.ts';

/**
 * A route of the console's own pages: the page for users holding one of `any`, 无权访问 for the
 * others. The menu lists the page by the same permissions, so only a typed address gets here.
 */
export function Guard({ any, children }: { any: readonly string[]; children: ReactNode }) {
  const me = useMe();
  // The layout above waits for auth.me; until then (or on its error) it renders nothing of ours.
  if (!me.data) return null;
  return can(me.data, ...any) ? children : <Forbidden />;
}
