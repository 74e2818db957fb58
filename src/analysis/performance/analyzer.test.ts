import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { performanceAnalyzer } from './analyzer.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));

async function analyze(name: string) {
  const index = await buildProjectIndex(fixture(name), { cache: false });
  return performanceAnalyzer.analyze(index, { tier: 'CHEAP' });
}

describe('performanceAnalyzer static smells', () => {
  it('perf-js: 2 awaits in loops, 3 sync calls in handlers, 1 elsewhere, 3 risky regexes; tests excluded', async () => {
    const report = await analyze('perf-js');
    expect(report.figures.smells).toEqual({
      await_in_loop: 2,
      sync_io_in_handler: 3,
      sync_io: 1,
      super_linear_regex: 3,
      blocking_call_in_async: 0,
      nested_loop_same_collection: 0,
    });
    expect(report.figures.smells_total).toBe(9);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'src/jobs.ts:9 performance/await-in-loop',
      'src/jobs.ts:12 performance/await-in-loop',
      'src/patterns.ts:1 performance/super-linear-regex',
      'src/patterns.ts:2 performance/super-linear-regex',
      'src/patterns.ts:4 performance/super-linear-regex',
      'src/server.js:11 performance/sync-io-in-handler',
      'src/server.js:20 performance/sync-io-in-handler',
      'src/server.js:24 performance/sync-io-in-handler',
      'src/server.js:28 performance/sync-io',
    ]);
    expect(report.filesCounted).toBe(3);
  });

  it('perf-py: one of each Python smell kind, two risky patterns', async () => {
    const report = await analyze('perf-py');
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'app/service.py:7 performance/super-linear-regex',
      'app/service.py:9 performance/super-linear-regex',
      'app/service.py:16 performance/await-in-loop',
      'app/service.py:19 performance/blocking-call-in-async',
      'app/service.py:20 performance/blocking-call-in-async',
      'app/service.py:31 performance/nested-loop-same-collection',
    ]);
    expect(report.figures.smells_total).toBe(6);
  });

  it.each(['ts-lib', 'js-lib', 'py-pkg'])('%s has no smell', async (name) => {
    const report = await analyze(name);
    expect(report.figures.smells_total).toBe(0);
    expect(report.filesCounted).toBe(3);
  });

  it('CHEAP does not run the benchmark and says so', async () => {
    const report = await analyze('ts-lib');
    expect(report.figures.regression_pct).toBeNull();
    expect(report.notMeasured).toEqual([
      {
        what: 'regression_pct',
        reason: 'the CHEAP tier does not run the benchmark',
        fix: 'use the CAPABLE or PREMIUM tier with benchmarkCommand set',
      },
    ]);
  });
});

describe('performanceAnalyzer benchmark', () => {
  it('stores a baseline on the first CAPABLE run and reports regression_pct on the next', async () => {
    const root = await mkdtemp(join(tmpdir(), 'empathy-perf-'));
    try {
      await writeFile(join(root, 'index.js'), 'module.exports = 1;\n');
      await writeFile(
        join(root, 'bench.mjs'),
        "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('v.txt', 'utf8'));\n",
      );
      const options = { tier: 'CAPABLE' as const, benchmarkCommand: [process.execPath, 'bench.mjs'] };
      await writeFile(join(root, 'v.txt'), '40');
      const first = await performanceAnalyzer.analyze(
        await buildProjectIndex(root, { cache: false }),
        options,
      );
      expect(first.figures).toMatchObject({
        benchmark_value: 40,
        baseline_value: null,
        regression_pct: null,
      });
      expect(first.notMeasured.map((n) => n.what)).toEqual(['regression_pct']);
      await writeFile(join(root, 'v.txt'), '50');
      const second = await performanceAnalyzer.analyze(
        await buildProjectIndex(root, { cache: false }),
        options,
      );
      expect(second.figures).toMatchObject({ benchmark_value: 50, baseline_value: 40, regression_pct: 25 });
      expect(second.notMeasured).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
