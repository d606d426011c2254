import { useQuery } from '@tanstack/react-query';
import {
  Component,
  type ComponentType,
  type ErrorInfo,
  lazy,
  type ReactNode,
  Suspense,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { mayOpenRoute, type ScreenModule, type ScreenModuleMeta } from './modules.ts';

/**
 * Run-time composition of the domains' screens (Module Federation remotes). The server says
 * which remotes are deployed (GET /mf/manifest.json, read at each request, so a new build of one
 * domain's screens is live at the next page load); the shells build their menus from the
 * manifest's module metadata and load a remote's code only when its area is opened. A remote that
 * fails to load or throws shows an error panel in its own area, with retry; the shell, its menu
 * and the other domains keep working.
 */
export type Side = 'admin' | 'member';

/** One deployed remote, as listed by GET /mf/manifest.json. */
export interface RemoteRelease {
  domain: string;
  /** Its Module Federation container name, e.g. zq_stars. */
  name: string;
  /** The package's version (packages/<domain>-ui/package.json). */
  version: string;
  /** The deployed build: version and content hash, e.g. 0.1.0-3f9a2c1b. */
  release: string;
  /** The URL of its remoteEntry.js. */
  entry: string;
  modules: Partial<Record<Side, ScreenModuleMeta>>;
}

export interface RemotesManifest {
  remotes: RemoteRelease[];
}

export async function fetchRemotesManifest(): Promise<RemotesManifest> {
  const res = await fetch('/mf/manifest.json', { credentials: 'same-origin', cache: 'no-cache' });
  if (!res.ok) throw new Error(`GET /mf/manifest.json: ${res.status}`);
  return (await res.json()) as RemotesManifest;
}

/** The deployment's remotes, read once per page load. */
export function useRemotes() {
  return useQuery({
    queryKey: ['mf.manifest'],
    queryFn: fetchRemotesManifest,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 2,
  });
}

/** The side's modules of the deployed remotes, in the shell's preferred order (others after). */
export function remoteModules(
  manifest: RemotesManifest | undefined,
  side: Side,
  order: readonly string[] = [],
): (ScreenModuleMeta & { remote: RemoteRelease })[] {
  const rank = (domain: string) => (order.includes(domain) ? order.indexOf(domain) : order.length);
  return (manifest?.remotes ?? [])
    .filter((r) => r.modules[side] && r.modules[side].routes.length > 0)
    .sort((a, b) => rank(a.domain) - rank(b.domain))
    .map((r) => ({ ...r.modules[side]!, remote: r }));
}

/** Loads a remote's screen module of one side; `attempt` > 0 after a failure (a retry). */
export type RemoteLoader = (remote: RemoteRelease, side: Side, attempt: number) => Promise<ScreenModule>;

interface BoundaryProps {
  /** A change (the address) clears a page's error: another page of the area may work. */
  resetKey: string;
  fallback: (error: unknown) => ReactNode;
  children: ReactNode;
}

/** Catches what a remote throws (loading its code or rendering a page) so only its area fails. */
export class RemoteBoundary extends Component<BoundaryProps, { error: unknown; key: string }> {
  override state = { error: null as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error: error ?? new Error('remote failed') };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.warn('[mf] a remote failed; its area shows the error panel', error, info.componentStack);
  }

  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/**
 * The area of one remote under the shell's `<domain>/*` route: loads the remote (Suspense
 * shows `loading`), renders its routes, and shows `renderError(error, retry)` when loading or a
 * page fails. Retry loads the remote entry anew.
 */
export function RemoteArea(props: {
  remote: RemoteRelease;
  side: Side;
  load: RemoteLoader;
  loading: ReactNode;
  notFound: ReactNode;
  renderError: (error: unknown, retry: () => void) => ReactNode;
  /**
   * The signed-in user's permissions (auth.me). With `forbidden`, a route the user may not open
   * (its `anyPermission`, else the module's: what the menu filters by) shows `forbidden` instead
   * of its page: only an address typed or kept from before gets there, since the menu hides it.
   */
  permissions?: readonly string[];
  forbidden?: ReactNode;
}) {
  const { remote, side, load, loading, notFound, renderError, permissions, forbidden } = props;
  const [attempt, setAttempt] = useState(0);
  const { pathname } = useLocation();
  // Only a new release, side or retry loads anew (not a new `notFound` element at each render).
  const latest = useRef({ load, notFound, permissions, forbidden });
  latest.current = { load, notFound, permissions, forbidden };
  const Screens = useMemo(
    () =>
      lazy(async (): Promise<{ default: ComponentType }> => {
        const module = await latest.current.load(remote, side, attempt);
        return {
          default: function RemoteScreens() {
            const { permissions: held, forbidden: refused } = latest.current;
            const element = (r: ScreenModule['routes'][number]) =>
              held && refused !== undefined && !mayOpenRoute(module, r, held) ? refused : <r.page />;
            return (
              <Routes>
                {module.routes.map((r) =>
                  r.path ? (
                    <Route key={r.path} path={r.path} element={element(r)} />
                  ) : (
                    <Route key="" index element={element(r)} />
                  ),
                )}
                <Route path="*" element={latest.current.notFound} />
              </Routes>
            );
          },
        };
      }),
    [remote, side, attempt],
  );
  return (
    <div
      data-testid={`remote-${remote.domain}`}
      data-release={remote.release}
      style={{ display: 'contents' }}
    >
      <RemoteBoundary
        resetKey={`${attempt}:${pathname}`}
        fallback={(error) => renderError(error, () => setAttempt((a) => a + 1))}
      >
        <Suspense fallback={loading}>
          <Screens />
        </Suspense>
      </RemoteBoundary>
    </div>
  );
}

/**
 * Development only (`pnpm dev`, where each remote is rebuilt by `vite build --watch`): reloads the
 * page once a remote's new build is served, i.e. when the manifest's releases have changed and
 * stayed the same for two polls (a build in progress empties its folder first).
 */
export function RemoteBuildReload({ intervalMs = 1500 }: { intervalMs?: number }) {
  const seen = useRef<{ first?: string; last?: string }>({});
  const watch = useQuery({
    queryKey: ['mf.manifest.watch'],
    queryFn: fetchRemotesManifest,
    refetchInterval: intervalMs,
    refetchIntervalInBackground: false,
  });
  useEffect(() => {
    if (!watch.data) return;
    const releases = watch.data.remotes.map((r) => `${r.domain}@${r.release}`).join(',');
    const s = seen.current;
    if (s.first === undefined) s.first = releases;
    else if (releases !== s.first && releases === s.last) location.reload();
    s.last = releases;
  }, [watch.data]);
  return null;
}
