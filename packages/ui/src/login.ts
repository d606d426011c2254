import { api } from './trpc.tsx';

export type LoginAnswer = Awaited<ReturnType<typeof api.auth.login.mutate>>;
export type PendingLogin = Extract<LoginAnswer, { status: 'pending' }>;

/**
 * The sign-in conversation both apps hold: password first; the server may then ask for a
 * TOTP code, for enrolment of an authenticator, or for a new password (expired). Each step
 * answers like login: granted (the session cookie is set) or pending with the next step.
 */
export const loginWithPassword = (username: string, password: string) =>
  api.auth.login.mutate({ username, password });

export const continueLogin = (pending: PendingLogin, answer: { code?: string; newPassword?: string }) =>
  api.auth.loginStep.mutate({ challenge: pending.challenge, ...answer });
