/**
 * Which files the secret scan covers beyond the project index. The index leaves out build
 * output, vendored code, minified bundles, files over its size limit, binary extensions,
 * gitignored files and the user's excluded paths; a secret there is still a leaked secret.
 *
 * - In a git work tree: every file git tracks plus the untracked files it does not ignore
 *   (one `git ls-files -z --cached --others --exclude-standard` in the root; untracked
 *   installed dependencies such as `node_modules/` are left out of `--others`). git runs with
 *   `core.fsmonitor` off, so a repository's config cannot make it start a program.
 * - Otherwise: a walk of the root honouring `.gitignore` but none of the default excludes,
 *   except VCS data, installed dependencies, virtual environments and caches.
 *
 * Symbolic links are never followed: a link (or a path under a linked directory) is listed
 * and not read. Every file the index already holds is scanned through the index instead.
 *
 * @module
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../../core/run-command.js';
import { errorMessage } from '../../errors.js';
import {
  compileGlobs,
  isDefaultExcludedDir,
  isDefaultExcludedFile,
  isGitIgnored,
  parseGitignore,
  type GitignoreLevel,
} from '../../project/ignore-rules.js';
import { hasBinaryExtension } from '../../project/language.js';
import type { ProjectIndex } from '../../project/types.js';

/** Directories never listed for the secret scan: VCS data, installed dependencies, environments, caches. */
export const SECRET_SCAN_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.empathy',
]);

/** A file outside the index that the secret scan reads. */
export interface ExtraSecretFile {
  path: string;
  absolutePath: string;
  /** Why the index does not hold it (shown with its findings). */
  why: string;
  /** True when the user's include/exclude globs left it out. */
  userExcluded: boolean;
}

/** The files of the secret scan beyond the index, and what was not read. */
export interface SecretFilePlan {
  source: 'git' | 'walk';
  extra: ExtraSecretFile[];
  /** Paths that could not be examined (the reason is shown). */
  unreadable: { file: string; reason: string }[];
  /** Symbolic links (and paths through one) that were not followed. */
  symlinks: string[];
}

/** Paths git listed, and the directories it said it could not open. */
interface GitListing {
  paths: string[];
  unopened: string[];
}

async function gitListing(root: string, signal?: AbortSignal): Promise<GitListing | null> {
  const exclude = [...SECRET_SCAN_SKIPPED_DIRS].flatMap((dir) => ['-x', `${dir}/`]);
  try {
    const run = await runCommand(
      'git',
      [
        '-c',
        'core.fsmonitor=false',
        'ls-files',
        '-z',
        '--cached',
        '--others',
        '--exclude-standard',
        ...exclude,
      ],
      { cwd: root, timeoutMs: 120_000, signal, env: { GIT_OPTIONAL_LOCKS: '0' } },
    );
    if (run.exitCode !== 0 || run.truncated) return null;
    const unopened = [...run.stderr.matchAll(/could not open directory '([^']+)'/g)].map((m) => m[1] ?? '');
    return { paths: [...new Set(run.stdout.split('\0').filter(Boolean))], unopened };
  } catch {
    return null; // git is not installed
  }
}

async function walkListing(root: string, unreadable: SecretFilePlan['unreadable']): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string, levels: readonly GitignoreLevel[]): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      unreadable.push({ file: rel || '.', reason: errorMessage(error) });
      return;
    }
    let here = levels;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const text = await readFile(path.join(root, rel, '.gitignore'), 'utf8').catch(() => null);
      if (text !== null) here = [...levels, parseGitignore(rel, text)];
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (isDir && SECRET_SCAN_SKIPPED_DIRS.has(entry.name)) continue;
      if (isGitIgnored(here, childRel, isDir)) continue;
      if (isDir) await visit(childRel, here);
      else out.push(childRel);
    }
  };
  await visit('', []);
  return out;
}

/** Why the index left `rel` out (best explanation from what is known about the index). */
function whyNotIndexed(index: ProjectIndex, rel: string, size: number): { why: string; user: boolean } {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (isDefaultExcludedDir(parts[i - 1] ?? '', dir))
      return { why: `excluded by default (${dir}/)`, user: false };
  }
  const base = parts.at(-1) ?? rel;
  if (isDefaultExcludedFile(base))
    return { why: 'excluded by default (minified or source map)', user: false };
  const selection = index.selection;
  if (selection) {
    const exclude = compileGlobs(selection.exclude);
    const include = compileGlobs(selection.include);
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    if (exclude && prefixes.some((p) => exclude(p)))
      return { why: 'excluded by your exclude globs', user: true };
    if (include && !include(rel)) return { why: 'outside your include globs', user: true };
    if (size > selection.maxFileSizeBytes)
      return { why: `larger than the index limit (${selection.maxFileSizeBytes} bytes)`, user: false };
  }
  if (hasBinaryExtension(rel)) return { why: 'binary file extension, but text inside', user: false };
  return { why: 'not indexed (ignored by .gitignore, or changed since the index was built)', user: false };
}

/**
 * Lists the files the secret scan reads besides the indexed ones (see the module comment).
 *
 * @example
 * const plan = await planSecretFiles(index);
 * plan.extra.map((f) => `${f.path}: ${f.why}`);
 */
export async function planSecretFiles(index: ProjectIndex, signal?: AbortSignal): Promise<SecretFilePlan> {
  const root = index.root;
  const unreadable: SecretFilePlan['unreadable'] = [];
  const symlinks: string[] = [];
  let listed = await gitListing(root, signal);
  // A root that git ignores inside a larger work tree (a corpus under an ignored folder): walk it.
  if (listed !== null && listed.paths.length === 0 && index.files.length > 0) listed = null;
  const source = listed === null ? 'walk' : 'git';
  for (const dir of listed?.unopened ?? [])
    unreadable.push({ file: dir.replace(/\/$/, ''), reason: 'git could not open the directory' });
  const paths = listed?.paths ?? (await walkListing(root, unreadable));
  const indexed = new Set(index.files.map((f) => f.path));
  const extra: ExtraSecretFile[] = [];
  for (const rel of paths.sort()) {
    signal?.throwIfAborted();
    if (indexed.has(rel) || rel.split('/').some((p) => p === '..' || p === '')) continue;
    const absolutePath = path.join(root, rel);
    let info;
    try {
      info = await lstat(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT: deleted in the work tree (git still tracks it); ENOTDIR: a parent is now a file.
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        unreadable.push({ file: rel, reason: errorMessage(error) });
      continue;
    }
    if (info.isSymbolicLink()) {
      symlinks.push(rel);
      continue;
    }
    if (info.isDirectory()) {
      unreadable.push({ file: rel, reason: 'a directory (a git submodule?): not scanned' });
      continue;
    }
    if (!info.isFile()) {
      unreadable.push({ file: rel, reason: 'special file (FIFO, socket or device)' });
      continue;
    }
    // A parent directory that is a symbolic link would take the read out of the root.
    const real = await realpath(absolutePath).catch(() => null);
    if (real !== absolutePath) {
      symlinks.push(rel);
      continue;
    }
    const { why, user } = whyNotIndexed(index, rel, info.size);
    extra.push({ path: rel, absolutePath, why, userExcluded: user });
  }
  return { source, extra, unreadable, symlinks };
}
