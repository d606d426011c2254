import { DomainError } from '@zhanqian/core';
import type { JobDefinition } from '../definition.ts';
import { directLineRemindJob } from './directline.ts';
import { domainJobs } from './domain.ts';
import { exportsXlsxJob } from './exports.ts';
import { importsCommitJob } from './imports.ts';
import { notifyDeliverJob } from './notify.ts';
import { redsailVisitRemindersJob } from './redsail.ts';
import { tallyJob } from './tally.ts';

/** Every job the worker knows, by name. Schedulers and `jobs.*` read this list. */
export const jobDefinitions: readonly JobDefinition[] = [
  tallyJob as unknown as JobDefinition,
  ...domainJobs,
  importsCommitJob as unknown as JobDefinition,
  notifyDeliverJob as unknown as JobDefinition,
  directLineRemindJob as unknown as JobDefinition,
  redsailVisitRemindersJob as unknown as JobDefinition,
  exportsXlsxJob as unknown as JobDefinition,
];

const byName = new Map(jobDefinitions.map((d) => [d.name, d]));

/** The definition of a job, or undefined. */
export const findJob = (name: string): JobDefinition | undefined => byName.get(name);

/** The definition of a job, or a NOT_FOUND domain error. */
export function getJob(name: string): JobDefinition {
  const def = byName.get(name);
  if (!def) throw new DomainError('NOT_FOUND', 'jobs.unknown', { name });
  return def;
}
