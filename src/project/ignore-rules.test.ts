import { describe, expect, it } from 'vitest';
import {
  compileGlobs,
  isDefaultExcludedDir,
  isDefaultExcludedFile,
  isGitIgnored,
  parseGitignore,
} from './ignore-rules.js';
import { detectLanguage, hasBinaryExtension, isDeclarationFile } from './language.js';
import { TextMemo } from './text-memo.js';

describe('ignore rules', () => {
  it('matches globs without a slash on the base name and with a slash on the whole path', () => {
    const match = compileGlobs(['*.test.ts', 'test/fixtures/**', './docs/', ' ']);
    expect(match?.('src/deep/a.test.ts')).toBe(true);
    expect(match?.('src/a.ts')).toBe(false);
    expect(match?.('test/fixtures')).toBe(true);
    expect(match?.('test/fixtures/x/y.py')).toBe(true);
    expect(match?.('docs')).toBe(true);
    expect(match?.('src/docs')).toBe(false);
    expect(match?.('.hidden/a.test.ts')).toBe(true);
    expect(compileGlobs([])).toBeNull();
    expect(compileGlobs(undefined)).toBeNull();
  });

  it('lets a deeper .gitignore override a shallower one', () => {
    const levels = [parseGitignore('', '*.log\n'), parseGitignore('pkg', '!keep.log\n')];
    expect(isGitIgnored(levels, 'a.log', false)).toBe(true);
    expect(isGitIgnored(levels, 'pkg/keep.log', false)).toBe(false);
    expect(isGitIgnored(levels, 'pkg/other.log', false)).toBe(true);
    expect(isGitIgnored([parseGitignore('', 'out/\n')], 'out', false)).toBe(false);
    expect(isGitIgnored([parseGitignore('', 'out/\n')], 'out', true)).toBe(true);
  });

  it('knows the default excludes', () => {
    expect(
      ['node_modules', '.venv', '__pycache__', 'vendor', 'x.egg-info'].every((name) =>
        isDefaultExcludedDir(name),
      ),
    ).toBe(true);
    expect(isDefaultExcludedDir('src')).toBe(false);
    expect(isDefaultExcludedDir('coverage', 'coverage')).toBe(true);
    expect(isDefaultExcludedDir('dist', 'packages/a/dist')).toBe(true);
    expect(isDefaultExcludedDir('coverage', 'src/analysis/coverage')).toBe(false);
    expect(isDefaultExcludedDir('build', 'src/build')).toBe(false);
    expect(isDefaultExcludedDir('node_modules', 'src/node_modules')).toBe(true);
    expect(isDefaultExcludedFile('app.min.js')).toBe(true);
    expect(isDefaultExcludedFile('app.js.map')).toBe(true);
    expect(isDefaultExcludedFile('admin.js')).toBe(false);
  });
});

describe('language detection', () => {
  it('maps extensions to languages and marks declaration files', () => {
    const cases: [string, string | null][] = [
      ['a.ts', 'typescript'],
      ['A.TSX', 'typescript'],
      ['a.mts', 'typescript'],
      ['a.cts', 'typescript'],
      ['a.d.ts', 'typescript'],
      ['a.js', 'javascript'],
      ['a.jsx', 'javascript'],
      ['a.mjs', 'javascript'],
      ['a.cjs', 'javascript'],
      ['a.py', 'python'],
      ['a.pyi', 'python'],
      ['README.md', null],
      ['Makefile', null],
      ['.ts', null],
    ];
    for (const [path, language] of cases) expect([path, detectLanguage(path)]).toEqual([path, language]);
    expect(isDeclarationFile('src/a.d.ts')).toBe(true);
    expect(isDeclarationFile('src/a.d.mts')).toBe(true);
    expect(isDeclarationFile('pkg/a.pyi')).toBe(true);
    expect(isDeclarationFile('src/a.ts')).toBe(false);
    expect(hasBinaryExtension('img/logo.PNG')).toBe(true);
    expect(hasBinaryExtension('src/a.ts')).toBe(false);
  });
});

describe('text memo', () => {
  it('evicts the least recently used texts beyond its budget', () => {
    const memo = new TextMemo(10);
    memo.set('a', '1234');
    memo.set('b', '1234');
    expect(memo.get('a')).toBe('1234'); // a is now the most recent
    memo.set('c', '1234');
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBe('1234');
    expect(memo.size).toBe(8);
    memo.set('huge', 'x'.repeat(11));
    expect(memo.get('huge')).toBeUndefined();
    memo.set('a', '12');
    expect(memo.size).toBe(6);
  });
});
