/**
 * bubblewrap (`bwrap`, Linux): the strongest containment layer. The contained program sees
 * the whole file system read-only (`/tmp` too: runs get `TMPDIR` in their scratch directory), no
 * network, its own process, IPC and
 * UTS namespaces, and the user's credential files (SSH keys, cloud and registry logins, our
 * own user config) and our cache and data directories (wherever they are) hidden; only the
 * directories it is given are writable. It dies with its
 * parent.
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable, runCommand } from '../run-command.js';
import { isInside, userCacheDir, userDataDir } from '../user-dirs.js';

/** Whether bubblewrap can run here, and why not. */
export interface BubblewrapProbe {
  path: string | null;
  /** Null when it works. */
  problem: string | null;
}

let probed: Promise<BubblewrapProbe> | null = null;

/** Files and folders under the home directory that hold credentials; hidden from contained runs. */
export const HIDDEN_HOME_PATHS: readonly string[] = [
  '.ssh',
  '.aws',
  '.azure',
  '.gnupg',
  '.docker',
  '.kube',
  '.netrc',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pypirc',
  '.git-credentials',
  '.config/gcloud',
  '.config/gh',
  '.config/hub',
  '.config/empathy',
  '.local/share/empathy',
  '.cache/empathy',
  '.anthropic',
  '.openai',
];

/**
 * Finds `bwrap` and checks once per process that it can build a sandbox here (user namespaces
 * may be disabled, e.g. inside some containers).
 *
 * @example
 * const { path, problem } = await probeBubblewrap();
 */
export function probeBubblewrap(): Promise<BubblewrapProbe> {
  probed ??= (async () => {
    const bwrap = findExecutable('bwrap');
    if (!bwrap) return { path: null, problem: 'bubblewrap is not installed (apt-get install bubblewrap)' };
    const run = await runCommand(bwrap, [...baseArgs(), '--', 'true'], { cwd: os.tmpdir(), timeoutMs: 10_000 }).catch(
      (error: unknown) => ({ exitCode: null, stderr: String(error) }),
    );
    if (run.exitCode === 0) return { path: bwrap, problem: null };
    const why = run.stderr.trim().split('\n')[0] ?? '';
    return { path: null, problem: `bubblewrap cannot create a sandbox here${why ? `: ${why}` : ''}` };
  })();
  return probed;
}

function baseArgs(): string[] {
  return [
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--die-with-parent',
  ];
}

/** What a bubblewrap sandbox is given. */
export interface BubblewrapSpec {
  /** Directories the program may write (bound read-write, created by the caller). */
  writable: readonly string[];
  /** Existing directories that get an empty, writable, throw-away file system (tools' caches). */
  scratchMounts?: readonly string[];
  /** Existing directories replaced by a writable throw-away copy of themselves (tools' state folders). */
  copies?: readonly { copy: string; target: string }[];
  cwd: string;
  network: boolean;
  /** The user's home directory, whose credential files are hidden (default `os.homedir()`). */
  home?: string;
}

/**
 * Our cache and data directories (`userCacheDir`, `userDataDir`) that exist outside the home
 * directory's hidden paths and hold neither the run's directory nor the home directory (hiding
 * them would hide the repository). Writable directories inside them (a project's runner cache)
 * are bound after, so they stay visible.
 */
function ownDirsToHide(spec: BubblewrapSpec): string[] {
  const home = spec.home ?? os.homedir();
  return [userCacheDir(), userDataDir()].filter(
    (dir) =>
      existsSync(dir) &&
      statSync(dir).isDirectory() &&
      !HIDDEN_HOME_PATHS.some((rel) => isInside(path.join(home, rel), dir)) &&
      !isInside(dir, spec.cwd) &&
      !isInside(dir, home),
  );
}

/**
 * The `bwrap` arguments that run a program under `spec` (the program and its arguments follow
 * a final `--`).
 *
 * @example
 * bubblewrapArgs({ writable: ['/tmp/empathy-run-1'], cwd: '/repo', network: false });
 */
export function bubblewrapArgs(spec: BubblewrapSpec): string[] {
  const args = baseArgs();
  if (!spec.network) args.push('--unshare-net');
  const home = spec.home ?? os.homedir();
  for (const rel of HIDDEN_HOME_PATHS) {
    const target = path.join(home, rel);
    if (!existsSync(target)) continue;
    if (statSync(target).isDirectory()) args.push('--tmpfs', target);
    else args.push('--ro-bind', '/dev/null', target);
  }
  // Our own cache and data directories wherever they are (EMPATHY_CACHE_DIR, XDG_*): other projects' results and learning.
  for (const dir of ownDirsToHide(spec)) args.push('--tmpfs', dir);
  for (const dir of spec.scratchMounts ?? []) args.push('--tmpfs', dir);
  for (const { copy, target } of spec.copies ?? []) args.push('--bind', copy, target);
  for (const dir of spec.writable) args.push('--bind', dir, dir);
  args.push('--chdir', spec.cwd);
  return args;
}
