/**
 * Verified fixes: each proposed fix is applied in a scratch copy of the project (the tests run
 * contained, as the validator of test generation runs them); it is kept only when the checker
 * that raised its findings no longer reports them, no rule reports more than before in the file,
 * and every test run that passed before still passes (no more failing tests than before).
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPythonCandidates, findPythonWithCoverage } from '../analysis/coverage/interpreter.js';
import { buildProjectIndex } from '../project/index.js';
import type { ProjectIndex } from '../project/types.js';
import { runTests, type TestRunResult } from '../testgen/validate/run-tests.js';
import { createScratchCopy } from '../testgen/validate/scratch.js';
import type { Tier } from '../types.js';
import { fixerEslintConfig, lintCounts, removedFindings } from './eslint-fixes.js';
import { pythonSecurityCounts } from './security-table.js';
import { mergeFixes } from './patch.js';
import type { FileChange, FixVerification, ProposedFix, RejectedFix } from './types.js';

/** Options of {@link verifyFixes}. */
export interface VerifyOptions {
  tier: Tier;
  /** Deadline of one test run, in ms. */
  testTimeoutMs: number;
  signal: AbortSignal;
  /** Python interpreters to try for pytest (default: the coverage analyser's candidates). */
  pythonCandidates?: string[];
}

type Counter = (root: string, file: string, text: string) => Promise<Map<string, number>>;

const isPython = (fix: ProposedFix) => fix.file.endsWith('.py');

/** The checker of a fix's file: our Python security rules for Python, the fixer's ESLint otherwise. */
async function counterFor(fixes: readonly ProposedFix[], tier: Tier): Promise<(fix: ProposedFix) => Counter> {
  const withTs = fixes.some((f) => /\.(?:ts|tsx|mts|cts)$/.test(f.file));
  const config = fixes.some((f) => !isPython(f)) ? await fixerEslintConfig(tier, withTs) : [];
  const eslint: Counter = (root, file, text) => Promise.resolve(lintCounts(root, file, text, config));
  const python: Counter = (_root, file, text) => pythonSecurityCounts(file, text);
  return (fix) => (isPython(fix) ? python : eslint);
}

/** Why the fix does not pass the checker: its findings remain, or another rule reports more. */
async function staticProblem(root: string, fix: ProposedFix, count: Counter): Promise<RejectedFix | null> {
  const [before, after] = await Promise.all([
    count(root, fix.file, fix.before),
    count(root, fix.file, fix.after),
  ]);
  const gone = removedFindings(before, after);
  const remains = fix.fixes.filter((f) => (gone.find((g) => g.rule === f.rule)?.count ?? 0) < f.count);
  if (remains.length > 0)
    return {
      fix,
      reason: 'finding_remains',
      detail: `still reported: ${remains.map((f) => f.rule).join(', ')}`,
    };
  const grew = [...after].filter(([rule, n]) => n > (before.get(rule) ?? 0)).map(([rule]) => rule);
  if (grew.length > 0) return { fix, reason: 'new_finding', detail: `new finding: ${grew.join(', ')}` };
  return null;
}

/**
 * The project's test runs (its JS/TS plan and/or pytest) in the scratch copy at `root`, as one
 * function; runs that found no test to run are left out of its result.
 */
async function suiteOf(
  root: string,
  files: ProjectIndex['files'],
  tmpDir: string,
  options: VerifyOptions,
  notes: string[],
): Promise<() => Promise<TestRunResult[]>> {
  const hasPython = files.some((f) => f.language === 'python');
  const hasJs = files.some((f) => f.language === 'javascript' || f.language === 'typescript');
  let python: string | null = null;
  if (hasPython) {
    const found = await findPythonWithCoverage(options.pythonCandidates ?? defaultPythonCandidates(root), {
      signal: options.signal,
    });
    python = found.interpreter?.path ?? null;
    if (!python)
      notes.push(
        `Python tests not run: no interpreter with pytest and coverage.py (${found.tried.join('; ')})`,
      );
  }
  const base = {
    coverage: false,
    tmpDir,
    timeoutMs: options.testTimeoutMs,
    memoryMb: 2048,
    signal: options.signal,
  };
  return async () => {
    // Rebuilt for each run: the fixes written since change the files the plan reads.
    const scratch = await buildProjectIndex(root, { cache: false });
    const runs: TestRunResult[] = [];
    if (hasJs) runs.push(await runTests(scratch, { runner: 'node:test' }, null, base));
    if (python) runs.push(await runTests(scratch, { runner: 'pytest', python }, null, base));
    return runs.filter((r) => r.command !== '(none)');
  };
}

/** The tests that got worse from `before` to `after` (a run that passed and now fails, or more failures). */
function worse(before: TestRunResult[], after: TestRunResult[]): string | null {
  for (const [i, b] of before.entries()) {
    const a = after[i];
    if (!a) continue;
    const regressed =
      (b.passed && !a.passed) || (a.failed ?? 0) > (b.failed ?? 0) || (b.passed && a.timedOut);
    if (!regressed) continue;
    const names = a.failedTests;
    return `tests fail (${a.command})${names.length ? `: ${names.join('; ')}` : a.timedOut ? ': timed out' : `: ${a.output.split('\n').slice(-3).join(' ')}`}`;
  }
  return null;
}

async function writeAll(root: string, fixes: readonly FileChange[], side: 'before' | 'after'): Promise<void> {
  for (const fix of fixes) await fs.writeFile(path.join(root, fix.file), fix[side]);
}

/** The kept fixes merged per file; a fix that does not merge is rejected as a conflict. */
function merged(
  fixes: ProposedFix[],
  rejected: RejectedFix[],
): { kept: ProposedFix[]; changes: FileChange[] } {
  const { changes, conflicts } = mergeFixes(fixes);
  for (const fix of conflicts)
    rejected.push({
      fix,
      reason: 'conflict',
      detail: 'overlaps another fix of the file that was kept first',
    });
  return { kept: fixes.filter((f) => !conflicts.includes(f)), changes };
}

/** How a run ended, with the first failing tests (or the output's first error line) when it failed. */
function describeRun(runs: TestRunResult[]): string {
  const lines = (r: TestRunResult) => r.output.trim().split('\n');
  const why = (r: TestRunResult) =>
    r.failedTests.length
      ? r.failedTests.slice(0, 3).join('; ')
      : ((lines(r).find((l) => /\b\w*Error\b|error:/i.test(l)) ?? lines(r).at(-1))?.trim().slice(0, 200) ??
        '');
  const outcome = (r: TestRunResult) =>
    r.passed
      ? 'passed'
      : r.timedOut
        ? 'timed out'
        : `failed${r.failed ? ` (${r.failed} failing)` : ''}${why(r) ? `: ${why(r)}` : ''}`;
  return runs.map((r) => `${r.command}: ${outcome(r)}`).join('; ');
}

/**
 * Verifies `fixes` in a scratch copy of `index`'s project. Fixes of the same file are merged in
 * order (offline fixes first, so a model fix that overlaps one is the conflict). The tests run once
 * before, once with every fix that passed the checker, and, when that run is worse, once per fix
 * to find the ones that break tests (rejected with the failing tests named).
 *
 * @example
 * const { kept, rejected } = await verifyFixes(index, await eslintFixes(index, 'CAPABLE'), { tier: 'CAPABLE', testTimeoutMs: 600_000, signal });
 */
export async function verifyFixes(
  index: ProjectIndex,
  fixes: readonly ProposedFix[],
  options: VerifyOptions,
): Promise<FixVerification> {
  const notes: string[] = [];
  if (fixes.length === 0) return { kept: [], changes: [], rejected: [], testCommand: null, notes };
  const copy = await createScratchCopy(index);
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-fix-runs-'));
  try {
    const count = await counterFor(fixes, options.tier);
    const rejected: RejectedFix[] = [];
    const checked: ProposedFix[] = [];
    for (const fix of fixes) {
      const problem = await staticProblem(copy.root, fix, count(fix));
      if (problem) rejected.push(problem);
      else checked.push(fix);
    }
    let { kept: passing, changes } = merged(checked, rejected);
    const suite = await suiteOf(copy.root, index.files, tmpDir, options, notes);
    const baseline = await suite();
    if (baseline.length === 0) {
      notes.push('no test run in this project: fixes were checked by the analysers only');
      return { kept: passing, changes, rejected, testCommand: null, notes };
    }
    notes.push(`tests before the fixes: ${describeRun(baseline)}`);
    const testCommand = baseline.map((r) => r.command).join(' && ');
    await writeAll(copy.root, changes, 'after');
    let problem = worse(baseline, await suite());
    if (problem) {
      await writeAll(copy.root, changes, 'before');
      const alone: ProposedFix[] = [];
      for (const fix of passing) {
        await writeAll(copy.root, [fix], 'after');
        const p = worse(baseline, await suite());
        await writeAll(copy.root, [fix], 'before');
        if (p) rejected.push({ fix, reason: 'tests_fail', detail: p });
        else alone.push(fix);
      }
      ({ kept: passing, changes } = merged(alone, rejected));
      await writeAll(copy.root, changes, 'after');
      problem = passing.length ? worse(baseline, await suite()) : null;
      if (problem) {
        rejected.push(
          ...passing.map((fix) => ({
            fix,
            reason: 'tests_fail' as const,
            detail: `passes alone, fails with the other fixes: ${problem}`,
          })),
        );
        passing = [];
        changes = [];
      }
    }
    return { kept: passing, changes, rejected, testCommand, notes };
  } finally {
    await copy.remove();
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}
