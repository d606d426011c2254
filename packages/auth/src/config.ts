/** Auth limits; the API reads them from the environment (see the README) and passes them in. */
export interface AuthConfig {
  /** Failed sign-ins of one account within `failureWindowMinutes` that lock it. */
  maxFailures: number;
  failureWindowMinutes: number;
  lockMinutes: number;
  /** Failed sign-ins from one address within the window before the address is throttled. */
  maxFailuresPerIp: number;
  idleMinutes: number;
  absoluteHours: number;
  /** Days a password is valid before sign-in requires a new one; 0 = never expires (default 90). */
  passwordMaxAgeDays?: number;
  /**
   * Several live sessions of one account: 'allow' (default), 'refuse' a new sign-in while
   * one is live, or 'replace' (the new sign-in ends the others).
   */
  concurrentSessions?: ConcurrentSessions;
}

export type ConcurrentSessions = 'allow' | 'refuse' | 'replace';

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  maxFailures: 5,
  failureWindowMinutes: 15,
  lockMinutes: 15,
  maxFailuresPerIp: 30,
  idleMinutes: 30,
  absoluteHours: 12,
  passwordMaxAgeDays: 90,
  concurrentSessions: 'allow',
};

/** Minutes a half-finished sign-in (second factor pending) stays valid. */
export const CHALLENGE_MINUTES = 5;
/** Wrong codes tolerated on one challenge before it is discarded. */
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** The issuer shown in authenticator apps. */
export const TOTP_ISSUER = '站前区组织工作平台';
