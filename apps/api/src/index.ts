export type { AppRouter } from '@zhanqian/api-router';
export { createApp } from './app.ts';
