import react from '@vitejs/plugin-react';
import { precompress } from '@zhanqian/mf-config/compress';
import { sharedHost } from '@zhanqian/mf-config/host';
import { defineConfig } from 'vite';

// Served by the API under /admin/ (see apps/api/src/static.ts); `pnpm dev` proxies the API.
// The departments' screens are not in this build: they are Module Federation remotes
// (packages/<domain>-ui) loaded at run time from /mf/manifest.json (src/remotes.ts).
// `pnpm dev`: the API on :3000 behind this dev server, keeping the browser's Host (as nginx does),
// so the API's same-origin check on writes (CSRF) sees the page's own origin.
const api = { target: 'http://127.0.0.1:3000', changeOrigin: false };

export default defineConfig({
  base: '/admin/',
  plugins: [
    react(),
    // .br and .gz beside each file, served by the API as they are (apps/api/src/static.ts).
    precompress(),
    // The libraries lent to the remotes (src/remotes.ts), this build's own instances, and every
    // entry of @zhanqian/ui.
    sharedHost({
      root: import.meta.dirname,
      provide: [
        'react',
        'react/jsx-runtime',
        'react-dom',
        'react-router',
        '@tanstack/react-query',
        'i18next',
        'react-i18next',
        'antd',
      ],
    }),
  ],
  build: { manifest: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/trpc': api,
      '/files': api,
      '/imports': api,
      '/mf': api,
    },
  },
});
