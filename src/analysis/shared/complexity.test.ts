import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ESLint } from 'eslint';
import sonarjs from 'eslint-plugin-sonarjs';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { measureFiles, measureSource } from './complexity.js';
import { measureComplexityInWorker } from './complexity-worker-host.js';
import type { ComplexityInput, FunctionMetrics } from './complexity-types.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/quality-complexity/', import.meta.url));
const inputs: ComplexityInput[] = [
  {
    path: 'src/complexity.ts',
    absolutePath: path.join(fixture, 'src/complexity.ts'),
    language: 'typescript',
  },
  { path: 'src/complexity.py', absolutePath: path.join(fixture, 'src/complexity.py'), language: 'python' },
];

const row = (f: FunctionMetrics) => [f.name, f.line, f.endLine, f.cognitive, f.cyclomatic];

// Hand-computed: see the comments of docs/quality-score.md for the rules.
const EXPECTED_TS = [
  ['flat', 2, 4, 0, 1],
  ['branches', 6, 14, 5, 4], // if +1, else if +1, else +1, ?: nested once +2 | 1 + 2 ifs + ?:
  ['loops', 16, 30, 11, 7], // for +1, for +2, if +3, && +1, continue label +1, while +3 | 1 + default + 2 for + if + && + while
  ['logic', 32, 38, 3, 9], // three && sequences (|| and ?? not counted) | 1 + 6 logical ops + ?. + ??
  ['handler', 40, 53, 4, 5], // switch +1, ?: in case +2, catch +1 | 1 + 2 cases + ?: + catch
  ['Runner.run', 56, 63, 0, 1],
  ['<anonymous>', 57, 62, 1, 2], // the arrow is measured on its own
  ['tangled', 66, 86, 23, 9], // 1+2+3+1+4+1+1+1+4+5
];
const EXPECTED_PY = [
  ['flat', 4, 5, 0, 1],
  ['branches', 8, 14, 5, 4],
  ['loops', 17, 28, 11, 6], // for +1, for +2, if +3, and +1, while +3, for-else +1
  ['logic', 31, 35, 5, 9], // and +1; and/or +2; not(...) and c: two chains +2 | 1 + 6 ops + comprehension for + if
  ['handler', 38, 50, 4, 5], // match +1, conditional in case +2, except +1 | 1 + 2 cases (not case _) + cond + except
  ['Runner.run', 54, 60, 0, 2],
  ['call', 55, 58, 1, 2],
  ['Runner.pick', 62, 63, 0, 1],
  ['<lambda>', 63, 63, 1, 2],
  ['tangled', 66, 80, 23, 9],
];

describe('complexity', () => {
  it('measures every JS/TS and Python function with hand-computed figures', async () => {
    const [ts, py] = await measureFiles(inputs);
    expect(ts?.error).toBeUndefined();
    expect(ts?.functions.map(row)).toEqual(EXPECTED_TS);
    expect(py?.functions.map(row)).toEqual(EXPECTED_PY);
    expect(ts?.functions.find((f) => f.name === 'tangled')?.lines).toBe(21);
  });

  it('agrees with sonarjs cognitive-complexity and ESLint complexity on the same file', async () => {
    const eslint = new ESLint({
      cwd: fixture,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { sonarjs },
          rules: { 'sonarjs/cognitive-complexity': ['error', 0], complexity: ['error', 0] },
        },
      ],
    });
    const [result] = await eslint.lintFiles(['src/complexity.ts']);
    const fromTool = (rule: string, pattern: RegExp) =>
      (result?.messages ?? [])
        .filter((m) => m.ruleId === rule)
        .map((m) => [m.line, Number(pattern.exec(m.message)?.[1])])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
    const ours = EXPECTED_TS.map(([, line, , cognitive, cyclomatic]) => ({ line, cognitive, cyclomatic }));
    expect(fromTool('sonarjs/cognitive-complexity', /from (\d+) to/)).toEqual(
      ours.filter((o) => Number(o.cognitive) > 0).map((o) => [o.line, o.cognitive]),
    );
    expect(fromTool('complexity', /complexity of (\d+)/)).toEqual(ours.map((o) => [o.line, o.cyclomatic]));
  });

  it('runs in a worker thread with the same results', async () => {
    const [ts, py] = await measureComplexityInWorker(inputs);
    expect(ts?.functions.map(row)).toEqual(EXPECTED_TS);
    expect(py?.functions.map(row)).toEqual(EXPECTED_PY);
  });

  it('an aborted worker request rejects with the reason, and the next request still works', async () => {
    const controller = new AbortController();
    const pending = measureComplexityInWorker(inputs, controller.signal);
    controller.abort(new Error('stop now'));
    await expect(pending).rejects.toThrow('stop now');
    const [ts] = await measureComplexityInWorker(inputs);
    expect(ts?.functions.map(row)).toEqual(EXPECTED_TS);
  });

  it('reports unreadable files and keeps going', async () => {
    const results = await measureFiles([
      { path: 'missing.ts', absolutePath: path.join(fixture, 'missing.ts'), language: 'typescript' },
      inputs[1] as ComplexityInput,
    ]);
    expect(results[0]?.error).toMatch(/^cannot read: /);
    expect(results[1]?.functions).toHaveLength(EXPECTED_PY.length);
  });

  it('names methods, property arrows and assigned functions; skips overload signatures', async () => {
    const source = [
      'class A { f = () => 1; static g() { return 2; } }',
      'const h = function () { return 3; };',
      'export default function () { return 4; }',
      'function o(a: string): string;',
      'function o(a: number): number;',
      'function o(a: any) { return a; }',
    ].join('\n');
    const metrics = await measureSource('x.ts', source, 'typescript');
    expect(metrics.functions.map((f) => f.name)).toEqual(['A.f', 'A.g', 'h', '<anonymous>', 'o']);
  });

  it('does not count JSX short-circuits, like sonarjs', async () => {
    const source = 'export function C(p) { return <div>{p.a && p.b && <span />}</div>; }';
    const metrics = await measureSource('c.jsx', source, 'javascript');
    expect(metrics.functions[0]?.cognitive).toBe(0);
    expect(metrics.functions[0]?.cyclomatic).toBe(3);
  });
});
