/**
 * Moving syntax analysis off the main thread: the main thread reads the texts an analysis needs
 * (I/O, through the run's project index), a worker thread gets them with the file list and runs
 * the CPU-heavy part (parsing, graph building) over an in-memory view of the same index.
 * Used by the documentation, architecture and performance analysers, which also report the same
 * parsers as tools ({@link syntaxToolsUsed}).
 *
 * @module
 */
import { typescriptVersion } from './typescript-version.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type { ToolUsed } from '../types.js';
import { pythonGrammarVersion } from './python-imports.js';
import { runWorker, type RunWorkerOptions } from './worker-host.js';

/** The part of a project index the syntax analyses use. */
export type AnalysisIndex = Pick<ProjectIndex, 'root' | 'files' | 'read'>;

/** What is posted to a worker: every indexed file's metadata, and the texts of `paths`. */
export interface WorkerIndexData {
  root: string;
  files: ProjectFile[];
  texts: Record<string, string>;
}

/**
 * Reads `paths` through the index and packs them for a worker.
 *
 * @example
 * const data = await workerIndexData(index, sourceFiles(index).map((f) => f.path));
 */
export async function workerIndexData(
  index: AnalysisIndex,
  paths: Iterable<string>,
): Promise<WorkerIndexData> {
  const texts: Record<string, string> = {};
  for (const path of new Set(paths)) texts[path] = await index.read(path);
  return { root: index.root, files: index.files.map((f) => ({ ...f })), texts };
}

/**
 * Packs `paths` ({@link workerIndexData}) and runs one request in the worker `entry` (a
 * job module whose `handle` reads `data` with {@link memoryIndex}); the request it gets
 * is `{ data, ...request }`.
 *
 * @throws ToolError (`tool`) when the worker fails; the abort reason on abort.
 * @example
 * const entry = workerEntry('analysis/architecture/architecture-worker');
 * const computed = await runIndexWorker<ArchitectureComputed>(entry, index, paths, { maxCycles }, signal, 'architecture');
 */
export async function runIndexWorker<T>(
  entry: URL,
  index: AnalysisIndex,
  paths: Iterable<string>,
  request: Record<string, unknown>,
  signal: AbortSignal | undefined,
  tool: string,
  options: RunWorkerOptions = {},
): Promise<T> {
  const data = await workerIndexData(index, paths);
  return runWorker<T>(entry, { data, ...request }, signal, tool, options);
}

/**
 * The tools a syntax analysis reports: the analyser itself, the TypeScript compiler (JS/TS parsing)
 * and the tree-sitter Python grammar.
 */
export function syntaxToolsUsed(tool: string, version: string): ToolUsed[] {
  return [
    { name: tool, version },
    { name: 'typescript', version: typescriptVersion() },
    { name: 'tree-sitter-wasms (python grammar)', version: pythonGrammarVersion() },
  ];
}

/**
 * The in-memory index a worker analyses. Reading a file that was not packed is a bug of the
 * caller and throws.
 *
 * @example
 * const index = memoryIndex(data);
 * await index.read('src/a.ts');
 */
export function memoryIndex(data: WorkerIndexData): AnalysisIndex {
  const texts = new Map(Object.entries(data.texts));
  return {
    root: data.root,
    files: data.files,
    read(path: string): Promise<string> {
      const text = texts.get(path);
      return text === undefined
        ? Promise.reject(new Error(`internal: ${path} was not sent to the analysis worker`))
        : Promise.resolve(text);
    },
  };
}
