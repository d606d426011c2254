import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { describeViolation, findViolations, importSpecifiers, listWorkspaces } from './layering.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('layering (issue #16): apps depend on packages, never on another app; packages never on an app', () => {
  it('holds in this repository', () => {
    const names = listWorkspaces(ROOT).map((w) => `${w.layer}:${w.name}`);
    // The scan sees the layers it is about (not an empty list that passes by default).
    expect(names).toEqual(
      expect.arrayContaining([
        'app:@zhanqian/api',
        'app:@zhanqian/worker',
        'app:@zhanqian/admin',
        'app:@zhanqian/member',
        'app:@zhanqian/e2e',
        'package:@zhanqian/api-router',
        'package:@zhanqian/jobs',
        'package:@zhanqian/ui',
        'package:@zhanqian/seeds',
      ]),
    );
    expect(findViolations(ROOT).map(describeViolation)).toEqual([]);
  });

  it('reads every kind of import', () => {
    const src = `
      import a from '@x/a';
      import type { B } from '@x/b';
      import { type C, d } from '../c.ts';
      import {
        e,
        f,
      } from '@x/e';
      import '@x/side';
      export * from '@x/star';
      export { g } from '@x/g';
      export type { H } from '@x/h';
      const i = await import('@x/dyn');
      type J = import('@x/type-import').J;
      const k = require('@x/req');
      vi.mock('@x/mocked', () => ({}));
      spawn('node', ['apps/api/src/cli/main.ts']);
    `;
    expect(importSpecifiers(src).sort()).toEqual(
      [
        '../c.ts',
        '@x/a',
        '@x/b',
        '@x/dyn',
        '@x/e',
        '@x/g',
        '@x/h',
        '@x/mocked',
        '@x/req',
        '@x/side',
        '@x/star',
        '@x/type-import',
      ].sort(),
    );
  });

  describe('on a synthetic repository', () => {
    let root: string;
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    // Synthetic sources are built from parts, so this file does not itself read as an import.
    const imp = (what: string, spec: string) => ['import', what, 'from', `'${spec}';\n`].join(' ');
    const reexport = (what: string, spec: string) => ['export', what, 'from', `'${spec}';\n`].join(' ');
    const dyn = (spec: string) => `const m = await ${'import'}('${spec}');\n`;
    const pkg = (dir: string, name: string, deps: Record<string, Record<string, string>> = {}) =>
      write(`${dir}/package.json`, JSON.stringify({ name, ...deps }));

    function repo() {
      root = mkdtempSync(join(tmpdir(), 'zq-layering-'));
      write(
        'pnpm-workspace.yaml',
        'packages:\n  - apps/*\n  - packages/*\n  - bench\n\ncatalog:\n  zod: ^4\n',
      );
      pkg('apps/server', '@t/server', { dependencies: { '@t/lib': 'workspace:*' } });
      pkg('apps/worker', '@t/worker', { dependencies: { '@t/lib': 'workspace:*' } });
      pkg('apps/e2e', '@t/e2e');
      pkg('packages/lib', '@t/lib');
      pkg('packages/ui', '@t/ui', { dependencies: { '@t/lib': 'workspace:*' } });
      pkg('bench', '@t/bench', { dependencies: { '@t/server': 'workspace:*' } });
      write('apps/server/src/main.ts', "import { x } from '@t/lib';\nimport { y } from './y.ts';\n");
      write('apps/worker/src/main.ts', imp('{ x }', '@t/lib/sub'));
      write('apps/e2e/src/run.e2e.ts', "spawn(process.execPath, ['apps/server/src/main.ts']);\n");
      write('packages/ui/src/trpc.tsx', imp('type { R }', '@t/lib'));
      write('bench/src/run.ts', imp('{ f }', '../../apps/server/test/fixture.ts'));
      return root;
    }

    it('finds nothing when the layers hold (processes spawned by path, a tool above the apps)', () => {
      expect(findViolations(repo())).toEqual([]);
    });

    it('fails on every package → app and app → app dependency, however it is written', () => {
      repo();
      // package → app: a type import by name (what packages/ui did with apps/api's router)
      write('packages/ui/src/trpc.tsx', imp('type { AppRouter }', '@t/server'));
      // package → app: a relative path into an app's sources, from a test
      write('packages/lib/test/x.test.ts', imp('{ h }', '../../../apps/worker/src/jobs.ts'));
      // package → app: a manifest dependency
      pkg('packages/lib', '@t/lib', { devDependencies: { '@t/worker': 'workspace:*' } });
      // app → app: by name (what apps/api did with apps/worker), dynamic, a subpath
      write('apps/server/src/cli.ts', dyn('@t/worker/jobs'));
      write('apps/server/src/boot.ts', reexport('{ start }', '@t/worker'));
      // app → app: e2e reading another app's sources rather than spawning it
      write('apps/e2e/src/fixture.ts', imp('{ buildFixture }', '../../server/test/fixture.ts'));
      // app → app: a manifest dependency, and a tsconfig reference
      pkg('apps/worker', '@t/worker', { dependencies: { '@t/server': 'workspace:*' } });
      write('apps/worker/tsconfig.json', JSON.stringify({ references: [{ path: '../server' }] }));

      const found = findViolations(root).map((v) => `${v.rule} ${v.file} ${v.via}`);
      expect(found.sort()).toEqual(
        [
          'package → app packages/ui/src/trpc.tsx @t/server',
          'package → app packages/lib/test/x.test.ts ../../../apps/worker/src/jobs.ts',
          'package → app packages/lib/package.json devDependencies: @t/worker',
          'app → app apps/server/src/cli.ts @t/worker/jobs',
          'app → app apps/server/src/boot.ts @t/worker',
          'app → app apps/e2e/src/fixture.ts ../../server/test/fixture.ts',
          'app → app apps/worker/package.json dependencies: @t/server',
          'app → app apps/worker/tsconfig.json references: ../server',
        ].sort(),
      );
    });
  });
});
