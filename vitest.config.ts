import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**', 'dist/**'],
    // Bounds for a hang, not for speed: under a loaded 2-core machine (CI, 8 parallel jobs) a real
    // test can take minutes; a hung one still fails, later. No test sets a lower bound of its own:
    // under that load its real work (a fixture's test run, a CLI run) can outlast any "generous" one.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The user's cache and data directories point at a scratch directory: tests never touch $HOME.
    globalSetup: ['test/setup/user-dirs.global.ts'],
    // What this package ships: its sources (benches, examples and fixtures are not measured).
    coverage: {
      include: ['src/**/*.ts', 'src/**/*.cjs'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test-helper.ts'],
    },
  },
});
