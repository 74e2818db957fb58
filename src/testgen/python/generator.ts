/**
 * The offline Python test generator: runs the helper `explore.py` with the project's
 * interpreter (the first one with coverage.py and pytest), with the README and docs texts whose
 * `>>>` examples it replays, keeps the calls that add covered lines, replays them in a fresh
 * process to drop what is not deterministic, and writes a pytest file
 * `test_generated_<module>.py` next to the project's tests.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultPythonCandidates, findPythonWithCoverage } from '../../analysis/coverage/interpreter.js';
import { packageFilePath } from '../../core/package-paths.js';
import { runContained } from '../../core/sandbox/index.js';
import { mirrorTree, parseHarnessOutput, sensitivePaths, type HarnessReport } from '../js/explore.js';
import { mineLiterals } from '../literals.js';
import type { Gap, GenerationContext, GeneratorResult, PossibleBug, TestGenerator } from '../types.js';
import { emitPytestFile } from './emit.js';
import type { PyObservedTest } from './types.js';

/** Python argument pools by kind (Python source). */
export const PYTHON_POOLS: Readonly<Record<string, string[]>> = {
  number: ['1', '0', '-1', '2', '3', '10', '0.5', '-2.5', '100', '1000', 'float("inf")', 'float("nan")'],
  str: ['"abc"', '""', '"a"', '"Hello World"', '" padded "', '"1"', '"1.5"', '"a,b"', '"a b c"', '"ABC"'],
  bool: ['True', 'False'],
  list: [
    '[1, 2, 3]',
    '[]',
    '["a", "b"]',
    '[3, 1, 2]',
    '[(0, 0), (1, 0), (1, 1)]',
    '[(0, 0), (4, 0), (4, 3), (0, 3)]',
    '[None]',
    '(1, 2)',
  ],
  dict: ['{"a": 1}', '{}', 'None', '{"a": 1, "b": "x"}'],
  callable: ['lambda *a: a[0] if a else None', 'lambda *a: True', 'lambda *a: False'],
  any: ['None', '0', '1', '-1', '""', '"abc"', 'True', 'False', '[]', '[1, 2, 3]', '{}', '2.5'],
};

/** The helper script's path: beside this module's source (`scripts/copy-assets.mjs` copies it into `dist`). */
export function pythonHelperPath(): string {
  return packageFilePath('testgen/python/explore.py');
}

/** The dotted module name and the import root of a Python source file. */
export function pythonModuleOf(file: string): { module: string; importRoot: string } {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts[0] === 'src' && parts.length > 1) return { module: parts.slice(1).join('.'), importRoot: 'src' };
  return { module: parts.join('.'), importRoot: '.' };
}

interface PyState {
  python: string | null;
  reason: string | null;
  testDir: string;
  testTexts: string[];
  /** README and docs files (path, text): their `>>>` examples are realistic calls. */
  docs: { file: string; text: string }[];
}

/** A call still running after this long is recorded as hung and skipped. */
const CALL_TIMEOUT_MS = 250;

/** README and documentation files whose `>>>` examples the explorer runs (at most 20, 200 KB each). */
const PY_DOCS = /^(readme[^/]*|docs?\/.*\.(rst|md|txt))$/i;

async function state(context: GenerationContext): Promise<PyState> {
  const known = context.memo.get('offline-python') as Promise<PyState> | undefined;
  if (known) return known;
  const made = (async (): Promise<PyState> => {
    const { interpreter, tried } = await findPythonWithCoverage(defaultPythonCandidates(context.root), {
      signal: context.signal,
    });
    const tests = context.index.files.filter((f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f.path));
    const dirs = new Map<string, number>();
    for (const t of tests)
      dirs.set(path.posix.dirname(t.path), (dirs.get(path.posix.dirname(t.path)) ?? 0) + 1);
    const testDir = [...dirs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'tests';
    const testTexts = await Promise.all(
      tests.slice(0, 50).map((t) => context.index.read(t.path).catch(() => '')),
    );
    const docFiles = context.index.files.map((f) => f.path).filter((f) => PY_DOCS.test(f)).slice(0, 20);
    const texts = await Promise.all(docFiles.map((f) => context.index.read(f).catch(() => '')));
    const docs = docFiles.map((file, i) => ({ file, text: (texts[i] ?? '').slice(0, 200_000) })).filter((d) => d.text.includes('>>>'));
    return {
      docs,
      python: interpreter?.path ?? null,
      reason: interpreter ? null : `no Python interpreter with coverage.py and pytest (${tried.join('; ')})`,
      testDir,
      testTexts,
    };
  })();
  context.memo.set('offline-python', made);
  return made;
}

let runs = 0;

async function runHelper(
  python: string,
  job: Record<string, unknown>,
  context: GenerationContext,
  timeoutMs: number,
): Promise<HarnessReport> {
  runs += 1;
  // Same layout as the JS harness (see js/explore.ts): the audit hook allows writes under box/ only.
  const dir = path.join(context.workDir, `py-${process.pid}-${runs}`);
  const box = path.join(dir, 'box');
  const cwd = path.join(box, 'cwd');
  await mirrorTree(cwd, context.index.files.map((f) => f.path));
  const jobFile = path.join(dir, 'job.json');
  const outFile = path.join(dir, 'out.jsonl');
  await fs.writeFile(jobFile, JSON.stringify({ ...job, allowed_dir: await fs.realpath(box) }));
  await fs.writeFile(outFile, '');
  const run = await runContained(python, [pythonHelperPath(), jobFile, outFile], {
    cwd,
    scratch: cwd,
    writable: [dir],
    env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    timeoutMs,
    signal: context.signal,
    maxOutputBytes: 64 * 1024,
  });
  const report = parseHarnessOutput(await fs.readFile(outFile, 'utf8').catch(() => ''));
  if (run.timedOut) report.notes.push('stopped at the deadline (a call may hang)');
  else if (!report.completed && run.exitCode !== 0)
    report.notes.push(
      `helper exited ${run.exitCode ?? run.signal}: ${run.stderr.trim().split('\n').slice(-2).join(' ')}`,
    );
  await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  return report;
}

/**
 * The offline Python generator.
 *
 * @example
 * const result = await offlinePythonGenerator.generate(gap, context);
 * result.candidates[0]?.testFile; // 'tests/test_generated_shapes_area.py'
 */
export const offlinePythonGenerator: TestGenerator = {
  id: 'offline-python',
  description:
    'Coverage-guided calls of public functions and classes with the project interpreter (coverage.py), emitting pytest tests',
  supports: (gap) => gap.language === 'python',
  async generate(gap: Gap, context: GenerationContext): Promise<GeneratorResult> {
    const s = await state(context);
    if (!s.python)
      return { candidates: [], possibleBugs: [], notes: [`${gap.path}: ${s.reason ?? 'no interpreter'}`] };
    const remaining = context.deadline - Date.now();
    if (remaining < 2_000) return { candidates: [], possibleBugs: [], notes: [`${gap.path}: no time left`] };
    const { module, importRoot } = pythonModuleOf(gap.path);
    const mined = mineLiterals([await context.index.read(gap.path), ...s.testTexts]);
    const pools = {
      ...PYTHON_POOLS,
      number: [...new Set([...(PYTHON_POOLS['number'] ?? []), ...mined.numbers.slice(0, 20)])],
      str: [...new Set([...(PYTHON_POOLS['str'] ?? []), ...mined.strings.slice(0, 20)])],
    };
    const budgetS = Math.min(10, Math.max(1, remaining / 3000));
    const job = {
      module,
      sys_path: [path.join(context.root, importRoot)],
      coverage_root: context.root,
      budget_s: budgetS,
      max_calls: 120,
      seed: 20240611,
      pools,
      memory_mb: context.memoryMb,
      sensitive_paths: sensitivePaths(context.root, context.workDir),
      docs: s.docs,
      call_timeout_s: CALL_TIMEOUT_MS / 1000,
      mode: 'explore',
    };
    const timeoutMs = budgetS * 1000 + 15_000;
    const explored = await runHelper(s.python, job, context, timeoutMs);
    const notes = explored.notes.map((n) => `${gap.path}: ${n}`);
    if (explored.hung.length > 0) notes.push(`${gap.path}: skipped ${explored.hung.length} call(s) that ran over ${CALL_TIMEOUT_MS} ms (${explored.hung.slice(0, 3).join('; ')})`);
    if (explored.refused.length > 0) notes.push(`${gap.path}: dropped ${explored.refused.length} call(s) the sandbox refused (${explored.refused.slice(0, 3).join('; ')})`);
    const possibleBugs: PossibleBug[] = explored.bugs.map((b) => ({
      file: gap.path,
      target: b.access.join('.'),
      input: `${b.access.join('.')}(${b.args.join(', ')})`,
      error: `${b.error.name ?? 'Exception'}: ${b.error.message ?? ''}`,
      foundBy: 'generation',
    }));
    let kept = explored.tests as unknown as PyObservedTest[];
    for (let round = 0; round < 2 && kept.length > 0; round += 1) {
      const replay = await runHelper(
        s.python,
        { ...job, mode: 'replay', tests: kept.map((t) => t.test) },
        context,
        timeoutMs,
      );
      if (!replay.completed) {
        notes.push(`${gap.path}: replay did not complete`);
        kept = [];
        break;
      }
      const outcomes = new Map(replay.replays.map((r) => [r.index, JSON.stringify(r.outcome)]));
      const next = kept.filter((t, i) => JSON.stringify(t.outcome) === outcomes.get(i));
      if (next.length === kept.length) break;
      notes.push(`${gap.path}: dropped ${kept.length - next.length} non-deterministic call(s)`);
      kept = next;
      if (round === 1) kept = [];
    }
    if (kept.length === 0)
      return { candidates: [], possibleBugs, notes: [...notes, `${gap.path}: no call added coverage`] };
    let testFile = '';
    const stem = module.replace(/\./g, '_');
    for (let n = 1; ; n += 1) {
      testFile = path.posix.join(s.testDir, `test_generated_${stem}${n > 1 ? `_${n}` : ''}.py`);
      if (!context.reservedPaths.has(testFile)) break;
    }
    context.reservedPaths.add(testFile);
    return {
      candidates: [
        {
          id: `offline-python:${gap.path}`,
          generator: 'offline-python',
          targetFile: gap.path,
          testFile,
          runner: 'pytest',
          content: emitPytestFile(kept, { sourceFile: gap.path, module }),
          testCases: kept.length,
        },
      ],
      possibleBugs,
      notes,
    };
  },
};
