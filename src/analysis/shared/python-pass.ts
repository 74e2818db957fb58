/**
 * One tree-sitter pass over Python files for several analysers at once: each file is parsed
 * once and the security rules (security/python-rules.ts), the baseline lint
 * (quality/python-lint.ts) and the complexity measurement (complexity-python.ts) run over the
 * same tree, each giving exactly what its own parse would have given. Plain data in and out: it
 * runs in a worker thread (python-pass-worker.ts) or, for a few files, on the calling thread
 * (python-pass-plan.ts decides).
 *
 * @module
 */
import { threadId } from 'node:worker_threads';
import type { Node } from 'web-tree-sitter';
import { errorMessage } from '../../errors.js';
import type { LintMessage } from '../quality/lint-types.js';
import type { PythonRuleResult } from '../security/python-rules.js';
import type { FileMetrics } from './complexity-types.js';

/** The analysers a Python pass serves. */
export type PythonConsumerId = 'security' | 'lint' | 'complexity';

/** What each consumer gets for one file. */
export interface PythonPassValues {
  security: PythonRuleResult;
  lint: LintMessage[];
  complexity: FileMetrics;
}

/** A consumer's result for one file, or the message of the error its own pass would have thrown. */
export type PythonPassOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** One file of a pass and the consumers that want its results. */
export interface PythonPassFile {
  /** Path relative to the root. */
  path: string;
  text: string;
  consumers: readonly PythonConsumerId[];
}

/** What a worker receives. */
export interface PythonPassRequest {
  files: readonly PythonPassFile[];
}

/** What a pass returns: per consumer, per file path, its outcome (only the files it asked for). */
export interface PythonPassResult {
  byConsumer: { [K in PythonConsumerId]: Record<string, PythonPassOutcome<PythonPassValues[K]>> };
  /** Thread that did the work. */
  threadId: number;
}

type Visitors = { [K in PythonConsumerId]: (path: string, root: Node) => PythonPassValues[K] };

async function loadVisitors(): Promise<Visitors> {
  const [rules, lint, complexity] = await Promise.all([
    import('../security/python-rules.js'),
    import('../quality/python-lint.js'),
    import('./complexity-python.js'),
  ]);
  return {
    security: (path, root) => rules.pythonRulesOnTree(path, root),
    lint: (path, root) => lint.lintPythonTree(path, root),
    complexity: (path, root) => ({ file: path, functions: complexity.measurePythonTree(path, root) }),
  };
}

/**
 * What a consumer's own pass gives for a file whose parse or measure threw: complexity keeps
 * the file with the error (complexity.ts `measureSource`), the others fail.
 */
function failed<K extends PythonConsumerId>(
  consumer: K,
  path: string,
  error: unknown,
): PythonPassOutcome<PythonPassValues[K]> {
  if (consumer === 'complexity') {
    const value: FileMetrics = { file: path, functions: [], error: `cannot parse: ${errorMessage(error)}` };
    return { ok: true, value: value as PythonPassValues[K] };
  }
  return { ok: false, error: errorMessage(error) };
}

/**
 * Runs one pass on the calling thread: one parse per file, then each consumer that wants the file.
 *
 * @example
 * const out = await runPythonPass({ files: [{ path: 'a.py', text: 'import os\nos.system(c)\n', consumers: ['security', 'lint'] }] });
 * out.byConsumer.security['a.py']; // { ok: true, value: { findings: [...], syntaxErrorLine: null } }
 */
export async function runPythonPass(request: PythonPassRequest): Promise<PythonPassResult> {
  const result: PythonPassResult = { byConsumer: { security: {}, lint: {}, complexity: {} }, threadId };
  if (request.files.length === 0) return result;
  const [{ parsePython }, visitors] = await Promise.all([import('./python-parser.js'), loadVisitors()]);
  const record = <K extends PythonConsumerId>(consumer: K, path: string, outcome: PythonPassOutcome<PythonPassValues[K]>) => {
    (result.byConsumer[consumer] as Record<string, PythonPassOutcome<PythonPassValues[K]>>)[path] = outcome;
  };
  for (const file of request.files) {
    let tree: Awaited<ReturnType<typeof parsePython>>;
    try {
      tree = await parsePython(file.text);
    } catch (error) {
      for (const consumer of file.consumers) record(consumer, file.path, failed(consumer, file.path, error));
      continue;
    }
    try {
      // One root node for every consumer: the child lists web-tree-sitter builds on a node are
      // kept on it, so the later walks reuse the node objects of the first.
      const root = tree.rootNode;
      for (const consumer of file.consumers) {
        try {
          record(consumer, file.path, { ok: true, value: visitors[consumer](file.path, root) });
        } catch (error) {
          record(consumer, file.path, failed(consumer, file.path, error));
        }
      }
    } finally {
      tree.delete();
    }
  }
  return result;
}
