import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_CATEGORIES,
  actionCategory,
  actionLabel,
  auditCatalogue,
  hasActionLabel,
  objectTypeLabel,
  resultLabel,
} from './catalogue.ts';
import { diffPayloads } from './view.ts';
import { shanghaiDateTime } from './xlsx.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The platform's server-side sources: every package's src but the screens', and the server app; tests left out. */
function sources(): string[] {
  const dirs = [
    join(ROOT, 'apps/api/src'),
    ...readdirSync(join(ROOT, 'packages'))
      // the screens (ui, *-ui) write no audit record
      .filter((p) => p !== 'ui' && !p.endsWith('-ui'))
      .map((p) => join(ROOT, 'packages', p, 'src')),
  ];
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) {
        if (e !== 'node_modules' && e !== 'dist') walk(p);
      } else if (/\.tsx?$/.test(e) && !/\.test\.tsx?$/.test(e)) files.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return files;
}

/** The object literal around `at`: from its unmatched `{` to the matching `}`. */
function enclosingObject(text: string, at: number): string {
  let depth = 0;
  let start = at;
  for (; start > 0; start--) {
    const c = text[start];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) break;
      depth--;
    }
  }
  depth = 0;
  let end = at;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) break;
      depth--;
    }
  }
  return text.slice(start, end + 1);
}

interface Written {
  code: string;
  file: string;
  /** A template (`imports.commit.${kind}`): its fixed prefix must have a family label. */
  template: boolean;
}

/**
 * Every action code the sources write to the audit log: the string literals and templates
 * given as `action:` in an audit entry (a dotted code, or any value in an object that also has
 * an `objectType`), and the paths given to the file routes' `deny(who, '…')`.
 */
function writtenCodes(): Written[] {
  const out: Written[] = [];
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(ROOT, file);
    for (const m of text.matchAll(/\baction:\s*/g)) {
      const from = m.index! + m[0].length;
      // The value: up to the end of the property (a ternary's literals included).
      const rest = text.slice(from, from + 200);
      const value = rest.match(/^(?:`[^`]*`|[^,\n}]*)/)![0];
      const object = enclosingObject(text, m.index!);
      const audit = /\bobjectType\b/.test(object);
      const template = value.match(/^`([^`$]*)\$\{[^`]*`/);
      if (template) {
        if (audit || template[1]!.includes('.')) out.push({ code: template[1]!, file: rel, template: true });
        continue;
      }
      for (const lit of value.matchAll(/'([^']+)'|`([^`]+)`/g)) {
        const code = lit[1] ?? lit[2]!;
        if (audit || /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(code))
          out.push({ code, file: rel, template: false });
      }
    }
    for (const m of text.matchAll(/\bdeny\([^,()]+,\s*'([^']+)'/g))
      out.push({ code: m[1]!, file: rel, template: false });
  }
  return out;
}

describe('the audit catalogue', () => {
  it('labels every action code written anywhere in the sources, in Chinese and English', () => {
    const written = writtenCodes();
    // The scan finds the codes (a broken scan must not pass by finding none).
    const codes = new Set(written.map((w) => w.code));
    for (const known of [
      'auth.login',
      'auth.lockout',
      'accounts.activate',
      'audit.export',
      'seed',
      'files.download',
      'talent.applications.',
      'imports.commit.',
      'scoring.review.return',
    ])
      expect(codes, known).toContain(known);
    expect(codes.size).toBeGreaterThan(100);
    const missing = written
      .filter((w) => (w.template ? !AUDIT_ACTIONS[`${w.code}*`] : !hasActionLabel(w.code)))
      .map((w) => `${w.code}${w.template ? '*' : ''} (${w.file})`);
    expect(missing).toEqual([]);
    for (const w of written.filter((x) => !x.template)) {
      expect(AUDIT_CATEGORIES[actionCategory(w.code)], w.code).toBeDefined();
      expect(actionLabel(w.code, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(actionLabel(w.code, 'en')).toMatch(/^[A-Z]/);
    }
  });

  it('turns codes into words: actions, families, objects and results', () => {
    expect(actionLabel('auth.login.password')).toBe('登录时修改初始或过期密码');
    expect(actionLabel('imports.commit.households')).toBe('导入住户');
    // A family member without a label of its own takes the family's.
    expect(actionLabel('imports.commit.zones')).toBe('导入数据');
    expect(actionLabel('talent.applications.approve', 'en')).toBe('Approve subsidy');
    expect(objectTypeLabel('app_user')).toBe('账号');
    expect(objectTypeLabel('star_rating.household')).toBe('户评星');
    expect([resultLabel('ok'), resultLabel('failed'), resultLabel('denied')]).toEqual([
      '成功',
      '失败',
      '拒绝（无权限）',
    ]);
    const cat = auditCatalogue('zh-CN');
    const auth = cat.categories.find((c) => c.code === 'auth')!;
    expect(auth.label).toBe('登录与账号安全');
    expect(auth.actions.map((a) => a.code)).toContain('auth.login');
    expect(cat.categories.flatMap((c) => c.actions).some((a) => a.code.endsWith('*'))).toBe(false);
  });

  it('compares before and after field by field', () => {
    const changes = diffPayloads(
      JSON.stringify({ role: 'pending', name: '甲', nested: { a: 1, b: 2 } }),
      JSON.stringify({ role: 'member', name: '甲', nested: { a: 1, c: 3 } }),
    );
    expect(changes.map((c) => [c.path, c.kind, c.before, c.after])).toEqual([
      ['role', 'changed', 'pending', 'member'],
      ['nested.c', 'added', null, '3'],
      ['nested.b', 'removed', '2', null],
      ['name', 'same', '甲', '甲'],
      ['nested.a', 'same', '1', '1'],
    ]);
    expect(changes[0]!.label).toBe('角色');
    // A creation has only an after.
    expect(diffPayloads(null, JSON.stringify({ username: 'm1' }))).toEqual([
      { path: 'username', label: '账号', before: null, after: 'm1', kind: 'added' },
    ]);
    expect(diffPayloads(null, null)).toEqual([]);
  });

  it('writes times in Beijing time', () => {
    expect(shanghaiDateTime('2026-03-01T16:30:05.000Z')).toBe('2026-03-02 00:30:05');
  });
});
