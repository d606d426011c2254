import pino from 'pino';

/** Structured JSON logs (one line per event); never pass passwords or tokens in. */
export const createLogger = (level: string) =>
  pino({
    level,
    base: { app: 'zhanqian' },
    redact: ['password', '*.password', 'token', '*.token', 'req.headers.cookie'],
  });
export type Logger = ReturnType<typeof createLogger>;
