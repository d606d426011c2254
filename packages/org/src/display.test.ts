import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import { unitDisplayName, unitDisplayNames, withUnitDisplayNames } from './display.ts';
import { moveUnit } from './maintain.ts';
import { createUnit } from './tree.ts';

describe('unitDisplayName', () => {
  it('adds the street to a unit below one, and nothing otherwise', () => {
    expect(unitDisplayName('东升社区党委', '站前街道')).toBe('东升社区党委（站前街道）');
    expect(unitDisplayName('建设街道', null)).toBe('建设街道');
    expect(unitDisplayName('考核办', undefined)).toBe('考核办');
    expect(unitDisplayName('东升社区党委', '')).toBe('东升社区党委');
    // a name that already says its street is not said twice
    expect(unitDisplayName('站前街道东升社区党委', '站前街道')).toBe('站前街道东升社区党委');
  });
});

describeEachDialect('unitDisplayNames', (t) => {
  async function district() {
    const d = await createUnit(t.db, { parentId: null, kind: 'district', name: '站前区', code: 'ZQ' });
    const dept = await createUnit(t.db, { parentId: d.id, kind: 'department', name: '考核办', code: 'KHB' });
    const s1 = await createUnit(t.db, { parentId: d.id, kind: 'street', name: '站前街道', code: 'S1' });
    const s2 = await createUnit(t.db, { parentId: d.id, kind: 'street', name: '建设街道', code: 'S2' });
    const c1 = await createUnit(t.db, {
      parentId: s1.id,
      kind: 'committee',
      name: '东升社区党委',
      code: 'C1',
    });
    const c2 = await createUnit(t.db, {
      parentId: s2.id,
      kind: 'committee',
      name: '东升社区党委',
      code: 'C2',
    });
    const b1 = await createUnit(t.db, { parentId: c1.id, kind: 'branch', name: '第1楼栋党支部', code: 'B1' });
    const b2 = await createUnit(t.db, { parentId: c2.id, kind: 'branch', name: '第1楼栋党支部', code: 'B2' });
    return { d, dept, s1, s2, c1, c2, b1, b2 };
  }

  it('names each unit with its street across streets, and leaves the street out within one', async () => {
    const u = await district();
    const all = [u.d, u.dept, u.s1, u.s2, u.c1, u.c2, u.b1, u.b2].map((x) => x.id);
    const districtWide = await unitDisplayNames(t.db, all, u.d.id);
    expect(all.map((id) => districtWide.get(id))).toEqual([
      '站前区',
      '考核办',
      '站前街道',
      '建设街道',
      '东升社区党委（站前街道）',
      '东升社区党委（建设街道）',
      '第1楼栋党支部（站前街道）',
      '第1楼栋党支部（建设街道）',
    ]);
    // no scope given, or a department's scope: the same as the district's
    expect(await unitDisplayNames(t.db, all)).toEqual(districtWide);
    expect(await unitDisplayNames(t.db, all, u.dept.id)).toEqual(districtWide);
    // within 站前街道 (the street, or a unit inside it) its own units need no street; others still do
    for (const within of [u.s1.id, u.c1.id, u.b1.id]) {
      const names = await unitDisplayNames(t.db, [u.c1.id, u.b1.id, u.c2.id], within);
      expect([...names.values()]).toEqual(['东升社区党委', '第1楼栋党支部', '东升社区党委（建设街道）']);
    }
    expect((await unitDisplayNames(t.db, [])).size).toBe(0);
    // unknown ids are left out, repeated ids answered once
    expect([...(await unitDisplayNames(t.db, [u.c1.id, u.c1.id, 999_999], u.d.id)).keys()]).toEqual([
      u.c1.id,
    ]);
  });

  it('follows a move (the closure table is the source), and rewrites rows in place', async () => {
    const u = await district();
    await moveUnit(t.db, u.c2.id, u.s1.id);
    const names = await unitDisplayNames(t.db, [u.c2.id, u.b2.id], u.d.id);
    expect([...names.values()]).toEqual(['东升社区党委（站前街道）', '第1楼栋党支部（站前街道）']);
    const rows = await withUnitDisplayNames(
      t.db,
      [
        { unitId: u.c1.id, unitName: '东升社区党委', total: 1 },
        { unitId: u.s2.id, unitName: '建设街道', total: 2 },
      ],
      'unitId',
      'unitName',
      u.d.id,
    );
    expect(rows).toEqual([
      { unitId: u.c1.id, unitName: '东升社区党委（站前街道）', total: 1 },
      { unitId: u.s2.id, unitName: '建设街道', total: 2 },
    ]);
  });
});
