/**
 * Release check on real repositories with large test suites (issue 16). Run:
 * `npx tsx bench/real-suite.ts --repos DIR [--only a,b] [--repeat 3] [--no-build] [--coverage-timeout SECONDS]`.
 *
 * For each repository of `bench/real-suite.list` found in DIR (local clones; see that file for
 * how to obtain them), `--repeat N` interleaved rounds (load average printed per round); round i:
 * 1. by hand: the tools one after another, each its own process (cwd = the clone): the static
 *    baseline of bench/standalone.ts (eslint + security plugins, secretlint, eslint with the
 *    quality rules, jscpd) plus, for JS/TS, tsc (when there is a tsconfig.json) and the test
 *    runner (jest, else vitest) with coverage; for Python, bandit, secretlint, jscpd, mypy and pytest under coverage.py
 *    (with what `pip install -e .` gives: bench/python-by-hand.ts; a run in which pytest did not run the suite is FAILED);
 * 2. `release-prep` cold (the CLI, result cache removed), 3. warm (unchanged tree),
 * 4. static agents after a one-file change (`--agents security_auditor,code_reviewer,
 *    documentation_writer`, the cache of the cold run; the gate without incremental coverage),
 * 5. the whole team after that change, 6. a `--no-cache` run of the whole team on the changed
 *    tree (the reference), 7. the static agents `--no-cache` on the changed tree (their cold time
 *    and their reference); then the file is restored.
 * Each run: wall, CPU and peak RSS (the process tree, sampled from /proc). CPU is user+sys of the
 * process and every reaped descendant, or the sum over the process tree sampled from /proc when
 * larger: a test run contained by bubblewrap (--unshare-pid) is reaped inside its PID namespace
 * and never adds to our children's times (before 2026-12-06 15:40 UTC the cold runs' CPU left it out). Reports compared by value, timings left out
 * (bench/report-compare.ts): warm = cold, change = reference, static change = static reference.
 * Verdicts on the medians: cold wall and CPU <= 1.0x by hand; warm <= 0.05x cold; static agents
 * after the change <= 0.15x their cold time (incremental coverage is not shipped: the 0.35x
 * whole-team gate is printed as a figure, not a verdict).
 *
 * `--runs LIST`: which runs of a round, comma-separated, in this order: `hand`, `cold`,
 * `cold-uncapped`, `cold-base`, `warm`, `static-change`, `change`, `reference`, `static-reference` (default: all
 * but `cold-uncapped` and `cold-base`; warm, static-change and change need cold). `cold-uncapped` is a second cold
 * run with `EMPATHY_WORKER_HEAP_MB=0` (no heap cap on the analysis workers while the suite runs):
 * its peak RSS and its CPU against the cold run's give what the cap saves and costs, and its
 * report must equal the cold one. `cold-base` (with `--base-cli FILE`, the `bin/empathy.js` of
 * another build, e.g. of main in a scratch folder) is the same cold run by that build, before cold
 * in odd rounds and after it in even ones: a change's CPU and wall against the build before it,
 * measured in one run, and the two reports compared. Peak RSS is printed per run kind; the < 1 GiB
 * verdict is over the runs of this build with the default settings (every run but cold-uncapped and cold-base).
 *
 * `--writable-project`: the coverage agent's test run may write into the clone
 * (`analyzers.coverage.writableProject`, a setting only the user config may hold: every release-prep
 * run gets `EMPATHY_CONFIG_DIR` = a folder in the work folder whose config.json is the user's own
 * config plus that key), for a suite that writes beside its fixtures (svelte writes each sample's
 * compiled `_output/`); the by-hand run writes there too.
 *
 * `--runner-caches cold|warm`: the test runners' own caches (jest's transform cache; mypy's). By
 * default the by-hand jest keeps its cache where jest puts it (the OS temporary directory: warm
 * from its second run) while every cold run starts with the result cache removed, the runners'
 * caches in it (`tools/`) too. `cold`: the by-hand jest gets an empty `--cacheDirectory` in the work
 * folder each round too (cold against cold). `warm`: cold runs remove the result cache but keep
 * `tools/` (warm against warm: what a user's next run after a change does).
 *
 * `--coverage-timeout SECONDS`: the deadline of the coverage agent's test run (default: the
 * analyser's 300 s), for a suite that needs longer; given to every release-prep run through a
 * `--policy` file in the work folder (`analyzers.coverage.timeoutSeconds`, and the agent's own
 * deadline `agentTimeouts.test_coverage_analyzer` 300 s above it).
 *
 * The clone is left as it was: the changed file is restored after each round (also on failure),
 * test-runner coverage output goes to a work folder under bench/.corpus/.real-suite/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildProjectIndex, defaultCacheDir } from '../src/project/index.js';
import type { ProjectIndex } from '../src/project/types.js';
import { BENCH_DIR, REPO_ROOT, RssSampler, cpuSeconds, flag, loadAverage, machineLine, mib, parseFlags, secs } from './corpus.js';
import { WORKER_HEAP_CAP_MB } from '../src/analysis/shared/worker-heap-cap.js';
import { workflowEnv } from '../src/analysis/test-runner/evidence.js';
import { userConfigPath } from '../src/workflows/config/user-config.js';
import { compareReports } from './report-compare.js';
import { installedEnv, pytestStep } from './python-by-hand.js';
import { standaloneSteps, type Step } from './standalone.js';
import { median } from './stats.js';

const CLI = path.join(REPO_ROOT, 'bin', 'empathy.js');
const STATIC_AGENTS = 'security_auditor,code_reviewer,documentation_writer';
const PYTHON = '/usr/bin/python3';
const flags = parseFlags(process.argv.slice(2));
const print = (line = '') => process.stdout.write(`${line}\n`);
const tail = (text: string) => text.trim().split('\n').slice(-2).join(' | ').slice(0, 300);

/** One repository of bench/real-suite.list. */
interface Repo { name: string; url: string; commit: string; kind: 'js' | 'py'; change: string }

function readList(): Repo[] {
  const text = readFileSync(path.join(BENCH_DIR, 'real-suite.list'), 'utf8');
  return text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((line) => {
    const [name, url, commit, kind, change] = line.trim().split(/\s+/);
    if (!name || !url || !commit || (kind !== 'js' && kind !== 'py') || !change) throw new Error(`bench/real-suite.list: bad line: ${line}`);
    return { name, url, commit, kind, change };
  });
}

const reposDir = flag(flags, 'repos');
if (!reposDir) {
  print('--repos DIR is required: a folder of local clones named as in bench/real-suite.list (see that file)');
  process.exit(2);
}
const repeat = Number(flag(flags, 'repeat') ?? 3);
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
  print('--repeat: a whole number from 1 to 20');
  process.exit(2);
}
const only = flag(flags, 'only')?.split(',');
const RUN_KINDS = ['hand', 'cold', 'cold-uncapped', 'cold-base', 'warm', 'static-change', 'change', 'reference', 'static-reference'] as const;
const runs = new Set((flag(flags, 'runs') ?? RUN_KINDS.filter((k) => k !== 'cold-uncapped' && k !== 'cold-base').join(',')).split(','));
const unknownRun = [...runs].find((r) => !(RUN_KINDS as readonly string[]).includes(r));
if (unknownRun !== undefined) {
  print(`--runs: unknown run ${unknownRun}; known: ${RUN_KINDS.join(', ')}`);
  process.exit(2);
}
const baseCli = flag(flags, 'base-cli') === undefined ? null : path.resolve(flag(flags, 'base-cli')!);
if (runs.has('cold-base') !== (baseCli !== null) || (baseCli !== null && !existsSync(baseCli))) {
  print('--runs cold-base and --base-cli FILE go together: FILE is the bin/empathy.js of another build (e.g. a build of main)');
  process.exit(2);
}
const writableProject = flags.has('writable-project');
const runnerCaches = flag(flags, 'runner-caches') ?? null;
if (runnerCaches !== null && runnerCaches !== 'cold' && runnerCaches !== 'warm') {
  print('--runner-caches: cold or warm');
  process.exit(2);
}
const coverageTimeout = flag(flags, 'coverage-timeout') === undefined ? null : Number(flag(flags, 'coverage-timeout'));
if (coverageTimeout !== null && !(Number.isInteger(coverageTimeout) && coverageTimeout >= 1)) {
  print('--coverage-timeout: a whole number of seconds');
  process.exit(2);
}

/** Removes the result cache of `root` before a cold run; with `--runner-caches warm`, all but the runners' own caches (`tools/`). */
function clearResultCache(root: string): void {
  const dir = defaultCacheDir(root);
  if (runnerCaches !== 'warm' || !existsSync(dir)) return rmSync(dir, { recursive: true, force: true });
  for (const name of readdirSync(dir)) if (name !== 'tools') rmSync(path.join(dir, name), { recursive: true, force: true });
}

const sampler = new RssSampler();
/** One measured child process. */
interface Run { exit: number | null; wall: number; cpu: number | null; peak: number; stderr: string }

function measure(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  sampler.reset();
  const before = cpuSeconds();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    proc.on('error', reject);
    proc.on('close', (exit) => {
      const after = cpuSeconds();
      const reaped = after.children === null || before.children === null ? null : after.self - before.self + after.children - before.children;
      // A contained test run is reaped inside bubblewrap's PID namespace: its CPU never reaches our
      // children's times, only the sampled process tree sees it (both are lower bounds: the larger).
      const { children: peak, descendantsCpu } = sampler.read();
      const cpu = reaped === null || descendantsCpu === null ? reaped : Math.max(reaped, descendantsCpu);
      resolve({ exit, wall: (performance.now() - t0) / 1000, cpu, peak, stderr });
    });
  });
}

/** The by-hand steps of a repository: the static baseline plus type checking and the test run with coverage. */
async function byHandSteps(repo: Repo, index: ProjectIndex, work: string): Promise<Step[]> {
  const root = index.root;
  const ok = (exit: number | null) => (exit === 0 || exit === 1 ? `exit ${exit}` : `FAILED (exit ${exit})`);
  if (repo.kind === 'js') {
    const steps = standaloneSteps(index, work);
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    if (existsSync(path.join(root, 'tsconfig.json')) && existsSync(tsc))
      steps.push({ short: 'tsc', name: 'tsc --noEmit -p tsconfig.json (the repository\'s TypeScript)', command: process.execPath, args: [tsc, '--noEmit', '-p', 'tsconfig.json'], check: ok });
    // The time zone, locale and NODE_ENV the project's CI sets for its tests, as the coverage agent uses them.
    const ciEnv = (await workflowEnv(root, 'test'))?.env;
    const covered = (exit: number | null) => (existsSync(path.join(work, 'coverage', 'coverage-summary.json')) ? `exit ${exit}, coverage written` : `FAILED (exit ${exit}, no coverage summary)`);
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    if (existsSync(jest)) {
      const jestCache = path.join(work, 'jest-cache');
      const cold = runnerCaches === 'cold' ? [`--cacheDirectory=${jestCache}`] : [];
      if (runnerCaches === 'cold') rmSync(jestCache, { recursive: true, force: true });
      steps.push({ short: 'jest', name: `jest --coverage (report into the work folder${cold.length ? '; an empty cache directory' : ''})`, command: process.execPath, args: [jest, '--coverage', `--coverageDirectory=${path.join(work, 'coverage')}`, '--coverageReporters=json-summary', ...cold], env: ciEnv, check: covered });
      return steps;
    }
    const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
    steps.push({ short: 'vitest', name: 'vitest run --coverage (v8, a report also when a test fails, as the coverage agent asks; into the work folder)', command: process.execPath, args: [vitest, 'run', '--coverage.enabled', '--coverage.reportOnFailure', '--coverage.provider=v8', `--coverage.reportsDirectory=${path.join(work, 'coverage')}`, '--coverage.reporter=json-summary'], env: ciEnv, check: covered });
    return steps;
  }
  // Python: secretlint and jscpd of the static baseline (the ESLint steps have no files), bandit, mypy, pytest under coverage.py.
  const steps = standaloneSteps(index, work).filter((s) => s.short === 'secretlint' || s.short === 'jscpd');
  const py = index.byLanguage('python').map((f) => f.absolutePath);
  writeFileSync(path.join(work, 'py-files.txt'), py.join('\n'));
  steps.unshift({ short: 'bandit', name: 'bandit (Debian python3-bandit) over the Python files', command: PYTHON, args: ['-m', 'bandit', '-q', '-f', 'json', '-o', path.join(work, 'bandit.json'), ...py], check: (exit) => (existsSync(path.join(work, 'bandit.json')) ? `exit ${exit}` : `FAILED (exit ${exit}, no report)`) });
  steps.push({ short: 'mypy', name: 'mypy (Debian) over the package sources', command: PYTHON, args: ['-m', 'mypy', '--no-error-summary', '--cache-dir', path.join(work, 'mypy-cache'), ...py.filter((f) => !/[\\/](tests?|docs|examples)[\\/]/.test(f))], check: ok });
  steps.push(pytestStep(PYTHON, work, await installedEnv(PYTHON, index.root, work)));
  return steps;
}

interface Sequence { wall: number; cpu: number | null; peak: number; parts: string; failed: string | null }

async function byHand(steps: Step[], cwd: string): Promise<Sequence> {
  const out: Sequence = { wall: 0, cpu: 0, peak: 0, parts: '', failed: null };
  const parts: string[] = [];
  for (const step of steps) {
    const r = await measure(step.command, step.args, cwd, step.env ? { ...process.env, ...step.env } : process.env);
    const check = step.check(r.exit);
    out.wall += r.wall;
    out.cpu = out.cpu === null || r.cpu === null ? null : out.cpu + r.cpu;
    out.peak = Math.max(out.peak, r.peak);
    parts.push(`${step.short} ${secs(r.wall)}`);
    if (check.startsWith('FAILED')) out.failed = `${out.failed ? `${out.failed}; ` : ''}${step.short} ${check}: ${tail(r.stderr)}`;
  }
  out.parts = parts.join(' + ');
  return out;
}

interface Cli { run: Run; output: string; agents: string; coverage: unknown }

/** A policy file in `dir` that gives the coverage agent's test run `seconds` (and the agent 300 s more). */
function coveragePolicy(dir: string, seconds: number): string {
  const file = path.join(dir, 'coverage-timeout.policy.json');
  writeFileSync(file, JSON.stringify({ analyzers: { coverage: { timeoutSeconds: seconds } }, agentTimeouts: { test_coverage_analyzer: seconds + 300 } }));
  return file;
}

/** The environment of the release-prep runs: with `--writable-project`, a user config (in `dir`) that lets the test run write into the project. */
function cliEnv(dir: string): NodeJS.ProcessEnv {
  if (!writableProject) return process.env;
  const own = userConfigPath(process.env);
  const config = (own !== null && existsSync(own) ? JSON.parse(readFileSync(own, 'utf8')) : {}) as { analyzers?: Record<string, Record<string, unknown>> };
  const configDir = path.join(dir, 'user-config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ ...config, analyzers: { ...config.analyzers, coverage: { ...config.analyzers?.['coverage'], writableProject: true } } }));
  return { ...process.env, EMPATHY_CONFIG_DIR: configDir };
}

/** One CLI run of release-prep; a string says why it is not a valid measurement. */
async function releasePrep(root: string, output: string, extra: string[], env: NodeJS.ProcessEnv, cliPath = CLI): Promise<Cli | string> {
  rmSync(output, { force: true });
  const policy = coverageTimeout === null ? [] : ['--policy', coveragePolicy(path.dirname(output), coverageTimeout)];
  const run = await measure(process.execPath, [cliPath, 'orchestrate', 'release-prep', '--path', root, '--no-learn', '--format', 'json', '--output', output, ...policy, ...extra], REPO_ROOT, env);
  if ((run.exit !== 0 && run.exit !== 1) || !existsSync(output)) return `exit ${run.exit} after ${secs(run.wall)}, no report: ${tail(run.stderr)}`;
  const report = JSON.parse(readFileSync(output, 'utf8')) as { agent_results?: { agent_id: string; duration_seconds: number; success: boolean; error: string | null; output?: { cached?: boolean; coverage?: unknown; figures?: { coverage?: unknown } } | null }[] };
  const results = report.agent_results ?? [];
  const agents = results.map((a) => `${a.agent_id} ${secs(a.duration_seconds)} ${a.output?.cached ? 'cached' : 'computed'}${a.success ? '' : ` (failed: ${(a.error ?? '').slice(0, 80)})`}`).join(', ');
  const cov = results.find((a) => a.agent_id === 'test_coverage_analyzer')?.output;
  return { run, output, agents, coverage: cov?.coverage ?? cov?.figures?.coverage ?? null };
}

const line = (r: Run) => `${secs(r.wall)} wall, CPU ${r.cpu === null ? 'n/a' : `${r.cpu.toFixed(1)} s`}, peak RSS ${mib(r.peak)}, exit ${r.exit}`;
/** Median of the measured values, null when none was measured. */
const medianOf = (xs: (number | null)[]) => {
  const measured = xs.filter((x): x is number => x !== null);
  return measured.length ? median(measured) : null;
};
const verdict = (ratio: number | null, target: number) => (ratio === null ? 'not measured (NOT MET)' : `${ratio.toFixed(3)} (target <= ${target}: ${ratio <= target ? 'MET' : 'NOT MET'})`);

print(`# bench/real-suite — ${new Date().toISOString()}`);
print(`machine: ${machineLine()}`);
if (!flags.has('no-build')) {
  const t0 = performance.now();
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    print(`build: FAILED: ${tail(`${build.stdout}${build.stderr}`)}`);
    process.exit(1);
  }
  print(`build: npm run build took ${secs((performance.now() - t0) / 1000)} (excluded)`);
} else print('build: skipped (--no-build), measuring dist/ as it is');
if (writableProject) print('the coverage agent\'s test run may write into the clone (--writable-project)');
print(`coverage test-run deadline: ${coverageTimeout === null ? 'the analyser\'s default (300 s)' : `${coverageTimeout} s (--coverage-timeout, through --policy)`}`);

for (const repo of readList().filter((r) => !only || only.includes(r.name))) {
  const root = path.resolve(reposDir, repo.name);
  print(`\n## ${repo.name} (${repo.url} @ ${repo.commit.slice(0, 12)}, ${repo.kind === 'js' ? 'JS/TS' : 'Python'})`);
  if (!existsSync(root)) {
    print(`not measured: no clone at ${root} (see bench/real-suite.list)`);
    continue;
  }
  const head = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  if (head !== repo.commit) print(`note: the clone is at ${head || 'an unknown commit'}, the list pins ${repo.commit}`);
  const changePath = path.join(root, repo.change);
  if (!existsSync(changePath)) {
    print(`not measured: ${repo.change} (the file to change) does not exist in the clone`);
    continue;
  }
  const index = await buildProjectIndex(root, { cache: false });
  const loc = Object.values(index.languages).reduce((s, l) => s + (l?.loc ?? 0), 0);
  print(`index: ${index.files.length} text files, ${loc} non-blank code lines ${JSON.stringify(index.languages)}`);
  const work = path.join(BENCH_DIR, '.corpus', '.real-suite', repo.name);
  rmSync(work, { recursive: true, force: true });
  const original = readFileSync(changePath, 'utf8');
  const appended = repo.kind === 'js'
    ? `\n/** Added by bench/real-suite.ts (one-file change). */\nexport function addedByBench(value) {\n  if (value > 1) return value + 1;\n  return value * 2;\n}\n`
    : `\n\ndef added_by_bench(value):\n    """Added by bench/real-suite.ts (one-file change)."""\n    if value > 1:\n        return value + 1\n    return value * 2\n`;
  const rows: Record<string, (number | null)[]> = {};
  const add = (key: string, v: number | null) => (rows[key] ??= []).push(v);
  const checks: string[] = [];
  /** Highest peak RSS per run kind. */
  const peaks = new Map<string, number>();
  let steps: Step[] = [];
  /** The medians and verdicts over the rounds so far (printed after every round: a run cut short still has them). */
  const summarise = (done: number) => {
    const m = (key: string) => medianOf(rows[key] ?? []);
    const ratio = (a: string, b: string) => {
      const x = m(a);
      const y = m(b);
      return x === null || y === null || y === 0 ? null : x / y;
    };
    print(`after ${done} of ${repeat} rounds, medians: ${Object.keys(rows).map((k) => `${k} ${m(k)?.toFixed(1) ?? 'n/a'}`).join(', ')}`);
    const peak = Math.max(0, ...[...peaks].filter(([k]) => k !== 'cold-uncapped' && k !== 'cold-base').map(([, v]) => v));
    print(`peak RSS of a release-prep run: ${mib(peak)} (highest over the runs with the default settings; target < 1 GiB: ${peak > 0 && peak < 1024 ** 3 ? 'MET' : 'NOT MET'}); per run kind: ${[...peaks].map(([k, v]) => `${k} ${mib(v)}`).join(', ')}`);
    const capCpu = ratio('cold cpu', 'cold-uncapped cpu');
    const baseCpu = ratio('cold cpu', 'cold-base cpu');
    if (baseCpu !== null) print(`this build / --base-cli build, cold: CPU ${baseCpu.toFixed(3)}, wall ${ratio('cold wall', 'cold-base wall')?.toFixed(3) ?? 'n/a'}; peak RSS ${mib(peaks.get('cold') ?? 0)} against ${mib(peaks.get('cold-base') ?? 0)}`);
    if (capCpu !== null) print(`heap cap: cold (capped) / cold-uncapped, CPU ${capCpu.toFixed(3)}, wall ${ratio('cold wall', 'cold-uncapped wall')?.toFixed(3) ?? 'n/a'}; peak RSS ${mib(peaks.get('cold') ?? 0)} capped, ${mib(peaks.get('cold-uncapped') ?? 0)} uncapped`);
    // A gate whose runs were not asked for (--runs) is not a verdict.
    const gate = (a: string, b: string, target: number) =>
      runs.has(a.split(' ')[0]!) && runs.has(b.split(' ')[0]!) ? verdict(ratio(a, b), target) : 'not run (--runs)';
    print(`cold / by hand, wall: ${gate('cold wall', 'hand wall', 1.0)}`);
    print(`cold / by hand, CPU: ${gate('cold cpu', 'hand cpu', 1.0)}`);
    print(`warm / cold, wall: ${gate('warm wall', 'cold wall', 0.05)}`);
    print(`static agents after a one-file change / static agents cold (--no-cache on the changed tree), wall: ${gate('static-change wall', 'static-reference wall', 0.15)}; CPU: ${gate('static-change cpu', 'static-reference cpu', 0.15)}`);
    const whole = ratio('change wall', 'cold wall');
    print(`whole team after the change / cold, wall: ${whole === null ? 'not measured' : whole.toFixed(3)} (the 0.35x target applies with incremental coverage, which is not shipped: a figure, not a verdict)`);
    const identical = checks.length > 0 && checks.every((c) => c.endsWith(': identical'));
    print(`reports identical to a cold run on the same tree: ${identical ? 'MET' : 'NOT MET'} (${checks.length} comparisons)`);
    for (const c of checks) print(`  ${c}`);
  };
  for (let round = 1; round <= repeat; round += 1) {
    print(`round ${round}/${repeat} (load avg ${loadAverage()}):`);
    const dir = path.join(work, `round-${round}`);
    mkdirSync(dir, { recursive: true });
    steps = await byHandSteps(repo, index, dir);
    try {
      writeFileSync(changePath, original);
      if (runs.has('hand')) {
        const hand = await byHand(steps, root);
        print(`  by hand: ${secs(hand.wall)} wall (${hand.parts}), CPU ${hand.cpu === null ? 'n/a' : `${hand.cpu.toFixed(1)} s`}, largest tool ${mib(hand.peak)}${hand.failed ? `; FAILED (left out): ${hand.failed}` : ''}`);
        if (!hand.failed) {
          add('hand wall', hand.wall);
          add('hand cpu', hand.cpu);
        }
      }
      const cli = async (label: string, extra: string[], env: NodeJS.ProcessEnv = cliEnv(dir), cliPath = CLI) => {
        if (!runs.has(label)) return null;
        const r = await releasePrep(root, path.join(dir, `${label}.json`), extra, env, cliPath);
        if (typeof r === 'string') {
          print(`  ${label}: FAILED measurement: ${r}`);
          return null;
        }
        peaks.set(label, Math.max(peaks.get(label) ?? 0, r.run.peak));
        print(`  ${label}: ${line(r.run)}; coverage ${JSON.stringify(r.coverage)}; ${r.agents}`);
        add(`${label} wall`, r.run.wall);
        add(`${label} cpu`, r.run.cpu);
        return r;
      };
      // cold and cold-uncapped alternate their order from round to round; each starts without a cache.
      const uncappedRun = async () => {
        if (!runs.has('cold-uncapped')) return null;
        clearResultCache(root);
        return cli('cold-uncapped', [], { ...cliEnv(dir), EMPATHY_WORKER_HEAP_MB: '0' });
      };
      // cold-base: the same cold run by another build (--base-cli), before cold in odd rounds, after it in even ones.
      const baseRun = async () => {
        if (!runs.has('cold-base') || baseCli === null) return null;
        clearResultCache(root);
        return cli('cold-base', [], cliEnv(dir), baseCli);
      };
      const baseFirst = round % 2 === 1 ? await baseRun() : null;
      const uncappedFirst = round % 2 === 0 ? await uncappedRun() : null;
      clearResultCache(root);
      // With cold-uncapped, cold sets the default cap explicitly: both runs then withhold as many
      // environment variables from the contained test run, which their reports count.
      const cold = await cli('cold', [], runs.has('cold-uncapped') ? { ...cliEnv(dir), EMPATHY_WORKER_HEAP_MB: String(WORKER_HEAP_CAP_MB) } : cliEnv(dir));
      const coldUncapped = round % 2 === 0 ? uncappedFirst : await uncappedRun();
      if (cold && coldUncapped) checks.push(`#${round} cold-uncapped = cold: ${compareReports(coldUncapped.output, cold.output)}`);
      const coldBase = round % 2 === 1 ? baseFirst : await baseRun();
      if (cold && coldBase) checks.push(`#${round} cold-base = cold: ${compareReports(coldBase.output, cold.output)}`);
      const warm = cold ? await cli('warm', []) : null;
      if (cold && warm) checks.push(`#${round} warm = cold: ${compareReports(warm.output, cold.output)}`);
      writeFileSync(changePath, original + appended);
      const staticChange = cold ? await cli('static-change', ['--agents', STATIC_AGENTS]) : null;
      const change = cold ? await cli('change', []) : null;
      const reference = await cli('reference', ['--no-cache']);
      const staticReference = await cli('static-reference', ['--agents', STATIC_AGENTS, '--no-cache']);
      if (change && reference) checks.push(`#${round} change = reference: ${compareReports(change.output, reference.output)}`);
      if (staticChange && staticReference) checks.push(`#${round} static change = static reference: ${compareReports(staticChange.output, staticReference.output)}`);
    } finally {
      writeFileSync(changePath, original);
    }
    summarise(round);
  }
  print('by-hand steps:');
  for (const step of steps) print(`  ${step.short}: ${step.name}`);
}
await sampler.stop();
