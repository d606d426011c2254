import { defineProject } from 'vitest/config';

// Browser tests against the real platform: built apps, API on a fresh seeded SQLite file,
// Debian's chromium driven by playwright-core. One server for the whole project.
export default defineProject({
  test: {
    name: '@zhanqian/e2e',
    include: ['src/**/*.e2e.ts'],
    globalSetup: ['src/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // expect.poll gives up after 1 s by default, counting the polled call itself: a locator
    // still waiting for a lazily loaded screen on a busy machine then fails a correct page.
    expect: { poll: { timeout: 15_000 } },
  },
});
