export * from './config.ts';
export * from './login.ts';
export * from './password.ts';
export * from './permissions.ts';
export * from './principal.ts';
export * from './sessions.ts';
export * from './users.ts';
