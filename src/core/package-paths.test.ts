import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, packageFile, packageFilePath, packageLayout, packageModule, packageVersion } from './package-paths.js';

describe('package paths', () => {
  it('finds the root and the tree from the sources, the tsc output and a bundle chunk', () => {
    const root = new URL('file:///app/');
    expect(packageLayout('file:///app/src/core/package-paths.ts')).toEqual({ root, tree: 'src' });
    expect(packageLayout('file:///app/dist/core/package-paths.js')).toEqual({ root, tree: 'dist' });
    expect(packageLayout('file:///app/dist/bundle/chunk-ABC123.js')).toEqual({ root, tree: 'dist' });
  });

  it('names our modules and files in the running tree, never beside a bundle chunk', () => {
    const bundled = packageLayout('file:///app/dist/bundle/chunk-ABC123.js');
    expect(packageModule('analysis/shared/pool-worker', bundled).href).toBe('file:///app/dist/analysis/shared/pool-worker.js');
    expect(packageFile('testgen/js/harness.cjs', bundled).href).toBe('file:///app/dist/testgen/js/harness.cjs');
    const sources = packageLayout('file:///app/src/core/package-paths.ts');
    expect(packageModule('analysis/shared/pool-worker', sources).href).toBe('file:///app/src/analysis/shared/pool-worker.ts');
  });

  it('points at this package: its package.json, version and helper programs', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { name: string; version: string };
    expect(pkg.name).toBe('empathy-framework');
    expect(packageVersion()).toBe(pkg.version);
    expect(existsSync(packageFilePath('testgen/python/explore.py'))).toBe(true);
    expect(existsSync(fileURLToPath(packageModule('analysis/shared/pool-worker')))).toBe(true);
  });
});
