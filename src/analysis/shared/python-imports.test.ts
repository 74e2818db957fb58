import { describe, expect, it } from 'vitest';
import { parsePython } from './python-parser.js';
import { buildPythonModuleMap, extractPythonImports, resolvePythonImport } from './python-imports.js';

describe('extractPythonImports', () => {
  it('reads plain, aliased, relative, wildcard and nested imports', async () => {
    const tree = await parsePython(
      [
        'import os, a.b as c',
        'from . import x, y as z',
        'from ..pkg.mod import (k, l)',
        'from .m import *',
        'def f():',
        '    import json',
        'if TYPE_CHECKING:',
        '    from .t import T',
        'else:',
        '    import rt',
      ].join('\n'),
    );
    try {
      expect(extractPythonImports(tree)).toEqual([
        { module: 'os', level: 0, names: [], line: 1, typeOnly: false },
        { module: 'a.b', level: 0, names: [], line: 1, typeOnly: false },
        { module: '', level: 1, names: ['x', 'y'], line: 2, typeOnly: false },
        { module: 'pkg.mod', level: 2, names: ['k', 'l'], line: 3, typeOnly: false },
        { module: 'm', level: 1, names: ['*'], line: 4, typeOnly: false },
        { module: 'json', level: 0, names: [], line: 6, typeOnly: false },
        { module: 't', level: 1, names: ['T'], line: 8, typeOnly: true },
        { module: 'rt', level: 0, names: [], line: 10, typeOnly: false },
      ]);
    } finally {
      tree.delete();
    }
  });
});

describe('resolvePythonImport', () => {
  const map = buildPythonModuleMap([
    'shapes/__init__.py',
    'shapes/area.py',
    'shapes/geo/__init__.py',
    'shapes/geo/point.py',
    'src/app/core.py',
    'setup.py',
    'bad-name/x.py',
  ]);

  it('maps files to dotted names with the src layout', () => {
    expect(map.byFile.get('shapes/__init__.py')).toBe('shapes');
    expect(map.byFile.get('src/app/core.py')).toBe('app.core');
    expect(map.byModule.get('app.core')).toBe('src/app/core.py');
    expect(map.byFile.has('bad-name/x.py')).toBe(false);
  });

  it('prefers submodules for from-imports, falls back to the package', () => {
    const r = (from: string, module: string, level: number, names: string[]): string[] =>
      resolvePythonImport(from, { module, level, names }, map).sort();
    expect(r('setup.py', 'shapes', 0, ['area'])).toEqual(['shapes/area.py']);
    expect(r('setup.py', 'shapes', 0, ['circle_area'])).toEqual(['shapes/__init__.py']);
    expect(r('setup.py', 'shapes.geo.point', 0, [])).toEqual(['shapes/geo/point.py']);
    expect(r('setup.py', 'shapes.geo.nothing', 0, [])).toEqual(['shapes/geo/__init__.py']);
    expect(r('setup.py', 'numpy', 0, [])).toEqual([]);
  });

  it('resolves relative imports from modules and from __init__', () => {
    const r = (from: string, module: string, level: number, names: string[]): string[] =>
      resolvePythonImport(from, { module, level, names }, map).sort();
    expect(r('shapes/__init__.py', 'area', 1, ['x'])).toEqual(['shapes/area.py']);
    expect(r('shapes/geo/point.py', '', 1, ['x'])).toEqual(['shapes/geo/__init__.py']);
    expect(r('shapes/geo/point.py', 'area', 2, ['x'])).toEqual(['shapes/area.py']);
    expect(r('shapes/geo/point.py', '', 2, ['area', 'geo'])).toEqual([
      'shapes/area.py',
      'shapes/geo/__init__.py',
    ]);
    expect(r('shapes/area.py', 'x', 5, ['y'])).toEqual([]);
  });
});
