import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /m/ (see apps/api/src/static.ts); `pnpm dev` proxies the API.
export default defineConfig({
  base: '/m/',
  plugins: [react()],
  build: { manifest: true },
  server: { port: 5174, proxy: { '/trpc': 'http://127.0.0.1:3000', '/files': 'http://127.0.0.1:3000' } },
});
