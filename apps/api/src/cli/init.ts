import {
  FIRST_ADMIN_ROLES,
  type FirstAdminRole,
  type FirstRunResult,
  initDistrict,
  isPlatformEmpty,
  issueSetupCode,
} from '@zhanqian/auth';
import { isDomainError, t } from '@zhanqian/core';
import { createDb, type Database, type Kysely, migrateToLatest } from '@zhanqian/db';
import type { Command } from 'commander';
import { loadEnv } from '../env.ts';

/**
 * First run from the command line (`zq init`) and the first-run page's console hint
 * (`zq start --no-seed` on an empty database). Kept apart from main.ts, which registers them.
 */

const DEFAULTS: Record<FirstAdminRole, { username: string; displayName: string; flag: string }> = {
  district_admin: { username: 'admin', displayName: '区委组织部管理员', flag: 'admin' },
  sys_admin: { username: 'sysadmin', displayName: '系统管理员', flag: 'sys' },
  sec_admin: { username: 'secadmin', displayName: '安全管理员', flag: 'sec' },
  audit_admin: { username: 'auditadmin', displayName: '审计管理员', flag: 'audit' },
};

/** The environment variable a script sets to choose an administrator's initial password. */
export const passwordEnv = (role: FirstAdminRole) => `ZQ_INIT_PASSWORD_${role.toUpperCase()}`;

/** A domain refusal as the operator reads it: Chinese and English. */
const reason = (e: unknown): Error =>
  isDomainError(e)
    ? new Error(`${t(e.messageKey, 'zh-CN', e.params)} / ${t(e.messageKey, 'en', e.params)}`)
    : (e as Error);

type InitOptions = { name: string; code: string; json?: boolean } & Record<
  string,
  string | boolean | undefined
>;

/** The accounts and their one-time passwords, printed once. */
function report(result: FirstRunResult, json: boolean): string {
  if (json)
    return `${JSON.stringify({
      district: { id: result.district.id, name: result.district.name, code: result.district.code },
      accounts: result.accounts.map(({ role, username, displayName, password }) => ({
        role,
        username,
        displayName,
        password,
      })),
    })}\n`;
  const lines = [
    `created the district ${result.district.name} (${result.district.code}) and its administrators:`,
    ...result.accounts.map(
      (a) =>
        `  ${a.role.padEnd(15)} ${a.username.padEnd(14)} initial password ${a.password}   ${a.displayName}`,
    ),
    '',
    'Each initial password is shown only this once: hand it to its holder in person.',
    'At the first sign-in each administrator enrols an authenticator app (second factor) and',
    'sets a password of their own. 初始密码只显示这一次；首次登录须绑定动态验证码并修改密码。',
  ];
  return `${lines.join('\n')}\n`;
}

export function registerInit(program: Command): void {
  const cmd = program
    .command('init')
    .description(
      'first run: on an empty database, create the district root and its first administrator and the three separated administrators (三员), each with a one-time initial password (audited)',
    )
    .requiredOption('--name <name>', 'the district’s name, e.g. 站前区')
    .requiredOption('--code <code>', 'the district’s org code, e.g. ZQ')
    .option('--json', 'print the accounts as JSON (for scripts)');
  for (const role of FIRST_ADMIN_ROLES) {
    const d = DEFAULTS[role];
    cmd
      .option(`--${d.flag}-username <name>`, `user name of the ${role}`, d.username)
      .option(`--${d.flag}-name <display>`, `display name of the ${role}`, d.displayName);
  }
  cmd.addHelpText(
    'after',
    `\nInitial passwords are random and printed once; a script may choose them instead with ${FIRST_ADMIN_ROLES.map(passwordEnv).join(', ')}.\nRefused (exit 1) when the database already holds a district.`,
  );
  cmd.action(async (opts: InitOptions) => {
    const env = loadEnv();
    const db = createDb(env.database);
    try {
      await migrateToLatest(db);
      const result = await runInit(db, opts, process.env);
      process.stdout.write(report(result, opts.json === true));
    } catch (e) {
      throw reason(e);
    } finally {
      await db.destroy();
    }
  });
}

/** `zq init`'s work, apart from the process for tests. */
export async function runInit(
  db: Kysely<Database>,
  opts: InitOptions,
  env: Record<string, string | undefined>,
): Promise<FirstRunResult> {
  const admins = {} as Record<FirstAdminRole, { username: string; displayName: string }>;
  const passwords: Partial<Record<FirstAdminRole, string>> = {};
  for (const role of FIRST_ADMIN_ROLES) {
    const d = DEFAULTS[role];
    const key = (suffix: string) => `${d.flag}${suffix}`;
    admins[role] = {
      username: String(opts[key('Username')] ?? d.username),
      displayName: String(opts[key('Name')] ?? d.displayName),
    };
    const pw = env[passwordEnv(role)];
    if (pw) passwords[role] = pw;
  }
  return db
    .transaction()
    .execute((trx) =>
      initDistrict(
        trx,
        { district: { name: opts.name, code: opts.code }, admins, passwords },
        { name: 'zq-cli' },
      ),
    );
}

/**
 * On an empty database (`zq start --no-seed`): a fresh one-time setup code and where to use it,
 * for the server's console. Nothing when the platform holds a district.
 */
export async function firstRunHint(db: Kysely<Database>, baseUrl: string): Promise<string[]> {
  if (!(await isPlatformEmpty(db))) return [];
  const { code, expiresAt } = await issueSetupCode(db);
  return [
    '',
    '  The database is empty. 首次设置 first run: open',
    `    ${baseUrl}/admin/setup`,
    `  and enter the one-time setup code   ${code}   (valid until ${expiresAt}, single use;`,
    '  restart for a new one). Or, on this machine: `pnpm zq init --name 站前区 --code ZQ`.',
  ];
}
