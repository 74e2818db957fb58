import { describe, expect, it } from 'vitest';
import { lintPythonSource } from './python-lint.js';

const rules = async (source: string, file = 'm.py') =>
  (await lintPythonSource(file, source)).map((m) => `${m.line}:${m.rule}:${m.severity}`);

describe('Python baseline rules', () => {
  it('finds each planted problem once', async () => {
    const source = [
      'import os, sys as system',
      'from json import dumps, loads',
      'def f(a=[], b: dict = {}, c=None, d=(1,)):',
      '    if a == None or b != None:',
      '        return 1',
      '        print(2)',
      '    try:',
      '        pass',
      '    except:',
      '        pass',
      '    assert (a, "msg")',
      "    return {'k': 1, \"k\": 2, 3: 4, 3: 5, f'x': 6, f'x': 7}, dumps(system)",
    ].join('\n');
    expect(await rules(source)).toEqual([
      '1:py/unused-import:warning', // os
      '2:py/unused-import:warning', // loads
      '3:py/mutable-default-argument:error',
      '3:py/mutable-default-argument:error',
      '4:py/comparison-to-none:warning',
      '4:py/comparison-to-none:warning',
      '6:py/unreachable-code:error',
      '9:py/bare-except:warning',
      '11:py/assert-on-tuple:error',
      '12:py/duplicate-dict-key:error', // "k" (f-strings are not compared)
      '12:py/duplicate-dict-key:error', // 3
    ]);
  });

  it('accepts clean code, __init__ re-exports and names used only in strings (__all__)', async () => {
    expect(
      await rules('import os\n\n\ndef f(x):\n    if x is None:\n        return os.sep\n    return x\n'),
    ).toEqual([]);
    expect(await rules('from .a import b\n', 'pkg/__init__.py')).toEqual([]);
    expect(await rules('from .a import b\n__all__ = ["b"]\n')).toEqual([]);
  });

  it('reports a syntax error as one parse error', async () => {
    expect(await rules('def broken(:\n    pass\n')).toEqual(['1:parse-error:error']);
  });
});
