import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser tests share one seeded platform, and some change what others read (a batch
 * approval, a member transferred out): they run in one fixed order, their files' names, on
 * every machine. vitest's own order (larger files first, then by the last run's durations)
 * differed between CI's fresh clone and a developer's checkout. Other files keep it.
 */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isBrowser = (f: TestSpecification) => f.project.name === '@zhanqian/e2e';
    const browser = sorted.filter(isBrowser).sort((a, b) => (a.moduleId < b.moduleId ? -1 : 1));
    let next = 0;
    return sorted.map((f) => (isBrowser(f) ? browser[next++]! : f));
  }
}

// One run over every workspace package, so CI reads a single total.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'seeds'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    sequence: { sequencer: Sequencer },
  },
});
