/**
 * The user's own directories for data the analysed repository must not control: the result
 * cache and the learning store (docs/security-model.md). They live outside every repository, in
 * the XDG base directories, one sub-directory per repository keyed by a hash of its real path:
 *
 * - cache: `$EMPATHY_CACHE_DIR`, else `$XDG_CACHE_HOME/empathy`, else `~/.cache/empathy`;
 * - data (learning store): `$EMPATHY_DATA_DIR`, else `$XDG_DATA_HOME/empathy`, else
 *   `~/.local/share/empathy`.
 *
 * Relative values of the XDG variables are ignored, as the XDG specification asks. The
 * `EMPATHY_*` variables name the directory itself (tests and CI point them at a scratch dir).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The environment variables read here (defaults to `process.env`). */
export type UserDirsEnv = Readonly<Record<string, string | undefined>>;

function absoluteOrNull(value: string | undefined): string | null {
  return value !== undefined && value !== '' && path.isAbsolute(value) ? path.normalize(value) : null;
}

function home(env: UserDirsEnv): string {
  return absoluteOrNull(env['HOME']) ?? os.homedir();
}

/**
 * The user's cache directory of empathy.
 *
 * @example
 * userCacheDir({ XDG_CACHE_HOME: '/home/ada/.cache' }); // '/home/ada/.cache/empathy'
 */
export function userCacheDir(env: UserDirsEnv = process.env): string {
  const explicit = env['EMPATHY_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const xdg = absoluteOrNull(env['XDG_CACHE_HOME']);
  return path.join(xdg ?? path.join(home(env), '.cache'), 'empathy');
}

/**
 * The user's data directory of empathy (the learning store of every repository).
 *
 * @example
 * userDataDir({ XDG_DATA_HOME: '/home/ada/.local/share' }); // '/home/ada/.local/share/empathy'
 */
export function userDataDir(env: UserDirsEnv = process.env): string {
  const explicit = env['EMPATHY_DATA_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const xdg = absoluteOrNull(env['XDG_DATA_HOME']);
  return path.join(xdg ?? path.join(home(env), '.local', 'share'), 'empathy');
}

/** The real path of `dir` when it exists, else its absolute path. */
export function realPathOrResolved(dir: string): string {
  const absolute = path.resolve(dir);
  try {
    return realpathSync.native(absolute);
  } catch {
    return absolute;
  }
}

/**
 * The name of a repository's own sub-directory: its base name (for humans) and the first 16
 * hex digits of the sha256 of its real path (so two clones of one project never share data).
 *
 * @example
 * repositoryKey('/home/ada/src/app'); // 'app-3f1c0e9a7b2d4c11'
 */
export function repositoryKey(root: string): string {
  const real = realPathOrResolved(root);
  const base = path.basename(real).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 40) || 'root';
  return `${base}-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`;
}

/** True when `inner` is `outer` or lies under it (lexically, after resolving both). */
export function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(path.resolve(outer), path.resolve(inner));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
