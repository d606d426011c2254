import { sharedProviders } from 'virtual:zq-shared-providers';
import { createRemoteLoader } from '@zhanqian/ui/mf-runtime';

/**
 * The console's Module Federation host, loaded with the first domain area opened (not by the
 * sign-in or landing page). It lends the remotes the libraries listed in vite.config.ts.
 */
export const loadRemote = createRemoteLoader('zq_admin', sharedProviders);
