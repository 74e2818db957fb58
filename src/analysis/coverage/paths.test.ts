import { describe, expect, it } from 'vitest';
import { isTestOrConfigFile, mapReportPath } from './paths.js';

const indexPaths = new Set(['src/a.ts', 'pkg/mod.py', 'lib/b.js']);

describe('mapReportPath', () => {
  it('maps absolute paths and file URLs under the root; ignores paths outside it', () => {
    expect(mapReportPath('/repo/src/a.ts', { root: '/repo', indexPaths })).toEqual({ path: 'src/a.ts', inIndex: true });
    expect(mapReportPath('file:///repo/lib/b.js', { root: '/repo', indexPaths })).toEqual({ path: 'lib/b.js', inIndex: true });
    expect(mapReportPath('/other/src/a.ts', { root: '/repo', indexPaths })).toEqual({ path: null, inIndex: false });
    expect(mapReportPath('../x/src/a.ts', { root: '/repo', indexPaths })).toEqual({ path: null, inIndex: false });
    expect(mapReportPath('/private/repo/src/a.ts', { root: '/repo', rootAliases: ['/private/repo'], indexPaths }).path).toBe('src/a.ts');
  });

  it('relative paths: root first, then source roots (Cobertura src layout)', () => {
    expect(mapReportPath('src/a.ts', { root: '/repo', indexPaths })).toEqual({ path: 'src/a.ts', inIndex: true });
    expect(mapReportPath('mod.py', { root: '/repo', bases: ['/repo/pkg'], indexPaths })).toEqual({ path: 'pkg/mod.py', inIndex: true });
    expect(mapReportPath('dist/a.js', { root: '/repo', indexPaths })).toEqual({ path: 'dist/a.js', inIndex: false });
  });
});

describe('isTestOrConfigFile', () => {
  it.each([
    ['test/queue.test.js', 'js', true],
    ['src/__tests__/a.ts', 'js', true],
    ['src/a.spec.ts', 'js', true],
    ['vitest.config.ts', 'js', true],
    ['src/types.d.ts', 'js', true],
    ['src/testing.ts', 'js', false],
    ['tests/test_area.py', 'python', true],
    ['pkg/conftest.py', 'python', true],
    ['pkg/area_test.py', 'python', true],
    ['pkg/area.py', 'python', false],
  ] as const)('%s (%s) -> %s', (p, part, expected) => {
    expect(isTestOrConfigFile(p, part)).toBe(expected);
  });
});
