/**
 * Where the learning store (compositions and patterns) of a project lives, and the guard that
 * keeps a repository from steering it (the trust boundary: docs/security-model.md, "Who may set what").
 *
 * By default the store is in the user's data directory, one directory per repository keyed by
 * a hash of its real path: `$XDG_DATA_HOME/empathy/repos/<name>-<hash>/{compositions,patterns}/`
 * (see `core/user-dirs.ts`). A store committed in the repository is never read unless the user
 * names it (`--store-dir DIR`, or `storeDir`/`storageDir` in the library API); even then it is
 * refused when it, or a directory above it inside the repository, is a symbolic link, so a
 * repository cannot make the store read, write or rename files outside itself.
 *
 * A store directory named explicitly holds `compositions/` and `patterns/`:
 * `--store-dir .empathy/orchestration` reads the original Python tool's
 * `.empathy/orchestration/compositions/` as it is.
 *
 * @module
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import {
  isInside,
  realPathOrResolved,
  repositoryKey,
  userDataDir,
  type UserDirsEnv,
} from '../../core/user-dirs.js';
import { UserError } from '../../errors.js';

/** The directory of composition files inside a learning store directory. */
export const COMPOSITIONS_SUBDIR = 'compositions';
/** The directory of pattern files inside a learning store directory. */
export const PATTERNS_SUBDIR = 'patterns';

/** The directories of one learning store. */
export interface LearningStoreDirs {
  /** The store directory (holds the two below). */
  base: string;
  /** Composition files, `<base>/compositions`. */
  compositions: string;
  /** Pattern files, `<base>/patterns`. */
  patterns: string;
  /** True when the user named the store; false for the default in the user's data directory. */
  explicit: boolean;
}

/**
 * The default learning store directory of a project: `<user data dir>/repos/<repository key>`.
 *
 * @example
 * defaultLearningStoreDir('/home/ada/src/app'); // '/home/ada/.local/share/empathy/repos/app-3f1c0e9a7b2d4c11'
 */
export function defaultLearningStoreDir(projectRoot: string, env: UserDirsEnv = process.env): string {
  return path.join(userDataDir(env), 'repos', repositoryKey(projectRoot));
}

/**
 * The learning store of `projectRoot`: `storeDir` when given (relative to `base`, default the
 * project root), else {@link defaultLearningStoreDir}.
 *
 * @example
 * learningStoreDirs('/repo', '.empathy/orchestration').compositions; // '/repo/.empathy/orchestration/compositions'
 */
export function learningStoreDirs(
  projectRoot: string,
  storeDir?: string,
  { base = projectRoot, env = process.env }: { base?: string; env?: UserDirsEnv } = {},
): LearningStoreDirs {
  if (storeDir !== undefined && storeDir.trim() === '')
    throw new UserError('the learning store directory is empty: pass a directory path (--store-dir DIR)');
  const dir =
    storeDir === undefined ? defaultLearningStoreDir(projectRoot, env) : path.resolve(base, storeDir);
  return {
    base: dir,
    compositions: path.join(dir, COMPOSITIONS_SUBDIR),
    patterns: path.join(dir, PATTERNS_SUBDIR),
    explicit: storeDir !== undefined,
  };
}

/**
 * Refuses a store directory that is, or lies under, a symbolic link inside the project root.
 * Directories that do not exist yet are fine (they will be created as real directories).
 *
 * @throws UserError (one line) naming the link.
 * @example
 * await assertStoreDirNotLinked('/repo', '/repo/.empathy/orchestration/compositions');
 */
export async function assertStoreDirNotLinked(
  projectRoot: string,
  dir: string,
  what = 'learning store',
): Promise<void> {
  const target = path.resolve(dir);
  const root = [path.resolve(projectRoot), realPathOrResolved(projectRoot)].find((r) => isInside(r, target));
  if (root === undefined) return; // outside the repository: the user's own directory
  let current = root;
  for (const part of path.relative(root, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw new UserError(`${what} refused: cannot inspect ${current} (${code ?? String(error)})`, {
        cause: error,
      });
    }
    if (info.isSymbolicLink()) {
      throw new UserError(
        `${what} refused: ${path.relative(root, current)} in ${root} is a symbolic link (it could lead outside the repository); name a real directory with --store-dir or use the default store`,
      );
    }
    if (!info.isDirectory()) return; // not a directory: writing into it fails with its own message
  }
}
