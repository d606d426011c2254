import { remoteConfig } from '@zhanqian/mf-config';
import { defineConfig } from 'vite';

// A Module Federation remote: built on its own (dist/), deployed with `pnpm zq mf deploy <domain>`,
// loaded by the admin and member shells at run time (tooling/mf/remote.ts).
export default defineConfig(remoteConfig(import.meta.dirname));
