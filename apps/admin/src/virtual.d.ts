declare module 'virtual:zq-shared-providers' {
  import type { SharedProvider } from '@zhanqian/ui/mf-runtime';
  /** Per shared key, this build's version and module (tooling/mf/host.ts). */
  export const sharedProviders: Record<string, SharedProvider>;
}
