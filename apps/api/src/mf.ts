import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The domains' screens as Module Federation remotes (packages/<domain>-ui, built with
 * tooling/mf): which build of each is live. Two sources, read at every request:
 *
 * - the deployed releases under the remotes directory (ZQ_MF_DIR, default data/mf):
 *   `<dir>/<domain>/<release>/` holds a remote's build as copied by `zq mf deploy`, and
 *   `<dir>/current.json` names each domain's live release ({"stars": "0.1.0-3f9a2c1b"});
 * - otherwise the remote's own build in the repository (packages/<domain>-ui/dist), so that
 *   `zq start` serves everything with no deployment step.
 *
 * A release is `<package version>-<8 hex of the build's content hash>`: a new build gets a new
 * URL (/mf/<domain>/<release>/…), so its files are cached for good and a page already open keeps
 * the build it started with. Old releases stay on disk for rollback (`zq mf activate`).
 */

export const DOMAIN_RE = /^[a-z][a-z0-9-]{0,31}$/;
export const RELEASE_RE = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;

export interface RouteMeta {
  path: string;
  label: { 'zh-CN': string; en: string };
  menu?: boolean;
  anyPermission?: string[];
}

export interface ModuleMeta {
  key: string;
  label: { 'zh-CN': string; en: string };
  anyPermission: string[];
  routes: RouteMeta[];
}

/** dist/zq-remote.json, written by the remote's build. */
export interface RemoteInfo {
  domain: string;
  name: string;
  version: string;
  modules: { admin?: ModuleMeta; member?: ModuleMeta };
}

export interface Release extends RemoteInfo {
  release: string;
  /** Where its files are. */
  dir: string;
  source: 'deployed' | 'repository';
}

/** The manifest's entry for a release (GET /mf/manifest.json). */
export interface ManifestEntry {
  domain: string;
  name: string;
  version: string;
  release: string;
  entry: string;
  modules: RemoteInfo['modules'];
}

export function readRemoteInfo(dir: string): RemoteInfo {
  const file = join(dir, 'zq-remote.json');
  if (!existsSync(file)) throw new Error(`${dir} is not a remote's build (no zq-remote.json)`);
  const info = JSON.parse(readFileSync(file, 'utf8')) as RemoteInfo;
  if (!DOMAIN_RE.test(info.domain ?? ''))
    throw new Error(`${file}: bad domain ${JSON.stringify(info.domain)}`);
  if (!/^[A-Za-z_][\w]*$/.test(info.name ?? '')) throw new Error(`${file}: bad container name`);
  if (!/^\d+\.\d+\.\d+[0-9A-Za-z.-]*$/.test(info.version ?? '')) throw new Error(`${file}: bad version`);
  if (!existsSync(join(dir, 'remoteEntry.js'))) throw new Error(`${dir} has no remoteEntry.js`);
  return { domain: info.domain, name: info.name, version: info.version, modules: info.modules ?? {} };
}

/** Every file under `dir`, relative, sorted (the precompressed copies left out). */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), base) : [relative(base, join(dir, e.name))]))
    .filter((f) => !/\.(br|gz|zst)$/.test(f))
    .sort();
}

const hashCache = new Map<string, { stamp: string; hash: string }>();

/** 8 hex of the SHA-256 over the build's files (names and contents). */
export function contentHash(dir: string): string {
  const list = files(dir);
  // Cheap change check for the repository's dist, rebuilt in place: names, sizes, mtimes.
  const stamp = list
    .map((f) => {
      const s = statSync(join(dir, f));
      return `${f}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
  const cached = hashCache.get(dir);
  if (cached?.stamp === stamp) return cached.hash;
  const h = createHash('sha256');
  for (const f of list) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(dir, f)));
    h.update('\0');
  }
  const hash = h.digest('hex').slice(0, 8);
  hashCache.set(dir, { stamp, hash });
  return hash;
}

export const releaseOf = (info: RemoteInfo, dir: string) => `${info.version}-${contentHash(dir)}`;

/** The remotes built in the repository: packages/*-ui/dist with a zq-remote.json. */
export function repositoryReleases(root: string): Release[] {
  const packages = join(root, 'packages');
  if (!existsSync(packages)) return [];
  return readdirSync(packages)
    .map((p) => join(packages, p, 'dist'))
    .filter((dir) => existsSync(join(dir, 'zq-remote.json')))
    .flatMap((dir) => {
      try {
        const info = readRemoteInfo(dir);
        return [{ ...info, release: releaseOf(info, dir), dir, source: 'repository' as const }];
      } catch {
        return [];
      }
    });
}

const currentFile = (mfDir: string) => join(mfDir, 'current.json');

/** current.json: domain → live release. */
export function readCurrent(mfDir: string): Record<string, string> {
  const file = currentFile(mfDir);
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(json).filter(
      (e): e is [string, string] => DOMAIN_RE.test(e[0]) && typeof e[1] === 'string' && RELEASE_RE.test(e[1]),
    ),
  );
}

/** Replaces current.json at once (write then rename): a request reads the old or the new, never half. */
function writeCurrent(mfDir: string, current: Record<string, string>): void {
  mkdirSync(mfDir, { recursive: true });
  const tmp = `${currentFile(mfDir)}.${randomBytes(4).toString('hex')}.tmp`;
  const sorted = Object.fromEntries(Object.entries(current).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(tmp, currentFile(mfDir));
}

function deployedRelease(mfDir: string, domain: string, release: string): Release | undefined {
  if (!DOMAIN_RE.test(domain) || !RELEASE_RE.test(release)) return undefined;
  const dir = join(mfDir, domain, release);
  if (!existsSync(join(dir, 'zq-remote.json'))) return undefined;
  try {
    const info = readRemoteInfo(dir);
    return info.domain === domain ? { ...info, release, dir, source: 'deployed' } : undefined;
  } catch {
    return undefined;
  }
}

/** The live release of every domain: the deployed one, else the repository's build. */
export function liveReleases(root: string, mfDir: string): Release[] {
  const byDomain = new Map<string, Release>();
  for (const r of repositoryReleases(root)) byDomain.set(r.domain, r);
  for (const [domain, release] of Object.entries(readCurrent(mfDir))) {
    const deployed = deployedRelease(mfDir, domain, release);
    if (deployed) byDomain.set(domain, deployed);
  }
  return [...byDomain.values()].sort((a, b) => a.domain.localeCompare(b.domain));
}

export function manifest(root: string, mfDir: string): { remotes: ManifestEntry[] } {
  return {
    remotes: liveReleases(root, mfDir).map((r) => ({
      domain: r.domain,
      name: r.name,
      version: r.version,
      release: r.release,
      entry: `/mf/${r.domain}/${r.release}/remoteEntry.js`,
      modules: r.modules,
    })),
  };
}

/**
 * The folder of a release that may be served: any deployed release (live or not: a page loaded
 * before a deployment keeps working) or the repository's current build.
 */
export function releaseDir(root: string, mfDir: string, domain: string, release: string): string | undefined {
  const deployed = deployedRelease(mfDir, domain, release);
  if (deployed) return deployed.dir;
  return repositoryReleases(root).find((r) => r.domain === domain && r.release === release)?.dir;
}

/**
 * Deploys a remote's build (a dist folder): copies it to `<mfDir>/<domain>/<release>/` (a new
 * folder, written aside then renamed into place) and makes it the domain's live release. The
 * shells pick it up at the next page load; nothing is rebuilt or restarted.
 */
export function deploy(mfDir: string, from: string, expectDomain?: string): Release {
  const src = resolve(from);
  const info = readRemoteInfo(src);
  if (expectDomain && info.domain !== expectDomain)
    throw new Error(`${src} is the build of ${info.domain}, not ${expectDomain}`);
  const release = releaseOf(info, src);
  const target = join(mfDir, info.domain, release);
  if (!existsSync(join(target, 'zq-remote.json'))) {
    const tmp = join(mfDir, info.domain, `.${release}.${randomBytes(4).toString('hex')}.tmp`);
    mkdirSync(join(mfDir, info.domain), { recursive: true });
    cpSync(src, tmp, { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
  }
  writeCurrent(mfDir, { ...readCurrent(mfDir), [info.domain]: release });
  return { ...info, release, dir: target, source: 'deployed' };
}

/** Makes an already deployed release live again (rollback). */
export function activate(mfDir: string, domain: string, release: string): Release {
  const r = deployedRelease(mfDir, domain, release);
  if (!r) throw new Error(`no deployed release ${release} of ${domain} in ${mfDir}`);
  writeCurrent(mfDir, { ...readCurrent(mfDir), [domain]: release });
  return r;
}

/** Back to the repository's build for a domain (its deployed releases stay on disk). */
export function undeploy(mfDir: string, domain: string): void {
  const { [domain]: _gone, ...rest } = readCurrent(mfDir);
  writeCurrent(mfDir, rest);
}

/** The deployed releases of a domain, oldest first. */
export function deployedReleases(mfDir: string, domain: string): string[] {
  const dir = join(mfDir, domain);
  if (!DOMAIN_RE.test(domain) || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((r) => RELEASE_RE.test(r) && existsSync(join(dir, r, 'zq-remote.json')))
    .sort((a, b) => statSync(join(dir, a)).mtimeMs - statSync(join(dir, b)).mtimeMs);
}
