// @zhanqian/api-router: the tRPC router (one file per domain), its context, the procedure builders
// and the input guard. apps/api (@zhanqian/api) serves it over HTTP; the UI packages
// import its types. It imports no app.
export { createLogger, type Logger } from './logger.ts';
export { setAppraisalFlagsSource } from './routers/cadres.ts';
export { exportSettings } from './routers/exports.ts';
export { IMPORT_PERMISSION } from './routers/imports.ts';
export { type AppRouter, appRouter } from './routers/index.ts';
export { SESSION_COOKIE } from './session-cookie.ts';
export { SHARED_READS, type SharedRead } from './shared-reads.ts';
export {
  type Context,
  type ContextInner,
  type CookieOptions,
  createContextInner,
  type WriteContext,
} from './trpc/context.ts';
export {
  authedProcedure,
  createCallerFactory,
  type Meta,
  permissionProcedure,
  publicProcedure,
  router,
  writeProcedure,
} from './trpc/init.ts';
export {
  type InputFault,
  type InputProblem,
  inspectInput,
  MAX_INPUT_DEPTH,
  MAX_INPUT_NODES,
} from './trpc/input-guard.ts';
export { calendarDate, dateOrInstant, id, isCalendarDate, MAX_ID } from './trpc/inputs.ts';
export { currentLocale, localeStore, msg } from './trpc/locale.ts';
