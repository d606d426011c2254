import { defineConfig } from 'vitest/config';

// One run over every workspace package, so CI reads a single total.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'seeds'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
