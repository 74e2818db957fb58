/**
 * The coverage analyser (each figure names its source; tiers as in docs/architecture.md): line coverage of a JS/TS and/or Python
 * project, per file with the uncovered line numbers, and gaps ranked by uncovered lines.
 *
 * Tier depths:
 * - **CHEAP**: only reads an existing report that is fresh (newer than every source file of its
 *   part). No fresh report -> `coverage: null`, not measured, with the fix "run with the CAPABLE
 *   tier or generate a fresh report".
 * - **CAPABLE**: a fresh report when there is one, else runs the project's own tests with coverage
 *   (vitest, jest, node:test, mocha, any test script; pytest with coverage.py) under a timeout.
 * - **PREMIUM**: as CAPABLE, plus branch coverage (`branch_coverage`), with `--branch` for coverage.py.
 *
 * Reports in the repository are data the repository controls: one is read only when the user
 * names it (`reportFile`, CLI `--coverage-report`) or when git does not track it and it is newer
 * than every source (`report-trust.ts`); `report_choices` and `notes` say which rule chose or
 * rejected each report. Stale data is never a gate figure: a stale report is listed in
 * `stale_reports` for information only; the part is then measured by a test run (CAPABLE+) or not measured (CHEAP, or when the
 * run is impossible). Mixed repositories: each part is measured on its own and the totals are
 * combined by lines; `parts` says which part was measured and how.
 *
 * @module
 */
import { UserError, errorMessage } from '../../errors.js';
import { getLogger } from '../../core/logger.js';
import type { ProjectIndex } from '../../project/types.js';
import { TIERS, type Tier } from '../../types.js';
import { defineAnalyzer, type AnalysisBody } from '../define-analyzer.js';
import { holdCores, type CoreHold } from '../shared/worker-host.js';
import type { Finding, NotMeasured, ToolUsed } from '../types.js';
import { buildFigures } from './figures.js';
import { defaultPythonCandidates } from './interpreter.js';
import { sourceFilesOf } from './measure.js';
import type { PartMeasurement } from './measure.js';
import { fromReports, fromRun, partLabel } from './part.js';
import type { ParsedReport, PartResult } from './part.js';
import type { CoveragePart } from './paths.js';
import { findCoverageReports, readCoverageReport } from './readers/index.js';
import type { ReportCandidate } from './readers/index.js';
import { gitTracking, namedReportCandidate, trackingStatus, type ReportTracking } from './report-trust.js';
import type { CoverageFigures, CoverageOptions, CoveragePartFigures, CoverageReportChoice, StaleReport } from './types.js';

const log = getLogger('analysis.coverage');

/** Version of the coverage analyser (part of the cache key). */
export const COVERAGE_ANALYZER_VERSION = '1.3.0'; // 1.2: covered_lines per file; 1.3: tracked files indexed whatever .gitignore says, file sets

/** Default deadline of one test run, in seconds. */
export const DEFAULT_COVERAGE_TIMEOUT_SECONDS = 300;

/** The reports to consider: the named one alone, none when the tests must run, else those found. */
async function reportCandidates(root: string, options: CoverageOptions): Promise<ReportCandidate[]> {
  if (options.reportFile !== undefined) return [await namedReportCandidate(root, options.reportFile)];
  if (options.forceRun && options.tier !== 'CHEAP') return [];
  return findCoverageReports(root);
}

async function parseReports(candidates: ReportCandidate[], notMeasured: NotMeasured[]): Promise<ParsedReport[]> {
  const parsed: ParsedReport[] = [];
  for (const candidate of candidates) {
    try {
      parsed.push({ candidate, raw: await readCoverageReport(candidate.absolutePath, candidate.relativePath) });
    } catch (error) {
      notMeasured.push({
        what: `coverage report ${candidate.relativePath}`,
        reason: errorMessage(error),
        fix: 'regenerate the report (or delete it)',
      });
    }
  }
  return parsed;
}

async function measurePart(
  index: ProjectIndex,
  part: CoveragePart,
  reports: ParsedReport[],
  tracking: ReportTracking,
  options: CoverageOptions,
  cores: CoreHold | undefined,
): Promise<PartResult> {
  const fromReport = await fromReports(index, part, reports, tracking);
  if (fromReport.measurement) {
    cores?.release(); // a report measured it: no suite runs
    return fromReport;
  }
  const staleNote = fromReport.stale[0];
  const rejected = fromReport.choices?.find((c) => !c.accepted);
  if (options.tier === 'CHEAP' && !staleNote && rejected) {
    return {
      ...fromReport,
      notMeasured: [
        {
          what: `coverage (${partLabel(part)})`,
          reason: rejected.note,
          fix: 'name the report with --coverage-report FILE if you trust it, or run with the CAPABLE tier (runs the tests with coverage)',
        },
      ],
    };
  }
  if (options.tier === 'CHEAP') {
    return {
      ...fromReport,
      notMeasured: [
        {
          what: `coverage (${partLabel(part)})`,
          reason: staleNote
            ? `${staleNote.source.slice('report:'.length)} is stale: ${staleNote.newer_source} changed after it was written`
            : 'no coverage report found (coverage/coverage-final.json, coverage/lcov.info, coverage.json, coverage.xml, ...)',
          fix: 'run with the CAPABLE tier (runs the tests with coverage) or generate a fresh report',
        },
      ],
    };
  }
  const run = await fromRun(index, part, {
    tier: options.tier,
    timeoutMs: (options.timeoutSeconds ?? DEFAULT_COVERAGE_TIMEOUT_SECONDS) * 1000,
    signal: options.signal,
    pythonCandidates: options.pythonCandidates ?? defaultPythonCandidates(index.root),
    writableProject: options.writableProject === true,
    // The runner's own cache across runs (runner-cache.ts): only with a result cache (none with --no-cache) and unless turned off.
    ...(index.cache?.dir !== undefined && options.runnerCache !== false ? { runnerCacheBase: index.cache.dir } : {}),
    ...(options.onTestProgress ? { onTestProgress: options.onTestProgress } : {}),
    ...(cores ? { cores } : {}),
  });
  return { ...run, stale: fromReport.stale, choices: fromReport.choices ?? [] };
}

/**
 * Measures line coverage of the project behind `index`.
 *
 * @example
 * const report = await coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: 120 });
 * report.figures.coverage; // 63.04, or null when not measured (see report.notMeasured)
 * report.figures.gaps.files[0]; // { path: 'lib/parse.js', uncovered: 11, ... }
 */
export const coverageAnalyzer = defineAnalyzer<CoverageFigures, CoverageOptions>({
  meta: {
    id: 'coverage',
    version: COVERAGE_ANALYZER_VERSION,
    tool: 'coverage_analysis',
    description: 'Line coverage from a fresh report or from running the project tests with coverage',
    primaryFigure: 'coverage',
    tiers: TIERS,
  },
  /** @throws UserError when `timeoutSeconds` is not a positive number. */
  async analyze(index, options, { cached: throughCache }) {
    const timeout = options.timeoutSeconds;
    if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
      throw new UserError(`coverage timeout must be a positive number of seconds, got ${String(timeout)}`);
    }
    const cores = holdSuiteCores(index, options.tier);
    try {
      // A complete measurement is reused while every indexed file (sources, tests, lock files)
      // and every coverage report considered (its time, size and git status) are unchanged;
      // failing or partial runs never are.
      const candidates = await reportCandidates(index.root, options);
      const tracking = await gitTracking(index.root, candidates.filter((c) => !c.named).map((c) => c.relativePath));
      const reports = candidates.map((r) => [r.relativePath, r.mtimeMs, r.size, trackingStatus(r, tracking)]);
      const { tier, forceRun = false, pythonCandidates = null, timeoutSeconds = null } = options;
      const { value, cached } = await throughCache(
        { options: { tier, forceRun, pythonCandidates, timeoutSeconds, reports } },
        () => measureCoverage(index, options, candidates, tracking, cores),
        { store: (r) => cacheRule(r).store },
      );
      return { ...value, cached };
    } finally {
      for (const hold of cores.values()) hold.release();
    }
  },
});

/**
 * One core held per part that may run a suite (CAPABLE and PREMIUM, a part with sources), from the
 * analyser's first line: the static agents' pool then starts no worker the run will want back,
 * nor one without the heap cap, while the run is being planned (reports found, git asked, tests
 * collected). The run sets its own worker count; a part measured by a report, a result from the
 * cache or a run that cannot start gives its core back at once (see `holdCores`). On svelte's cold
 * release-prep (2 cores) the pool then ran one worker thread for the whole run instead of two (the
 * first one uncapped, replaced once the run reserved its core), and our process held 138 MiB while
 * the suite ran instead of 168 (a finished worker thread leaves some 30-45 MiB of malloc arena behind).
 */
function holdSuiteCores(index: ProjectIndex, tier: Tier): Map<CoveragePart, CoreHold> {
  if (tier === 'CHEAP') return new Map();
  const parts = (['js', 'python'] as const).filter((p) => sourceFilesOf(index, p).length > 0);
  return new Map(parts.map((part) => [part, holdCores(1)]));
}

/** Measures coverage (reports or test runs), without the result cache. */
async function measureCoverage(
  index: ProjectIndex,
  options: CoverageOptions,
  candidates: ReportCandidate[],
  tracking: ReportTracking,
  cores: ReadonlyMap<CoveragePart, CoreHold>,
): Promise<AnalysisBody<CoverageFigures>> {
    const notMeasured: NotMeasured[] = [];
    const tools: ToolUsed[] = [];
    const findings: Finding[] = [];
    const parts = (['js', 'python'] as const).filter((p) => sourceFilesOf(index, p).length > 0);
    if (parts.length === 0) {
      notMeasured.push({ what: 'coverage', reason: 'no JavaScript, TypeScript or Python source files under the root' });
    }
    const reports = await parseReports(candidates, notMeasured);
    const results = await Promise.all(
      parts.map((part) =>
        measurePart(index, part, reports, tracking, options, cores.get(part)).catch(
          (error: unknown): PartResult => ({
            measurement: null,
            notMeasured: [{ what: `coverage (${partLabel(part)})`, reason: errorMessage(error) }],
            tools: [],
            stale: [],
          }),
        ),
      ),
    );
    const measured: PartMeasurement[] = [];
    const unmeasuredParts: CoveragePartFigures[] = [];
    const stale: StaleReport[] = [];
    const choices = new Map<string, CoverageReportChoice>();
    const nothing: string[] = [];
    results.forEach((result, i) => {
      notMeasured.push(...result.notMeasured);
      tools.push(...result.tools);
      stale.push(...result.stale);
      for (const choice of result.choices ?? []) choices.set(`${choice.report}\0${choice.rule}`, choice);
      const part = parts[i]!;
      if (result.measurement) {
        measured.push(result.measurement);
        if (result.measurement.testsFailed) {
          findings.push({
            file: '.',
            line: 0,
            rule: 'coverage/failing-tests',
            severity: 'high',
            message: `some tests failed in the coverage run (${result.command ?? result.measurement.source}); coverage is from that run`,
            tool: result.measurement.source.slice('run:'.length),
          });
        }
      } else if (result.nothingToMeasure) {
        nothing.push(`${partLabel(part)}: nothing to measure: ${result.nothingToMeasure}`);
      } else {
        unmeasuredParts.push({ part, source: null, coverage: null, lines_total: null, lines_covered: null, freshness: null, tests_failed: null });
      }
    });
    // Parts with nothing to measure are notes; with nothing else, the figure is not measured.
    if (measured.length === 0 && unmeasuredParts.length === 0 && nothing.length > 0) notMeasured.push({ what: 'coverage', reason: nothing.join('; ') });
    const figures = buildFigures(measured, unmeasuredParts, stale, options.tier);
    figures.report_choices = [...choices.values()];
    figures.notes = [...figures.report_choices.map((c) => c.note), ...nothing, ...figures.notes];
    const report: AnalysisBody<CoverageFigures> = {
      figures,
      findings,
      tools: dedupe(tools),
      filesCounted: figures.files.length,
      notMeasured,
      cached: false,
    };
    report.figures.notes.push(cacheRule(report).note);
    log.debug('coverage measured', { root: index.root, coverage: figures.coverage, source: figures.source });
    return report;
}

/** True for the note that some source files are not in the data (not a reason to re-run the tests). */
const FILES_NOT_IN_DATA = /^coverage of \d+ .+ source file\(s\)$/;

/**
 * The caching rule: a complete measurement (every part measured; for test runs, every test
 * passed) is cached whatever files the tests left unloaded; an incomplete one is not, and the
 * note says which rule kept it out.
 */
export function cacheRule(report: Pick<AnalysisBody<CoverageFigures>, 'figures' | 'notMeasured'>): { store: boolean; note: string } {
  const f = report.figures;
  const keep = (why: string) => ({ store: false, note: `not cached: ${why} (only a complete measurement, every part measured and every test passed, is reused)` });
  if (f.coverage === null) return keep('no coverage figure');
  if (f.tests_failed === true) return keep('some tests failed');
  const missing = f.parts.find((p) => p.coverage === null);
  if (missing) return keep(`the ${missing.part === 'js' ? 'JS/TS' : 'Python'} part was not measured`);
  const other = report.notMeasured.find((n) => !FILES_NOT_IN_DATA.test(n.what));
  if (other) return keep(`${other.what} not measured`);
  const unloaded = f.unloaded_files.length + f.unmeasured_files.length;
  return { store: true, note: `cached: a complete measurement${unloaded > 0 ? ` (${unloaded} file(s) the tests never loaded do not keep it out)` : ''}; reused while every input file is unchanged` };
}

function dedupe(tools: ToolUsed[]): ToolUsed[] {
  const seen = new Set<string>();
  return tools.filter((t) => {
    const key = `${t.name}@${t.version ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
