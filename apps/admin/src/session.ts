import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';

export type Me = Awaited<ReturnType<typeof api.auth.me.query>>;

/** The signed-in user (auth.me); the layout redirects to /login when there is none. */
export const useMe = () =>
  useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });

export const can = (me: Me | undefined, ...perms: string[]) =>
  !!me && perms.some((p) => (me.permissions as string[]).includes(p));

/**
 * The console's own pages and the permissions they need (any of): the menu lists a page for
 * users holding one, the route guard answers 无权访问 to the others (an address typed in).
 * Each is what the page's queries need, so a listed page never meets the API's 403.
 */
export const SHELL_PAGES = {
  org: ['org.read'],
  // imports.list and at least one kind
  imports: ['org.write', 'member.write'],
  audit: ['audit.read', 'audit.readOwn'],
  users: ['user.manage', 'security.manage'],
  directLine: ['directline.handle'],
} as const satisfies Record<string, readonly string[]>;
