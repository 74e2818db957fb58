/**
 * Shares one ESLint pass between the analysers of a run. A run that will call several ESLint
 * consumers on the same project index (release-prep: the security rules, the quality baseline
 * and the complexity measurement) declares them with {@link planEslintPass}; the first consumer
 * to ask then starts one pass for all of them in the worker pool, and the others receive their
 * share of the same result. A consumer that was not planned gets a pass of its own, so an analyser used alone
 * behaves exactly as before.
 *
 * A pass over a few files runs on the calling thread (`runsInlineJs`). A large pass is split into chunks of about {@link CHUNK_CHARS} of text, queued behind the
 * pool's other jobs, so that the pool threads share it. The shared pass stops only when every
 * consumer waiting for it has been aborted: one agent's deadline does not take the pass away
 * from the others.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { perFileStore, type PerFileStore } from '../../project/cached-analysis.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type {
  EslintConsumerSpec,
  EslintPassFile,
  EslintPassMessage,
  EslintPassResult,
} from './eslint-pass.js';
import { runsInlineJs, runWorker, SMALL_JOB_FILES, workerEntry } from './worker-host.js';
import { runningPass, splitIntoChunks, waitForPass, type SharedPass } from './shared-pass.js';

/** A consumer and the files it wants linted. */
export interface EslintConsumer {
  /** The id of its spec (e.g. `security:PREMIUM`), known without loading any plugin. */
  id: string;
  /** Its rules; built only when a pass runs (listing a plugin's rules loads the plugin). */
  spec(): EslintConsumerSpec;
  files(index: ProjectIndex): readonly ProjectFile[];
}

/** A consumer's share of a pass. */
export interface EslintShare {
  eslintVersion: string;
  /** Messages per file path, in path order (files without any are absent). */
  messages: Record<string, EslintPassMessage[]>;
  /** Ids of the consumers the pass that produced this share served (more than one: shared). */
  consumers: string[];
  /** Thread that ran the pass. */
  threadId: number;
}

interface Plan {
  consumers: EslintConsumer[];
  pass: SharedPass<EslintPassResult> | null;
}

const plans = new WeakMap<ProjectIndex, Plan>();

/**
 * Declares the ESLint consumers that will analyse `index` in this run (two or more make a
 * shared pass; fewer clear the plan).
 *
 * @example
 * planEslintPass(index, [securityEslintConsumer('PREMIUM'), qualityEslintConsumer('CAPABLE')]);
 */
export function planEslintPass(index: ProjectIndex, consumers: readonly EslintConsumer[]): void {
  const unique = [...new Map(consumers.map((c) => [c.id, c])).values()];
  if (unique.length < 2) plans.delete(index);
  else plans.set(index, { consumers: unique, pass: null });
}

/**
 * True when `consumerId` is one of the consumers of the shared pass planned on `index` (its
 * owner can then take its share instead of measuring in a way of its own).
 *
 * @example
 * if (isPlanned(index, 'complexity')) await lintFor(index, complexityEslintConsumer(), signal);
 */
export function isPlanned(index: ProjectIndex, consumerId: string): boolean {
  return plans.get(index)?.consumers.some((c) => c.id === consumerId) ?? false;
}

/**
 * Bump when a file's messages can change for the same text and rule set (our own rules
 * `empathy/*` and `empathy-taint/*`, the way messages are split or re-linted).
 */
export const ESLINT_FILE_CACHE_VERSION = '1';

const require = createRequire(import.meta.url);

/** Installed version of a package, or null. */
function packageVersion(name: string): string | null {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The per-file message store of a consumer: keyed by its rule set and the versions of ESLint and the plugins. */
function messageStore(index: ProjectIndex, consumer: EslintConsumer): PerFileStore<EslintPassMessage[]> | null {
  if (index.cache === null) return null;
  const tools = Object.fromEntries(ESLINT_PACKAGES.map((name) => [name, packageVersion(name)]));
  return perFileStore(index, {
    analyzer: 'eslint-file',
    version: ESLINT_FILE_CACHE_VERSION,
    options: { consumer: consumer.spec(), tools },
  });
}

/** Packages whose versions change what a pass reports. */
const ESLINT_PACKAGES = [
  'eslint',
  'eslint-plugin-security',
  'eslint-plugin-no-unsanitized',
  'eslint-plugin-sonarjs',
  'typescript-eslint',
  'typescript',
];

/**
 * Runs a pass for `consumers` over their files. Each (consumer, file) result whose file content
 * is unchanged comes from the per-file cache; only the files some consumer has no result for are
 * linted, and only for those consumers (one changed file: one file linted).
 */
async function startPass(
  index: ProjectIndex,
  consumers: readonly EslintConsumer[],
  signal: AbortSignal,
): Promise<EslintPassResult> {
  const merged: EslintPassResult = {
    eslintVersion: packageVersion('eslint') ?? 'unknown',
    byConsumer: {},
    relinted: 0,
    threadId: 0,
  };
  const wanted = new Map<string, string[]>();
  const files = new Map<string, ProjectFile>();
  const misses: { store: PerFileStore<EslintPassMessage[]>; id: string; file: ProjectFile }[] = [];
  for (const consumer of consumers) {
    const store = messageStore(index, consumer);
    const own = consumer.files(index);
    const hits = store ? await Promise.all(own.map((f) => store.get(f))) : [];
    own.forEach((file, i) => {
      const hit = hits[i];
      if (hit !== undefined) {
        if (hit.length > 0) (merged.byConsumer[consumer.id] ??= {})[file.path] = hit;
        return;
      }
      files.set(file.path, file);
      wanted.set(file.path, [...(wanted.get(file.path) ?? []), consumer.id]);
      if (store) misses.push({ store, id: consumer.id, file });
    });
  }
  if (files.size === 0) return merged;
  const inputs: EslintPassFile[] = [];
  for (const file of files.values()) {
    signal.throwIfAborted();
    inputs.push({
      path: file.path,
      text: await index.read(file.path),
      consumers: wanted.get(file.path) ?? [],
    });
  }
  const linting = new Set([...wanted.values()].flat());
  const specs = consumers.filter((c) => linting.has(c.id)).map((c) => c.spec());
  const entry = workerEntry('analysis/shared/eslint-pass-worker');
  const fresh = runsInlineJs(entry, inputs.length)
    ? await (await import('./eslint-pass.js')).runEslintPass({ root: index.root, files: inputs, consumers: specs }, signal)
    : mergePassResults(
        await Promise.all(
          splitIntoChunks(inputs, chunkCount(inputs)).map((part) =>
            runWorker<EslintPassResult>(
              entry,
              { root: index.root, files: part, consumers: specs },
              signal,
              'eslint',
              { priority: 'low', small: inputs.length <= SMALL_JOB_FILES },
            ),
          ),
        ),
      );
  await Promise.all(misses.map(({ store, id, file }) => store.set(file, fresh.byConsumer[id]?.[file.path] ?? [])));
  return mergePassResults([fresh, merged]);
}

/** Text per chunk of a pass: a project under this size is linted by one worker (ESLint loads once). */
export const CHUNK_CHARS = 512 * 1024;

/**
 * How many chunks a pass is split into: one per {@link CHUNK_CHARS} of text. The chunks are
 * queued with low priority (see `runWorker`): a worker lints them one after another while the
 * other analysers' jobs take the other workers first, and a worker that is done with those picks
 * up the chunks that are left. Chunking itself costs nothing measurable (the eslint corpus in one
 * pass or in 8 chunks on one thread: 9.8 s and 9.7 s); what costs is every further worker that
 * lints, which loads ESLint and warms its JIT again (about 2 s of CPU).
 */
function chunkCount(files: readonly EslintPassFile[]): number {
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  return Math.max(1, Math.ceil(total / CHUNK_CHARS));
}

/**
 * Merges the results of the chunks of one pass.
 *
 * @example
 * mergePassResults([first, second]).byConsumer['quality:CAPABLE']; // the files of both chunks
 */
export function mergePassResults(parts: readonly EslintPassResult[]): EslintPassResult {
  const [first, ...rest] = parts as [EslintPassResult, ...EslintPassResult[]];
  const merged: EslintPassResult = { ...first, byConsumer: {} };
  for (const part of parts) {
    for (const [id, byFile] of Object.entries(part.byConsumer)) {
      merged.byConsumer[id] = { ...merged.byConsumer[id], ...byFile };
    }
  }
  merged.relinted = first.relinted + rest.reduce((sum, part) => sum + part.relinted, 0);
  return merged;
}

function share(result: EslintPassResult, id: string): EslintShare {
  return {
    eslintVersion: result.eslintVersion,
    messages: Object.fromEntries(
      Object.entries(result.byConsumer[id] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    consumers: Object.keys(result.byConsumer),
    threadId: result.threadId,
  };
}

/**
 * Lints for `consumer`: its share of the run's planned pass when it was planned on `index`,
 * otherwise a pass of its own, in the worker pool.
 *
 * @throws ToolError when the pass fails; the abort reason when `signal` aborts.
 * @example
 * const share = await lintFor(index, qualityEslintConsumer('CAPABLE'), signal);
 * share.messages['src/a.ts']; // [{ rule: 'no-empty', line: 3, ... }]
 */
export async function lintFor(
  index: ProjectIndex,
  consumer: EslintConsumer,
  signal?: AbortSignal,
): Promise<EslintShare> {
  signal?.throwIfAborted();
  const plan = plans.get(index);
  if (!plan || !plan.consumers.some((c) => c.id === consumer.id)) {
    // A pass of its own has one waiter: the consumer's signal stops it directly.
    return share(await startPass(index, [consumer], signal ?? new AbortController().signal), consumer.id);
  }
  const pass = runningPass(plan, (own) => startPass(index, plan.consumers, own));
  return share(await waitForPass(plan, pass, signal), consumer.id);
}
