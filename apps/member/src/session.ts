import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';

export type Me = Awaited<ReturnType<typeof api.auth.me.query>>;

/** The signed-in user (auth.me); the layout redirects to /login when there is none. */
export const useMe = () =>
  useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });

export const can = (me: Me | undefined, ...perms: string[]) =>
  !!me && perms.some((p) => (me.permissions as string[]).includes(p));
