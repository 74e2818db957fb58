/**
 * `--watch` (release-prep): the command stays running and runs again whenever an analysed file
 * changes. The process keeps what a fresh process would load again (ESLint, TypeScript,
 * tree-sitter, compiled code) and the result cache re-analyses only the changed files, so a run
 * after a one-file change costs a fraction of a fresh `release-prep`. What is watched and how a
 * change is told from an event: `src/project/tree-watch.ts`.
 *
 * @module
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';
import { isInside } from '../core/user-dirs.js';
import { sha256 } from '../project/hashing.js';
import { changedFiles, snapshotTree, TreeWatcher, type SnapshotSelection, type TreeSnapshot } from '../project/tree-watch.js';
import { INTERRUPTED_EXIT_CODE } from './interrupt.js';
import { internalErrorLine } from './index.js';
import { writesToStdout, type OutputPlan } from './output-flags.js';
import type { CliIO } from './types.js';

const log = getLogger('cli.watch');

/** The `--watch` flag. */
export const WATCH_OPTIONS = { watch: { type: 'boolean' } } as const;

/** Help lines of `--watch`. */
export const WATCH_HELP = `  --watch                  Stay running: after each report, wait for a change to an analysed file
                           and run again (with the cache, only changed files are re-analysed);
                           Ctrl-C stops (exit 130)
`;

/** Flags that make no sense with `--watch`, and why. */
const CONFLICTS: readonly { flag: string; why: string }[] = [
  { flag: 'repos', why: 'a fleet is run once' },
  { flag: 'queue', why: 'workers run the agents' },
  { flag: 'write-baseline', why: 'it would rewrite the baseline on every run' },
];

/** Formats a person reads on stdout one report after another (the others need a file, rewritten by each run). */
const STREAMED_FORMATS: ReadonlySet<string> = new Set(['console', 'markdown']);

/**
 * Whether `--watch` was given.
 *
 * @throws {UserError} when it is given with a flag it cannot go with, or with a machine format
 *   (json, sarif, ...) on stdout, where one document after another could not be read.
 */
export function watchFlag(values: Record<string, unknown>, output: OutputPlan): boolean {
  if (values['watch'] !== true) return false;
  for (const { flag, why } of CONFLICTS)
    if (values[flag] !== undefined && values[flag] !== false) throw new UserError(`--watch and --${flag} disagree (${why}); give one of them`);
  const format = output.formats[0] ?? '';
  if (writesToStdout(output) && !STREAMED_FORMATS.has(format))
    throw new UserError(`--watch --format ${format} needs --output FILE or --output-dir DIR (each run rewrites it): one ${format} document after another on stdout could not be read`);
  return true;
}

/** What one run of a watched command did: its exit code and the files it wrote. */
export interface WatchedRun {
  code: number;
  written: readonly string[];
}

/** Options of {@link watchRuns}; `P` is what a run is prepared with (the resolved configuration). */
export interface WatchRunsOptions<P> {
  /** Command name, the prefix of every line (e.g. `release-prep`). */
  command: string;
  /** The project root (absolute, real). */
  root: string;
  io: CliIO;
  /** Ctrl-C: stops the run in progress and the watch. */
  signal: AbortSignal;
  /** What the first run is prepared with. */
  first: P;
  /** Prepares the next run (reads the configuration files again); a thrown error is printed and the watch waits for the next change. */
  prepare: () => Promise<P>;
  /** The files a prepared run analyses: the snapshot is taken with it. */
  selection: (prepared: P) => SnapshotSelection;
  /** One run (the first is number 1). A thrown error is printed and the watch goes on. */
  run: (n: number, prepared: P) => Promise<WatchedRun>;
  /** Work done after each run while waiting for a change (warming up for the next run); its errors are ignored. */
  idle?: (snapshot: TreeSnapshot, prepared: P) => Promise<void>;
  watcher?: TreeWatcher;
}

const VERDICTS: Record<number, string> = { 0: 'approved', 1: 'blocked', 2: 'failed' };

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

/** `file` (its real path) relative to `root` (`/` separators), or null when it is not inside it. */
function insideRoot(root: string, file: string): string | null {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return null;
  }
  const rel = path.relative(root, real);
  return rel !== '' && isInside(root, real) ? rel.split(path.sep).join('/') : null;
}

/** The one line a failed run or configuration is reported with. */
function errorLine(error: unknown): string {
  return error instanceof UserError ? error.message : internalErrorLine(error);
}

function hashOf(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Runs `run` once, then again after every change to the tree, until `signal` aborts; returns
 * {@link INTERRUPTED_EXIT_CODE}. A change is an indexed file whose content differs from the
 * tree the last run started on, or one an event named while the run was in progress (it may have
 * read a state that is gone); files the runs wrote themselves (`--output` inside the project) are
 * not changes.
 *
 * @throws {UserError} when the project root is gone.
 */
export async function watchRuns<P>(options: WatchRunsOptions<P>): Promise<number> {
  const { command, root, io, signal } = options;
  const watcher = options.watcher ?? new TreeWatcher(root);
  const ours = new Map<string, string | undefined>(); // files the runs wrote: path -> content hash
  const isOurs = (file: string, snapshot: TreeSnapshot) => ours.has(file) && ours.get(file) === snapshot.files.get(file);
  const stopped = () => {
    io.stderr(`${command}: watch stopped\n`);
    return INTERRUPTED_EXIT_CODE;
  };
  const take = async (selection: SnapshotSelection) => {
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
      throw new UserError(`--watch: the project ${root} is gone; watch stopped`);
    const snapshot = await snapshotTree(root, selection, signal);
    watcher.watchDirs(snapshot.dirs);
    return snapshot;
  };
  try {
    let prepared = options.first;
    let snapshot = await take(options.selection(prepared));
    for (let n = 1; ; n++) {
      let outcome: string;
      watcher.takeNamed();
      try {
        const { code, written } = await options.run(n, prepared);
        for (const file of written) {
          const rel = insideRoot(root, file);
          if (rel !== null) ours.set(rel, hashOf(file));
        }
        outcome = `${VERDICTS[code] ?? 'ended'} (exit ${code})`;
      } catch (error) {
        if (signal.aborted) return stopped();
        outcome = `failed: ${errorLine(error)}`;
      }
      if (signal.aborted) return stopped();
      // Indexed files an event named during the run: the run may have read them half-way through a change.
      let during = [...watcher.takeNamed()].filter((file): file is string => file !== null && snapshot.files.has(file) && !ours.has(file));
      const directories = `${watcher.size} director${watcher.size === 1 ? 'y' : 'ies'}`;
      io.stderr(`${command}: run ${n} ${outcome}; watching ${root} for changes (${directories}), Ctrl-C stops\n`);
      await options.idle?.(snapshot, prepared).catch((error: unknown) => log.debug('warm-up failed', { error: errorMessage(error) }));
      for (;;) {
        if (during.length === 0) await watcher.settled(signal);
        let next: P;
        try {
          next = await options.prepare();
        } catch (error) {
          if (signal.aborted) return stopped();
          io.stderr(`${command}: ${errorLine(error)}; waiting for the next change\n`);
          during = [];
          continue;
        }
        const after = await take(options.selection(next));
        const changed = [...new Set([...changedFiles(snapshot, after), ...during])].filter((file) => !isOurs(file, after)).sort();
        snapshot = after;
        prepared = next;
        during = [];
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
