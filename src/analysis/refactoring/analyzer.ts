/**
 * The refactoring analyser: duplication (jscpd), functions over a complexity limit, long files
 * and long functions, each as a located finding (docs/quality-score.md, "Refactoring").
 *
 * Tier depths: CHEAP = long files + exact duplication (no parsing); CAPABLE = + per-function
 * complexity and long functions (syntax trees, in a worker thread); PREMIUM = CAPABLE with
 * duplication that also finds renamed copies (jscpd `--ignore-identifiers`).
 *
 * @module
 */
import { UserError, errorMessage } from '../../errors.js';
import { TIERS } from '../../types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import {
  COMPLEXITY_VERSION,
  cachedComplexity,
  codeFiles,
  complexityEslintConsumer,
  complexityPythonConsumer,
} from '../shared/complexity-cache.js';
import type { FileMetrics } from '../shared/complexity-types.js';
import { cachedDuplication } from '../shared/duplication-cache.js';
import type { DuplicationResult } from '../shared/duplication.js';
import type { Finding, NotMeasured, ToolUsed } from '../types.js';
import type { RefactoringFigures, RefactoringOptions } from './types.js';

/** Version of the refactoring analyser. */
export const REFACTORING_ANALYZER_VERSION = '1.0.0';

/** Default limits. */
export const REFACTORING_DEFAULTS = {
  complexityLimit: 10,
  complexityMetric: 'cyclomatic',
  maxFileLines: 300,
  maxFunctionLines: 50,
} as const;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function cloneFindings(result: DuplicationResult): Finding[] {
  return result.clones.map((clone) => ({
    file: clone.first.file,
    line: clone.first.startLine,
    rule: clone.kind === 'exact' ? 'duplicated-block' : `duplicated-block-${clone.kind}`,
    severity: 'low',
    message: `${clone.lines} lines (${clone.first.startLine}-${clone.first.endLine}) ${clone.kind === 'exact' ? 'duplicated' : `duplicated (${clone.kind})`} in ${clone.second.file}:${clone.second.startLine}-${clone.second.endLine}`,
    tool: 'jscpd',
  }));
}

/**
 * The refactoring analyser (id `refactoring`).
 *
 * @example
 * const report = await refactoringAnalyzer.analyze(index, { tier: 'CAPABLE', complexityLimit: 10 });
 * report.figures.complex_functions; // e.g. 3
 * report.findings.filter((f) => f.rule === 'long-function');
 */
export const refactoringAnalyzer = defineAnalyzer<RefactoringFigures, RefactoringOptions>({
  meta: {
    id: 'refactoring',
    version: REFACTORING_ANALYZER_VERSION,
    tool: 'refactoring_scan',
    description: 'Duplication, functions over the complexity limit, long files and functions',
    primaryFigure: 'duplication_pct',
    tiers: TIERS,
  },
  // Function complexity from CAPABLE up.
  eslintConsumers: (tier) => (tier === 'CHEAP' ? [] : [complexityEslintConsumer()]),
  pythonConsumers: (tier) => (tier === 'CHEAP' ? [] : [complexityPythonConsumer()]),
  async analyze(index, options, { tier }) {
    const { signal } = options;
    const limit = positiveInteger(
      'complexityLimit',
      options.complexityLimit,
      REFACTORING_DEFAULTS.complexityLimit,
    );
    const maxFileLines = positiveInteger(
      'maxFileLines',
      options.maxFileLines,
      REFACTORING_DEFAULTS.maxFileLines,
    );
    const maxFunctionLines = positiveInteger(
      'maxFunctionLines',
      options.maxFunctionLines,
      REFACTORING_DEFAULTS.maxFunctionLines,
    );
    const metric = options.complexityMetric ?? REFACTORING_DEFAULTS.complexityMetric;
    if (metric !== 'cyclomatic' && metric !== 'cognitive') {
      throw new UserError(
        `complexityMetric must be 'cyclomatic' or 'cognitive', got ${JSON.stringify(metric)}`,
      );
    }
    const files = codeFiles(index);
    const findings: Finding[] = [];
    const tools: ToolUsed[] = [];
    const notMeasured: NotMeasured[] = [];
    const withFunctions = tier !== 'CHEAP';

    const [duplication, complexity] = await Promise.all([
      settle(
        cachedDuplication(index, files, {
          signal,
          timeoutMs: options.toolTimeoutMs,
          ignoreIdentifiers: tier === 'PREMIUM',
        }),
      ),
      withFunctions ? settle(cachedComplexity(index, files, signal)) : null,
    ]);
    signal?.throwIfAborted();

    const figures: RefactoringFigures = {
      duplication_pct: null,
      duplicated_lines: null,
      complex_functions: null,
      max_complexity: null,
      complexity_metric: metric,
      long_files: 0,
      long_functions: null,
      functions: null,
    };
    let cached = true;

    for (const file of files) {
      if (file.loc <= maxFileLines) continue;
      figures.long_files++;
      findings.push({
        file: file.path,
        line: 0,
        rule: 'long-file',
        severity: 'low',
        message: `${file.loc} non-blank lines (limit ${maxFileLines})`,
        tool: 'empathy-refactoring',
      });
    }

    if (duplication.ok) {
      const result = duplication.value.value;
      figures.duplication_pct = Math.round(result.percentage * 100) / 100;
      figures.duplicated_lines = result.duplicatedLines;
      findings.push(...cloneFindings(result));
      tools.push(result.tool);
      cached &&= duplication.value.cached;
    } else {
      notMeasured.push({
        what: 'duplication_pct',
        reason: `jscpd: ${errorMessage(duplication.error)}`,
        fix: 'check that the jscpd package (5.3.2) and its platform binary are installed',
      });
    }

    if (complexity?.ok) {
      measureFunctions(complexity.value.value, { limit, metric, maxFunctionLines }, figures, findings);
      tools.push({ name: 'empathy-complexity', version: COMPLEXITY_VERSION });
      cached &&= complexity.value.cached;
    } else if (complexity) {
      notMeasured.push({
        what: 'complex_functions, long_functions, max_complexity',
        reason: `complexity: ${errorMessage(complexity.error)}`,
        fix: 'run again with --verbose to see the failure',
      });
    }

    findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
    if (files.length === 0) {
      // Nothing to measure is not "0 % duplicated": the gates must not pass on it.
      figures.duplication_pct = null;
      figures.complex_functions = null;
      figures.max_complexity = null;
      notMeasured.push({
        what: 'refactoring',
        reason: 'no JavaScript, TypeScript or Python source files under the root',
        fix: 'point --path at the repository root, or check the include/exclude globs',
      });
    }
    return { figures, findings, tools, filesCounted: files.length, notMeasured, cached };
  },
});

function measureFunctions(
  metrics: readonly FileMetrics[],
  limits: { limit: number; metric: 'cyclomatic' | 'cognitive'; maxFunctionLines: number },
  figures: RefactoringFigures,
  findings: Finding[],
): void {
  let complex = 0;
  let long = 0;
  let max = 0;
  let functions = 0;
  for (const file of metrics) {
    for (const fn of file.functions) {
      functions++;
      const value = fn[limits.metric];
      max = Math.max(max, value);
      if (value > limits.limit) {
        complex++;
        findings.push({
          file: fn.file,
          line: fn.line,
          rule: 'complexity',
          severity: 'medium',
          message: `${fn.name} has ${limits.metric} complexity ${value} (limit ${limits.limit})`,
          tool: 'empathy-complexity',
        });
      }
      if (fn.lines > limits.maxFunctionLines) {
        long++;
        findings.push({
          file: fn.file,
          line: fn.line,
          rule: 'long-function',
          severity: 'low',
          message: `${fn.name} spans ${fn.lines} lines (limit ${limits.maxFunctionLines})`,
          tool: 'empathy-complexity',
        });
      }
    }
  }
  figures.complex_functions = complex;
  figures.long_functions = long;
  figures.max_complexity = max;
  figures.functions = functions;
}
