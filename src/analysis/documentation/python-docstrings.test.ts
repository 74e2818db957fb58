import { describe, expect, it } from 'vitest';
import { isPublicModulePath } from '../shared/python-imports.js';
import { pythonPublicSymbols } from './python-docstrings.js';

describe('isPublicModulePath', () => {
  it.each([
    ['pkg/mod.py', true],
    ['pkg/__init__.py', true],
    ['pkg/_private.py', false],
    ['_pkg/mod.py', false],
    ['pkg/__main__.py', false],
  ])('%s -> %s', (path, expected) => {
    expect(isPublicModulePath(path)).toBe(expected);
  });
});

describe('pythonPublicSymbols', () => {
  it('counts modules, classes, functions and public non-dunder methods', async () => {
    const source = [
      '"""Module."""', // 1
      'class A:', // 2
      '    """A."""',
      '    def __init__(self): pass', // dunder: not counted
      '    def m(self):', // 5
      "        '''M.'''",
      '    def _p(self): pass',
      'def f():', // 8
      '    return 1',
      'def _g(): pass',
      'async def h():', // 11
      '    r"""Raw docstrings count."""',
    ].join('\n');
    expect(await pythonPublicSymbols(source, 'pkg.mod')).toEqual([
      { name: 'pkg.mod', kind: 'module', line: 1, documented: true },
      { name: 'A', kind: 'class', line: 2, documented: true },
      { name: 'A.m', kind: 'method', line: 5, documented: true },
      { name: 'f', kind: 'function', line: 8, documented: false },
      { name: 'h', kind: 'function', line: 11, documented: true },
    ]);
  });

  it('honours a literal __all__ and ignores nested functions', async () => {
    const source = [
      '__all__ = ("shown",)',
      'def shown():',
      '    def inner(): pass',
      'def not_listed(): pass',
    ].join('\n');
    expect((await pythonPublicSymbols(source, 'm')).map((s) => s.name)).toEqual(['m', 'shown']);
  });
});
