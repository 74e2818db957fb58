import { describe, expect, it } from 'vitest';
import { parseMypyOutput, parsePyrightJson, parseTscOutput } from './type-output.js';

describe('type checker output parsers', () => {
  it('parses tsc --pretty false output (captured from tsc 5.9.3)', () => {
    const output = [
      "bad.json(2,1): error TS1005: '}' expected.",
      "src/types.ts(8,9): error TS2322: Type 'number' is not assignable to type 'string'.",
      "error TS5058: The specified path does not exist: 'nope.json'.",
      '  continuation line',
    ].join('\n');
    const parsed = parseTscOutput(output, '/repo');
    expect(parsed.errors).toEqual([
      { file: 'bad.json', line: 2, column: 1, code: 'TS1005', message: "'}' expected." },
      {
        file: 'src/types.ts',
        line: 8,
        column: 9,
        code: 'TS2322',
        message: "Type 'number' is not assignable to type 'string'.",
      },
    ]);
    expect(parsed.globalErrors).toEqual(["TS5058: The specified path does not exist: 'nope.json'."]);
  });

  it('parses mypy lines with and without columns and codes', () => {
    const output = [
      'pkg/a.py:3:12: error: Incompatible return value type (got "int", expected "str")  [return-value]',
      'pkg/b.py:7: error: Name "x" is not defined',
      'pkg/b.py:9: note: Revealed type is "builtins.int"',
    ].join('\n');
    expect(parseMypyOutput(output, '/repo')).toEqual({
      unresolvedImports: 0,
      errors: [
        {
          file: 'pkg/a.py',
          line: 3,
          column: 12,
          code: 'return-value',
          message: 'Incompatible return value type (got "int", expected "str")',
        },
        { file: 'pkg/b.py', line: 7, column: 0, code: 'mypy', message: 'Name "x" is not defined' },
      ],
    });
  });

  it('leaves out and counts mypy errors about unresolved imports (codes of mypy 1.0 and of 1.7+)', () => {
    const output = [
      // mypy 1.0.1
      'inventory/report.py:2:1: error: Cannot find implementation or library stub for module named "shipping_rates_client"  [import]',
      'inventory/report.py:2:1: note: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports',
      // mypy 1.7 and later
      'a.py:1:1: error: Cannot find implementation or library stub for module named "nope"  [import-not-found]',
      'a.py:2:1: error: Library stubs not installed for "yaml"  [import-untyped]',
    ].join('\n');
    expect(parseMypyOutput(output, '/repo')).toEqual({
      errors: [],
      unresolvedImports: 3,
      note: '3 unresolved import(s) not counted',
    });
  });

  it('parses pyright JSON, leaving out unresolved imports', () => {
    const json = JSON.stringify({
      version: '1.1.414',
      generalDiagnostics: [
        {
          file: '/repo/pkg/a.py',
          severity: 'error',
          message: 'Import "numpy" could not be resolved',
          rule: 'reportMissingImports',
          range: { start: { line: 0, character: 7 } },
        },
        {
          file: '/repo/pkg/a.py',
          severity: 'error',
          message: 'Operator "+" not supported\n  detail',
          rule: 'reportOperatorIssue',
          range: { start: { line: 4, character: 2 } },
        },
        { file: '/repo/pkg/a.py', severity: 'warning', message: 'unused', rule: 'reportUnusedVariable' },
      ],
      summary: { filesAnalyzed: 1, errorCount: 2, warningCount: 1, informationCount: 0, timeInSec: 0.5 },
    });
    expect(parsePyrightJson(json, '/repo')).toEqual({
      errors: [
        {
          file: 'pkg/a.py',
          line: 5,
          column: 3,
          code: 'reportOperatorIssue',
          message: 'Operator "+" not supported',
        },
      ],
      unresolvedImports: 1,
      note: '1 unresolved import(s) not counted',
      filesAnalyzed: 1,
      version: '1.1.414',
    });
    expect(parsePyrightJson('{"generalDiagnostics":[]}', '/repo')).toEqual({
      errors: [],
      unresolvedImports: 0,
      filesAnalyzed: null,
      version: null,
    });
    expect(parsePyrightJson('not json', '/repo')).toBeNull();
    expect(parsePyrightJson('{"wrong": 1}', '/repo')).toBeNull();
  });
});
