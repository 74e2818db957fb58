import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { buildProjectIndex } from '../../project/index.js';
import { REFACTORING_DEFAULTS, refactoringAnalyzer } from './index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => path.join(repo, 'test/fixtures', name);
const index = (root: string, cache = false) => buildProjectIndex(root, { cache });
const located = (findings: { file: string; line: number; rule: string }[]) =>
  findings.map((f) => `${f.file}:${f.line} ${f.rule}`);

describe('refactoringAnalyzer', () => {
  it('uses McCabe 10, 300-line files and 50-line functions by default', () => {
    expect(REFACTORING_DEFAULTS).toEqual({
      complexityLimit: 10,
      complexityMetric: 'cyclomatic',
      maxFileLines: 300,
      maxFunctionLines: 50,
    });
  });

  it('quality-complexity with default limits: nothing to refactor, max cyclomatic 9', async () => {
    const report = await refactoringAnalyzer.analyze(await index(fixture('quality-complexity')), {
      tier: 'CAPABLE',
    });
    expect(report.figures).toEqual({
      duplication_pct: 0,
      duplicated_lines: 0,
      complex_functions: 0,
      max_complexity: 9,
      complexity_metric: 'cyclomatic',
      long_files: 0,
      long_functions: 0,
      functions: 18, // 8 in complexity.ts, 10 in complexity.py
    });
    expect(report.findings).toEqual([]);
    expect(report.notMeasured).toEqual([]);
  });

  it('quality-complexity with tighter limits: each hot spot located', async () => {
    const report = await refactoringAnalyzer.analyze(await index(fixture('quality-complexity')), {
      tier: 'CAPABLE',
      complexityLimit: 8,
      maxFunctionLines: 14,
      maxFileLines: 70,
    });
    expect(report.figures).toMatchObject({
      complex_functions: 4,
      long_functions: 3,
      long_files: 1,
      max_complexity: 9,
    });
    expect(located(report.findings)).toEqual([
      'src/complexity.py:31 complexity', // logic: cyclomatic 9
      'src/complexity.py:66 complexity', // tangled: 9
      'src/complexity.py:66 long-function', // 15 lines
      'src/complexity.ts:0 long-file', // 80 non-blank lines (complexity.py has 64)
      'src/complexity.ts:16 long-function', // loops: 15 lines
      'src/complexity.ts:32 complexity',
      'src/complexity.ts:66 complexity',
      'src/complexity.ts:66 long-function', // tangled: 21 lines
    ]);
  });

  it('the cognitive metric: loops (11) and tangled (23) in both languages are over 10', async () => {
    const report = await refactoringAnalyzer.analyze(await index(fixture('quality-complexity')), {
      tier: 'CAPABLE',
      complexityMetric: 'cognitive',
    });
    expect(report.figures).toMatchObject({
      complex_functions: 4,
      max_complexity: 23,
      complexity_metric: 'cognitive',
    });
  });

  it('quality-dup: jscpd duplication 31.58 % with the clone located', async () => {
    const report = await refactoringAnalyzer.analyze(await index(fixture('quality-dup')), { tier: 'CHEAP' });
    expect(report.figures).toMatchObject({
      duplication_pct: 31.58,
      duplicated_lines: 12,
      complex_functions: null,
      long_functions: null,
    });
    expect(report.findings).toEqual([
      {
        file: 'src/invoices.js',
        line: 4,
        rule: 'duplicated-block',
        severity: 'low',
        message: '12 lines (4-15) duplicated in src/orders.js:4-15',
        tool: 'jscpd',
      },
    ]);
    expect(report.tools).toEqual([{ name: 'jscpd', version: '5.3.2' }]);
  });

  it('quality-renamed: only PREMIUM finds the renamed copy', async () => {
    const idx = await index(fixture('quality-renamed'));
    const capable = await refactoringAnalyzer.analyze(idx, { tier: 'CAPABLE' });
    const premium = await refactoringAnalyzer.analyze(idx, { tier: 'PREMIUM' });
    expect(capable.figures.duplication_pct).toBe(0);
    expect(premium.figures).toMatchObject({ duplication_pct: 50, duplicated_lines: 17 });
    expect(located(premium.findings)).toEqual(['src/carts.js:1 duplicated-block-renamed']);
  });

  it('reuses cached results until a file changes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'empathy-refactoring-'));
    try {
      await cp(fixture('quality-dup'), dir, { recursive: true });
      const first = await refactoringAnalyzer.analyze(await index(dir, true), { tier: 'CAPABLE' });
      const second = await refactoringAnalyzer.analyze(await index(dir, true), { tier: 'CAPABLE' });
      expect([first.cached, second.cached]).toEqual([false, true]);
      expect(second.figures).toEqual(first.figures);
      await appendFile(path.join(dir, 'src/unique.js'), '\nfunction extra(a) {\n  return a ? 1 : 2;\n}\n');
      const third = await refactoringAnalyzer.analyze(await index(dir, true), { tier: 'CAPABLE' });
      expect(third.cached).toBe(false);
      expect(third.figures.functions).toBe(first.figures.functions! + 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects invalid options and tiers with a UserError', async () => {
    const idx = await index(fixture('quality-dup'));
    await expect(refactoringAnalyzer.analyze(idx, { tier: 'CAPABLE', complexityLimit: 0 })).rejects.toThrow(
      new UserError('complexityLimit must be a positive integer, got 0'),
    );
    await expect(
      refactoringAnalyzer.analyze(idx, { tier: 'CAPABLE', complexityMetric: 'halstead' as never }),
    ).rejects.toThrow(UserError);
    await expect(refactoringAnalyzer.analyze(idx, { tier: 'FAST' as never })).rejects.toThrow(UserError);
  });
});
