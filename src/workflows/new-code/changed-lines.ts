/**
 * The lines a change adds or modifies: `git diff` of the working tree against the merge base
 * of the base revision and `HEAD`, in the analysed repository, plus untracked files (all
 * their lines are new). Paths are relative to the analysed root (`--relative`), so a project
 * in a sub-directory of a repository sees its own files.
 *
 * Repository settings that could run a command during the diff (external diff drivers,
 * textconv filters, fsmonitor) are switched off.
 *
 * @module
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { runCommand, type RunCommandResult } from '../../core/run-command.js';
import type { BaseRef } from './base-ref.js';

/** Changed lines per file (paths relative to the root, `/` separators). */
export interface ChangedLines {
  base: BaseRef;
  /** The merge base of the base revision and HEAD. */
  mergeBase: string;
  /** Added or modified line numbers per file, ascending (deleted files are not listed). */
  files: Map<string, number[]>;
}

const SAFE_CONFIG = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.untrackedCache=false',
  '-c', 'diff.external=',
  '-c', 'core.quotePath=false',
];

async function git(root: string, args: string[], signal?: AbortSignal): Promise<RunCommandResult> {
  // The repository of `root` itself, even when run from a git hook (which sets GIT_DIR).
  const env = { GIT_OPTIONAL_LOCKS: '0', GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined };
  try {
    return await runCommand('git', [...SAFE_CONFIG, ...args], {
      cwd: root,
      env,
      timeoutMs: 120_000,
      ...(signal ? { signal } : {}),
    });
  } catch {
    throw new UserError('gates on new code need git, which could not be started: install git, or drop --base');
  }
}

function firstLine(run: RunCommandResult): string {
  return run.stderr.trim().split('\n')[0] || `exit ${String(run.exitCode)}`;
}

/** Undoes git's C-style quoting of a path (`"a\tb"`); plain paths come back unchanged. */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses `git diff --unified=0` output into added or modified lines per file (new-side line
 * numbers). Deleted files and pure deletions add nothing.
 */
export function parseUnifiedDiff(diff: string): Map<string, number[]> {
  const files = new Map<string, number[]>();
  let current: number[] | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
    } else if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = null;
        continue;
      }
      const name = unquoteGitPath(target);
      const file = name.startsWith('"') ? name : name.replace(/^b\//, '');
      current = files.get(file) ?? [];
      files.set(file, current);
    } else if (line.startsWith('@@ ') && current) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!match) continue;
      const start = Number(match[1]);
      const count = match[2] === undefined ? 1 : Number(match[2]);
      for (let n = start; n < start + count; n++) current.push(n);
    }
  }
  for (const [file, lines] of files) {
    if (lines.length === 0) files.delete(file);
    else lines.sort((a, b) => a - b);
  }
  return files;
}

/** Untracked files larger than this are not counted as new lines (generated data, not code). */
const MAX_UNTRACKED_BYTES = 2 * 1024 * 1024;

function countLines(text: string): number {
  if (text.length === 0) return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/**
 * The lines changed in `root` since the merge base of `base.ref` and `HEAD` (committed or
 * not, untracked files included).
 *
 * @throws UserError (one line, exit 2) when the base is not a commit of the repository, when
 * the root is not in a git repository, or when the histories have no common ancestor.
 * @example
 * const changed = await changedLines('/repo', { ref: 'origin/main', source: '--base' });
 * changed.files.get('src/app.ts'); // [12, 13, 40]
 */
export async function changedLines(root: string, base: BaseRef, signal?: AbortSignal): Promise<ChangedLines> {
  const what = `${base.source} ${base.ref}`;
  if (base.ref === '' || base.ref.startsWith('-') || /[\s\0]/.test(base.ref)) {
    throw new UserError(`${what}: not a git revision (give a branch, tag or commit, e.g. --base origin/main)`);
  }
  const verify = await git(root, ['rev-parse', '--verify', '--quiet', `${base.ref}^{commit}`], signal);
  if (verify.exitCode !== 0) {
    const inRepo = await git(root, ['rev-parse', '--is-inside-work-tree'], signal);
    if (inRepo.exitCode !== 0) throw new UserError(`${what}: ${root} is not inside a git repository`);
    throw new UserError(
      `${what}: no such commit in ${root} (fetch it first, e.g. git fetch origin main, or actions/checkout with fetch-depth: 0)`,
    );
  }
  const commit = verify.stdout.trim();
  const mergeBase = await git(root, ['merge-base', commit, 'HEAD'], signal);
  if (mergeBase.exitCode !== 0) {
    throw new UserError(
      `${what}: no common ancestor with HEAD (${firstLine(mergeBase)}); fetch more history (fetch-depth: 0)`,
    );
  }
  const mergeSha = mergeBase.stdout.trim();
  const diff = await git(
    root,
    ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '--unified=0', '--relative', '-M', mergeSha, '--'],
    signal,
  );
  if (diff.exitCode !== 0 || diff.truncated) {
    throw new UserError(`${what}: git diff failed (${diff.truncated ? 'output too large' : firstLine(diff)})`);
  }
  const files = parseUnifiedDiff(diff.stdout);
  const untracked = await git(root, ['ls-files', '-z', '--others', '--exclude-standard'], signal);
  if (untracked.exitCode === 0) {
    for (const file of untracked.stdout.split('\0').filter(Boolean)) {
      const full = path.join(root, file);
      const stat = await lstat(full).catch(() => null);
      if (!stat?.isFile() || stat.size > MAX_UNTRACKED_BYTES) continue; // never follow a link out of the tree
      const text = await readFile(full, 'utf8').catch(() => null);
      const count = text === null ? 0 : countLines(text);
      if (count > 0) files.set(file, Array.from({ length: count }, (_, i) => i + 1));
    }
  }
  return { base, mergeBase: mergeSha, files };
}
