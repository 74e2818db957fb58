import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../types.js';
import { buildProjectIndex } from '../../project/index.js';
import { reserveCores, workerPoolState } from '../shared/worker-host.js';
import { documentationAnalyzer, inlineJob } from './analyzer.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));

async function analyze(name: string, tier: Tier) {
  const index = await buildProjectIndex(fixture(name), { cache: false });
  return documentationAnalyzer.analyze(index, { tier });
}

const undocumented = (report: Awaited<ReturnType<typeof analyze>>): string[] =>
  report.findings
    .filter((f) => f.rule === 'documentation/undocumented-symbol')
    .map((f) => `${f.file}:${f.line} ${f.message}`);

/**
 * A copy of fixture `name` analysed with a cache (cold), again after `text` is appended to `file`
 * (changed), and with no cache on the changed tree (reference); `beforeRun` runs before the cold
 * and the changed analysis, and the pool's worker count is read right after the changed one.
 */
async function oneFileChange(name: string, file: string, text: string, beforeRun: () => void = () => undefined) {
  const base = await mkdtemp(join(tmpdir(), 'empathy-docs-inline-'));
  try {
    const root = join(base, 'repo');
    await cp(fixture(name), root, { recursive: true });
    const cacheDir = join(base, 'cache');
    beforeRun();
    const cold = await documentationAnalyzer.analyze(await buildProjectIndex(root, { cacheDir }), { tier: 'CAPABLE' });
    beforeRun();
    await appendFile(join(root, file), text);
    const changed = await documentationAnalyzer.analyze(await buildProjectIndex(root, { cacheDir }), { tier: 'CAPABLE' });
    const workersAfterChange = workerPoolState().workers;
    const reference = await documentationAnalyzer.analyze(await buildProjectIndex(root, { cache: false }), { tier: 'CAPABLE' });
    return { cold, changed, reference, workersAfterChange };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

describe('documentationAnalyzer on docs-ts', () => {
  it('CAPABLE follows entry points and re-exports: 62.5% with three undocumented symbols', async () => {
    const report = await analyze('docs-ts', 'CAPABLE');
    expect(report.figures).toMatchObject({
      doc_coverage: 62.5,
      public_symbols: 8,
      documented_symbols: 5,
      undocumented_symbols: 3,
      api_scope: 'entry-points',
      entry_points: ['src/extra.ts', 'src/index.ts'],
      readme_present: true,
      readme_has_usage: true,
    });
    expect(undocumented(report)).toEqual([
      'src/extra.ts:3 public function extraUndocumented has no doc comment',
      'src/index.ts:5 public function first has no doc comment',
      'src/shapes/circle.ts:8 public variable PI2 has no doc comment',
    ]);
    expect(report.notMeasured).toEqual([]);
    expect(report.tools.map((t) => t.name)).toContain('typescript');
  });

  it('CHEAP counts every exported declaration of non-test, non-config files: 40%', async () => {
    const report = await analyze('docs-ts', 'CHEAP');
    expect(report.figures).toMatchObject({
      doc_coverage: 40,
      public_symbols: 10,
      documented_symbols: 4,
      api_scope: 'all-exports',
    });
    expect(undocumented(report)).toEqual([
      'src/extra.ts:3 public function extraUndocumented has no doc comment',
      'src/index.ts:5 public function first has no doc comment',
      'src/plain.ts:1 public variable plain has no doc comment',
      'src/shapes/circle.ts:8 public variable PI2 has no doc comment',
      'src/shapes/square.ts:10 public function internalSquare has no doc comment',
      'src/types.ts:6 public type Hidden has no doc comment',
    ]);
  });
});

describe('documentationAnalyzer on docs-py and docs-empty', () => {
  it('docs-py: 60% with four undocumented symbols, README missing', async () => {
    const report = await analyze('docs-py', 'CAPABLE');
    expect(report.figures).toMatchObject({
      doc_coverage: 60,
      public_symbols: 10,
      documented_symbols: 6,
      api_scope: null,
      readme_present: false,
      readme_has_usage: null,
    });
    expect(undocumented(report)).toEqual([
      'pkg/core.py:17 public method Engine.speed has no docstring',
      'pkg/core.py:26 public class Engine.Config has no docstring',
      'pkg/core.py:30 public function run has no docstring',
      'pkg/util.py:7 public function tidy has no docstring',
    ]);
    expect(report.findings.filter((f) => f.rule === 'documentation/readme-missing')).toHaveLength(1);
  });

  it('docs-empty: no public symbol gives null coverage and a notMeasured entry, never 100', async () => {
    const report = await analyze('docs-empty', 'CAPABLE');
    expect(report.figures.doc_coverage).toBeNull();
    expect(report.figures.public_symbols).toBe(0);
    expect(report.figures.readme_has_usage).toBe(true);
    expect(report.notMeasured.map((n) => n.what)).toEqual(['doc_coverage']);
  });
});

describe('documentationAnalyzer on the shared fixtures', () => {
  it.each([
    ['ts-lib', 'CAPABLE', 80, 5, ['src/math.ts:17 public function clamp has no doc comment']],
    [
      'ts-lib',
      'CHEAP',
      66.67,
      6,
      [
        'src/math.ts:17 public function clamp has no doc comment',
        'src/strings.ts:10 public function titleCase has no doc comment',
      ],
    ],
    ['js-lib', 'CAPABLE', 100, 2, []],
    ['js-lib', 'CHEAP', 66.67, 3, ['lib/parse.js:20 public function formatDuration has no doc comment']],
    [
      'py-pkg',
      'CAPABLE',
      77.78,
      9,
      [
        'shapes/area.py:18 public function triangle_area has no docstring',
        'shapes/polygon.py:18 public method Polygon.is_triangle has no docstring',
      ],
    ],
  ] as const)('%s %s: %s%%', async (name, tier, coverage, total, missing) => {
    const report = await analyze(name, tier);
    expect(report.figures.doc_coverage).toBe(coverage);
    expect(report.figures.public_symbols).toBe(total);
    expect(report.figures.readme_has_usage).toBe(true);
    expect(undocumented(report)).toEqual(missing);
  });
});

describe('documentationAnalyzer with unusable entry points', () => {
  it('falls back to every exported declaration and says why', async () => {
    const root = await mkdtemp(join(tmpdir(), 'empathy-docs-'));
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'package.json'), '{"main": "./nowhere.js"}');
    await writeFile(join(root, 'src/a.ts'), '/** A. */\nexport const a = 1;\nexport const b = 2;\n');
    try {
      const index = await buildProjectIndex(root, { cache: false });
      const report = await documentationAnalyzer.analyze(index, { tier: 'PREMIUM' });
      expect(report.figures).toMatchObject({
        doc_coverage: 50,
        api_scope: 'all-exports',
        readme_present: false,
      });
      expect(report.notMeasured).toEqual([
        {
          what: 'public API from package entry points',
          reason:
            'no entry point of package.json maps to a source file (./nowhere.js); counted every exported declaration instead',
          fix: 'declare the public entry points in package.json ("exports", "main" or "types")',
        },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('documentationAnalyzer after a one-file change of a Python package', () => {
  const py = (path: string, language: 'python' | 'typescript' = 'python') => ({ path, language }) as never;

  it('parses on this thread at most two files (a JS/TS one only while no suite holds cores)', () => {
    reserveCores(1)(); // the idle workers of the tests above (the parse loaded) leave
    expect(inlineJob([py('a.py'), py('b.py'), py('c.py')], [py('a.py')])).toBe(true);
    expect(inlineJob([py('a.py'), py('b.py'), py('c.py')], [py('a.py'), py('b.py'), py('c.py')])).toBe(false);
    expect(inlineJob([py('a.py'), py('b.ts', 'typescript')], [py('b.ts', 'typescript')])).toBe(true);
    const ts = [py('a.ts', 'typescript'), py('b.ts', 'typescript'), py('c.ts', 'typescript')];
    expect(inlineJob(ts, ts)).toBe(false);
    const release = reserveCores(1);
    try {
      expect(inlineJob(ts, ts.slice(0, 1))).toBe(false);
      expect(inlineJob([py('a.py')], [py('a.py')])).toBe(true);
    } finally {
      release();
    }
  });

  it('the changed file parsed on this thread gives the report of a --no-cache run', async () => {
    const { cold, changed, reference } = await oneFileChange(
      'docs-py',
      'pkg/util.py',
      '\n\ndef added(value):\n    return value\n\n\ndef noted(value):\n    """Documented."""\n    return value\n',
    );
    expect(changed.cached).toBe(false);
    expect(changed.figures).toEqual(reference.figures);
    expect(changed.findings).toEqual(reference.findings);
    expect(changed.notMeasured).toEqual(reference.notMeasured);
    // The change is seen: two more public symbols, one of them undocumented.
    expect(changed.figures.public_symbols).toBe((cold.figures.public_symbols as number) + 2);
    expect(undocumented(changed).filter((line) => line.includes('added'))).toEqual(['pkg/util.py:17 public function added has no docstring']);
  });
});

describe('documentationAnalyzer after a one-file change of a TypeScript package', () => {
  it('the changed file parsed on this thread gives the report of a --no-cache run', async () => {
    // Idle workers (none capped) leave, so that no worker has the parse loaded, as at the start of a run.
    const { cold, changed, reference, workersAfterChange } = await oneFileChange(
      'docs-ts',
      'src/index.ts',
      '\nexport function added(value: number): number {\n  return value;\n}\n',
      () => reserveCores(1)(),
    );
    expect(workersAfterChange).toBe(0);
    expect(changed.cached).toBe(false);
    expect(changed.figures).toEqual(reference.figures);
    expect(changed.findings).toEqual(reference.findings);
    expect(changed.notMeasured).toEqual(reference.notMeasured);
    expect(changed.figures.public_symbols).toBe((cold.figures.public_symbols as number) + 1);
  });
});
