import type { Role } from '@zhanqian/db';
import { describe, expect, it } from 'vitest';
import {
  APPS,
  appsFor,
  mayUseApp,
  PERMISSIONS,
  permissionsFor,
  ROLES,
  SEPARATED_ADMIN_ROLES,
} from './permissions.ts';
import { roleChangeVerdict } from './roles.ts';
import { requiresTotp, TOTP_REQUIRED_ROLES } from './totp.ts';

const unit = { kind: 'district' as const, portal: 'district' as const };

describe('三员分立', () => {
  it('refuses every change into, out of or between the three administrators', () => {
    for (const from of ROLES)
      for (const to of ROLES) {
        const v = roleChangeVerdict(from, to, false);
        if (from === to) expect(v).toBe('same');
        else if (SEPARATED_ADMIN_ROLES.includes(from) || SEPARATED_ADMIN_ROLES.includes(to))
          expect(v).toBe('crossesDuties');
        else expect(v).toBe('ok');
      }
  });
  it('refuses changing one’s own role', () => {
    expect(roleChangeVerdict('district_admin', 'member', true)).toBe('own');
  });
  it('gives the three administrators disjoint duties and no business permission', () => {
    const sys = permissionsFor('sys_admin', unit);
    const sec = permissionsFor('sec_admin', unit);
    const aud = permissionsFor('audit_admin', unit);
    expect([...aud]).toEqual(['audit.read']);
    expect(sec.has('user.manage') || sec.has('audit.read')).toBe(false);
    expect(sys.has('security.manage') || sys.has('audit.read')).toBe(false);
    expect(sec.has('security.manage')).toBe(true);
    expect(sys.has('user.manage')).toBe(true);
    const business = PERMISSIONS.filter((p) => /^(scoring|stars|talent|cadres|member|redsail)\./.test(p));
    for (const p of business) for (const s of [sys, sec, aud]) expect(s.has(p)).toBe(false);
  });
  it('gives no business role security or audit-admin permissions', () => {
    const portals = ['district', 'assessment', 'cadre', 'talent', 'nonpublic', 'stars'] as const;
    for (const role of ROLES.filter((r) => !SEPARATED_ADMIN_ROLES.includes(r)))
      for (const portal of portals) {
        const perms = permissionsFor(role, { kind: 'department', portal });
        for (const p of ['audit.read', 'security.manage', 'user.manage'] as const)
          expect(perms.has(p)).toBe(false);
      }
  });
});

describe('second factor', () => {
  it('is required for every administrative role and only for them', () => {
    const admins: Role[] = ['district_admin', 'dept_admin', 'sys_admin', 'sec_admin', 'audit_admin'];
    expect([...TOTP_REQUIRED_ROLES].sort()).toEqual([...admins].sort());
    for (const r of ROLES) expect(requiresTotp(r)).toBe(admins.includes(r));
  });
});

describe('the apps each role uses', () => {
  it('keeps a Party member out of the admin console and the three administrators out of the member app', () => {
    expect(appsFor('member')).toEqual(['member']);
    expect(mayUseApp('member', 'admin')).toBe(false);
    for (const r of SEPARATED_ADMIN_ROLES) {
      expect(appsFor(r)).toEqual(['admin']);
      expect(mayUseApp(r, 'member')).toBe(false);
    }
  });
  it('gives every role at least one app and the department staff both', () => {
    for (const r of ROLES) expect(appsFor(r).length).toBeGreaterThan(0);
    for (const r of ['district_admin', 'dept_admin', 'unit_reporter', 'branch_secretary'] as const)
      expect([...appsFor(r)].sort()).toEqual([...APPS].sort());
  });
});
