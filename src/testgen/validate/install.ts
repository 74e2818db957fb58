/**
 * Installs kept test files into the project: new files only (an existing path is never
 * overwritten), each written to a temporary name and renamed into place. If the run is
 * interrupted or a write fails, every file (and directory) written so far is removed, so no
 * half-written or unvalidated test is left behind.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { InternalError, UserError } from '../../errors.js';
import type { KeptTest } from '../types.js';

/** What {@link installKeptTests} wrote. */
export interface InstallResult {
  /** Relative paths of the files written. */
  written: string[];
}

function inside(root: string, relative: string): string {
  const target = path.resolve(root, relative);
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InternalError(`refusing to write a test outside the project: ${relative}`);
  return target;
}

/**
 * Writes `kept` into `root`. Throws (after rolling back) when aborted or when a target exists.
 *
 * @example
 * const { written } = await installKeptTests('/repo', outcome.kept, signal);
 */
export async function installKeptTests(root: string, kept: readonly KeptTest[], signal?: AbortSignal): Promise<InstallResult> {
  const written: string[] = [];
  const createdDirs: string[] = [];
  const temps = new Set<string>();
  const rollback = async () => {
    for (const file of [...temps, ...written.map((w) => path.join(root, w))]) await fs.rm(file, { force: true }).catch(() => undefined);
    for (const dir of createdDirs.reverse()) await fs.rmdir(dir).catch(() => undefined);
  };
  try {
    for (const test of kept) {
      if (signal?.aborted) throw new UserError('interrupted: no generated test was left in the project');
      const target = inside(root, test.testFile);
      if (existsSync(target)) throw new UserError(`${test.testFile} already exists; generated tests never overwrite files (remove it or rerun)`);
      let dir = path.dirname(target);
      const missing: string[] = [];
      while (!existsSync(dir)) {
        missing.unshift(dir);
        dir = path.dirname(dir);
      }
      for (const d of missing) {
        await fs.mkdir(d);
        createdDirs.push(d);
      }
      const temp = `${target}.${process.pid}.tmp`;
      temps.add(temp);
      await fs.writeFile(temp, test.content, { flag: 'wx' });
      await fs.link(temp, target).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw new UserError(`${test.testFile} appeared while writing; not overwritten`);
        await fs.rename(temp, target);
      });
      await fs.rm(temp, { force: true });
      temps.delete(temp);
      written.push(test.testFile);
    }
    if (signal?.aborted) throw new UserError('interrupted: no generated test was left in the project');
  } catch (error) {
    await rollback();
    throw error;
  }
  return { written };
}
