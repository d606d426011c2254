import { appRouter, createCallerFactory, createContextInner } from '@zhanqian/api-router';
import {
  DEFAULT_AUTH_CONFIG,
  encryptTotpSecret,
  hashPassword,
  principalFor,
  requiresTotp,
  totpCode,
} from '@zhanqian/auth';
import type { Locale } from '@zhanqian/core';
import type { Database, Kysely, Role } from '@zhanqian/db';
import { createUnit } from '@zhanqian/org';
import pino from 'pino';
import { createApp } from '../src/app.ts';

export const PASSWORD = 'Fixture#2026pw';
/** Every fixture administrator has this TOTP secret enrolled (second factor; see httpSignIn). */
export const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const logger = pino({ level: 'silent' });
const createCaller = createCallerFactory(appRouter);

let hashed: Promise<string> | undefined;

/**
 * A small district: two streets with a community and a branch each, the five district
 * departments, two members per branch, and one account per role (user name = role, plus
 * portal-specific department admins).
 */
export async function buildFixture(db: Kysely<Database>) {
  const district = await createUnit(db, {
    parentId: null,
    kind: 'district',
    name: '站前区',
    code: 'ZQ',
    portal: 'district',
  });
  const dept = async (
    code: string,
    name: string,
    portal: 'district' | 'assessment' | 'cadre' | 'talent' | 'nonpublic',
  ) => createUnit(db, { parentId: district.id, kind: 'department', name, code, portal });
  const zzb = await dept('D-ZZB', '区委组织部', 'district');
  const khb = await dept('D-KHB', '考核办', 'assessment');
  const gbk = await dept('D-GBK', '干部科', 'cadre');
  const rcb = await dept('D-RCB', '人才办', 'talent');
  const streets = [];
  for (const n of [1, 2]) {
    const street = await createUnit(db, {
      parentId: district.id,
      kind: 'street',
      name: `街道${n}`,
      code: `S${n}`,
    });
    const committee = await createUnit(db, {
      parentId: street.id,
      kind: 'committee',
      name: `社区${n}`,
      code: `S${n}C1`,
    });
    const branch = await createUnit(db, {
      parentId: committee.id,
      kind: 'branch',
      name: `支部${n}`,
      code: `S${n}C1B1`,
    });
    const members = [];
    for (const k of [1, 2]) {
      members.push(
        await db
          .insertInto('member')
          .values({
            branch_id: branch.id,
            name: `党员${n}-${k}`,
            gender: 'M',
            birth_date: null,
            joined_at: null,
            id_card_enc: null,
            phone_enc: null,
            created_at: 'x',
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    }
    streets.push({ street, committee, branch, members });
  }
  hashed ??= hashPassword(PASSWORD);
  const passwordHash = await hashed;
  const users: Record<string, number> = {};
  const addUser = async (username: string, role: Role, orgUnitId: number, memberId: number | null = null) => {
    const u = await db
      .insertInto('app_user')
      .values({
        username,
        display_name: username,
        password_hash: passwordHash,
        role,
        org_unit_id: orgUnitId,
        member_id: memberId,
        password_changed_at: 'x',
        created_at: 'x',
        totp_secret: requiresTotp(role) ? encryptTotpSecret(TOTP_SECRET) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[username] = u.id;
  };
  const s1 = streets[0]!;
  await addUser('district_admin', 'district_admin', zzb.id);
  await addUser('kaohe', 'dept_admin', khb.id);
  await addUser('ganbu', 'dept_admin', gbk.id);
  await addUser('rencai', 'dept_admin', rcb.id);
  await addUser('street1', 'dept_admin', s1.street.id);
  await addUser('unit_reporter', 'unit_reporter', s1.street.id);
  await addUser('branch_secretary', 'branch_secretary', s1.branch.id);
  await addUser('member', 'member', s1.branch.id, s1.members[0]!.id);
  await addUser('sys_admin', 'sys_admin', district.id);
  await addUser('sec_admin', 'sec_admin', district.id);
  await addUser('audit_admin', 'audit_admin', district.id);
  return { district, departments: { zzb, khb, gbk, rcb }, streets, users };
}

export type Fixture = Awaited<ReturnType<typeof buildFixture>>;

/** A tRPC caller acting as a fixture user (or anonymous), in a locale. */
export async function callerAs(db: Kysely<Database>, username: string | null, locale: Locale = 'zh-CN') {
  let principal = null;
  if (username) {
    const user = await db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    principal = await principalFor(db, user);
  }
  return createCaller(createContextInner({ db, principal, authConfig: DEFAULT_AUTH_CONFIG, logger, locale }));
}

export const httpApp = (db: Kysely<Database>, authConfig = DEFAULT_AUTH_CONFIG) =>
  createApp({ db, authConfig, logger });

/**
 * Signs in over HTTP, answering the second-factor step for administrators with the fixture's
 * TOTP code; returns the response that carries the session (or the refusal). Tests sign in
 * repeatedly within one 30-second step, so the replay guard is reset first.
 */
export async function httpSignIn(
  app: ReturnType<typeof createApp>,
  db: Kysely<Database>,
  username: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
): Promise<Response> {
  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zq-client': 'test', ...headers },
      body: JSON.stringify(body),
    });
  const first = await post('/trpc/auth.login', { username, password });
  if (first.status !== 200) return first;
  const data = ((await first.clone().json()) as { result: { data: { status: string; challenge?: string } } })
    .result.data;
  if (data.status !== 'pending') return first;
  await db.updateTable('app_user').set({ totp_last_step: null }).where('username', '=', username).execute();
  return post('/trpc/auth.loginStep', { challenge: data.challenge, code: await totpCode(TOTP_SECRET) });
}
