import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@zhanqian/api-router';
import { currentLocale } from './i18n.ts';

/**
 * The typed tRPC client both apps use: plain JSON over HTTP (no transformer), the session
 * cookie sent along, the UI language as Accept-Language so server messages match the screen.
 */
export const api = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: '/trpc',
      fetch: (url, options) => fetch(url, { ...options, credentials: 'same-origin' } as RequestInit),
      headers: () => ({ 'accept-language': currentLocale(), 'x-zq-client': 'web' }),
    }),
  ],
});

export type Api = typeof api;

/** The tRPC error code of a failure, e.g. 'FORBIDDEN', or undefined for non-tRPC errors. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

export function createQueryClient(onUnauthorized: () => void): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          !['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(error) ?? '') &&
          count < 2,
        throwOnError: (error) => {
          if (errorCode(error) === 'UNAUTHORIZED') onUnauthorized();
          return false;
        },
      },
    },
  });
}
