/**
 * One candidate's trial and the decision on it, apart: a trial runs the candidate file alone
 * (run 1 with coverage, runs 2 and 3 without) and records what happened; the decision compares
 * run 1's covered lines with what the suite and the files kept before it already cover. The
 * validator runs both in one place; a distributed run tries a module's candidates on a worker
 * (as plain data, {@link TrialRecord}) and decides on the coordinator in the run's order, so
 * the kept files are the ones an in-process run keeps.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CandidateTestFile, RejectedTest } from '../types.js';
import type { RunnerSpec, TestRunResult } from './run-tests.js';

/** Covered line numbers per source file (relative paths). */
export type Covered = Map<string, Set<number>>;

/** What trying one candidate found (plain JSON: it travels from a worker to the coordinator). */
export interface TrialRecord {
  /** Set when the candidate was not run (interrupted, time budget used up, no runner). */
  notRun?: string;
  /** Run 1 (with coverage). */
  first?: { passed: boolean; timedOut: boolean; output: string; command: string; covered: Record<string, number[]> | null };
  /** The first of runs 2 and 3 that failed, if one did (runs 2 and 3 happen only after a passing run 1 with new coverage). */
  rerun?: { reason: 'timeout' | 'flaky'; detail: string } | null;
}

/** The decision on a candidate. */
export type TrialVerdict = { kept: true; added: number } | { kept: false; reason: RejectedTest['reason']; detail: string };

/** Lines of `found` that `known` does not cover. */
export function gain(known: Covered, found: Covered): number {
  let added = 0;
  for (const [file, lines] of found) {
    const have = known.get(file);
    for (const line of lines) if (!have?.has(line)) added += 1;
  }
  return added;
}

/** Adds the lines of `found` to `known`. */
export function merge(known: Covered, found: Covered): void {
  for (const [file, lines] of found) {
    const have = known.get(file) ?? new Set<number>();
    for (const line of lines) have.add(line);
    known.set(file, have);
  }
}

function toWire(covered: Covered): Record<string, number[]> {
  return Object.fromEntries([...covered].map(([file, lines]) => [file, [...lines].sort((a, b) => a - b)]));
}

/** The covered lines of a record's run 1 (null when it wrote no coverage data). */
export function coveredOf(record: TrialRecord): Covered | null {
  const wire = record.first?.covered;
  return wire ? new Map(Object.entries(wire).map(([file, lines]) => [file, new Set(lines)])) : null;
}

/** Runs one test run: the files given (alone) with or without coverage. */
export type TrialRun = (spec: RunnerSpec, files: string[], coverage: boolean) => Promise<TestRunResult>;

/**
 * Tries `candidate` in the scratch copy at `root`: writes it, runs it alone with coverage, and,
 * when run 1 passed with new coverage over `known` (always, when `known` is null: the decision
 * is taken elsewhere), twice more. The file stays in the copy; the caller removes it if rejected.
 */
export async function tryCandidate(root: string, candidate: CandidateTestFile, spec: RunnerSpec, run: TrialRun, known: Covered | null): Promise<TrialRecord> {
  const file = path.join(root, candidate.testFile);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, candidate.content);
  const first = await run(spec, [candidate.testFile], true);
  const record: TrialRecord = {
    first: { passed: first.passed, timedOut: first.timedOut, output: first.output, command: first.command, covered: first.covered ? toWire(first.covered) : null },
    rerun: null,
  };
  if (!first.passed || !first.covered || (known !== null && gain(known, first.covered) === 0)) return record;
  for (let n = 2; n <= 3; n += 1) {
    const again = await run(spec, [candidate.testFile], false);
    if (!again.passed) {
      record.rerun = { reason: again.timedOut ? 'timeout' : 'flaky', detail: `run ${n} failed after run 1 passed: ${again.output}` };
      break;
    }
  }
  return record;
}

/**
 * Decides on a tried candidate: kept only if run 1 passed with coverage data, strictly raised
 * coverage over `known`, and runs 2 and 3 passed. `known` is not changed.
 */
export function decide(record: TrialRecord, known: Covered): TrialVerdict {
  const first = record.first;
  if (record.notRun !== undefined || !first) return { kept: false, reason: 'not_run', detail: record.notRun ?? 'not run' };
  if (!first.passed) return { kept: false, reason: first.timedOut ? 'timeout' : 'failed', detail: `run 1: ${first.output}` };
  const covered = coveredOf(record);
  if (!covered) return { kept: false, reason: 'failed', detail: `run 1 passed but wrote no coverage data (${first.command})` };
  const added = gain(known, covered);
  if (added === 0) return { kept: false, reason: 'no_coverage_gain', detail: 'covers no line that the suite and the tests kept before it do not already cover' };
  if (record.rerun) return { kept: false, reason: record.rerun.reason, detail: record.rerun.detail };
  return { kept: true, added };
}
