/**
 * The offline JS/TS test generator: explores a module in a child process (coverage-guided
 * calls), keeps the calls that add coverage, replays them in a fresh process to drop what is
 * not deterministic, and writes a test file in the project's runner and module style.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { getLogger } from '../../core/logger.js';
import { languageOf } from '../gaps.js';
import { docCode, mineDocCalls, mineLiterals, type DocCalls } from '../literals.js';
import type { CandidateTestFile, Gap, GenerationContext, GeneratorResult, PossibleBug, TestGenerator } from '../types.js';
import { assertionStats, emitJsTestFile } from './emit.js';
import { isNonApiPath, packageApi, type PackageApi } from './entry.js';
import { fakeTimerApi, type FakeTimerApi } from './fake-timers.js';
import { runHarness, sensitivePaths, type HarnessJob } from './explore.js';
import type { ObservedTest } from './harness-types.js';
import { extractTypeHints } from './hints.js';
import { poolsWith, type ValuePools } from './pools.js';
import { prepareLoadTree, type LoadTree } from './prepare.js';
import { detectJsStyle, generatedTestPath, importSpecifier, type JsTestStyle } from './style.js';

const log = getLogger('testgen.js');

/** Per-run state of the JS generator (memoised in `context.memo`). */
interface JsRunState {
  style: JsTestStyle | null;
  reason: string | null;
  tree: LoadTree | null;
  testTexts: string[];
  api: PackageApi;
  docCalls: DocCalls;
  /** Entry files already explored (each once, before any other file). */
  explored: Set<string>;
  /** The fake timers generated tests use for calls that wait on timers (null: such calls are dropped). */
  timers: FakeTimerApi | null;
}

/**
 * What the in-process run had explored when a gap's turn came, for a work unit that runs that gap
 * alone: the first JS/TS gap explored the entry points, then each JS/TS gap before this one was
 * explored, all while `--max-files` left room (nothing when this gap is the first: it explores
 * the entry points itself).
 */
function exploredBefore(entries: readonly string[], gapsBefore: readonly string[], maxFiles = Infinity): Set<string> {
  const explored = new Set<string>();
  const before = gapsBefore.filter((file) => languageOf(file) === 'javascript' || languageOf(file) === 'typescript');
  if (before.length === 0) return explored;
  for (const file of [...entries, ...before]) if (!explored.has(file) && explored.size < maxFiles) explored.add(file);
  return explored;
}

async function state(context: GenerationContext): Promise<JsRunState> {
  const key = 'offline-js';
  const known = context.memo.get(key) as Promise<JsRunState> | undefined;
  if (known) return known;
  const made = (async (): Promise<JsRunState> => {
    const api = await packageApi(context.index);
    const docCalls = mineDocCalls(api.docs, api.name);
    const style = await detectJsStyle(context.index);
    if ('reason' in style) return { style: null, reason: style.reason, tree: null, testTexts: [], api, docCalls, explored: new Set(), timers: null };
    const tree = await prepareLoadTree(context.index, context.workDir, style.esmPackage);
    const testTexts = await Promise.all(style.testFiles.slice(0, 50).map((f) => context.index.read(f).catch(() => '')));
    const timers = await fakeTimerApi(context.index.root, style.runner);
    const explored = context.gapsBefore ? exploredBefore(api.entries, context.gapsBefore, context.maxFiles) : new Set<string>();
    return { style, reason: null, tree, testTexts: [...testTexts, ...docCode(api.docs)], api, docCalls, explored, timers };
  })();
  context.memo.set(key, made);
  return made;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Replays `tests` twice, in two processes sharing one working directory, and keeps the tests
 * whose outcomes repeat both times: a call that depends on time or randomness, or on what an
 * earlier run left in its directory (`mkdirp('abc')` the second time), would fail the
 * validator's three runs and take its whole file with it.
 */
async function deterministic(tests: ObservedTest[], job: HarnessJob, context: GenerationContext, timeoutMs: number): Promise<{ kept: ObservedTest[]; dropped: number }> {
  const shared = await fs.mkdtemp(path.join(context.workDir, 'replay-'));
  try {
    let current = tests;
    for (let round = 0; round < 2 && current.length > 0; round += 1) {
      const replay = await runHarness(
        { ...job, mode: 'replay', tests: current.map((t) => t.test) },
        { workDir: context.workDir, timeoutMs, memoryMb: context.memoryMb, signal: context.signal, mirror: context.index.files.map((f) => f.path), reuseDir: shared },
      );
      if (!replay.completed) return { kept: [], dropped: tests.length };
      const outcomes = new Map(replay.replays.map((r) => [r.index, r.outcome]));
      current = current.filter((t, i) => same(t.outcome, outcomes.get(i)));
    }
    return { kept: current, dropped: tests.length - current.length };
  } finally {
    await fs.rm(shared, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The exploration time of one file: an entry point gets half the generation time left (at most
 * 25 s), or, when no other gap file waits for its turn, an equal share of 80 % of it (the rest is for the replays; at most
 * 60 s each); another file a third (at most 8 s).
 */
function explorationBudget(role: 'entry' | 'file', remaining: number, run: JsRunState, context: GenerationContext): number {
  if (role === 'file') return Math.min(8_000, Math.max(1_000, remaining / 3));
  const entriesLeft = run.api.entries.filter((e) => !run.explored.has(e)).length + 1; // this one is marked explored already
  const othersWait = context.gapFiles === undefined || context.gapFiles.some((f) => !run.explored.has(f) && !run.api.entries.includes(f) && !run.api.bins.includes(f) && !isNonApiPath(f));
  return othersWait ? Math.min(25_000, Math.max(2_000, remaining / 2)) : Math.min(60_000, Math.max(2_000, (remaining * 0.8) / entriesLeft));
}

/** Explores one file (an entry point or a module it reaches) and emits its candidate test file. */
async function exploreFile(rel: string, run: JsRunState, context: GenerationContext, role: 'entry' | 'file'): Promise<GeneratorResult> {
  const style = run.style as JsTestStyle;
  const tree = run.tree as LoadTree;
  const file = tree.fileFor(rel);
  if (!file) return { candidates: [], possibleBugs: [], notes: [`${rel}: cannot be loaded (${tree.notes.join('; ') || 'not transpiled'})`] };
  const source = await context.index.read(rel).catch(async () => (role === 'entry' ? await fs.readFile(file, 'utf8').catch(() => '') : ''));
  const pools: ValuePools = poolsWith(mineLiterals([source, ...run.testTexts]));
  const remaining = context.deadline - Date.now();
  if (remaining < 2_000) return { candidates: [], possibleBugs: [], notes: [`${rel}: no time left`] };
  const budgetMs = explorationBudget(role, remaining, run, context);
  const commonJs = tree.isCommonJs(rel);
  const job: HarnessJob = {
    file,
    kind: commonJs ? 'cjs' : 'esm',
    coverageRoot: tree.root,
    budgetMs,
    maxCallsPerTarget: 150,
    seed: 20240611,
    hints: extractTypeHints(source),
    pools,
    sensitivePaths: sensitivePaths(tree.root, context.root, context.workDir),
    mode: 'explore',
    callDeadlineMs: 250,
    docCalls: run.docCalls.calls,
    defaultNames: role === 'entry' ? run.docCalls.defaultNames : [],
    fakeTimers: run.timers !== null,
  };
  const timeoutMs = budgetMs + 10_000;
  const explored = await runHarness(job, { workDir: context.workDir, timeoutMs, memoryMb: context.memoryMb, signal: context.signal, mirror: context.index.files.map((f) => f.path) });
  const notes = explored.notes.map((n) => `${rel}: ${n}`);
  if (explored.refused.length > 0) notes.push(`${rel}: dropped ${explored.refused.length} call(s) the sandbox refused (${explored.refused.slice(0, 3).join('; ')})`);
  if (explored.hung.length > 0) notes.push(`${rel}: skipped ${explored.hung.length} call(s) that hung past ${job.callDeadlineMs ?? 250} ms (${explored.hung.slice(0, 3).join('; ')})`);
  const possibleBugs: PossibleBug[] = explored.bugs.map((b) => ({
    file: rel,
    target: b.access.join('.'),
    input: `${b.access.join('.')}(${b.args.join(', ')})`,
    error: `${b.error.name ?? 'Error'}: ${b.error.message ?? ''}`,
    foundBy: 'generation',
  }));
  const { kept, dropped } = await deterministic(explored.tests, job, context, timeoutMs);
  if (dropped > 0) notes.push(`${rel}: dropped ${dropped} non-deterministic call(s)`);
  log.debug('explored', { file: rel, role, observed: explored.tests.length, kept: kept.length, bugs: possibleBugs.length });
  if (kept.length === 0) return { candidates: [], possibleBugs, notes: [...notes, `${rel}: no call added coverage`] };
  const testFile = generatedTestPath(rel, style, context.reservedPaths);
  context.reservedPaths.add(testFile);
  const esm = style.runner === 'vitest' || style.typescript || style.esmPackage || testFile.endsWith('.mjs');
  const content = emitJsTestFile(kept, {
    style,
    sourceFile: rel,
    specifier: importSpecifier(testFile, rel, style),
    commonJs: commonJs && !style.typescript,
    esm,
    fakeTimers: run.timers,
  });
  const stats = assertionStats(content);
  notes.push(`${rel}${role === 'entry' ? ' (entry point)' : ''}: ${stats.cases} test(s), ${stats.assertions} assertion(s), ${(stats.assertions / Math.max(1, stats.cases)).toFixed(1)} per test, ${stats.bare} asserting nothing but "does not throw"`);
  const candidate: CandidateTestFile = { id: `offline-js:${rel}`, generator: 'offline-js', targetFile: rel, testFile, runner: style.runner, content, testCases: kept.length };
  return { candidates: [candidate], possibleBugs, notes: notes.filter((n) => !n.includes('targets:')) };
}

/**
 * The offline JS/TS generator.
 *
 * @example
 * const result = await offlineJsGenerator.generate(gap, context);
 * result.candidates[0]?.testFile; // 'test/parse.generated.test.js'
 */
export const offlineJsGenerator: TestGenerator = {
  id: 'offline-js',
  description: 'Coverage-guided calls of exported functions and classes in a child process (V8 coverage), asserting observed results',
  supports: (gap) => gap.language === 'javascript' || gap.language === 'typescript',
  async generate(gap: Gap, context: GenerationContext): Promise<GeneratorResult> {
    const run = await state(context);
    if (!run.style || !run.tree) return { candidates: [], possibleBugs: [], notes: [`${gap.path}: ${run.reason ?? 'no load tree'}`] };
    // The public API first: every entry point once, before the first other file, with a larger budget.
    const results: GeneratorResult[] = [];
    const room = () => run.explored.size < (context.maxFiles ?? Infinity);
    for (const entry of run.api.entries) {
      if (run.explored.has(entry) || !room()) continue;
      run.explored.add(entry);
      results.push(await exploreFile(entry, run, context, 'entry'));
    }
    if (!run.explored.has(gap.path) && !room()) results.push({ candidates: [], possibleBugs: [], notes: [`${gap.path}: left out (--max-files ${context.maxFiles ?? ''}: the entry points came first)`] });
    else if (!run.explored.has(gap.path)) {
      run.explored.add(gap.path);
      if (run.api.bins.includes(gap.path)) results.push({ candidates: [], possibleBugs: [], notes: [`${gap.path}: skipped (a bin script: it runs on load with the process's arguments)`] });
      else if (isNonApiPath(gap.path)) results.push({ candidates: [], possibleBugs: [], notes: [`${gap.path}: skipped (not part of the package API: benchmark, example, config or test)`] });
      else results.push(await exploreFile(gap.path, run, context, 'file'));
    }
    return { candidates: results.flatMap((r) => r.candidates), possibleBugs: results.flatMap((r) => r.possibleBugs), notes: results.flatMap((r) => r.notes) };
  },
};
