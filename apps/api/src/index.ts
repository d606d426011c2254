export { createApp } from './app.ts';
export type { AppRouter } from './routers/index.ts';
