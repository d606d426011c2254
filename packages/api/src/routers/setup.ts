import { FIRST_ADMIN_ROLES, type FirstAdminRole, setupStatus, setupWithCode } from '@zhanqian/auth';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc/init.ts';
import { msg } from '../trpc/locale.ts';

const username = z
  .string()
  .trim()
  .min(2, msg('input.username'))
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, msg('input.username'));
const admin = z.strictObject({ username, displayName: z.string().trim().min(1).max(64) });

/**
 * First run (issue #14, item 1): on an empty database the admin console's 首次设置 page creates
 * the district and its four administrators, guarded by the one-time setup code that
 * `zq start --no-seed` printed on the server's console. Both procedures are public: nobody
 * can sign in before they ran.
 */
export const setupRouter = router({
  /** Is the platform still empty (no district), and has a setup code been printed? */
  status: publicProcedure.query(({ ctx }) => setupStatus(ctx.db)),

  /**
   * Checks the setup code (wrong guesses counted per code and per address, audited), then in
   * one transaction spends it and creates the district root and the four administrators;
   * returns their one-time initial passwords, shown once. Refused once a district exists.
   */
  init: publicProcedure
    .input(
      z.strictObject({
        code: z.string().trim().min(1).max(40),
        district: z.strictObject({
          name: z.string().trim().min(1).max(64),
          code: z
            .string()
            .trim()
            .min(1)
            .max(40)
            .regex(/^[A-Za-z0-9_-]+$/),
        }),
        admins: z.strictObject(
          Object.fromEntries(FIRST_ADMIN_ROLES.map((r) => [r, admin])) as Record<
            FirstAdminRole,
            typeof admin
          >,
        ),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await setupWithCode(
        ctx.db,
        input.code,
        { district: input.district, admins: input.admins },
        { ip: ctx.ip },
        ctx.authConfig,
      );
      ctx.logger.info({ district: result.district.code }, 'first-run set-up done');
      return {
        district: { id: result.district.id, name: result.district.name, code: result.district.code },
        accounts: result.accounts.map(({ role, username, displayName, password }) => ({
          role,
          username,
          displayName,
          password,
        })),
      };
    }),
});
