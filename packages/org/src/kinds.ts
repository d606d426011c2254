import type { OrgKind } from '@zhanqian/db';

/**
 * Which kind of unit may sit under which: district → streets and departments → community
 * Party committees → branches. Members hang off branches (table `member`), zones off members.
 */
const CHILDREN: Record<OrgKind, readonly OrgKind[]> = {
  district: ['street', 'department'],
  street: ['committee'],
  department: [],
  committee: ['branch'],
  branch: [],
};

/** @example canContain('street', 'committee') // true */
export const canContain = (parent: OrgKind, child: OrgKind): boolean => CHILDREN[parent].includes(child);

export const KIND_LABELS: Record<OrgKind, { 'zh-CN': string; en: string }> = {
  district: { 'zh-CN': '区', en: 'district' },
  street: { 'zh-CN': '街道', en: 'street' },
  department: { 'zh-CN': '部门', en: 'department' },
  committee: { 'zh-CN': '社区党委', en: 'community Party committee' },
  branch: { 'zh-CN': '党支部', en: 'Party branch' },
};

/** The kinds a unit of `kind` may be placed under (for a picker: the screens import this file alone). */
export const parentKindsOf = (kind: OrgKind): OrgKind[] =>
  (Object.keys(CHILDREN) as OrgKind[]).filter((p) => CHILDREN[p].includes(kind));

/** The kinds a unit of `kind` may contain. */
export const childKindsOf = (kind: OrgKind): readonly OrgKind[] => CHILDREN[kind];

export type { OrgKind };
