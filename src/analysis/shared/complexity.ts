/**
 * Per-function complexity of a set of files (JS/TS through the TypeScript syntax tree,
 * Python through tree-sitter), shared by the quality and refactoring analysers. Use
 * {@link measureComplexityInWorker} from analysers so the work runs off the main thread.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../errors.js';
import type * as ComplexityPython from './complexity-python.js';
import type * as ComplexityTs from './complexity-ts.js';
import type { ComplexityInput, FileMetrics } from './complexity-types.js';

export type { ComplexityInput, FileMetrics, FunctionMetrics } from './complexity-types.js';

/** The JS/TS measure, loaded on first use: a thread that measures only Python never loads the TypeScript compiler (~0.7 s CPU). */
let tsMeasure: Promise<typeof ComplexityTs> | null = null;
/** The Python measure, loaded on first use: a run served from the cache never loads tree-sitter. */
let pyMeasure: Promise<typeof ComplexityPython> | null = null;

/**
 * Measures one source text. Never throws for bad source: a parse failure is returned as `error`.
 *
 * @example
 * const m = await measureSource('a.py', 'def f():\n    return 1\n', 'python');
 * m.functions[0]?.cognitive; // 0
 */
export async function measureSource(
  path: string,
  text: string,
  language: ComplexityInput['language'],
): Promise<FileMetrics> {
  try {
    const functions =
      language === 'python'
        ? await (await (pyMeasure ??= import('./complexity-python.js'))).measurePythonSource(path, text)
        : (await (tsMeasure ??= import('./complexity-ts.js'))).measureTsSource(path, text);
    return { file: path, functions };
  } catch (error) {
    return { file: path, functions: [], error: `cannot parse: ${errorMessage(error)}` };
  }
}

/**
 * Reads and measures files on the calling thread, in order. An unreadable file is returned with `error`.
 *
 * @example
 * const metrics = await measureFiles([{ path: 'a.ts', absolutePath: '/repo/a.ts', language: 'typescript' }]);
 */
export async function measureFiles(
  inputs: readonly ComplexityInput[],
  signal?: AbortSignal,
): Promise<FileMetrics[]> {
  const results: FileMetrics[] = [];
  for (const input of inputs) {
    signal?.throwIfAborted();
    let text: string;
    try {
      text = await readFile(input.absolutePath, 'utf8');
    } catch (error) {
      results.push({ file: input.path, functions: [], error: `cannot read: ${errorMessage(error)}` });
      continue;
    }
    results.push(await measureSource(input.path, text, input.language));
  }
  return results;
}
