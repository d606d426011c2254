import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadEnv } from '../env.ts';
import {
  activate,
  DOMAIN_RE,
  deploy,
  deployedReleases,
  liveReleases,
  readRemoteInfo,
  releaseOf,
  undeploy,
} from '../mf.ts';

/**
 * `zq mf …`: the operator's side of the microfrontends (see ../mf.ts). A department's screens
 * are deployed on their own — the shells and the server go on running; the next page load
 * shows the new build.
 */
export function registerMf(program: Command): void {
  const mf = program
    .command('mf')
    .description("the domains' screens (Module Federation remotes): list, deploy, roll back");

  const domainArg = (domain: string) => {
    if (!DOMAIN_RE.test(domain)) throw new Error(`not a domain name: ${domain}`);
    return domain;
  };

  mf.command('list')
    .description('each domain’s live release (deployed, or the repository’s build) and the deployed ones')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) => {
      const env = loadEnv();
      const live = liveReleases(env.root, env.mfDir);
      const rows = live.map((r) => ({
        domain: r.domain,
        live: r.release,
        source: r.source,
        deployed: deployedReleases(env.mfDir, r.domain),
      }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ mfDir: env.mfDir, remotes: rows }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`remotes directory (ZQ_MF_DIR): ${env.mfDir}\n`);
      for (const r of rows)
        process.stdout.write(
          `  ${r.domain.padEnd(10)} ${r.live.padEnd(20)} ${r.source === 'deployed' ? 'deployed' : 'repository build (packages/…/dist)'}${r.deployed.length ? `   deployed: ${r.deployed.join(', ')}` : ''}\n`,
        );
    });

  mf.command('deploy')
    .description(
      "deploy a build of one domain's screens: copy it to ZQ_MF_DIR/<domain>/<release>/ and make it live (no rebuild or restart of the shells)",
    )
    .argument('<domain>', 'e.g. stars (its build: packages/stars-ui/dist)', domainArg)
    .option('--from <dir>', 'the build to deploy (default: packages/<domain>-ui/dist)')
    .option('--build', 'build the remote first (pnpm -F @zhanqian/<domain>-ui build)')
    .action((domain: string, opts: { from?: string; build?: boolean }) => {
      const env = loadEnv();
      if (opts.build) {
        const r = spawnSync('pnpm', ['-F', `@zhanqian/${domain}-ui`, 'build'], {
          cwd: env.root,
          stdio: 'inherit',
        });
        if (r.status !== 0) throw new Error(`building @zhanqian/${domain}-ui failed`);
      }
      const from = resolve(opts.from ?? join(env.root, 'packages', `${domain}-ui`, 'dist'));
      if (!existsSync(from))
        throw new Error(`${from} does not exist (build it: pnpm -F @zhanqian/${domain}-ui build)`);
      const r = deploy(env.mfDir, from, domain);
      process.stdout.write(`${r.domain} ${r.release} is live: /mf/${r.domain}/${r.release}/remoteEntry.js\n`);
    });

  mf.command('activate')
    .description('make an already deployed release live again (roll back or forward)')
    .argument('<domain>', 'e.g. stars', domainArg)
    .argument('<release>', 'one of `zq mf list`')
    .action((domain: string, release: string) => {
      const env = loadEnv();
      const r = activate(env.mfDir, domain, release);
      process.stdout.write(`${r.domain} ${r.release} is live\n`);
    });

  mf.command('undeploy')
    .description('serve the repository’s build of a domain again (its deployed releases stay on disk)')
    .argument('<domain>', 'e.g. stars', domainArg)
    .action((domain: string) => {
      const env = loadEnv();
      undeploy(env.mfDir, domain);
      const dist = join(env.root, 'packages', `${domain}-ui`, 'dist');
      const live = existsSync(join(dist, 'zq-remote.json'))
        ? releaseOf(readRemoteInfo(dist), dist)
        : 'none (not built)';
      process.stdout.write(`${domain}: the repository's build is live: ${live}\n`);
    });
}
