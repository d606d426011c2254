// @zhanqian/notify: one notification service for every domain. A domain calls `notify(trx, …)`
// inside its write transaction (an outbox row); the worker's `notify.deliver` job puts the
// notices in the inboxes, exactly once each. Depends on core and db only, so every domain
// package may depend on it without a cycle.
export * from './deliver.ts';
export * from './inbox.ts';
export * from './kinds.ts';
export * from './outbox.ts';
