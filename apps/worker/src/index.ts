// @zhanqian/worker: job definitions and their schedulers (pg-boss on PostgreSQL, croner in-process on SQLite).
export {};
