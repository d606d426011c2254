import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';

/** The signed-in user (the shell has it cached under the same key). */
export const useMe = () =>
  useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });
