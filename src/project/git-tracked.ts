/**
 * The files git tracks under a walk root. git's ignore rules apply only to untracked files: a
 * tracked file stays part of the project even when a `.gitignore` pattern matches it (dataloader
 * commits `src/index.js` and ignores `index.js`, the built copy at the top). The walk keeps such
 * files; see `walk.ts`.
 *
 * @module
 */
import { runCommand } from '../core/run-command.js';
import { errorMessage } from '../errors.js';
import { getLogger } from '../core/logger.js';

const log = getLogger('project.git-tracked');

/** What git tracks under a root: the files, and every directory holding one. */
export interface GitTracked {
  /** Root-relative paths (`/` separators) of the tracked files. */
  files: ReadonlySet<string>;
  /** Root-relative paths of every directory with a tracked file somewhere below it. */
  dirs: ReadonlySet<string>;
}

/**
 * Asks git (`git ls-files -z --cached`, run in `root`) which files under `root` it tracks.
 * Returns null when `root` is not in a git work tree, git is not installed, or git cannot answer
 * (dubious ownership, a broken index): the walk then applies the ignore rules alone. Repository
 * configuration that could run a command (fsmonitor) is switched off for the call.
 *
 * @example
 * const tracked = await gitTrackedFiles('/repo');
 * tracked?.files.has('src/index.js'); // true when committed, whatever .gitignore says
 */
export async function gitTrackedFiles(root: string, signal?: AbortSignal): Promise<GitTracked | null> {
  const args = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', '--cached'];
  // The repository of `root` itself, even when run from a git hook (which sets GIT_DIR).
  const env = { GIT_OPTIONAL_LOCKS: '0', GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined };
  let run;
  try {
    run = await runCommand('git', args, { cwd: root, timeoutMs: 60_000, signal, env });
  } catch (error) {
    log.debug('git not available: ignore rules alone decide', { error: errorMessage(error) });
    return null;
  }
  if (run.exitCode !== 0 || run.truncated) {
    if (!/not a git repository/i.test(run.stderr))
      log.debug('git ls-files failed: ignore rules alone decide', {
        root,
        detail: run.timedOut ? 'timed out' : run.stderr.trim().split('\n')[0],
      });
    return null;
  }
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const file of run.stdout.split('\0')) {
    if (file === '' || file.startsWith('../')) continue;
    files.add(file);
    for (let at = file.lastIndexOf('/'); at > 0; at = file.lastIndexOf('/', at - 1)) {
      const dir = file.slice(0, at);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return { files, dirs };
}
