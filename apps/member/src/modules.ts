import { type RemoteLoader, remoteModules, useRemotes } from '@zhanqian/ui/remotes';

/** The home page's order of the domains (a domain the app does not know yet comes last). */
const ORDER = ['stars', 'scoring', 'talent', 'cadres', 'redsail'];

/**
 * The domains' phone modules (home page entries) as deployed: their metadata comes with the
 * server's manifest (GET /mf/manifest.json), their screens are loaded when opened.
 */
export function useDomainModules() {
  const remotes = useRemotes();
  return remoteModules(remotes.data, 'member', ORDER);
}

export const loadMemberRemote: RemoteLoader = (remote, side, attempt) =>
  import('./remotes.ts').then((m) => m.loadRemote(remote, side, attempt));
