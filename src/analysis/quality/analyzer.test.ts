import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import type { AnalysisReport } from '../types.js';
import { qualityAnalyzer, type QualityFigures } from './index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => path.join(repo, 'test/fixtures', name);
const index = (root: string) => buildProjectIndex(root, { cache: false });
const components = (r: AnalysisReport<QualityFigures>) =>
  r.figures.components.map((c) => [c.component, c.status, c.count, c.minutes]);

/** A temporary copy of a fixture with this repository's node_modules linked in ("dependencies installed"). */
async function installedCopy(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `empathy-quality-${name}-`));
  await cp(fixture(name), dir, { recursive: true });
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('qualityAnalyzer on quality-score (planted problems)', () => {
  // Hand-checked (docs/quality-score.md): LOC 25 + 18 + 15 + 41 + 15 = 114; denominator 114 x 30 = 3420 min.
  // CHEAP lint: errors use-isnan, valid-typeof, 3 Python (x5) = 25; warnings no-unused-vars, no-useless-catch,
  // no-debugger (inline disable ignored), 3 Python (x2) = 12. Complexity: tangled 23 -> 5 + 8 = 13. Total 50.
  // CAPABLE adds sonarjs/no-all-duplicated-branches (5), no-explicit-any, prefer-single-boolean-return,
  // ban-ts-comment (3 x 2) and 12 duplicated lines x 2 = 24. Total 85.
  let cheap: AnalysisReport<QualityFigures>;
  let capable: AnalysisReport<QualityFigures>;
  let premium: AnalysisReport<QualityFigures>;
  let installed: AnalysisReport<QualityFigures>;
  let copy: string;

  beforeAll(async () => {
    const idx = await index(fixture('quality-score'));
    cheap = await qualityAnalyzer.analyze(idx, { tier: 'CHEAP' });
    capable = await qualityAnalyzer.analyze(idx, { tier: 'CAPABLE' });
    premium = await qualityAnalyzer.analyze(idx, { tier: 'PREMIUM', envPath: '' });
    copy = await installedCopy('quality-score');
    installed = await qualityAnalyzer.analyze(await index(copy), { tier: 'PREMIUM', envPath: '' });
  });
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('CHEAP: lint (core rules) + complexity', () => {
    expect(components(cheap)).toEqual([
      ['lint', 'measured', 11, 37],
      ['complexity', 'measured', 1, 13],
      ['duplication', 'not_in_tier', null, null],
      ['type_errors', 'not_in_tier', null, null],
    ]);
    const { components: _, file_debt: debt, ...figures } = cheap.figures;
    // per-file debt: the same 50 minutes, located (gates on new code score changed files from it)
    expect(debt.reduce((n, f) => n + f.minutes, 0)).toBe(50);
    expect(debt.reduce((n, f) => n + f.loc, 0)).toBe(114);
    expect(debt.find((f) => f.path === 'src/bugs.js')).toEqual({ path: 'src/bugs.js', loc: 25, minutes: 16 });
    expect(figures).toEqual({
      quality_score: 9.56, // 50 / 3420 = 1.462 % -> 10 - 1.462 x 0.3
      quality_score_partial: 9.56,
      debt_ratio_pct: 1.46,
      remediation_minutes: 50,
      loc: 114,
      files_not_parsed: [],
      loc_not_parsed: 0,
      lint_errors: 5,
      lint_warnings: 6,
      type_errors: null,
      complex_functions: 1,
      max_cognitive_complexity: 23,
      duplicated_lines: null,
      duplication_pct: null,
    });
    expect(cheap.filesCounted).toBe(5);
    expect(cheap.notMeasured).toEqual([]);
    expect(cheap.tools.map((t) => t.name)).not.toContain('eslint-plugin-sonarjs');
  });

  it('CAPABLE: full baseline lint, complexity and duplication, with every finding located', () => {
    expect(components(capable)).toEqual([
      ['lint', 'measured', 15, 48],
      ['complexity', 'measured', 1, 13],
      ['duplication', 'measured', 12, 24],
      ['type_errors', 'not_in_tier', null, null],
    ]);
    expect(capable.figures.quality_score).toBe(9.25); // 85 / 3420 = 2.485 %
    expect(capable.figures.duplication_pct).toBe(9.16); // jscpd: 12 of 131 lines
    expect(capable.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`).sort()).toEqual(
      [
        'pkg/mod.py:2 py/unused-import low',
        'pkg/mod.py:5 py/mutable-default-argument medium',
        'pkg/mod.py:6 py/comparison-to-none low',
        'pkg/mod.py:11 py/bare-except low',
        'pkg/mod.py:18 py/unreachable-code medium',
        'pkg/mod.py:19 py/duplicate-dict-key medium',
        'src/bugs.js:4 use-isnan medium',
        'src/bugs.js:7 valid-typeof medium',
        'src/bugs.js:10 no-unused-vars low',
        'src/bugs.js:11 no-useless-catch low',
        'src/bugs.js:19 sonarjs/no-all-duplicated-branches medium',
        'src/bugs.js:27 no-debugger low',
        'src/invoices.js:4 duplicated-block low',
        'src/types.ts:1 @typescript-eslint/no-explicit-any low',
        'src/types.ts:13 sonarjs/prefer-single-boolean-return low',
        'src/types.ts:21 @typescript-eslint/ban-ts-comment low',
        'src/types.ts:25 cognitive-complexity medium',
      ].sort(),
    );
    expect(capable.tools).toContainEqual({ name: 'jscpd', version: '5.3.2' });
  });

  it('PREMIUM without node_modules: type errors not measured, score null, partial score shown', () => {
    const types = premium.figures.components.find((c) => c.component === 'type_errors');
    expect(types).toMatchObject({ status: 'not_measured', count: null, minutes: null });
    expect(premium.figures.quality_score).toBeNull();
    expect(premium.figures.quality_score_partial).toBe(9.25);
    expect(premium.notMeasured.map((n) => n.what)).toEqual([
      'type_errors (typescript)',
      'type_errors (python)',
      'quality_score',
    ]);
    expect(premium.notMeasured[0]?.reason).toBe('type errors: dependencies not installed (no node_modules)');
  });

  it('PREMIUM with dependencies installed: tsc finds the planted type error', () => {
    const types = installed.figures.components.find((c) => c.component === 'type_errors');
    // TypeScript measured (1 error x 10 min); Python still has no checker on the empty PATH.
    expect(types).toMatchObject({ status: 'not_measured', count: 1, minutes: 10 });
    expect(installed.findings.filter((f) => f.rule === 'TS2322')).toEqual([
      {
        file: 'src/types.ts',
        line: 8,
        column: 9,
        rule: 'TS2322',
        severity: 'high',
        message: "Type 'number' is not assignable to type 'string'.",
        tool: 'tsc (project)',
        minutes: 10,
      },
    ]);
    expect(installed.figures.quality_score).toBeNull();
    expect(installed.figures.quality_score_partial).toBe(9.17); // 95 / 3420 = 2.778 %
    expect(installed.notMeasured.map((n) => n.what)).toEqual(['type_errors (python)', 'quality_score']);
  });
});

describe('qualityAnalyzer on the shared fixtures', () => {
  it('ts-lib at PREMIUM with dependencies installed: complete score 10', async () => {
    const copy = await installedCopy('ts-lib');
    try {
      const report = await qualityAnalyzer.analyze(await index(copy), { tier: 'PREMIUM', envPath: '' });
      expect(components(report)).toEqual([
        ['lint', 'measured', 0, 0],
        ['complexity', 'measured', 0, 0],
        ['duplication', 'measured', 0, 0],
        ['type_errors', 'measured', 0, 0],
      ]);
      expect(report.figures).toMatchObject({
        quality_score: 10,
        loc: 68,
        max_cognitive_complexity: 2,
        type_errors: 0,
      });
      expect(report.notMeasured).toEqual([]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('js-lib at PREMIUM: no tsconfig, type errors not applicable, score 10', async () => {
    const report = await qualityAnalyzer.analyze(await index(fixture('js-lib')), {
      tier: 'PREMIUM',
      envPath: '',
    });
    expect(report.figures.components.find((c) => c.component === 'type_errors')?.status).toBe(
      'not_applicable',
    );
    expect(report.figures).toMatchObject({
      quality_score: 10,
      loc: 70,
      lint_errors: 0,
      lint_warnings: 0,
      max_cognitive_complexity: 2,
    });
    expect(report.filesCounted).toBe(4);
  });

  it('py-pkg at CHEAP: score 10 over 46 lines', async () => {
    const report = await qualityAnalyzer.analyze(await index(fixture('py-pkg')), { tier: 'CHEAP' });
    expect(report.figures).toMatchObject({
      quality_score: 10,
      loc: 46,
      complex_functions: 0,
      max_cognitive_complexity: 1,
    });
    expect(report.tools.map((t) => t.name)).toEqual(['web-tree-sitter', 'empathy-complexity']);
  });
});

describe('qualityAnalyzer bad input', () => {
  it('an empty directory: score not measured, with the reason', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'empathy-quality-empty-'));
    try {
      const report = await qualityAnalyzer.analyze(await index(dir), { tier: 'CAPABLE' });
      expect(report.figures.quality_score).toBeNull();
      expect(report.notMeasured).toEqual([
        {
          what: 'quality_score',
          reason: 'no JavaScript, TypeScript or Python source files found',
          fix: 'point the analysis at the repository root (--path)',
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
