/**
 * Incremental coverage, only where exact (issue 16): can the coverage of a whole node:test suite
 * be rebuilt from per-test-file parts, so that after a change only some test files re-run?
 *
 * node:test runs each test file in its own process, and under `NODE_V8_COVERAGE` every process
 * writes its own V8 data file. This bench takes one full run of a repository's suite (planned and
 * contained exactly as the coverage agent runs it), attributes each data file to the test file
 * it ran (the project files a process loaded; a test file is the entry of exactly one process),
 * then (on a copy of the clone) rebuilds the figure from the full run's data of every other test
 * file plus a fresh run of the ones re-run, and compares it with a full run (c8 conversion and our
 * line rules, as the agent computes the figure): on the unchanged tree for each of up to K test
 * files re-run alone, and after a one-file source change (one executable line appended to the
 * source loaded by the fewest test processes) with the test files whose processes loaded it
 * re-run. It also counts the processes that belong to no test file (node subprocesses started by
 * tests: their data cannot be given to a test file), which make a per-test-file cache inexact.
 *
 * Run: npx tsx bench/coverage-split.ts DIR [--only a,b] [--max K]
 *      npx tsx bench/coverage-split.ts --repo DIR [--max K]      one node:test repository (e.g. test/fixtures/js-lib)
 *      npx tsx bench/coverage-split.ts --pytest-example PYTHON    the counter-example for pytest (an interpreter with
 *                                                                 pytest and coverage.py, e.g. /usr/bin/python3)
 *   DIR  a folder of clones named as in bench/real-repos.list (only `js:node-test` rows are used),
 *        with their dependencies installed (see bench/real-repos.ts --install); the clones are
 *        only read (every run is contained with a read-only tree; data goes to a temporary folder).
 *
 * Prints, per repository: processes, attributed, unattributed, the full run's figure and time, and
 * per re-run test file: the merged figure, whether every file's covered line set equals the full
 * run's, and the re-run's time.
 *
 * @module
 */
import { existsSync, promises as fs, readdirSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { applyV8LineRules, mapCoverage } from '../src/analysis/coverage/measure.js';
import { collectCoverage, isPlan, planJsTestRun, type JsTestPlan } from '../src/analysis/test-runner/index.js';
import { projectCacheDirs, runContained } from '../src/core/sandbox/index.js';
import { buildProjectIndex } from '../src/project/index.js';
import type { ProjectIndex } from '../src/project/types.js';

const LIST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'real-repos.list');
type Figure = { covered: number; total: number; lines: Map<string, string> };

/** Project files (relative, loaded as modules) of one V8 data file, in load order. */
function loadedFiles(file: string, root: string): string[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { result: { url: string }[] };
  return data.result
    .map((s) => s.url)
    .filter((u) => u.startsWith('file://'))
    .map((u) => fileURLToPath(u))
    .filter((p) => p.startsWith(root + path.sep) && !p.includes(`${path.sep}node_modules${path.sep}`))
    .map((p) => path.relative(root, p));
}

/** The files `node --test` runs when given no file (Node 20's documented patterns; node_modules never). */
const NODE_TEST_FILE = picomatch(['**/*.test.?(c|m)js', '**/*-test.?(c|m)js', '**/*_test.?(c|m)js', '**/test-*.?(c|m)js', '**/test.?(c|m)js', '**/test/**/*.?(c|m)js'], { dot: false });

/**
 * Which process ran which test file: a process's entry is the first project file it loaded (V8
 * lists scripts in the order they were compiled). A process whose entry is a file node's test
 * runner runs is that test file's process; any other process with project files is a subprocess
 * started by some test (unattributed); processes without project files are the runner's own.
 */
function attribute(dir: string, root: string): { byTest: Map<string, string>; runner: string[]; unattributed: string[] } {
  const byTest = new Map<string, string>();
  const runner: string[] = [];
  const unattributed: string[] = [];
  for (const name of dataFiles(dir)) {
    const entry = loadedFiles(path.join(dir, name), root)[0];
    if (entry === undefined) runner.push(name);
    else if (NODE_TEST_FILE(entry) && !byTest.has(entry)) byTest.set(entry, name);
    else unattributed.push(name);
  }
  return { byTest, runner, unattributed };
}

/** The data files of a V8 folder, sorted. */
function dataFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

/** The line figure of a V8 data folder, as the coverage agent computes it (c8, then our line rules on the measured set). */
async function figureOf(index: ProjectIndex, plan: JsTestPlan, v8Dir: string, tmp: string): Promise<Figure> {
  const sandbox = { scratch: await scratchDir(tmp), writable: [tmp] };
  const data = await collectCoverage({ ...plan, coverage: { kind: 'v8', v8Dir, c8: plan.coverage.kind === 'v8' ? plan.coverage.c8 : null } }, { tmpDir: tmp, sandbox, timeoutMs: 600_000, root: index.root });
  if (!data) throw new Error(`no coverage data in ${v8Dir}`);
  const set = new Set(plan.fileSet.files);
  const files = mapCoverage(data.raw, index, 'js', { reportDir: plan.cwd }).files.filter((f) => set.has(f.path));
  await applyV8LineRules(index, 'js', files, set);
  const lines = new Map(files.map((f) => [f.path, [...(f.lines ?? new Map())].filter(([, hits]) => hits > 0).map(([l]) => l).sort((a, b) => a - b).join(',')]));
  return { covered: files.reduce((n, f) => n + f.linesCovered, 0), total: files.reduce((n, f) => n + f.linesTotal, 0), lines };
}

async function scratchDir(tmp: string): Promise<string> {
  const dir = path.join(tmp, `home-${Math.random().toString(36).slice(2)}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** Runs `files` (all when undefined) of the suite with coverage; returns the plan, its V8 folder and the wall time. */
async function run(index: ProjectIndex, tmp: string, files?: string[]): Promise<{ plan: JsTestPlan; v8Dir: string; seconds: number; exit: number | null }> {
  const outDir = await fs.mkdtemp(path.join(tmp, 'run-'));
  const plan = await planJsTestRun(index, { outDir, ...(files ? { files } : {}) });
  if (!isPlan(plan) || plan.coverage.kind !== 'v8' || !plan.coverage.v8Dir) throw new Error(`no node:test plan: ${isPlan(plan) ? plan.runner : plan.reason}`);
  const started = performance.now();
  const r = await runContained(plan.command, plan.args, { cwd: plan.cwd, scratch: await scratchDir(outDir), writable: [outDir], cacheDirs: projectCacheDirs(index.root), env: plan.env, timeoutMs: 900_000 });
  return { plan, v8Dir: plan.coverage.v8Dir, seconds: (performance.now() - started) / 1000, exit: r.exitCode };
}

const pct = (f: Figure) => `${f.covered}/${f.total} (${((100 * f.covered) / Math.max(1, f.total)).toFixed(2)} %)`;

/** The line sets that differ between two figures (file names), empty when identical. */
const differing = (a: Figure, b: Figure) => [...new Set([...a.lines.keys(), ...b.lines.keys()])].filter((f) => a.lines.get(f) !== b.lines.get(f));

/** A copy of a clone without node_modules and .git (node_modules linked), in `tmp`. */
async function copyOf(clone: string, tmp: string): Promise<string> {
  const root = path.join(tmp, 'repo');
  await fs.cp(clone, root, { recursive: true, filter: (src) => !/[\\/](node_modules|\.git)$/.test(src) });
  if (existsSync(path.join(clone, 'node_modules'))) await fs.symlink(path.join(clone, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return realpathSync(root);
}

/** One executable line appended (valid in a script and in a module): the one-file source change. */
const CHANGE = '\n;globalThis.__empathySplitProbe = (globalThis.__empathySplitProbe ?? 0) + 1;\n';

async function measure(name: string, clone: string, max: number): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-split-'));
  try {
    const root = await copyOf(clone, tmp);
    let index = await buildProjectIndex(root, { cache: false });
    const before = await run(index, tmp);
    const sources = new Set(before.plan.fileSet.files);
    const { byTest, runner, unattributed } = attribute(before.v8Dir, root);
    const beforeFigure = await figureOf(index, before.plan, before.v8Dir, tmp);
    console.log(`\n${name}: ${before.plan.display}: ${dataFiles(before.v8Dir).length} processes, ${byTest.size} attributed to a test file, ${runner.length} runner, ${unattributed.length} unattributed (subprocesses of tests)`);
    console.log(`  full run: ${pct(beforeFigure)} in ${before.seconds.toFixed(1)} s (exit ${before.exit})`);
    if (unattributed.length > 0) console.log(`  unattributed processes run: ${[...new Set(unattributed.map((n) => loadedFiles(path.join(before.v8Dir, n), root)[0]))].slice(0, 6).join(', ')}`);
    /** Rebuilds the figure from the full run's data of every test file but `rerun`, plus a fresh run of `rerun`. */
    const merged = async (rerun: string[], label: string, reference: Figure, referenceSeconds: number) => {
      const alone = await run(index, tmp, rerun);
      const dir = await fs.mkdtemp(path.join(tmp, 'merged-'));
      for (const [other, file] of byTest) if (!rerun.includes(other)) await fs.copyFile(path.join(before.v8Dir, file), path.join(dir, file));
      for (const file of unattributed) await fs.copyFile(path.join(before.v8Dir, file), path.join(dir, file));
      for (const file of dataFiles(alone.v8Dir)) await fs.copyFile(path.join(alone.v8Dir, file), path.join(dir, `rerun-${file}`));
      const figure = await figureOf(index, before.plan, dir, tmp);
      const diff = differing(reference, figure);
      console.log(`  ${label}: re-ran ${rerun.length} test file(s) in ${alone.seconds.toFixed(1)} s (${(alone.seconds / referenceSeconds).toFixed(2)}x the full run), merged ${pct(figure)} vs full ${pct(reference)}: ${diff.length === 0 ? 'every file\'s covered lines identical' : `covered lines differ in ${diff.join(', ')}`}`);
    };
    // Unchanged tree: each of up to `max` test files (most files loaded first) re-run alone.
    const tests = [...byTest.keys()].sort((a, b) => loadedFiles(path.join(before.v8Dir, byTest.get(b)!), root).length - loadedFiles(path.join(before.v8Dir, byTest.get(a)!), root).length || a.localeCompare(b));
    for (const test of tests.slice(0, max)) await merged([test], `unchanged tree, ${test}`, beforeFigure, before.seconds);
    // One-file source change: the source loaded by the fewest test processes gets one more line.
    const loaders = (file: string) => [...byTest].filter(([, data]) => loadedFiles(path.join(before.v8Dir, data), root).includes(file)).map(([test]) => test);
    const target = [...sources].map((f) => ({ f, n: loaders(f).length })).filter((x) => x.n > 0).sort((a, b) => a.n - b.n || a.f.localeCompare(b.f))[0];
    if (!target) return void console.log('  no source file loaded by an attributed test process: no change measured');
    await fs.appendFile(path.join(root, target.f), CHANGE);
    index = await buildProjectIndex(root, { cache: false });
    const after = await run(index, tmp);
    const afterFigure = await figureOf(index, after.plan, after.v8Dir, tmp);
    await merged(loaders(target.f), `after one line added to ${target.f} (loaded by ${target.n} of ${byTest.size} test processes)`, afterFigure, after.seconds);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** The tiny pytest project of the counter-example: a module imported lazily by both test files. */
const PYTEST_EXAMPLE: Record<string, string> = {
  'pkg/__init__.py': '',
  'pkg/core.py': 'def use_lazy():\n    from pkg import lazy\n    return lazy.value()\n\n\ndef plain(x):\n    return x + 1\n',
  'pkg/lazy.py': 'CONST = 41\n\n\ndef value():\n    return CONST + 1\n',
  'tests/test_a.py': 'from pkg.core import use_lazy\n\n\ndef test_a():\n    assert use_lazy() == 42\n',
  'tests/test_b.py': 'from pkg.core import plain, use_lazy\n\n\ndef test_b():\n    assert plain(1) == 2\n    assert use_lazy() == 42\n',
  '.coveragerc': '[run]\ndynamic_context = test_function\nsource = pkg\n',
};

/**
 * pytest in one process, per-test-file line sets from coverage.py's per-test contexts: test_a
 * and test_b both call a function that imports `pkg.lazy`; its module body runs once, under
 * test_a's context. test_a then stops calling it. The merge (test_b's cached set, the collection
 * context, test_a re-run) misses the module body a full run still covers (through test_b).
 */
async function pytestExample(python: string): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-split-py-'));
  try {
    for (const [file, text] of Object.entries(PYTEST_EXAMPLE)) {
      await fs.mkdir(path.dirname(path.join(tmp, file)), { recursive: true });
      await fs.writeFile(path.join(tmp, file), text);
    }
    const lineSets = async (label: string, tests: string[]): Promise<Map<string, Set<string>>> => {
      const env = { COVERAGE_FILE: path.join(tmp, `${label}.cov`), PYTHONDONTWRITEBYTECODE: '1' };
      const options = { cwd: tmp, scratch: await scratchDir(tmp), writable: [tmp], env, timeoutMs: 120_000 };
      const ran = await runContained(python, ['-m', 'coverage', 'run', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...tests], options);
      if (ran.exitCode !== 0) throw new Error(`pytest failed: ${ran.stdout.slice(-300)}`);
      await runContained(python, ['-m', 'coverage', 'json', '--show-contexts', '-o', `${label}.json`], options);
      const data = JSON.parse(await fs.readFile(path.join(tmp, `${label}.json`), 'utf8')) as { files: Record<string, { contexts: Record<string, string[]> }> };
      const sets = new Map<string, Set<string>>();
      for (const [file, { contexts }] of Object.entries(data.files)) {
        for (const [line, names] of Object.entries(contexts)) {
          for (const name of names) {
            const key = name === '' ? '(collection)' : (name.split('.')[1] ?? name); // tests.test_a.test_a -> test_a
            if (!sets.has(key)) sets.set(key, new Set());
            sets.get(key)!.add(`${file}:${line}`);
          }
        }
      }
      return sets;
    };
    const union = (...sets: (Set<string> | undefined)[]) => new Set(sets.flatMap((s) => [...(s ?? [])]));
    const before = await lineSets('before', ['tests']);
    await fs.writeFile(path.join(tmp, 'tests/test_a.py'), 'from pkg.core import plain\n\n\ndef test_a():\n    assert plain(2) == 3\n');
    const rerun = await lineSets('rerun', ['tests/test_a.py']);
    const full = union(...(await lineSets('after', ['tests'])).values());
    const merged = union(before.get('test_b'), before.get('(collection)'), ...rerun.values());
    const missing = [...full].filter((l) => !merged.has(l)).sort();
    console.log(`\npytest per-test-file contexts (one process): before the change test_a's set is ${[...(before.get('test_a') ?? [])].sort().join(' ')}, test_b's ${[...(before.get('test_b') ?? [])].sort().join(' ')}`);
    console.log(`  after test_a stops calling use_lazy: merged (test_b cached + collection + test_a re-run) ${merged.size} lines vs full run ${full.size} lines; only the full run covers ${missing.join(', ') || 'nothing'}`);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && !['--only', '--max', '--repo', '--pytest-example'].includes(args[i - 1] ?? ''));
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const only = value('--only')?.split(',') ?? null;
  const max = Number(value('--max') ?? 3);
  const python = value('--pytest-example');
  if (python) return pytestExample(python);
  const repo = value('--repo');
  if (repo) return measure(path.basename(repo), realpathSync(repo), max);
  const rows = readFileSync(LIST, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/));
  if (!dir) throw new Error('usage: npx tsx bench/coverage-split.ts DIR [--only a,b] [--max K] | --repo DIR | --pytest-example PYTHON');
  for (const [name, , , kind] of rows) {
    if (kind !== 'js:node-test' || (only && !only.includes(name!))) continue;
    await measure(name!, realpathSync(path.join(dir, name!)), max).catch((error: unknown) => console.log(`\n${name}: not measured: ${error instanceof Error ? error.message : String(error)}`));
  }
}

await main();
