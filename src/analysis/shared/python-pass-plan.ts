/**
 * Shares one tree-sitter pass over the Python files between the analysers of a run (the shape of
 * eslint-plan.ts). A run whose team has several Python consumers (release-prep: the security
 * rules, the quality baseline lint and the complexity measurement) declares them with
 * {@link planPythonPass}; the first consumer with files to analyse starts one pass for all of
 * them and the others receive their share of the same result. A consumer that was not planned
 * gets an empty share and analyses as before, so an analyser used alone behaves as it always did.
 *
 * Each consumer keeps its own per-file cache (keyed by content hash and its configuration, see
 * {@link PythonConsumer.parts}): the pass analyses a file only for the consumers whose cache lacks
 * it (one changed file: one parse), and each consumer stores its results itself as before. A pass
 * over a few files runs on the calling thread (`runsInline`), a larger one in chunks in the
 * worker pool. It stops only when every consumer waiting for it has been aborted.
 *
 * @module
 */
import { perFileStore, type PerFileParts } from '../../project/cached-analysis.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type {
  PythonConsumerId,
  PythonPassFile,
  PythonPassOutcome,
  PythonPassResult,
  PythonPassValues,
} from './python-pass.js';
import { runsInline, runWorker, SMALL_JOB_FILES, workerEntry } from './worker-host.js';
import { runningPass, splitIntoChunks, waitForPass, type SharedPass } from './shared-pass.js';

/** An analyser's use of the Python pass. */
export interface PythonConsumer {
  id: PythonConsumerId;
  /** The parts of its per-file cache (the same the analyser gives `cachedPerFile`). */
  parts: PerFileParts;
  /** The files it analyses. */
  files(index: ProjectIndex): readonly ProjectFile[];
}

interface Plan {
  consumers: PythonConsumer[];
  pass: SharedPass<PythonPassResult> | null;
}

const plans = new WeakMap<ProjectIndex, Plan>();

/** Text per chunk of a pass: a project under this size is parsed by one worker. */
export const PYTHON_CHUNK_CHARS = 512 * 1024;

/**
 * Declares the Python consumers that will analyse `index` in this run (two or more make a
 * shared pass; fewer clear the plan).
 *
 * @example
 * planPythonPass(index, [securityPythonConsumer(), lintPythonConsumer(), complexityPythonConsumer()]);
 */
export function planPythonPass(index: ProjectIndex, consumers: readonly PythonConsumer[]): void {
  const unique = [...new Map(consumers.map((c) => [c.id, c])).values()];
  if (unique.length < 2) plans.delete(index);
  else plans.set(index, { consumers: unique, pass: null });
}

/** The files each planned consumer has no cached result for, and their texts. */
async function passFiles(index: ProjectIndex, consumers: readonly PythonConsumer[], signal: AbortSignal): Promise<PythonPassFile[]> {
  const wanted = new Map<string, PythonConsumerId[]>();
  for (const consumer of consumers) {
    const store = perFileStore<unknown>(index, consumer.parts);
    const own = consumer.files(index);
    const hits = store ? await Promise.all(own.map((f) => store.get(f))) : [];
    own.forEach((file, i) => {
      if (hits[i] === undefined) wanted.set(file.path, [...(wanted.get(file.path) ?? []), consumer.id]);
    });
  }
  const files: PythonPassFile[] = [];
  for (const [path, ids] of wanted) {
    signal.throwIfAborted();
    // A file that cannot be read is left to each consumer's own pass (its own error message).
    const text = await index.read(path).catch(() => null);
    if (text !== null) files.push({ path, text, consumers: ids });
  }
  return files;
}

/** Merges the results of the chunks of one pass. */
function mergeResults(parts: readonly PythonPassResult[]): PythonPassResult {
  const merged: PythonPassResult = { byConsumer: { security: {}, lint: {}, complexity: {} }, threadId: parts[0]?.threadId ?? 0 };
  for (const part of parts) {
    Object.assign(merged.byConsumer.security, part.byConsumer.security);
    Object.assign(merged.byConsumer.lint, part.byConsumer.lint);
    Object.assign(merged.byConsumer.complexity, part.byConsumer.complexity);
  }
  return merged;
}

/** Runs a pass for the planned consumers over the files some of them have no cached result for. */
async function startPass(index: ProjectIndex, consumers: readonly PythonConsumer[], signal: AbortSignal): Promise<PythonPassResult> {
  const files = await passFiles(index, consumers, signal);
  if (runsInline(files.map(() => ({ language: 'python' })))) {
    const { runPythonPass } = await import('./python-pass.js');
    return runPythonPass({ files });
  }
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  const entry = workerEntry('analysis/shared/python-pass-worker');
  const parts = await Promise.all(
    splitIntoChunks(files, Math.ceil(total / PYTHON_CHUNK_CHARS)).map((part) =>
      runWorker<PythonPassResult>(entry, { files: part }, signal, 'python-pass', {
        small: files.length <= SMALL_JOB_FILES,
      }),
    ),
  );
  return mergeResults(parts);
}

/**
 * The results of the run's shared Python pass for `consumer` on the files of `missing` it
 * covered: empty when the consumer was not planned on `index`. The caller analyses the files
 * left out (not planned, unreadable, or cached when the pass started) in its own way.
 *
 * @throws Error with the message the consumer's own pass would have thrown for a file; the abort
 *   reason when `signal` aborts.
 * @example
 * const shared = await sharedPythonResults(index, 'lint', missing, signal);
 * const rest = missing.filter((f) => !shared.has(f.path));
 */
export async function sharedPythonResults<K extends PythonConsumerId>(
  index: ProjectIndex,
  consumer: K,
  missing: readonly Pick<ProjectFile, 'path'>[],
  signal?: AbortSignal,
): Promise<Map<string, PythonPassValues[K]>> {
  const out = new Map<string, PythonPassValues[K]>();
  const plan = plans.get(index);
  if (!plan || !plan.consumers.some((c) => c.id === consumer) || missing.length === 0) return out;
  signal?.throwIfAborted();
  const pass = runningPass(plan, (own) => startPass(index, plan.consumers, own));
  const byFile = (await waitForPass(plan, pass, signal)).byConsumer[consumer] as Record<
    string,
    PythonPassOutcome<PythonPassValues[K]> | undefined
  >;
  for (const file of missing) {
    const outcome = byFile[file.path];
    if (!outcome) continue;
    if (!outcome.ok) throw new Error(outcome.error);
    out.set(file.path, outcome.value);
  }
  return out;
}
