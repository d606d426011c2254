import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activate, deploy, liveReleases, readCurrent, undeploy } from '../src/mf.ts';
import { mfRoutes } from '../src/routes/mf.ts';

/** A remote's build as tooling/mf writes it: zq-remote.json, remoteEntry.js, hashed assets. */
function fakeBuild(dir: string, domain: string, label: string, version = '0.1.0') {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  const admin = {
    key: domain,
    label: { 'zh-CN': label, en: label },
    anyPermission: [`${domain}.read`],
    routes: [{ path: '', label: { 'zh-CN': label, en: label } }],
  };
  writeFileSync(
    join(dir, 'zq-remote.json'),
    JSON.stringify({ domain, name: `zq_${domain}`, version, modules: { admin } }),
  );
  writeFileSync(join(dir, 'remoteEntry.js'), `export const label = ${JSON.stringify(label)};\n`);
  writeFileSync(join(dir, 'assets', 'page-abc123.js'), `console.log(${JSON.stringify(label)});\n`);
}

let root: string;
let mfDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'zq-mf-'));
  mfDir = join(root, 'data', 'mf');
  writeFileSync(join(root, 'pnpm-workspace.yaml'), '');
  fakeBuild(join(root, 'packages', 'stars-ui', 'dist'), 'stars', '星级管理');
  fakeBuild(join(root, 'packages', 'talent-ui', 'dist'), 'talent', '人才工作');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

type Manifest = { remotes: { domain: string; release: string; entry: string; modules: any }[] };

describe('microfrontend remotes', () => {
  it('serves the repository builds when nothing is deployed: manifest and immutable files', async () => {
    const app = mfRoutes({ root, mfDir });
    const res = await app.request('/manifest.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const m = (await res.json()) as Manifest;
    expect(m.remotes.map((r) => r.domain)).toEqual(['stars', 'talent']);
    const stars = m.remotes[0]!;
    expect(stars.release).toMatch(/^0\.1\.0-[0-9a-f]{8}$/);
    expect(stars.entry).toBe(`/mf/stars/${stars.release}/remoteEntry.js`);
    expect(stars.modules.admin.label['zh-CN']).toBe('星级管理');

    const entry = await app.request(stars.entry.slice('/mf'.length));
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toMatch(/javascript/);
    expect(entry.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await entry.text()).toContain('星级管理');
  });

  it('deploys a new build of one domain while the others stay; the old release is still served; rollback', async () => {
    const app = mfRoutes({ root, mfDir });
    const before = ((await (await app.request('/manifest.json')).json()) as Manifest).remotes;
    const next = join(root, 'next');
    fakeBuild(next, 'stars', '星级管理（新）', '0.2.0');
    const r = deploy(mfDir, next, 'stars');
    expect(r.release).toMatch(/^0\.2\.0-[0-9a-f]{8}$/);
    expect(readCurrent(mfDir)).toEqual({ stars: r.release });

    const after = ((await (await app.request('/manifest.json')).json()) as Manifest).remotes;
    expect(after.find((x) => x.domain === 'stars')).toMatchObject({ release: r.release });
    expect(after.find((x) => x.domain === 'stars')!.modules.admin.label['zh-CN']).toBe('星级管理（新）');
    expect(after.find((x) => x.domain === 'talent')).toEqual(before.find((x) => x.domain === 'talent'));
    expect(await (await app.request(`/stars/${r.release}/assets/page-abc123.js`)).text()).toContain('（新）');
    // a page loaded before the deployment keeps its build
    const old = before.find((x) => x.domain === 'stars')!;
    expect((await app.request(`/stars/${old.release}/remoteEntry.js`)).status).toBe(200);

    // the same build again: same release, nothing copied twice
    expect(deploy(mfDir, next, 'stars').release).toBe(r.release);

    const third = join(root, 'third');
    fakeBuild(third, 'stars', '星级管理（三）', '0.3.0');
    const r3 = deploy(mfDir, third);
    expect(liveReleases(root, mfDir).find((x) => x.domain === 'stars')!.release).toBe(r3.release);
    activate(mfDir, 'stars', r.release);
    expect(liveReleases(root, mfDir).find((x) => x.domain === 'stars')!.release).toBe(r.release);
    undeploy(mfDir, 'stars');
    expect(liveReleases(root, mfDir).find((x) => x.domain === 'stars')).toMatchObject({
      release: old.release,
      source: 'repository',
    });
  });

  it('refuses what is not a release: bad names, unknown releases, paths outside it, foreign builds', async () => {
    const app = mfRoutes({ root, mfDir });
    const { remotes } = (await (await app.request('/manifest.json')).json()) as Manifest;
    const release = remotes[0]!.release;
    for (const path of [
      `/Stars/${release}/remoteEntry.js`,
      `/stars/0.0.0-00000000/remoteEntry.js`,
      `/stars/..%2F..%2F/remoteEntry.js`,
      `/stars/${release}/../../../pnpm-workspace.yaml`,
      `/stars/${release}/%2e%2e/zq-remote.json`,
      `/stars/${release}/missing.js`,
      `/stars/${release}/`,
    ])
      expect((await app.request(path)).status, path).toBe(404);

    const notARemote = join(root, 'empty');
    mkdirSync(notARemote);
    expect(() => deploy(mfDir, notARemote)).toThrow(/not a remote's build/);
    const talentBuild = join(root, 'packages', 'talent-ui', 'dist');
    expect(() => deploy(mfDir, talentBuild, 'stars')).toThrow(/build of talent, not stars/);
    expect(() => activate(mfDir, 'stars', '9.9.9-deadbeef')).toThrow(/no deployed release/);
    const bad = join(root, 'bad');
    fakeBuild(bad, '../etc', 'x');
    expect(() => deploy(mfDir, bad)).toThrow(/bad domain/);
    expect(readCurrent(mfDir)).toEqual({});
  });

  it('falls back to the repository build when current.json names a release that is not there', async () => {
    mkdirSync(mfDir, { recursive: true });
    writeFileSync(join(mfDir, 'current.json'), JSON.stringify({ stars: '0.9.0-ffffffff', '../x': 'y' }));
    const live = liveReleases(root, mfDir).find((x) => x.domain === 'stars')!;
    expect(live.source).toBe('repository');
    expect(JSON.parse(readFileSync(join(mfDir, 'current.json'), 'utf8'))).toHaveProperty('stars');
  });
});
