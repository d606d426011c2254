import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /admin/ (see apps/api/src/static.ts); `pnpm dev` proxies the API.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { manifest: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/files': 'http://127.0.0.1:3000',
      '/imports': 'http://127.0.0.1:3000',
    },
  },
});
