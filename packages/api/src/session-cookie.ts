export const SESSION_COOKIE = 'zq_session';
