// @zhanqian/files: uploaded evidence and attachments (data/ by default, S3-compatible at scale).
import './messages.ts';

export * from './policy.ts';
export * from './store.ts';
