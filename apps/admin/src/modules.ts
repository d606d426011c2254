import { type RemoteLoader, remoteModules, useRemotes } from '@zhanqian/ui/remotes';

/** The menu's order of the domains (a domain the console does not know yet comes last). */
const ORDER = ['scoring', 'stars', 'talent', 'cadres', 'redsail'];

/**
 * The domains' admin modules (menus, home shortcuts) as deployed: their metadata comes with the
 * server's manifest (GET /mf/manifest.json), their screens are loaded when their area opens.
 */
export function useDomainModules() {
  const remotes = useRemotes();
  return remoteModules(remotes.data, 'admin', ORDER);
}

export const loadAdminRemote: RemoteLoader = (remote, side, attempt) =>
  import('./remotes.ts').then((m) => m.loadRemote(remote, side, attempt));
