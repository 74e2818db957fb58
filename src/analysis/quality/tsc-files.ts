/**
 * The explicit file list of the TypeScript type check. `tsc -p tsconfig.json` would take every
 * file its `include` globs match, symbolic links to files outside the repository included, and
 * print their text in diagnostics. Instead tsc gets a generated tsconfig in a temporary
 * directory that `extends` the project's and lists in `files` the root files the project's
 * config selects **and** the index holds (links are never indexed), with `include: []`.
 *
 * Settings that TypeScript resolves against the directory of the config that is run are pinned
 * to the project's: `typeRoots` (default: every `node_modules/@types` from the root upwards)
 * unless the project sets it. Compiler options, `paths`, `baseUrl` and `extends` chains keep
 * their meaning (resolved against the project's config). Project `references` are not inherited
 * through `extends`; a project using them is checked as a plain program (the same as before,
 * since `tsc -p` without `-b` does not build them either).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectIndex } from '../../project/types.js';

/** A generated tsconfig and what it left out. */
export interface ExplicitTsconfig {
  /** Absolute path of the generated tsconfig. */
  config: string;
  /** Root files given to tsc. */
  files: number;
  /** Root files the project's config selects that the index does not hold (links, excluded paths). */
  leftOut: string[];
  /** Removes the temporary directory. */
  dispose(): Promise<void>;
}

function defaultTypeRoots(root: string): string[] {
  const roots: string[] = [];
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@types');
    if (existsSync(candidate)) roots.push(candidate);
    if (path.dirname(dir) === dir) return roots;
  }
}

/**
 * Writes the generated tsconfig for `tsconfig` (the project's, absolute) or returns null when
 * the project's config cannot be parsed (tsc is then run on it as it is, to report why).
 *
 * @example
 * const explicit = await explicitTsconfig(index, '/repo/tsconfig.json');
 * if (explicit) try { run tsc -p explicit.config } finally { await explicit.dispose(); }
 */
export async function explicitTsconfig(
  index: ProjectIndex,
  tsconfig: string,
): Promise<ExplicitTsconfig | null> {
  // Loaded here, not at import: the quality analyser's module is loaded on every run, the compiler
  // only when a tsconfig is type-checked (see typescript-version.ts for what loading it costs).
  const { ts } = await import('../shared/typescript.js');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  if (!parsed || parsed.errors.some((e) => e.category === ts.DiagnosticCategory.Error)) return null;
  const indexed = new Set(index.files.map((f) => f.path));
  const files: string[] = [];
  const leftOut: string[] = [];
  for (const name of parsed.fileNames) {
    const rel = path.relative(index.root, path.resolve(name)).split(path.sep).join('/');
    if (indexed.has(rel)) files.push(path.join(index.root, rel));
    else leftOut.push(rel);
  }
  if (files.length === 0) return null;
  const compilerOptions: Record<string, unknown> = {};
  if (parsed.options.typeRoots === undefined) compilerOptions['typeRoots'] = defaultTypeRoots(index.root);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'empathy-tsc-'));
  const config = path.join(dir, 'tsconfig.json');
  await writeFile(
    config,
    JSON.stringify({ extends: tsconfig, compilerOptions, files, include: [] }, null, 2),
  );
  return {
    config,
    files: files.length,
    leftOut,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
