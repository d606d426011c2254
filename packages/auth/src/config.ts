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
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  maxFailures: 5,
  failureWindowMinutes: 15,
  lockMinutes: 15,
  maxFailuresPerIp: 30,
  idleMinutes: 30,
  absoluteHours: 12,
};
