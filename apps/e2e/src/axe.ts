import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** The WCAG 2.1 levels A and AA, as axe-core tags them (issue #21 item 19). */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeNode {
  /** CSS selectors of the offending element (one per frame level). */
  target: string[];
  html: string;
  failureSummary?: string;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface AxeOptions {
  /** A CSS selector limiting the check to part of the page (default: the whole document). */
  include?: string;
  /** CSS selectors left out of the check (e.g. a third-party widget). */
  exclude?: string[];
  /** Rule ids switched off for this run (say why at the call site). */
  disableRules?: string[];
}

let source: string | undefined;
/** axe-core's browser bundle, read once from the installed package. */
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/**
 * Injects axe-core into the page (or frame) and runs the WCAG 2.1 A/AA rules on what is
 * rendered now. Wait for the screen to settle before calling: axe checks the current DOM.
 * Returns the violations (rule id, impact, offending nodes); an empty array means none.
 */
export async function axeViolations(target: Page | Frame, options: AxeOptions = {}): Promise<AxeViolation[]> {
  const loaded = await target.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await target.evaluate(axeSource());
  return target.evaluate(
    async ({ tags, include, exclude, disableRules }) => {
      const axe = (window as any).axe;
      const context = include
        ? { include: [[include]], exclude: exclude.map((s) => [s]) }
        : { exclude: exclude.map((s) => [s]) };
      const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
      const result = await axe.run(context, {
        runOnly: { type: 'tag', values: tags },
        rules,
        resultTypes: ['violations'],
      });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n: any) => ({
          target: n.target.map(String),
          html: n.html,
          failureSummary: n.failureSummary,
        })),
      }));
    },
    {
      tags: [...WCAG21_AA],
      include: options.include,
      exclude: options.exclude ?? [],
      disableRules: options.disableRules ?? [],
    },
  );
}

/** A readable one-line-per-node summary of violations, for assertion messages. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} [${v.impact}] ${n.target.join(' >>> ')}: ${n.failureSummary ?? v.help}`),
    )
    .join('\n');
}
