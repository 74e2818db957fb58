/**
 * The code files the quality and refactoring analysers measure, and their complexity through
 * the run's result cache (one entry shared by both analysers), from the run's shared ESLint
 * pass when it is planned there.
 *
 * @module
 */
import { cachedAnalysis, cachedPerFile } from '../../project/cached-analysis.js';
import { isDeclarationFile } from '../../project/language.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type { Linter } from 'eslint';
import type { EstreeFunctionMetrics } from './complexity-estree.js';
import type { FileMetrics, FunctionMetrics } from './complexity-types.js';
import { measureFiles } from './complexity.js';
import { measureComplexityInWorker } from './complexity-worker-host.js';
import type { EslintPassMessage } from './eslint-pass.js';
import { isPlanned, lintFor, type EslintConsumer } from './eslint-plan.js';
import { sharedPythonResults, type PythonConsumer } from './python-pass-plan.js';
import { runsInline } from './worker-host.js';

/** Version of the complexity measurement (part of its cache key). */
export const COMPLEXITY_VERSION = '1.0.0';

/** An indexed JS/TS/Python file. */
export type CodeFile = ProjectFile & { language: 'typescript' | 'javascript' | 'python' };

/**
 * JS/TS/Python files of the index, declaration files (`.d.ts`, `.pyi`) excluded.
 *
 * @example
 * codeFiles(index).reduce((sum, f) => sum + f.loc, 0); // LOC of the code
 */
export function codeFiles(index: ProjectIndex): CodeFile[] {
  return index.files.filter((f): f is CodeFile => f.language !== null && !isDeclarationFile(f.path));
}

const COMPLEXITY_CONSUMER_ID = 'complexity';
const COMPLEXITY_FILE_PARTS = { analyzer: 'complexity-file', version: COMPLEXITY_VERSION };
const METRICS_RULES: Linter.RulesRecord = { 'empathy/function-metrics': 'error' };

/**
 * The complexity measurement as a consumer of the run's shared ESLint pass (the rule of
 * complexity-estree.ts over the JS/TS code files, inline comments ignored). Planned with the
 * lint of the quality and refactoring analysers, it saves a TypeScript parse of every file.
 *
 * @example
 * planEslintPass(index, [qualityEslintConsumer('CAPABLE'), complexityEslintConsumer()]);
 */
export function complexityEslintConsumer(): EslintConsumer {
  return {
    id: COMPLEXITY_CONSUMER_ID,
    spec: () => ({
      id: COMPLEXITY_CONSUMER_ID,
      rules: { javascript: METRICS_RULES, typescript: METRICS_RULES },
      inlineConfig: false,
    }),
    files: (index) => codeFiles(index).filter((f) => f.language !== 'python'),
  };
}

/**
 * The complexity measurement of Python files as a consumer of the run's shared Python pass
 * (python-pass-plan.ts).
 *
 * @example
 * planPythonPass(index, [securityPythonConsumer(), complexityPythonConsumer()]);
 */
export function complexityPythonConsumer(): PythonConsumer {
  return {
    id: 'complexity',
    parts: COMPLEXITY_FILE_PARTS,
    files: (index) => codeFiles(index).filter((f) => f.language === 'python'),
  };
}

const toInput = (f: CodeFile) => ({ path: f.path, absolutePath: f.absolutePath, language: f.language });

/**
 * Complexity of `files` measured in a worker (TypeScript / tree-sitter; a few Python files: on this
 * thread, see `runsInline`), each file's result from
 * the per-file cache while its content is unchanged.
 */
async function measureInWorker(
  index: ProjectIndex,
  files: readonly CodeFile[],
  signal?: AbortSignal,
): Promise<FileMetrics[]> {
  const { values } = await cachedPerFile(
    index,
    COMPLEXITY_FILE_PARTS,
    files,
    async (missing) => {
      // Python files from the run's shared Python pass first; the others measured here.
      const shared = await sharedPythonResults(index, 'complexity', missing.filter((f) => f.language === 'python'), signal);
      const inputs = missing.filter((f) => !shared.has(f.path)).map(toInput);
      const measured =
        inputs.length === 0
          ? []
          : runsInline(inputs)
            ? await measureFiles(inputs, signal)
            : await measureComplexityInWorker(inputs, signal);
      return new Map([...shared, ...measured.map((m) => [m.file, m] as const)]);
    },
  );
  return values;
}

/**
 * The functions of one file from its messages of {@link complexityEslintConsumer}, in the order
 * of complexity-ts.ts: by line, name, then post-order.
 *
 * @example
 * metricsOf('a.js', share.messages['a.js'] ?? []); // [{ file: 'a.js', name: 'f', line: 1, ... }]
 */
export function metricsOf(file: string, messages: readonly EslintPassMessage[]): FunctionMetrics[] {
  const parsed = messages.map((m) => JSON.parse(m.message) as EstreeFunctionMetrics);
  parsed.sort((a, b) => a.line - b.line || a.name.localeCompare(b.name) || a.order - b.order);
  return parsed.map((m) => ({
    file,
    name: m.name,
    line: m.line,
    endLine: m.endLine,
    lines: m.endLine - m.line + 1,
    cognitive: m.cognitive,
    cyclomatic: m.cyclomatic,
  }));
}

/**
 * JS/TS files from the shared pass; Python files, and files the pass could not parse (ESLint
 * is stricter than TypeScript's error-tolerant parser), through the TypeScript/tree-sitter
 * measurement in a worker.
 */
async function measureWithSharedPass(
  index: ProjectIndex,
  files: readonly CodeFile[],
  signal?: AbortSignal,
): Promise<FileMetrics[]> {
  const consumer = complexityEslintConsumer();
  const linted = new Set(consumer.files(index).map((f) => f.path));
  // The files the pass does not lint (Python) are measured while it runs.
  const others = measureInWorker(index, files.filter((f) => !linted.has(f.path)), signal);
  others.catch(() => undefined); // awaited below; this only keeps an early rejection from going unhandled
  const share = await lintFor(index, consumer, signal);
  const byFile = new Map<string, FileMetrics>();
  const unparsed: CodeFile[] = [];
  for (const file of files.filter((f) => linted.has(f.path))) {
    const messages = share.messages[file.path] ?? [];
    if (messages.some((m) => m.fatal)) unparsed.push(file);
    else byFile.set(file.path, { file: file.path, functions: metricsOf(file.path, messages) });
  }
  const measured = [...(await others), ...(await measureInWorker(index, unparsed, signal))];
  for (const m of measured) byFile.set(m.file, m);
  return files.map((f) => byFile.get(f.path) as FileMetrics);
}

/**
 * Per-function complexity of `files` through the run's cache: from the run's shared ESLint
 * pass when {@link complexityEslintConsumer} is planned in it, else measured in a worker thread.
 *
 * @example
 * const { value: metrics, cached } = await cachedComplexity(index, codeFiles(index));
 */
export function cachedComplexity(
  index: ProjectIndex,
  files: readonly CodeFile[],
  signal?: AbortSignal,
): Promise<{ value: FileMetrics[]; cached: boolean }> {
  return cachedAnalysis(index, { analyzer: 'complexity', version: COMPLEXITY_VERSION, files }, () =>
    isPlanned(index, COMPLEXITY_CONSUMER_ID)
      ? measureWithSharedPass(index, files, signal)
      : measureInWorker(index, files, signal),
  );
}
