export type { AppRouter } from '@zhanqian/api';
export { createApp } from './app.ts';
