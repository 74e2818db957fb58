import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The user's cache and data directories point at a scratch directory: tests never touch $HOME.
    globalSetup: ['test/setup/user-dirs.global.ts'],
    // What this package ships: its sources (benches, examples and fixtures are not measured).
    coverage: {
      include: ['src/**/*.ts', 'src/**/*.cjs'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test-helper.ts', 'src/**/*.test.fixtures.ts', 'src/**/test-support/**'],
    },
  },
});
