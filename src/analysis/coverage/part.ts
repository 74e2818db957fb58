/**
 * Measures one part (JS/TS or Python) of a project: from a fresh existing report when there is
 * one, else (CAPABLE and PREMIUM) by running the project's tests with coverage.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProjectIndex } from '../../project/types.js';
import type { Tier } from '../../types.js';
import { describeContainment } from '../../core/sandbox/index.js';
import type { NotMeasured, ToolUsed } from '../types.js';
import { percent } from './figures.js';
import { applyV8LineRules, judgeFreshness, mapCoverage, sourceFilesOf, unmeasuredOf } from './measure.js';
import type { MeasuredFile, PartMeasurement } from './measure.js';
import type { RawCoverage } from './model.js';
import type { CoveragePart } from './paths.js';
import type { ReportCandidate } from './readers/index.js';
import type { TestProgress } from '../test-runner/index.js';
import type { CoreHold } from '../shared/worker-host.js';
import { runJsCoverage } from './runners/js.js';
import type { RunnerOptions, RunNothingToMeasure, RunOutcome } from './runners/outcome.js';
import { makeTempDir } from './runners/outcome.js';
import { runPythonCoverage } from './runners/python.js';
import { judgeReport, type ReportTracking } from './report-trust.js';
import type { CoverageReportChoice, StaleReport } from './types.js';

/** A report found and parsed. */
export interface ParsedReport {
  candidate: ReportCandidate;
  raw: RawCoverage;
}

/** What measuring one part yields. */
export interface PartResult {
  measurement: PartMeasurement | null;
  notMeasured: NotMeasured[];
  tools: ToolUsed[];
  stale: StaleReport[];
  /** Existing reports judged for this part, with the rule that chose or rejected each. */
  choices?: CoverageReportChoice[];
  /** The test command run, when tests were run. */
  command?: string;
  /** Set when the part has nothing to measure (no test file, an empty measured set): why. */
  nothingToMeasure?: string;
}

/** Human name of a part for messages. */
export function partLabel(part: CoveragePart): string {
  return part === 'js' ? 'JS/TS' : 'Python';
}

const READER_TOOL: Record<RawCoverage['format'], string> = {
  istanbul: 'istanbul-lib-coverage',
  'istanbul-summary': 'coverage-summary reader',
  lcov: 'lcov reader',
  'coverage.py': 'coverage.py json reader',
  cobertura: 'fast-xml-parser (cobertura)',
};

/** True when an lcov report lists blank lines: V8-style data that counts every line of a file. */
async function listsBlankLines(index: ProjectIndex, files: MeasuredFile[]): Promise<boolean> {
  for (const file of files) {
    if (!file.lines) continue;
    const text = (await index.read(file.path)).split('\n');
    for (const line of file.lines.keys()) if ((text[line - 1] ?? '').trim() === '') return true;
  }
  return false;
}

function missingNote(part: CoveragePart, missing: string[], source: string): NotMeasured[] {
  if (missing.length === 0) return [];
  const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
  return [
    {
      what: `coverage of ${missing.length} ${partLabel(part)} source file(s)`,
      reason: `not in ${source}, so not in the totals: ${shown}`,
      fix: 'make the coverage tool include every source file (e.g. vitest coverage.include, jest collectCoverageFrom)',
    },
  ];
}

/**
 * Measures a part from existing reports: the first one covering the part that the trust rules
 * accept (named by the user, or untracked by git and fresh; see `report-trust.ts`); stale ones
 * are listed, and every report judged gets its rule in `choices`.
 */
export async function fromReports(
  index: ProjectIndex,
  part: CoveragePart,
  reports: ParsedReport[],
  tracking: ReportTracking,
): Promise<PartResult> {
  const stale: StaleReport[] = [];
  const choices: CoverageReportChoice[] = [];
  const sources = sourceFilesOf(index, part);
  for (const { candidate, raw } of reports) {
    const { files, ignored } = mapCoverage(raw, index, part, { reportDir: path.dirname(candidate.absolutePath) });
    if (files.length === 0) continue;
    const source = `report:${candidate.relativePath}`;
    const notes: string[] = [...raw.notes];
    let kept = files;
    if (raw.format === 'lcov' && part === 'js' && (await listsBlankLines(index, files))) {
      // A report read from disk says nothing about files it never saw: do not count those as loaded-and-missed.
      const added = new Set(await applyV8LineRules(index, part, files));
      kept = files.filter((f) => !added.has(f.path));
      notes.push(`${candidate.relativePath} lists every line (V8 style): blank and comment lines dropped`);
    }
    const freshness = judgeFreshness(candidate.mtimeMs, sources);
    const choice = judgeReport(candidate, tracking, freshness);
    choices.push(choice);
    if (choice.rule === 'older_than_sources') {
      const total = kept.reduce((n, f) => n + f.linesTotal, 0);
      stale.push({
        source,
        coverage: percent(kept.reduce((n, f) => n + f.linesCovered, 0), total),
        report_at: freshness.measured_at,
        newer_source: freshness.newest_source ?? '',
        newer_source_at: freshness.newest_source_at ?? '',
      });
      continue;
    }
    if (!choice.accepted) continue;
    const unmeasured = unmeasuredOf(index, part, kept);
    const notMeasured = [
      ...missingNote(part, unmeasured, candidate.relativePath),
      ...(raw.format === 'istanbul-summary'
        ? [{ what: 'uncovered line numbers', reason: raw.notes.join('; '), fix: 'add the json or lcov reporter to the coverage run' }]
        : []),
    ];
    const tools: ToolUsed[] = [{ name: READER_TOOL[raw.format], version: null }];
    if (raw.generator) tools.push({ name: raw.generator.name, version: raw.generator.version });
    return {
      measurement: { part, source, files: kept, freshness, testsFailed: null, unmeasuredFiles: unmeasured, unloadedFiles: [], ignoredEntries: ignored, notes },
      notMeasured,
      tools,
      stale,
      choices,
    };
  }
  return { measurement: null, notMeasured: [], tools: [], stale, choices };
}

/**
 * Measures a part by running the project's tests with coverage in a temporary directory (removed
 * afterwards); `cores`, when given, are released on every way out.
 */
export async function fromRun(
  index: ProjectIndex,
  part: CoveragePart,
  options: { tier: Tier; timeoutMs: number; signal?: AbortSignal; pythonCandidates: string[]; writableProject?: boolean; runnerCacheBase?: string; onTestProgress?: (progress: TestProgress, part: string) => void; cores?: CoreHold },
): Promise<PartResult> {
  const tmpDir = await makeTempDir();
  try {
    const follow = options.onTestProgress;
    const runnerOptions: RunnerOptions = {
      timeoutMs: options.timeoutMs, signal: options.signal, tmpDir, branches: options.tier === 'PREMIUM', writableProject: options.writableProject === true,
      ...(follow ? { onProgress: (progress: TestProgress) => follow(progress, partLabel(part)) } : {}),
      ...(options.cores ? { cores: options.cores } : {}),
      ...(options.runnerCacheBase !== undefined ? { runnerCacheBase: options.runnerCacheBase } : {}),
    };
    const outcome: RunOutcome | RunNothingToMeasure =
      part === 'js' ? await runJsCoverage(index, runnerOptions) : await runPythonCoverage(index, options.pythonCandidates, runnerOptions);
    if (!outcome.ok) {
      if ('nothingToMeasure' in outcome) return { measurement: null, notMeasured: [], tools: outcome.tools, stale: [], nothingToMeasure: outcome.nothingToMeasure };
      return { measurement: null, notMeasured: [outcome.notMeasured], tools: outcome.tools, stale: [] };
    }
    const mapped = mapCoverage(outcome.raw, index, part, { reportDir: outcome.reportDir });
    // JS/TS: only the measured file set counts (its rule is in the run's notes).
    const set = outcome.measuredSet ? new Set(outcome.measuredSet) : undefined;
    const files = set ? mapped.files.filter((f) => set.has(f.path)) : mapped.files;
    const ignored = mapped.ignored;
    // V8 data in istanbul's format (jest with the project's `coverageProvider: 'v8'`) lists every
    // line of a file, blank ones included: it gets the V8 line rules, like such a report read from disk.
    const v8Lines = outcome.v8Lines || (await listsBlankLines(index, files));
    const unloaded = v8Lines ? await applyV8LineRules(index, part, files, set) : [];
    if (files.length === 0) {
      return {
        measurement: null,
        notMeasured: [{ what: `coverage (${partLabel(part)})`, reason: `${outcome.command} produced no coverage of the project's source files` }],
        tools: outcome.tools,
        stale: [],
      };
    }
    const newest = judgeFreshness(outcome.finishedAtMs, sourceFilesOf(index, part));
    const present = new Set(files.map((f) => f.path));
    const expected = outcome.expectedFiles ?? outcome.measuredSet;
    const unmeasured = expected ? expected.filter((p) => !present.has(p)) : unmeasuredOf(index, part, files);
    const notMeasured = missingNote(part, unmeasured, outcome.source);
    return {
      measurement: {
        part,
        source: outcome.source,
        files,
        freshness: { ...newest, fresh: true },
        testsFailed: outcome.testsFailed,
        unmeasuredFiles: unmeasured,
        unloadedFiles: unloaded,
        ignoredEntries: ignored,
        notes: [...(outcome.containment ? [`${outcome.source}: the tests ran ${describeContainment(outcome.containment)}`] : []), ...(outcome.notes ?? [])],
        ...(outcome.containment ? { containment: outcome.containment.kind } : {}),
        // A set the project's configuration chose is known by its files once mapped (tests and files outside the part dropped).
        ...(outcome.run ? { run: outcome.run.file_set.configured ? { ...outcome.run, file_set: { ...outcome.run.file_set, count: files.length } } : outcome.run } : {}),
      },
      notMeasured,
      tools: outcome.tools,
      stale: [],
      command: outcome.command,
    };
  } finally {
    // Every way out (no suite found, not measured, an error) gives the cores back; a run already did as it ended.
    options.cores?.release();
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}
