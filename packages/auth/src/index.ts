import './messages.ts';

export * from './accounts-admin.ts';
export * from './activation.ts';
export * from './activation-sheet.ts';
export * from './codes.ts';
export * from './config.ts';
export * from './login.ts';
export * from './password.ts';
export * from './permissions.ts';
export * from './pii.ts';
export * from './principal.ts';
export * from './roles.ts';
export * from './sessions.ts';
export * from './setup.ts';
export * from './totp.ts';
export * from './users.ts';
