import type { OrgKind, Portal, Role } from '@zhanqian/db';

/** Every permission a procedure can declare. */
export const PERMISSIONS = [
  'org.read',
  'org.write',
  'member.read',
  'member.write',
  'member.reveal',
  'audit.read',
  'audit.readOwn',
  'user.manage',
  'security.manage',
  'scoring.read',
  'scoring.manage',
  'scoring.review',
  'scoring.report',
  'stars.read',
  'stars.manage',
  'stars.rate',
  'talent.read',
  'talent.manage',
  'talent.apply',
  'cadres.read',
  'cadres.manage',
  'cadres.selfNominate',
  /** 公推直选: cast one's ballot in a round whose roll one is on (the roll decides who may). */
  'cadres.vote',
  /** 红帆引航: read the non-public registry, coverage, stations (a street: its own area only). */
  'redsail.read',
  /** 红帆引航: write it (the 非公党工委 and the district). */
  'redsail.manage',
  /** 红帆引航: a member signs in to a station's activity from the member app. */
  'redsail.signIn',
  'jobs.read',
  'jobs.run',
  'self.read',
  /** 党代表直通车: the organization department's side of every thread (assign, answer, close). */
  'directline.handle',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES: readonly Role[] = [
  'district_admin',
  'dept_admin',
  'unit_reporter',
  'branch_secretary',
  'member',
  'sys_admin',
  'sec_admin',
  'audit_admin',
  'pending',
];

/** 三员分立: the three administrators are distinct; none carries business permissions. */
export const SEPARATED_ADMIN_ROLES: readonly Role[] = ['sys_admin', 'sec_admin', 'audit_admin'];

/** The two front ends: the admin console (/admin/) and the member phone app (/m/). */
export const APPS = ['admin', 'member'] as const;
export type App = (typeof APPS)[number];

/**
 * The apps each role works in (DESIGN, "Who uses it"). A Party member's work is all on the
 * phone: the admin console refuses them at sign-in. The three administrators' duties (accounts,
 * security, audit) have no phone screens. Business staff may use both (a community secretary
 * rates on the phone, a reporter fills in its form there). A pending account (no role yet,
 * no permission) may sign in to either, to replace its initial password or activate.
 */
const APPS_BY_ROLE: Record<Role, readonly App[]> = {
  district_admin: ['admin', 'member'],
  dept_admin: ['admin', 'member'],
  unit_reporter: ['admin', 'member'],
  branch_secretary: ['admin', 'member'],
  member: ['member'],
  sys_admin: ['admin'],
  sec_admin: ['admin'],
  audit_admin: ['admin'],
  pending: ['admin', 'member'],
};

/**
 * The apps a role may sign in to.
 *
 * @example appsFor('member') // ['member']
 */
export const appsFor = (role: Role): readonly App[] => APPS_BY_ROLE[role];

/** @example mayUseApp('member', 'admin') // false */
export const mayUseApp = (role: Role, app: App): boolean => APPS_BY_ROLE[role].includes(app);

const BUSINESS_COMMON: Permission[] = ['audit.readOwn', 'self.read'];

const BY_ROLE: Record<Role, Permission[]> = {
  district_admin: [
    ...BUSINESS_COMMON,
    'org.read',
    'org.write',
    'member.read',
    'member.write',
    'scoring.read',
    'scoring.manage',
    'scoring.review',
    'stars.read',
    'stars.manage',
    'stars.rate',
    'talent.read',
    'talent.manage',
    'cadres.read',
    'cadres.manage',
    'redsail.read',
    'redsail.manage',
    'jobs.read',
    'jobs.run',
    'directline.handle',
  ],
  // A department admin's permissions come from the portal their department owns.
  dept_admin: [...BUSINESS_COMMON, 'org.read'],
  unit_reporter: [...BUSINESS_COMMON, 'org.read', 'scoring.read', 'scoring.report'],
  branch_secretary: [...BUSINESS_COMMON, 'org.read', 'member.read', 'stars.read', 'stars.rate'],
  member: [
    ...BUSINESS_COMMON,
    'stars.read',
    'talent.apply',
    'cadres.selfNominate',
    'cadres.vote',
    'redsail.signIn',
  ],
  sys_admin: ['org.read', 'org.write', 'user.manage', 'jobs.read', 'jobs.run', 'audit.readOwn'],
  sec_admin: ['security.manage', 'audit.readOwn'],
  audit_admin: ['audit.read'],
  // 待分配: an account the system administrator made; the security administrator gives it a role.
  pending: [],
};

const BY_PORTAL: Record<Portal, Permission[]> = {
  district: ['directline.handle'],
  assessment: ['scoring.read', 'scoring.manage', 'scoring.review', 'jobs.read'],
  // scoring.review: each assesses its own indicators of the thousand-point scheme (checked per indicator).
  cadre: ['cadres.read', 'cadres.manage', 'scoring.read', 'member.read', 'member.reveal', 'scoring.review'],
  talent: ['talent.read', 'talent.manage', 'scoring.review'],
  nonpublic: ['member.read', 'scoring.review', 'redsail.read', 'redsail.manage'],
  // A street reads the Red Sail figures of its own area (scoped by its subtree), writes none.
  stars: [
    'member.read',
    'member.write',
    'org.write',
    'stars.read',
    'stars.manage',
    'stars.rate',
    'redsail.read',
  ],
};

/** The portal a unit's admins work in: a department's own, or stars for streets and communities. */
export function portalOf(unit: { kind: OrgKind; portal: Portal | null }): Portal | null {
  if (unit.portal) return unit.portal;
  if (unit.kind === 'street' || unit.kind === 'committee' || unit.kind === 'branch') return 'stars';
  if (unit.kind === 'district') return 'district';
  return null;
}

/**
 * @example permissionsFor('dept_admin', { kind: 'department', portal: 'talent' }).has('talent.manage') // true
 */
export function permissionsFor(role: Role, unit: { kind: OrgKind; portal: Portal | null }): Set<Permission> {
  const perms = new Set<Permission>(BY_ROLE[role]);
  if (role === 'dept_admin') {
    const portal = portalOf(unit);
    if (portal) for (const p of BY_PORTAL[portal]) perms.add(p);
  }
  return perms;
}

/**
 * The root of the org subtree a user may read and write. People of a district-level
 * department (组织部, 考核办, 人才办 …) act across the district, within the permissions their
 * role and portal give; everyone else is confined to the subtree of their own unit.
 */
export function scopeRootFor(unit: { id: number; kind: OrgKind; parent_id: number | null }): number {
  if (unit.kind === 'department' && unit.parent_id !== null) return unit.parent_id;
  return unit.id;
}
