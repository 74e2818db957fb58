/**
 * A fleet run: the release-prep of every repository of a fleet file, each as one work unit:
 * in this process one after the other without a queue, on the workers at once with one. The
 * result is one summary (repository, verdict, gate figures, duration) plus each repository's
 * own report; a repository that could not be run (a missing commit, a lost worker) is a row
 * with its error, never a silent gap.
 *
 * @module
 */
import { errorMessage } from '../errors.js';
import { sandboxPolicy } from '../core/sandbox/index.js';
import type { BullmqExecutor } from './bullmq-executor.js';
import type { FleetEntry } from './fleet-file.js';
import { checkoutRepo } from './repo-workspace.js';
import { runReleaseUnit } from './unit-runner.js';
import type { GateFigure, ReleaseUnitOptions, ReleaseUnitResult } from './work-unit.js';

/** One repository's line of the summary. */
export interface FleetRow {
  repository: string;
  verdict: 'approved' | 'blocked' | 'error';
  gates: GateFigure[];
  blockers: string[];
  durationSeconds: number;
  /** Where it ran: `in-process` or the worker's name. */
  worker: string;
  /** Why it could not be run (verdict `error`). */
  error: string | null;
  /** Its own report in each format asked. */
  reports: Record<string, string>;
}

/** The result of a fleet run. */
export interface FleetSummary {
  /** True when every repository was approved. */
  approved: boolean;
  rows: FleetRow[];
  totalDuration: number;
  /** The queue it ran on, or null in-process. */
  queue: string | null;
}

/** Options of {@link runFleet}. */
export interface FleetOptions {
  options: ReleaseUnitOptions;
  /** Formats of each repository's own report. */
  formats: string[];
  /** Where in-process runs clone `gitUrl@commit` repositories. */
  workspace: string;
  /** Runs the repositories on workers instead of in this process. */
  executor?: BullmqExecutor | null;
  signal?: AbortSignal;
  /** Called when a repository is done. */
  onRow?: (row: FleetRow) => void;
}

function rowOf(label: string, result: Omit<ReleaseUnitResult, 'root' | 'enqueuedAt' | 'startedAt'>): FleetRow {
  return {
    repository: label,
    verdict: result.approved ? 'approved' : 'blocked',
    gates: result.gates,
    blockers: result.blockers,
    durationSeconds: result.durationSeconds,
    worker: result.worker,
    error: null,
    reports: result.reports,
  };
}

function errorRow(label: string, error: unknown, seconds: number, worker: string): FleetRow {
  return { repository: label, verdict: 'error', gates: [], blockers: [], durationSeconds: seconds, worker, error: errorMessage(error), reports: {} };
}

/**
 * Runs the release-prep of every repository and returns the summary, rows in the file's order.
 *
 * @example
 * const summary = await runFleet(readFleetFile('fleet.txt', '.'), { options: {}, formats: ['json'], workspace: '/tmp/ws' });
 * summary.rows.map((r) => `${r.repository}: ${r.verdict}`);
 */
export async function runFleet(entries: readonly FleetEntry[], fleet: FleetOptions): Promise<FleetSummary> {
  const started = performance.now();
  const { executor, signal } = fleet;
  const sandbox = sandboxPolicy().mode;
  const deadline = (fleet.options.timeoutSeconds ?? 1800) * 2;
  const one = async (entry: FleetEntry): Promise<FleetRow> => {
    const begun = performance.now();
    const seconds = () => (performance.now() - begun) / 1000;
    let row: FleetRow;
    try {
      if (executor) {
        const unit = { repo: entry.repo, label: entry.label, options: fleet.options, formats: fleet.formats, sandbox };
        row = rowOf(entry.label, await executor.runRelease(unit, deadline));
      } else {
        const root = await checkoutRepo(entry.repo, fleet.workspace, signal);
        const unit = { kind: 'release-prep' as const, runId: 'in-process', label: entry.label, repo: entry.repo, options: fleet.options, formats: fleet.formats, sandbox };
        row = rowOf(entry.label, { ...(await runReleaseUnit(unit, root, signal)), worker: 'in-process' });
      }
    } catch (error) {
      row = errorRow(entry.label, error, seconds(), executor ? 'queue' : 'in-process');
    }
    fleet.onRow?.(row);
    return row;
  };
  let rows: FleetRow[];
  if (executor) {
    signal?.addEventListener('abort', () => void executor.cancel(), { once: true });
    rows = await Promise.all(entries.map(one));
  } else {
    rows = [];
    for (const entry of entries) {
      if (signal?.aborted) break;
      rows.push(await one(entry));
    }
  }
  return {
    approved: rows.length === entries.length && rows.every((r) => r.verdict === 'approved'),
    rows,
    totalDuration: (performance.now() - started) / 1000,
    queue: executor ? executor.kind.replace(/^bullmq /, '') : null,
  };
}

