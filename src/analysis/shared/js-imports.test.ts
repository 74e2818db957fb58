import { describe, expect, it } from 'vitest';
import { extractJsImports, normalizeRelPath, parseJsSource, resolveJsSpecifier } from './js-imports.js';

describe('extractJsImports', () => {
  it('finds every static, re-export, require and dynamic form with its line and type-only flag', () => {
    const text = [
      "import a from './a.js';",
      "import type { T } from './types.js';",
      "import { type U, type V } from './uv.js';",
      "export * from './b.js';",
      "export type { W } from './w.js';",
      "const c = require('./c');",
      'async function f() { return import(`./d.js`); }',
      "import e = require('./e');",
      "let x: typeof import('./f.js');",
      'const g = require(name);',
      "import './side-effect.js';",
    ].join('\n');
    const found = extractJsImports(parseJsSource('m.ts', text));
    expect(found).toEqual([
      { specifier: './a.js', kind: 'import', line: 1, typeOnly: false },
      { specifier: './types.js', kind: 'import', line: 2, typeOnly: true },
      { specifier: './uv.js', kind: 'import', line: 3, typeOnly: true },
      { specifier: './b.js', kind: 'export-from', line: 4, typeOnly: false },
      { specifier: './w.js', kind: 'export-from', line: 5, typeOnly: true },
      { specifier: './c', kind: 'require', line: 6, typeOnly: false },
      { specifier: './d.js', kind: 'dynamic-import', line: 7, typeOnly: false },
      { specifier: './e', kind: 'require', line: 8, typeOnly: false },
      { specifier: './f.js', kind: 'import', line: 9, typeOnly: true },
      { specifier: './side-effect.js', kind: 'import', line: 11, typeOnly: false },
    ]);
  });

  it('parses JavaScript with JSX without throwing', () => {
    const found = extractJsImports(
      parseJsSource('c.jsx', "import x from './x';\nexport const C = () => <div/>;"),
    );
    expect(found.map((f) => f.specifier)).toEqual(['./x']);
  });
});

describe('resolveJsSpecifier', () => {
  const files = new Set([
    'src/index.ts',
    'src/math.ts',
    'src/util/index.js',
    'src/view.tsx',
    'lib/a.cjs',
    'src/m.mts',
  ]);

  it('maps NodeNext .js specifiers to .ts sources', () => {
    expect(resolveJsSpecifier('src/index.ts', './math.js', files)).toBe('src/math.ts');
    expect(resolveJsSpecifier('src/index.ts', './view.jsx', files)).toBe('src/view.tsx');
    expect(resolveJsSpecifier('src/index.ts', './m.mjs', files)).toBe('src/m.mts');
  });

  it('adds extensions and resolves directory indexes', () => {
    expect(resolveJsSpecifier('src/index.ts', './math', files)).toBe('src/math.ts');
    expect(resolveJsSpecifier('src/index.ts', './util', files)).toBe('src/util/index.js');
    expect(resolveJsSpecifier('src/util/index.js', '..', files)).toBe('src/index.ts');
    expect(resolveJsSpecifier('src/index.ts', '../lib/a.cjs', files)).toBe('lib/a.cjs');
  });

  it('gives null for packages, builtins, missing files and paths above the root', () => {
    expect(resolveJsSpecifier('src/index.ts', 'react', files)).toBeNull();
    expect(resolveJsSpecifier('src/index.ts', 'node:fs', files)).toBeNull();
    expect(resolveJsSpecifier('src/index.ts', './missing.js', files)).toBeNull();
    expect(resolveJsSpecifier('src/index.ts', '../../x', files)).toBeNull();
  });

  it('normalises dot segments', () => {
    expect(normalizeRelPath('a/./b/../c')).toBe('a/c');
    expect(normalizeRelPath('../a')).toBeNull();
  });
});
