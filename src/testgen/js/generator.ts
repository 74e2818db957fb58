/**
 * The offline JS/TS test generator: explores a module in a child process (coverage-guided
 * calls), keeps the calls that add coverage, replays them in a fresh process to drop what is
 * not deterministic, and writes a test file in the project's runner and module style.
 *
 * @module
 */
import { getLogger } from '../../core/logger.js';
import { mineLiterals } from '../literals.js';
import type { CandidateTestFile, Gap, GenerationContext, GeneratorResult, PossibleBug, TestGenerator } from '../types.js';
import { emitJsTestFile } from './emit.js';
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
}

async function state(context: GenerationContext): Promise<JsRunState> {
  const key = 'offline-js';
  const known = context.memo.get(key) as Promise<JsRunState> | undefined;
  if (known) return known;
  const made = (async (): Promise<JsRunState> => {
    const style = await detectJsStyle(context.index);
    if ('reason' in style) return { style: null, reason: style.reason, tree: null, testTexts: [] };
    const tree = await prepareLoadTree(context.index, context.workDir, style.esmPackage);
    const testTexts = await Promise.all(style.testFiles.slice(0, 50).map((f) => context.index.read(f).catch(() => '')));
    return { style, reason: null, tree, testTexts };
  })();
  context.memo.set(key, made);
  return made;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Replays `tests` in fresh processes until their outcomes repeat (at most two rounds); drops the rest. */
async function deterministic(tests: ObservedTest[], job: HarnessJob, context: GenerationContext, timeoutMs: number): Promise<{ kept: ObservedTest[]; dropped: number }> {
  let current = tests;
  let dropped = 0;
  for (let round = 0; round < 2 && current.length > 0; round += 1) {
    const replay = await runHarness(
      { ...job, mode: 'replay', tests: current.map((t) => t.test) },
      { workDir: context.workDir, timeoutMs, memoryMb: context.memoryMb, signal: context.signal, readable: [context.root, job.coverageRoot], mirror: context.index.files.map((f) => f.path) },
    );
    if (!replay.completed) return { kept: [], dropped: dropped + current.length };
    const outcomes = new Map(replay.replays.map((r) => [r.index, r.outcome]));
    const next = current.filter((t, i) => same(t.outcome, outcomes.get(i)));
    dropped += current.length - next.length;
    if (next.length === current.length) return { kept: next, dropped };
    current = next;
  }
  return { kept: [], dropped: dropped + current.length };
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
    const file = run.tree.fileFor(gap.path);
    if (!file) return { candidates: [], possibleBugs: [], notes: [`${gap.path}: cannot be loaded (${run.tree.notes.join('; ') || 'not transpiled'})`] };
    const source = await context.index.read(gap.path);
    const pools: ValuePools = poolsWith(mineLiterals([source, ...run.testTexts]));
    const remaining = context.deadline - Date.now();
    if (remaining < 2_000) return { candidates: [], possibleBugs: [], notes: [`${gap.path}: no time left`] };
    const budgetMs = Math.min(8_000, Math.max(1_000, remaining / 3));
    const commonJs = run.tree.isCommonJs(gap.path);
    const job: HarnessJob = {
      file,
      kind: commonJs ? 'cjs' : 'esm',
      coverageRoot: run.tree.root,
      budgetMs,
      maxCallsPerTarget: 150,
      seed: 20240611,
      hints: extractTypeHints(source),
      pools,
      sensitivePaths: sensitivePaths(run.tree.root, context.root, context.workDir),
      mode: 'explore',
    };
    const timeoutMs = budgetMs + 10_000;
    const explored = await runHarness(job, { workDir: context.workDir, timeoutMs, memoryMb: context.memoryMb, signal: context.signal, readable: [context.root, run.tree.root], mirror: context.index.files.map((f) => f.path) });
    const notes = explored.notes.map((n) => `${gap.path}: ${n}`);
    if (explored.refused.length > 0) notes.push(`${gap.path}: dropped ${explored.refused.length} call(s) the sandbox refused (${explored.refused.slice(0, 3).join('; ')})`);
    const possibleBugs: PossibleBug[] = explored.bugs.map((b) => ({
      file: gap.path,
      target: b.access.join('.'),
      input: `${b.access.join('.')}(${b.args.join(', ')})`,
      error: `${b.error.name ?? 'Error'}: ${b.error.message ?? ''}`,
      foundBy: 'generation',
    }));
    const { kept, dropped } = await deterministic(explored.tests, job, context, timeoutMs);
    if (dropped > 0) notes.push(`${gap.path}: dropped ${dropped} non-deterministic call(s)`);
    log.debug('explored', { file: gap.path, observed: explored.tests.length, kept: kept.length, bugs: possibleBugs.length });
    if (kept.length === 0) return { candidates: [], possibleBugs, notes: [...notes, `${gap.path}: no call added coverage`] };
    const testFile = generatedTestPath(gap.path, run.style, context.reservedPaths);
    context.reservedPaths.add(testFile);
    const esm = run.style.runner === 'vitest' || run.style.typescript || run.style.esmPackage || testFile.endsWith('.mjs');
    const candidate: CandidateTestFile = {
      id: `offline-js:${gap.path}`,
      generator: 'offline-js',
      targetFile: gap.path,
      testFile,
      runner: run.style.runner,
      content: emitJsTestFile(kept, {
        style: run.style,
        sourceFile: gap.path,
        specifier: importSpecifier(testFile, gap.path, run.style),
        commonJs: commonJs && !run.style.typescript,
        esm,
      }),
      testCases: kept.length,
    };
    return { candidates: [candidate], possibleBugs, notes: notes.filter((n) => !n.includes('targets:')) };
  },
};
