/**
 * Shared steps of the JS generator's tests on a module of their own: a temporary project, the
 * offline generator run on one file, and the emitted file run with `node --test`.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProjectIndex } from '../../project/index.js';
import type { GenerationContext } from '../types.js';
import { offlineJsGenerator } from './generator.js';

const dirs: string[] = [];

/** A new temporary directory (removed by {@link removeTempDirs}). */
export async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-js-')));
  dirs.push(dir);
  return dir;
}

/** Removes the directories {@link tempDir} made (for `afterAll`). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
}

/** A node:test project holding `index.js` with `source`; returns its root. */
export async function nodeTestProject(source: string): Promise<string> {
  const root = await tempDir();
  await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'subject', main: 'index.js', scripts: { test: 'node --test test/' } }));
  await fs.writeFile(path.join(root, 'index.js'), source);
  return root;
}

/** Runs the offline generator on `index.js` of `root`; returns the emitted file's text ('' when none). */
export async function generateForIndex(root: string): Promise<string> {
  const index = await buildProjectIndex(root, { cache: false });
  const context: GenerationContext = { root, index, workDir: await tempDir(), signal: new AbortController().signal, deadline: Date.now() + 60_000, memoryMb: 256, reservedPaths: new Set(), memo: new Map() };
  const result = await offlineJsGenerator.generate({ path: 'index.js', language: 'javascript', uncoveredLines: [], uncovered: 10, linesTotal: 12, pct: 0, functions: [], priority: false, score: 10 }, context);
  return result.candidates[0]?.content ?? '';
}

/** Writes `text` as `test/index.generated.test.js` of `root` and runs it with `node --test`. */
export async function runWithNodeTest(root: string, text: string): Promise<{ status: number | null; output: string }> {
  const file = path.join(root, 'test', 'index.generated.test.js');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  const run = spawnSync(process.execPath, ['--test', file], { cwd: root, encoding: 'utf8', timeout: 240_000 } /* a bound for a hang, not for speed */);
  return { status: run.status, output: run.stdout + run.stderr };
}
