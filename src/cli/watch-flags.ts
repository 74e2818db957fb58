/**
 * `--watch` (release-prep): the command stays running and runs again whenever an analysed file
 * changes. The process keeps what a fresh process would load again (ESLint, TypeScript,
 * tree-sitter, compiled code) and the result cache re-analyses only the changed files, so a run
 * after a one-file change costs a fraction of a fresh `release-prep`. What is watched and how a
 * change is told from an event: `src/project/tree-watch.ts`.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';
import { changedFiles, snapshotTree, TreeWatcher, type SnapshotSelection, type TreeSnapshot } from '../project/tree-watch.js';
import { INTERRUPTED_EXIT_CODE } from './interrupt.js';
import { internalErrorLine } from './index.js';
import type { CliIO } from './types.js';

const log = getLogger('cli.watch');

/** The `--watch` flag. */
export const WATCH_OPTIONS = { watch: { type: 'boolean' } } as const;

/** Help lines of `--watch`. */
export const WATCH_HELP = `  --watch                  Stay running: after each report, wait for a change to an analysed file
                           and run again (only changed files are re-analysed); Ctrl-C stops (exit 130)
`;

/** Flags that make no sense with `--watch`, and why. */
const CONFLICTS: readonly { flag: string; why: string }[] = [
  { flag: 'repos', why: 'a fleet is run once' },
  { flag: 'queue', why: 'workers run the agents' },
  { flag: 'write-baseline', why: 'it would rewrite the baseline on every run' },
];

/**
 * Whether `--watch` was given.
 *
 * @throws {UserError} when it is given with a flag it cannot go with.
 */
export function watchFlag(values: Record<string, unknown>): boolean {
  if (values['watch'] !== true) return false;
  for (const { flag, why } of CONFLICTS)
    if (values[flag] !== undefined && values[flag] !== false) throw new UserError(`--watch and --${flag} disagree (${why}); give one of them`);
  return true;
}

/** What one run of a watched command did: its exit code and the files it wrote. */
export interface WatchedRun {
  code: number;
  written: readonly string[];
}

/** Options of {@link watchRuns}. */
export interface WatchRunsOptions {
  /** Command name, the prefix of every line (e.g. `release-prep`). */
  command: string;
  /** The project root (absolute, real). */
  root: string;
  io: CliIO;
  /** Ctrl-C: stops the run in progress and the watch. */
  signal: AbortSignal;
  /** The run's file selection, read again before each snapshot (a config file may have changed). */
  selection: () => SnapshotSelection;
  /** One run (the first is number 1). A thrown error is printed and the watch goes on. */
  run: (n: number) => Promise<WatchedRun>;
  /** Work done after each run while waiting for a change (warming up for the next run); its errors are ignored. */
  idle?: (snapshot: TreeSnapshot) => Promise<void>;
  watcher?: TreeWatcher;
}

const VERDICTS: Record<number, string> = { 0: 'approved', 1: 'blocked', 2: 'failed' };

function hashOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

/**
 * Runs `run` once, then again after every change to the tree, until `signal` aborts; returns
 * {@link INTERRUPTED_EXIT_CODE}. A change is an indexed file whose content differs from the
 * tree the last run started on; files the runs wrote themselves (`--output` inside the
 * project) are not changes.
 */
export async function watchRuns(options: WatchRunsOptions): Promise<number> {
  const { command, root, io, signal } = options;
  const watcher = options.watcher ?? new TreeWatcher(root);
  const ours = new Map<string, string | undefined>(); // files the runs wrote: path -> content hash
  const stopped = () => {
    io.stderr(`${command}: watch stopped\n`);
    return INTERRUPTED_EXIT_CODE;
  };
  try {
    let snapshot: TreeSnapshot = await snapshotTree(root, options.selection(), signal);
    watcher.watchDirs(snapshot.dirs);
    for (let n = 1; ; n++) {
      let outcome: string;
      try {
        const { code, written } = await options.run(n);
        for (const file of written) {
          const rel = path.relative(root, file);
          if (!rel.startsWith('..') && !path.isAbsolute(rel)) ours.set(rel.split(path.sep).join('/'), hashOf(file));
        }
        outcome = `${VERDICTS[code] ?? 'ended'} (exit ${code})`;
      } catch (error) {
        if (signal.aborted) return stopped();
        outcome = `failed: ${error instanceof UserError ? error.message : internalErrorLine(error)}`;
      }
      if (signal.aborted) return stopped();
      io.stderr(`${command}: run ${n} ${outcome}; watching ${root} for changes (${watcher.size} directories), Ctrl-C stops\n`);
      await options.idle?.(snapshot).catch((error: unknown) => log.debug('warm-up failed', { error: errorMessage(error) }));
      for (;;) {
        await watcher.settled(signal);
        const next = await snapshotTree(root, options.selection(), signal);
        watcher.watchDirs(next.dirs);
        const changed = changedFiles(snapshot, next).filter((file) => !ours.has(file) || ours.get(file) !== next.files.get(file));
        snapshot = next;
        if (changed.length === 0) continue;
        io.stderr(`${command}: ${changed.length} file${changed.length === 1 ? '' : 's'} changed (${listed(changed)}); running again\n`);
        break;
      }
    }
  } catch (error) {
    if (signal.aborted) return stopped();
    throw error;
  } finally {
    watcher.close();
  }
}
