/**
 * The performance analyser (id `performance`): static smells (see `js-smells.ts`,
 * `python-smells.ts`, `regex-risk.ts`) over the project's non-test source files, and the
 * project's own benchmark against a stored baseline (see `benchmark.ts`).
 *
 * Tier depths (a tier is a budget: how deep the tools dig; see docs/architecture.md):
 * - CHEAP: static smells only; `regression_pct` is not measured (the report says so).
 * - CAPABLE: smells + one benchmark run.
 * - PREMIUM: smells + the median of `benchmarkRuns` runs (default 3).
 *
 * Figures: `smells` (count per kind: `await_in_loop`, `sync_io_in_handler`, `sync_io`,
 * `super_linear_regex`, `blocking_call_in_async`, `nested_loop_same_collection`),
 * `smells_total`, `benchmark_value`, `baseline_value`, `regression_pct` (for the
 * `max_regression` gate; null when not measured, with the reason in `notMeasured`).
 *
 * The static part goes through the result cache; the benchmark never does (it measures the
 * machine, not the files).
 *
 * @module
 */
import { TIERS } from '../../types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import type { AnalyzeOptions, Finding, NotMeasured } from '../types.js';
import { isJsLike, sourceFiles } from '../shared/source-files.js';
import { runIndexWorker, syntaxToolsUsed, type AnalysisIndex } from '../shared/worker-index.js';
import { workerEntry } from '../shared/worker-host.js';
import { parseJsSource } from '../shared/js-imports.js';
import { runBenchmark, type BenchmarkOptions } from './benchmark.js';
import { jsPerformanceSmells } from './js-smells.js';
import { pythonPerformanceSmells } from './python-smells.js';

/** Options of the performance analyser. */
export interface PerformanceOptions extends AnalyzeOptions, BenchmarkOptions {
  /** Benchmark runs at the PREMIUM tier (median taken). Default 3. */
  benchmarkRuns?: number;
}

/** Smell counts by kind. */
export interface SmellCounts {
  await_in_loop: number;
  sync_io_in_handler: number;
  sync_io: number;
  super_linear_regex: number;
  blocking_call_in_async: number;
  nested_loop_same_collection: number;
}

/** The figures of a performance report (snake_case, as serialised). */
export interface PerformanceFigures extends Record<string, unknown> {
  smells: SmellCounts;
  /** All smells; null when there are no source files (nothing measured). */
  smells_total: number | null;
  benchmark_value: number | null;
  baseline_value: number | null;
  regression_pct: number | null;
}

const VERSION = '1.0.0';
const TOOL = 'empathy-performance';

function countSmells(findings: readonly Finding[]): SmellCounts {
  const counts: SmellCounts = {
    await_in_loop: 0,
    sync_io_in_handler: 0,
    sync_io: 0,
    super_linear_regex: 0,
    blocking_call_in_async: 0,
    nested_loop_same_collection: 0,
  };
  for (const f of findings) {
    const key = f.rule.replace(/^performance\//, '').replace(/-/g, '_') as keyof SmellCounts;
    if (key in counts) counts[key]++;
  }
  return counts;
}

/** The cacheable static part of a performance report. */
export interface StaticSmells {
  findings: Finding[];
  filesCounted: number;
}

/**
 * Finds the static smells of the non-test source files (runs inside the analysis worker).
 *
 * @example
 * const { findings } = await computeStaticSmells(memoryIndex(data));
 */
export async function computeStaticSmells(index: AnalysisIndex): Promise<StaticSmells> {
  const files = sourceFiles(index);
  const findings: Finding[] = [];
  for (const file of files) {
    const text = await index.read(file.path);
    if (isJsLike(file)) findings.push(...jsPerformanceSmells(parseJsSource(file.path, text), file.path));
    else if (file.language === 'python') findings.push(...(await pythonPerformanceSmells(text, file.path)));
  }
  findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { findings, filesCounted: files.length };
}

/**
 * The performance analyser.
 *
 * @example
 * const index = await buildProjectIndex('path/to/repo');
 * const report = await performanceAnalyzer.analyze(index, { tier: 'CAPABLE', benchmarkCommand: 'node bench.mjs' });
 * report.figures.smells.await_in_loop; // 2
 * report.figures.regression_pct; // null on the first run (baseline stored), then e.g. 3.5
 */
export const performanceAnalyzer = defineAnalyzer<PerformanceFigures, PerformanceOptions>({
  meta: {
    id: 'performance',
    version: VERSION,
    tool: 'performance_scan',
    description: 'Static performance smells and, when configured, the benchmark against its stored baseline',
    primaryFigure: 'smells_total',
    tiers: TIERS,
  },
  async analyze(index, options, { tier, cached: throughCache }) {
    const sources = sourceFiles(index);
    const { value, cached } = await throughCache(
      { options: {}, files: sources },
      () =>
        runIndexWorker<StaticSmells>(
          workerEntry('analysis/performance/performance-worker'),
          index,
          sources.map((f) => f.path),
          {},
          options.signal,
          'performance',
        ),
    );
    const findings = [...value.findings];
    const benchmarkConfigured = options.benchmarkCommand !== undefined;
    const notMeasured: NotMeasured[] = [];
    let bench = {
      value: null as number | null,
      baseline: null as number | null,
      regressionPct: null as number | null,
    };
    if (tier === 'CHEAP') {
      notMeasured.push({
        what: 'regression_pct',
        reason: 'the CHEAP tier does not run the benchmark',
        fix: 'use the CAPABLE or PREMIUM tier with benchmarkCommand set',
      });
    } else {
      const runs = tier === 'PREMIUM' ? Math.max(1, Math.floor(options.benchmarkRuns ?? 3)) : 1;
      const result = await runBenchmark(index.root, options, runs, options.signal);
      bench = result;
      notMeasured.push(...result.notMeasured);
    }
    if (value.filesCounted === 0) {
      notMeasured.push({
        what: 'smells',
        reason: 'no JavaScript, TypeScript or Python source files outside tests',
        fix: 'point --path at the repository root, or check the include/exclude globs',
      });
    }
    const smells = countSmells(value.findings);
    return {
      figures: {
        smells,
        smells_total: value.filesCounted === 0 ? null : Object.values(smells).reduce((a, b) => a + b, 0),
        benchmark_value: bench.value,
        baseline_value: bench.baseline,
        regression_pct: bench.regressionPct,
      },
      findings,
      tools: syntaxToolsUsed(TOOL, VERSION),
      filesCounted: value.filesCounted,
      notMeasured,
      // A benchmark run is a fresh measurement: the report is cached only without one.
      cached: cached && (tier === 'CHEAP' || !benchmarkConfigured),
    };
  },
});
