/**
 * The quality analyser: a 0-10 score, SQALE-style (docs/quality-score.md).
 *
 * Tier depths: CHEAP = lint (core rules) + cognitive complexity; CAPABLE = full baseline lint +
 * complexity + duplication (jscpd); PREMIUM = CAPABLE + type errors (tsc, pyright/mypy).
 * Lint (a consumer of the run's shared ESLint pass) and complexity run in worker threads, jscpd and the type checkers in child processes,
 * all at the same time. When a component of the tier cannot be measured, `quality_score` is
 * null (its gate fails) and `quality_score_partial` gives the score of what was measured.
 *
 * @module
 */
import { errorMessage } from '../../errors.js';
import { TIERS } from '../../types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import { complexityEslintConsumer, complexityPythonConsumer } from '../shared/complexity-cache.js';
import type { FileMetrics } from '../shared/complexity-types.js';
import { COMPLEXITY_VERSION, cachedComplexity, codeFiles } from '../shared/complexity-cache.js';
import { cachedDuplication } from '../shared/duplication-cache.js';
import type { DuplicationResult } from '../shared/duplication.js';
import type { Finding, NotMeasured, ToolUsed } from '../types.js';
import {
  complexityComponent,
  duplicationComponent,
  lintComponent,
  typeComponent,
  type ScoredComponent,
} from './components.js';
import { lintPythonConsumer, qualityEslintConsumer, runBaselineLint, versionOf } from './lint-runner.js';
import type { LintResult } from './lint-types.js';
import { debtRatioPct, round2, scoreFromRatio } from './score.js';
import { fileDebt } from './file-debt.js';
import type { QualityComponent, QualityComponentName, QualityFigures, QualityOptions } from './types.js';
import {
  tooMuchUnparsed,
  unparsedCode,
  unparsedFindings,
  unparsedNotMeasured,
  withoutUnparsed,
  type UnparsedCode,
} from './unparsed.js';

/** Version of the quality analyser (part of cache keys): bump when figures can change for the same input. */
export const QUALITY_ANALYZER_VERSION = '1.1.0'; // 1.1: minutes per finding, file_debt
/** Source files the score is computed over: JS/TS/Python, declaration files (.d.ts, .pyi) excluded. */
export const scoredFiles = codeFiles;

/** Components each tier includes. */
export const TIER_COMPONENTS: Readonly<Record<string, readonly QualityComponentName[]>> = {
  CHEAP: ['lint', 'complexity'],
  CAPABLE: ['lint', 'complexity', 'duplication'],
  PREMIUM: ['lint', 'complexity', 'duplication', 'type_errors'],
};

function notMeasuredComponent(component: QualityComponentName, error: unknown): ScoredComponent {
  return {
    findings: [],
    component: { component, status: 'not_measured', count: null, minutes: null, detail: errorMessage(error) },
  };
}

function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * The quality analyser (id `quality`).
 *
 * @example
 * const index = await buildProjectIndex('/path/to/repo');
 * const report = await qualityAnalyzer.analyze(index, { tier: 'CAPABLE' });
 * report.figures.quality_score; // e.g. 8.73
 * report.figures.components; // lint, complexity, duplication with minutes
 */
export const qualityAnalyzer = defineAnalyzer<QualityFigures, QualityOptions>({
  meta: {
    id: 'quality',
    version: QUALITY_ANALYZER_VERSION,
    tool: 'quality_analysis',
    description: 'Quality score 0-10 from lint, type errors, cognitive complexity and duplication',
    primaryFigure: 'quality_score',
    tiers: TIERS,
  },
  eslintConsumers: (tier) => [qualityEslintConsumer(tier), complexityEslintConsumer()],
  pythonConsumers: () => [lintPythonConsumer(), complexityPythonConsumer()],
  async analyze(index, options, { tier, cached: throughCache }) {
    const { signal } = options;
    const files = scoredFiles(index);
    const loc = files.reduce((sum, f) => sum + f.loc, 0);
    const wanted = TIER_COMPONENTS[tier] ?? [];
    const tools: ToolUsed[] = [];
    const notMeasured: NotMeasured[] = [];
    const findings: Finding[] = [];
    const base = { filesCounted: files.length };

    if (files.length === 0 || loc === 0) {
      notMeasured.push({
        what: 'quality_score',
        reason: 'no JavaScript, TypeScript or Python source files found',
        fix: 'point the analysis at the repository root (--path)',
      });
      const components: QualityComponent[] = wanted.map((component) => ({
        component,
        status: 'not_applicable',
        count: null,
        minutes: null,
        detail: 'no source files',
      }));
      return {
        ...base,
        figures: emptyFigures(components),
        findings,
        tools,
        notMeasured,
        cached: false,
      };
    }

    const timeoutMs = options.toolTimeoutMs ?? 300_000;
    const [lint, complexity, duplication, types] = await Promise.all([
      settle(
        throughCache({ part: 'lint', options: { tier }, files }, () => runBaselineLint(index, files, tier, signal)),
      ),
      settle(cachedComplexity(index, files, signal)),
      wanted.includes('duplication') ? settle(cachedDuplication(index, files, { signal, timeoutMs })) : null,
      wanted.includes('type_errors')
        ? // Loaded only at the tiers that check types (the type checkers' modules cost every other run).
          settle(import('./type-check.js').then(({ checkTypes }) => checkTypes(index, { signal, timeoutMs, envPath: options.envPath })))
        : null,
    ]);
    signal?.throwIfAborted();

    const scored: ScoredComponent[] = [];
    let lintCounts: { errors: number; warnings: number } | null = null;
    let maxCognitive: number | null = null;
    let dupPct: number | null = null;
    let cached = true;
    let unparsed: UnparsedCode = { files: [], loc: 0, pct: 0 };
    if (lint.ok) {
      // Files that do not parse are not measured (unparsed.ts), never "one error".
      unparsed = unparsedCode(lint.value.value as LintResult, files, loc);
      const c = lintComponent(withoutUnparsed(lint.value.value as LintResult, unparsed));
      lintCounts = c;
      scored.push(c);
      findings.push(...unparsedFindings(unparsed));
      cached &&= lint.value.cached;
      for (const [name, version] of Object.entries((lint.value.value as LintResult).versions))
        tools.push({ name, version });
    } else scored.push(notMeasuredComponent('lint', lint.error));
    if (complexity.ok) {
      const c = complexityComponent(complexity.value.value as FileMetrics[]);
      maxCognitive = c.max;
      scored.push(c);
      cached &&= complexity.value.cached;
      tools.push({ name: 'empathy-complexity', version: COMPLEXITY_VERSION });
      if (files.some((f) => f.language !== 'python'))
        tools.push({ name: 'typescript (parser)', version: versionOf('typescript') });
    } else scored.push(notMeasuredComponent('complexity', complexity.error));
    if (duplication === null) scored.push(notInTier('duplication', tier));
    else if (duplication.ok) {
      const result = duplication.value.value as DuplicationResult;
      dupPct = round2(result.percentage);
      scored.push(duplicationComponent(result));
      cached &&= duplication.value.cached;
      tools.push(result.tool);
    } else scored.push(notMeasuredComponent('duplication', duplication.error));
    if (types === null) scored.push(notInTier('type_errors', tier));
    else if (types.ok) {
      scored.push(typeComponent(types.value));
      cached = false; // type checks depend on installed dependencies: never cached
      for (const o of types.value) if (o.status === 'measured') tools.push(o.tool);
      for (const o of types.value)
        if (o.status === 'not_measured')
          notMeasured.push({ what: `type_errors (${o.language})`, reason: o.reason, fix: o.fix });
    } else scored.push(notMeasuredComponent('type_errors', types.error));

    for (const s of scored) {
      findings.push(...s.findings);
      const c = s.component;
      if (c.status === 'not_measured' && !notMeasured.some((n) => n.what.startsWith(c.component))) {
        notMeasured.push({
          what: c.component,
          reason: c.detail,
          fix: 'see the reason; run again with --verbose for the tool output',
        });
      }
    }
    const components = scored.map((s) => s.component);
    const minutes = components.reduce((sum, c) => sum + (c.minutes ?? 0), 0);
    const ratio = debtRatioPct(minutes, loc - unparsed.loc);
    const partial = scoreFromRatio(ratio);
    const componentsComplete = components.every((c) => c.status !== 'not_measured');
    const complete = componentsComplete && !tooMuchUnparsed(unparsed);
    notMeasured.push(
      ...unparsedNotMeasured(unparsed, loc).filter((n) => componentsComplete || n.what !== 'quality_score'),
    );
    if (!componentsComplete) {
      notMeasured.push({
        what: 'quality_score',
        reason: `not every ${tier} component could be measured (${components
          .filter((c) => c.status === 'not_measured')
          .map((c) => c.component)
          .join(', ')}); partial score ${partial}`,
        fix: 'fix the causes above, or use a tier that does not include those components',
      });
    }
    const byName = (name: QualityComponentName) => components.find((c) => c.component === name);
    const figures: QualityFigures = {
      quality_score: complete ? partial : null,
      quality_score_partial: partial,
      debt_ratio_pct: round2(ratio),
      remediation_minutes: minutes,
      loc,
      files_not_parsed: unparsed.files.map((f) => f.file),
      loc_not_parsed: unparsed.loc,
      lint_errors: lintCounts?.errors ?? null,
      lint_warnings: lintCounts?.warnings ?? null,
      type_errors:
        byName('type_errors')?.status === 'measured' ? (byName('type_errors')?.count ?? null) : null,
      complex_functions: byName('complexity')?.count ?? null,
      max_cognitive_complexity: maxCognitive,
      duplicated_lines: byName('duplication')?.count ?? null,
      duplication_pct: dupPct,
      components,
      file_debt: fileDebt(files, findings, new Set(unparsed.files.map((f) => f.file))),
    };
    return { ...base, figures, findings, tools, notMeasured, cached };
  },
});

function notInTier(component: QualityComponentName, tier: string): ScoredComponent {
  return {
    findings: [],
    component: {
      component,
      status: 'not_in_tier',
      count: null,
      minutes: null,
      detail: `not part of the ${tier} tier`,
    },
  };
}

function emptyFigures(components: QualityComponent[]): QualityFigures {
  return {
    quality_score: null,
    quality_score_partial: null,
    debt_ratio_pct: null,
    remediation_minutes: null,
    loc: 0,
    files_not_parsed: [],
    loc_not_parsed: 0,
    lint_errors: null,
    lint_warnings: null,
    type_errors: null,
    complex_functions: null,
    max_cognitive_complexity: null,
    duplicated_lines: null,
    duplication_pct: null,
    components,
    file_debt: [],
  };
}
