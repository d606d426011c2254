import { createInstance } from '@module-federation/runtime';
import * as runtimeCore from '@module-federation/runtime/core';
import type { ScreenModule } from './modules.ts';
import type { RemoteLoader } from './remotes.tsx';

/** One library the shell provides to the remotes: its installed version and its module. */
export interface SharedProvider {
  version: string;
  get: () => Promise<unknown>;
}

const isScreenModule = (v: unknown): v is ScreenModule =>
  typeof v === 'object' && v !== null && 'key' in v && Array.isArray((v as ScreenModule).routes);

/**
 * The shell's Module Federation host (a pure run-time host: the shell's own build knows no
 * remote). It provides the shared singletons from its own bundle (loaded on first use, so
 * a remote's React, antd, router, react-query, tRPC client and i18n are the shell's own
 * instances), publishes the runtime for the remotes (built with `experiments.externalRuntime`,
 * so they carry no copy of it), and loads `<container>/<side>` from the entry the manifest names.
 *
 * Imported lazily by the shells: the sign-in and landing pages do not download it.
 */
export function createRemoteLoader(name: string, shared: Record<string, SharedProvider>): RemoteLoader {
  const global = globalThis as { _FEDERATION_RUNTIME_CORE?: unknown };
  global._FEDERATION_RUNTIME_CORE ??= runtimeCore;
  const mf = createInstance({
    name,
    remotes: [],
    shared: Object.fromEntries(
      Object.entries(shared).map(([key, provider]) => [
        key,
        {
          version: provider.version,
          scope: 'default',
          get: async () => {
            const module = await provider.get();
            return () => module;
          },
          shareConfig: { singleton: true, requiredVersion: false as const },
        },
      ]),
    ),
  });
  const entries = new Map<string, string>();
  return async (remote, side, attempt) => {
    // A retry asks for the entry anew (a failed module load is not fetched again at the same URL).
    const entry = attempt > 0 ? `${remote.entry}?retry=${attempt}` : remote.entry;
    if (entries.get(remote.name) !== entry) {
      mf.registerRemotes([{ name: remote.name, entry, type: 'module' }], { force: entries.has(remote.name) });
      entries.set(remote.name, entry);
    }
    const exports = await mf.loadRemote<Record<string, unknown>>(`${remote.name}/${side}`);
    const module = exports ? Object.values(exports).find(isScreenModule) : undefined;
    if (!module) throw new Error(`${remote.name}/${side} exports no screen module`);
    return module;
  };
}
