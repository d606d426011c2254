import { api } from './trpc.tsx';

export type LoginAnswer = Awaited<ReturnType<typeof api.auth.login.mutate>>;
export type PendingLogin = Extract<LoginAnswer, { status: 'pending' }>;

/**
 * The sign-in conversation both apps hold: password first; the server may then ask for a
 * TOTP code, for enrolment of an authenticator, or for a new password (expired). Each step
 * answers like login: granted (the session cookie is set) or pending with the next step.
 * `app` is the app asking: the server refuses a role that does not use it (a Party member in
 * the admin console), before any session.
 */
export const loginWithPassword = (username: string, password: string, app: 'admin' | 'member') =>
  api.auth.login.mutate({ username, password, app });

export const continueLogin = (pending: PendingLogin, answer: { code?: string; newPassword?: string }) =>
  api.auth.loginStep.mutate({ challenge: pending.challenge, ...answer });
