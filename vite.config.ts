import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const deskTests = (name: string): TestProjectInlineConfiguration => ({
  test: {
    name,
    root: './apps/desk',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

// One Vitest run for the whole repository: a project per workspace.
// Browser journeys live in e2e/ and run under Playwright, not here.
export default defineConfig({
  test: {
    projects: [
      {
        extends: './apps/web/vite.config.ts',
        test: {
          name: 'web',
          root: './apps/web',
          environment: 'jsdom',
          setupFiles: ['./src/testing/setup.ts'],
          include: ['src/**/*.test.{ts,tsx}'],
          // Typing-driven component tests on CI's two busy cores can take longer than 5 s.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'bff',
          root: './apps/bff',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      // On the embedded PostgreSQL server, or on the server at DESK_TEST_PG_URL when given.
      deskTests('desk'),
      // Property-based fuzzing of the desk and the BFF from their OpenAPI documents (fuzz/run.ts),
      // against real processes: a bounded run with a fixed seed here, a long one in `npm run fuzz`.
      {
        test: {
          name: 'fuzz',
          root: './fuzz',
          environment: 'node',
          include: ['*.test.ts'],
          globalSetup: ['./global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
          // One target pair, fuzzed one API after the other.
          fileParallelism: false,
        },
      },
      // Crash safety: the desk and the BFF killed with SIGKILL mid-write and restarted (crash/).
      {
        test: {
          name: 'crash',
          root: './crash',
          environment: 'node',
          include: ['*.test.ts'],
          testTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'zammad-api',
          root: './packages/zammad-api',
          environment: 'node',
          include: ['src/**/*.test.ts'],
        },
      },
    ],
  },
});
