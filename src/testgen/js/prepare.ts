/**
 * Makes the sources of a JS/TS project loadable by plain Node in the generator's child
 * process: JavaScript loads from the project itself; TypeScript is transpiled (with the
 * project's own `typescript`, else ours) into a mirror tree under the run's work directory,
 * with the project's `package.json` and a link to its `node_modules`.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as ts from 'typescript';
import type { ProjectIndex } from '../../project/types.js';

/** Where the child loads sources from. */
export interface LoadTree {
  /** Root of the loadable tree (the project root for JS, the mirror for TS). */
  root: string;
  /** The loadable file of a source file (absolute), or null when it cannot be loaded. */
  fileFor(relativePath: string): string | null;
  /** Whether the loadable file is CommonJS. */
  isCommonJs(relativePath: string): boolean;
  notes: string[];
}

type TsModule = typeof ts;

function loadTypeScript(root: string): TsModule | null {
  for (const require of [createRequire(path.join(root, 'package.json')), createRequire(import.meta.url)]) {
    try {
      return require('typescript') as TsModule;
    } catch {
      // try the next one
    }
  }
  return null;
}

const TS_EXT: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs', '.tsx': '.js' };

/**
 * Prepares the load tree of the project behind `index` under `workDir`.
 *
 * @example
 * const tree = await prepareLoadTree(index, '/tmp/run', true);
 * tree.fileFor('src/math.ts'); // '/tmp/run/mirror/src/math.js'
 */
export async function prepareLoadTree(index: ProjectIndex, workDir: string, esmPackage: boolean): Promise<LoadTree> {
  const isCommonJs = (rel: string) => rel.endsWith('.cjs') || rel.endsWith('.cts') || (!esmPackage && !rel.endsWith('.mjs') && !rel.endsWith('.mts'));
  const tsFiles = index.files.filter((f) => /\.(ts|mts|cts|tsx)$/.test(f.path) && !/\.d\.[cm]?ts$/.test(f.path));
  if (tsFiles.length === 0) {
    return { root: index.root, fileFor: (rel) => path.join(index.root, rel), isCommonJs, notes: [] };
  }
  const tsc = loadTypeScript(index.root);
  if (!tsc) {
    return { root: index.root, fileFor: () => null, isCommonJs, notes: ['typescript is not installed (neither in the project nor here): cannot load .ts sources'] };
  }
  const mirror = path.join(workDir, 'mirror');
  await fs.mkdir(mirror, { recursive: true });
  const notes: string[] = [];
  for (const file of index.files) {
    const ext = path.extname(file.path);
    const target = path.join(mirror, file.path);
    if (ext in TS_EXT && !/\.d\.[cm]?ts$/.test(file.path)) {
      const out = target.slice(0, -ext.length) + TS_EXT[ext];
      const esm = ext === '.mts' || (ext !== '.cts' && esmPackage);
      try {
        const result = tsc.transpileModule(await index.read(file.path), {
          fileName: file.path,
          compilerOptions: {
            module: esm ? tsc.ModuleKind.ESNext : tsc.ModuleKind.CommonJS,
            target: tsc.ScriptTarget.ES2022,
            esModuleInterop: true,
            jsx: tsc.JsxEmit.ReactJSX,
            sourceMap: false,
          },
        });
        await fs.mkdir(path.dirname(out), { recursive: true });
        await fs.writeFile(out, result.outputText);
      } catch (error) {
        notes.push(`cannot transpile ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (/\.([cm]?js|json)$/.test(ext)) {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(file.absolutePath, target);
    }
  }
  const modules = path.join(index.root, 'node_modules');
  if (existsSync(modules) && !existsSync(path.join(mirror, 'node_modules'))) await fs.symlink(await fs.realpath(modules), path.join(mirror, 'node_modules'), 'dir');
  return {
    root: mirror,
    fileFor: (rel) => {
      const ext = path.extname(rel);
      const out = ext in TS_EXT ? path.join(mirror, rel.slice(0, -ext.length) + TS_EXT[ext]) : path.join(mirror, rel);
      return existsSync(out) ? out : null;
    },
    isCommonJs,
    notes,
  };
}
