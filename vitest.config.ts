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
  },
});
