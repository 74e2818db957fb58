/**
 * Analysis benchmark (issue 3, "Must show"). Run: `npx tsx bench/analysis.ts [flags]`.
 *
 * It measures the compiled package, as users run it: first it runs `npm run build` (tsc + assets
 * into dist/; skipped with --no-build; its time is printed and excluded from every figure). Then,
 * on a large real corpus fetched from the npm registry (bench/corpus.ts), it prints:
 * 1. lines per second of each analyser alone: a plain `node` child process imports the analyser
 *    and `buildProjectIndex` from dist/ (so its worker threads are the compiled JS, as in
 *    production), builds a fresh index (no cache) and times the `analyze()` call at the
 *    template's tier; once per analyser, or --repeat-analysers times (then the median),
 * 2. the four release-prep analyses together: the real CLI as the child process,
 *    `node bin/empathy.js orchestrate release-prep --path <corpus> --no-learn --format json
 *    --output <file>`, --repeat N cold/warm pairs: each cold run after removing the corpus's
 *    result cache (`defaultCacheDir`, in the user cache directory), each warm run right after its cold one (unchanged tree, result cache
 *    filled by that cold run); wall = the child process from start to exit; each agent's
 *    duration and `output.cached` are read from the JSON report,
 * 3. against the standalone baseline: the equivalent command-line tools, each started as its own
 *    process, one after another (defined in `standaloneSteps()`, see bench/README.md); the whole
 *    sequence runs N times, interleaved with section 2 when both are selected (round i = cold i,
 *    warm i, standalone sequence i) so that both sides see the same machine conditions,
 * 4. peak RSS of each measurement (the child process with its worker threads and its own child
 *    processes),
 * 5. what the machine allows (phase `ceiling`): how two identical child processes started together
 *    scale against one alone, for a loop that touches no memory and for the shared ESLint pass,
 *    and from that the floor of together/standalone on this machine (see bench/README.md),
 * 6. after a one-file change (phase `onechange`, issue 16): on a copy of the corpus, round i =
 *    a cold CLI run (empty cache, original tree), the same run after appending one function to
 *    one source file (cache filled by that cold run), and a `--no-cache` run on the changed tree;
 *    the changed run's report must equal the `--no-cache` one (values compared, timings left
 *    out; bench/report-compare.ts) and its median wall and CPU must be <= 0.15x the cold ones
 *    (change / reference is printed too); the static agents only (`--agents
 *    security_auditor,code_reviewer,documentation_writer`). The appended function is in the
 *    changed file's language (Python for `.py`, an ES module export when the file has one), so
 *    `--corpus-dir <a local clone> --change-file <its source file>` measures a real repository.
 *    With `--watch-changes K`, each round also runs `release-prep --watch` from the cache the
 *    cold run left (saved and restored) and writes K changes to the file, one after another; a
 *    change's CPU is the watch process's (threads and reaped child processes included) between
 *    the write and the end of its run (bench/watch-session.ts); the first change is written once
 *    the watch is idle after run 1 (its warm-up's CPU is printed on its own). The first change's report is
 *    compared with the round's `--no-cache` run, the last change's with one of its own.
 *
 * Every individual run is printed on one line; then the median with min-max of: cold wall, cold
 * CPU, warm wall, standalone sum wall and CPU, and the highest peak RSS over the runs. The ratios
 * and their MET/NOT MET verdicts use the medians: together/standalone = median cold wall / median
 * standalone sum wall, warm/cold = median warm wall / median cold wall; the CPU-seconds ratio
 * (median cold CPU / median standalone CPU) is printed beside it as a steadier figure, not a target.
 * A failed run is printed and left out of the medians (the count of runs behind each is printed).
 *
 * Flags: --corpus large|100k, --package name@version, --corpus-dir DIR (bench/corpus.ts),
 * --repeat N (rounds of sections 2-3, default 3), --repeat-analysers [K] (section 1 K times per
 * analyser, K defaults to N; without the flag once),
 * --tier CHEAP|CAPABLE|PREMIUM (per-analyser phase; default each template's tier),
 * --phases analysers,together,standalone,ceiling,onechange (default the first four; onechange is section 6),
 * --change-file PATH (section 6: the corpus file to change, default lib/shared/string-utils.js),
 * --watch-changes K (section 6: also measure `release-prep --watch` over K changes per round),
 * --no-build (measure dist/ as it is; fails when dist/ has not been built).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildProjectIndex, defaultCacheDir } from '../src/project/index.js';
import type { ProjectIndex } from '../src/project/types.js';
import type { Tier } from '../src/types.js';
import { compareReports } from './report-compare.js';
import { startWatchSession } from './watch-session.js';
import { standaloneSteps, type Step } from './standalone.js';
import { BENCH_DIR, REPO_ROOT, RssSampler, cpuSeconds, flag, loadAverage, machineLine, mib, parseFlags, readJson, resolveCorpus, secs } from './corpus.js';

/** An analyser of dist/: its module (relative to dist/), export, template tier and gate figure. */
interface AnalyserEntry { id: string; tier: Tier; primary: string; module: string; exportName: string }

/** Every analyser, its template's tier and its gate figure; missing modules are reported, not skipped silently. */
const ANALYSERS: AnalyserEntry[] = [
  { id: 'security', tier: 'PREMIUM', primary: 'critical_issues', module: 'analysis/security/analyzer.js', exportName: 'securityAnalyzer' },
  { id: 'coverage', tier: 'CAPABLE', primary: 'coverage', module: 'analysis/coverage/analyzer.js', exportName: 'coverageAnalyzer' },
  { id: 'quality', tier: 'CAPABLE', primary: 'quality_score', module: 'analysis/quality/analyzer.js', exportName: 'qualityAnalyzer' },
  { id: 'documentation', tier: 'CHEAP', primary: 'doc_coverage', module: 'analysis/documentation/analyzer.js', exportName: 'documentationAnalyzer' },
  { id: 'architecture', tier: 'PREMIUM', primary: 'circular_dependencies', module: 'analysis/architecture/analyzer.js', exportName: 'architectureAnalyzer' },
  { id: 'refactoring', tier: 'CAPABLE', primary: 'duplication_pct', module: 'analysis/refactoring/analyzer.js', exportName: 'refactoringAnalyzer' },
  { id: 'performance', tier: 'CAPABLE', primary: 'smells_total', module: 'analysis/performance/analyzer.js', exportName: 'performanceAnalyzer' },
];

const DIST = path.join(REPO_ROOT, 'dist');
const CLI = path.join(REPO_ROOT, 'bin', 'empathy.js');
const flags = parseFlags(process.argv.slice(2));
const phases = new Set((flag(flags, 'phases') ?? 'analysers,together,standalone,ceiling').split(','));
const tierOverride = flag(flags, 'tier') as Tier | undefined;
const print = (line = '') => process.stdout.write(`${line}\n`);
const tail = (text: string, lines = 3) => text.trim().split('\n').slice(-lines).join(' | ');

/** A whole-number flag from 1 to 50; `bare` is its value when the flag is given without one. */
function countFlag(name: string, absent: number, bare: number | null): number {
  const value = flags.get(name);
  if (value === undefined) return absent;
  if (value === true && bare !== null) return bare;
  const n = Number(value);
  if (value === true || !Number.isInteger(n) || n < 1 || n > 50) {
    print(`--${name}: expected a whole number from 1 to 50, got ${value === true ? 'nothing' : value}; e.g. --${name} 3`);
    process.exit(1);
  }
  return n;
}
const REPEAT = countFlag('repeat', 3, null);
/** `--watch-changes K`: section 6 also measures `release-prep --watch` over K one-file changes per round (0: not measured). */
const WATCH_CHANGES = flags.has('watch-changes') ? countFlag('watch-changes', 1, 1) : 0;
const ANALYSER_REPEAT = countFlag('repeat-analysers', 1, REPEAT);

/** Median with min and max of the valid runs of one figure. */
interface Spread { median: number; min: number; max: number; n: number }
function spread(values: readonly (number | null)[]): Spread | null {
  const s = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}
const cpuText = (seconds: number | null) => (seconds === null ? 'CPU not measured (no /proc)' : `CPU ${seconds.toFixed(1)} s`);
const cpuUnit = (seconds: number) => `${seconds.toFixed(1)} s`;
const spreadText = (s: Spread | null, unit: (v: number) => string = secs) =>
  s ? `median ${unit(s.median)} (min ${unit(s.min)}, max ${unit(s.max)}, spread ${s.median > 0 ? Math.round(((s.max - s.min) / s.median) * 100) : 0} % of the median; ${s.n} run${s.n === 1 ? '' : 's'})` : 'not measured (no valid run)';

/** CPU seconds since a {@link cpuSeconds} reading: this process + its reaped children; null without /proc. */
function cpuTotal(before: ReturnType<typeof cpuSeconds>): number | null {
  const now = cpuSeconds();
  if (now.children === null || before.children === null) return null;
  return now.self - before.self + now.children - before.children;
}

/**
 * The child process of section 1, plain JavaScript run by `node` (no tsx): imports one analyser and
 * `buildProjectIndex` from dist/, times `analyze()` on a fresh index and prints one JSON line.
 * argv: dist dir, analyser module (relative to dist), export name, gate figure, tier, corpus root.
 */
const ANALYSER_CHILD = `import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [dist, modulePath, exportName, primary, tier, root] = process.argv.slice(2);
const load = (relative) => import(pathToFileURL(path.join(dist, relative)).href);
const done = (result) => { process.stdout.write(JSON.stringify(result) + '\\n'); process.exit(0); };
let analyzer;
try {
  analyzer = (await load(modulePath))[exportName];
  if (!analyzer) throw new Error('dist/' + modulePath + ' has no export ' + exportName);
} catch (error) {
  done({ absent: String(error?.message ?? error).split('\\n')[0] });
}
const { buildProjectIndex } = await load('project/index.js');
const index = await buildProjectIndex(root, { cache: false });
const t0 = performance.now();
const report = await analyzer.analyze(index, { tier });
const seconds = (performance.now() - t0) / 1000;
const value = report.figures[primary];
done({ tier, seconds, value: value ?? null, findings: report.findings.length, files: report.filesCounted, notMeasured: report.notMeasured.map((n) => n.what + ': ' + n.reason) });
`;

/** Runs `npm run build` (tsc + assets into dist/) unless --no-build; exits 1 when it fails. */
/**
 * The child process of section 5 (plain JavaScript, run by `node`): `alu` spins a loop that
 * touches no memory; `eslint` runs the shared ESLint pass of the release-prep team (security
 * PREMIUM + quality CAPABLE rule sets, as the CLI plans it) over the corpus on its own thread,
 * in one chunk, from dist/. Prints `{ seconds }` of that work.
 */
const CEILING_CHILD = `import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [dist, mode, root] = process.argv.slice(2);
const load = (relative) => import(pathToFileURL(path.join(dist, relative)).href);
if (mode === 'alu') {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 4e8; i++) x = (x + i * 7) % 1000003;
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, x }) + '\\n');
} else {
  const { buildProjectIndex } = await load('project/index.js');
  const { runEslintPass } = await load('analysis/shared/eslint-pass.js');
  const { securityEslintConsumer } = await load('analysis/security/eslint-lint.js');
  const { qualityEslintConsumer } = await load('analysis/quality/lint-runner.js');
  const index = await buildProjectIndex(root, { cache: false });
  const consumers = [securityEslintConsumer('PREMIUM'), qualityEslintConsumer('CAPABLE')];
  const files = new Map();
  for (const c of consumers) for (const f of c.files(index)) {
    const known = files.get(f.path) ?? { path: f.path, text: await index.read(f.path), consumers: [] };
    known.consumers.push(c.id);
    files.set(f.path, known);
  }
  const t0 = performance.now();
  await runEslintPass({ root: index.root, files: [...files.values()], consumers: consumers.map((c) => c.spec()) });
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, files: files.size }) + '\\n');
}
`;

function buildDist(): void {
  if (flags.has('no-build')) {
    if (!existsSync(path.join(DIST, 'cli', 'index.js'))) {
      print(`build: FAILED: --no-build given but ${path.join(DIST, 'cli', 'index.js')} does not exist; run npm run build or drop --no-build`);
      process.exit(1);
    }
    print('build: skipped (--no-build): measuring dist/ as it is, which may be older than src/');
    return;
  }
  const t0 = performance.now();
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  if (build.status !== 0) {
    const why = build.error ? build.error.message : `exit ${build.status ?? build.signal}`;
    print(`build: FAILED (npm run build, ${why}, after ${secs(seconds)}):`);
    print(`${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n'));
    process.exit(1);
  }
  print(`build: npm run build (tsc -p tsconfig.build.json + assets into dist/) took ${secs(seconds)}; excluded from every figure below`);
}

const corpus = resolveCorpus(flags);
const sampler = new RssSampler();
const codeLoc = (index: ProjectIndex) => Object.values(index.languages).reduce((s, l) => s + (l?.loc ?? 0), 0);
const rssText = (bytes: number) => (sampler.seesChildren ? `peak RSS ${mib(bytes)}` : 'peak RSS not measured (no /proc)');

/** One child process: wall, CPU seconds (null without /proc) and peak RSS (its process tree) are its own. */
interface ChildRun { exit: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; peak: number; cpu: number | null; wall: number }

/** Runs one measurement as a child process of this one (`command` defaults to this node). */
function measureChild(args: string[], options: { command?: string; cwd?: string } = {}): Promise<ChildRun> {
  sampler.reset();
  const cpu = cpuSeconds();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(options.command ?? process.execPath, args, { cwd: options.cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => { stdout = (stdout + d.toString()).slice(-1_000_000); });
    proc.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    proc.on('error', reject);
    proc.on('close', (exit, signal) => {
      const wall = (performance.now() - t0) / 1000;
      resolve({ exit, signal, stdout, stderr, peak: sampler.read().children, cpu: cpuTotal(cpu), wall });
    });
  });
}

print(`# bench/analysis — ${new Date().toISOString()}`);
print(`machine: ${machineLine()}`);
print(`corpus: ${corpus.label}`);
print(`root: ${corpus.root}`);
print(`repeat: ${REPEAT} round${REPEAT === 1 ? '' : 's'} of sections 2-3 (--repeat), section 1 ${ANALYSER_REPEAT === 1 ? 'once per analyser (--repeat-analysers K to repeat it)' : `${ANALYSER_REPEAT} times per analyser`}`);
buildDist();
rmSync(defaultCacheDir(corpus.root), { recursive: true, force: true });
const started = performance.now();
const probe = await buildProjectIndex(corpus.root, { cache: false });
const indexSeconds = (performance.now() - started) / 1000;
const LOC = codeLoc(probe);
print(`index: ${probe.files.length} text files, ${LOC} non-blank code lines ${JSON.stringify(probe.languages)}, skipped ${JSON.stringify(probe.skipped)}, built in ${secs(indexSeconds)} (first walk, in this process)`);
print('Each measurement of sections 1-2 runs in a fresh child process of the compiled package (section 1: node importing dist/; section 2: node bin/empathy.js); its peak RSS covers that process, its worker threads and its own child processes (jscpd, ...); CPU counts the same.');

const allPeaks: number[] = [];

/** The fields of the CLI's JSON report (`--format json`) that section 2 reads. */
interface CliReport {
  approved?: boolean;
  total_duration?: number;
  agent_results?: { agent_id: string; success: boolean; duration_seconds: number; error: string | null; output?: { cached?: unknown } | null }[];
}
interface AgentTime { id: string; seconds: number; cached: boolean; failed: string | null }
interface TogetherRun { run: ChildRun; output: string; workflow: number | null; approved: boolean; agents: AgentTime[] }

/** One release-prep run of the CLI; a string says why it is not a valid measurement. */
async function releasePrep(label: string, root = corpus.root, extra: string[] = []): Promise<TogetherRun | string> {
  const dir = path.join(BENCH_DIR, '.corpus', '.together');
  mkdirSync(dir, { recursive: true });
  const output = path.join(dir, `${label}.json`);
  rmSync(output, { force: true });
  const run = await measureChild([CLI, 'orchestrate', 'release-prep', '--path', root, '--no-learn', '--format', 'json', '--output', output, ...extra]);
  const ended = `exit ${run.exit ?? `signal ${run.signal}`} after ${secs(run.wall)}`;
  if (run.exit !== 0 && run.exit !== 1) return `${ended}; stderr: ${tail(run.stderr)}`;
  if (!existsSync(output)) return `${ended} but no report file ${output}; stderr: ${tail(run.stderr)}`;
  const report = readJson<CliReport>(output);
  if (!Array.isArray(report?.agent_results)) return `${ended} but ${output} is not a release report with agent_results`;
  const agents = report.agent_results.map((r) => ({
    id: r.agent_id,
    seconds: r.duration_seconds,
    cached: r.output?.cached === true,
    failed: r.success ? null : (r.error ?? '').length > 90 ? `${(r.error ?? '').slice(0, 90)}...` : r.error ?? '',
  }));
  return { run, output, workflow: typeof report.total_duration === 'number' ? report.total_duration : null, approved: report.approved === true, agents };
}

/** One compact line for a release-prep run. */
const togetherLine = (t: TogetherRun) =>
  `${secs(t.run.wall)} wall, ${cpuText(t.run.cpu)}, ${rssText(t.run.peak)}, exit ${t.run.exit} (${t.approved ? 'approved' : 'blocked'}), workflow ${t.workflow === null ? 'n/a' : secs(t.workflow)}; agents: ${t.agents.map((a) => `${a.id} ${secs(a.seconds)} ${a.cached ? 'cached' : 'computed'}${a.failed === null ? '' : ` (failed: ${a.failed})`}`).join(', ')}`;


/** One run of the whole standalone sequence; `failed` says which tool did not produce its report. */
interface StandaloneRun { wall: number; cpu: number | null; peak: number; steps: { short: string; seconds: number; check: string }[]; failed: string | null }

/** Runs every step once, one after another (cwd = the corpus); wall and CPU are the sums of the steps'. */
async function standaloneSequence(steps: Step[]): Promise<StandaloneRun> {
  const out: StandaloneRun = { wall: 0, cpu: 0, peak: 0, steps: [], failed: null };
  const failures: string[] = [];
  for (const step of steps) {
    const r = await measureChild(step.args, { command: step.command, cwd: corpus.root });
    const check = step.check(r.exit);
    out.wall += r.wall;
    out.cpu = out.cpu === null || r.cpu === null ? null : out.cpu + r.cpu;
    out.peak = Math.max(out.peak, r.peak);
    out.steps.push({ short: step.short, seconds: r.wall, check });
    if (check.startsWith('FAILED')) failures.push(`${step.short} ${check}, exit ${r.exit ?? `signal ${r.signal}`}, stderr: ${tail(r.stderr)}`);
  }
  out.failed = failures.length ? failures.join('; ') : null;
  return out;
}

/** One child process timed on its own (no RSS or CPU sampling: two of them may run at once). */
function timeChild(args: string[]): Promise<{ wall: number; ok: boolean; stderr: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    proc.on('error', reject);
    proc.on('close', (exit) => resolve({ wall: (performance.now() - t0) / 1000, ok: exit === 0, stderr }));
  });
}

/** One child alone, then two identical ones at once (section 5), for each workload. */
type CeilingRound = Partial<Record<'alu' | 'eslint', { alone: number; pair: number }>>;
async function ceilingRound(round: number, script: string): Promise<CeilingRound> {
  const out: CeilingRound = {};
  for (const mode of ['alu', 'eslint'] as const) {
    const args = [script, DIST, mode, corpus.root];
    const one = await timeChild(args);
    const two = await Promise.all([timeChild(args), timeChild(args)]);
    const failed = [one, ...two].find((r) => !r.ok);
    if (failed) {
      print(`  ${mode} #${round}: FAILED measurement: ${tail(failed.stderr)}`);
      continue;
    }
    const pair = Math.max(...two.map((r) => r.wall));
    out[mode] = { alone: one.wall, pair };
    print(`  ${mode} #${round}: alone ${secs(one.wall)}, two together ${secs(pair)} -> scaling ${((2 * one.wall) / pair).toFixed(2)}`);
  }
  return out;
}

const doTogether = phases.has('together');
const doStandalone = phases.has('standalone');
const doCeiling = phases.has('ceiling');
const colds: TogetherRun[] = [];
const warms: TogetherRun[] = [];
const alone: StandaloneRun[] = [];
/** Round by round (index = round - 1): the valid cold run and standalone sequence, null when failed or not run. */
const rounds: { cold: TogetherRun | null; alone: StandaloneRun | null; ceiling: CeilingRound | null }[] = [];
if (doTogether || doStandalone || doCeiling) {
  const what = [doTogether ? 'a cold then a warm CLI run (section 2)' : '', doStandalone ? 'one standalone sequence (section 3)' : '', doCeiling ? 'the scaling runs (section 5)' : ''].filter(Boolean).join(', then ');
  print(`\n## 2-3. Runs: ${REPEAT} round${REPEAT === 1 ? '' : 's'} of ${what}${doTogether && doStandalone ? ', interleaved so that both sides see the same machine conditions' : ''}`);
  if (doTogether) print('section 2 = the CLI: node bin/empathy.js orchestrate release-prep --path <corpus> --no-learn --format json --output bench/.corpus/.together/<cold|warm>-<round>.json; wall = the child process, start to exit; cold after removing the result cache of the corpus (user cache directory), warm right after it (unchanged tree, cache filled by that cold run)');
  const work = path.join(BENCH_DIR, '.corpus', '.standalone');
  const stepsByRound: Step[][] = [];
  if (doStandalone) {
    rmSync(work, { recursive: true, force: true });
    for (let round = 1; round <= REPEAT; round += 1) {
      const dir = path.join(work, `round-${round}`);
      mkdirSync(dir, { recursive: true });
      stepsByRound.push(standaloneSteps(probe, dir));
    }
    print('section 3 = the standalone tools, each its own process, one after another (cwd = the corpus); standalone wall = the sum of their walls:');
    for (const step of stepsByRound[0]!) print(`  ${step.short}: ${step.name}`);
  }
  const ceilingScript = path.join(BENCH_DIR, '.corpus', '.ceiling', 'ceiling-child.mjs');
  if (doCeiling) {
    mkdirSync(path.dirname(ceilingScript), { recursive: true });
    writeFileSync(ceilingScript, CEILING_CHILD);
    print('section 5 = scaling: one child alone, then two identical children started together; scaling = 2 x alone wall / pair wall (2.0 = two full cores, 1.0 = no gain). alu: a loop that touches no memory; eslint: the shared ESLint pass of the release-prep team (security PREMIUM + quality CAPABLE rules) over the corpus on one thread, one chunk, a node child importing dist/ (start, module loading and index included)');
  }
  for (let round = 1; round <= REPEAT; round += 1) {
    print(`round ${round}/${REPEAT} (load avg ${loadAverage()}):`);
    const thisRound: (typeof rounds)[number] = { cold: null, alone: null, ceiling: null };
    rounds.push(thisRound);
    if (doTogether) {
      rmSync(defaultCacheDir(corpus.root), { recursive: true, force: true });
      const cold = await releasePrep(`cold-${round}`);
      if (typeof cold === 'string') {
        print(`  cold #${round}: FAILED measurement: ${cold}`);
        print(`  warm #${round}: not measured (the cold run that fills the cache failed)`);
      } else {
        colds.push(cold);
        thisRound.cold = cold;
        allPeaks.push(cold.run.peak);
        print(`  cold #${round}: ${togetherLine(cold)}`);
        const warm = await releasePrep(`warm-${round}`);
        if (typeof warm === 'string') print(`  warm #${round}: FAILED measurement: ${warm}`);
        else {
          warms.push(warm);
          allPeaks.push(warm.run.peak);
          print(`  warm #${round}: ${togetherLine(warm)}`);
        }
      }
    }
    if (doStandalone) {
      const s = await standaloneSequence(stepsByRound[round - 1]!);
      print(`  standalone #${round}: ${secs(s.wall)} wall (${s.steps.map((x) => `${x.short} ${secs(x.seconds)}`).join(' + ')}), ${cpuText(s.cpu)}, largest tool ${rssText(s.peak)}${s.failed ? `; FAILED measurement (left out of the medians): ${s.failed}` : ''}`);
      if (!s.failed) {
        alone.push(s);
        thisRound.alone = s;
      }
    }
    if (doCeiling) thisRound.ceiling = await ceilingRound(round, ceilingScript);
  }
  print(`load avg after the runs: ${loadAverage()}`);
}

const coldWall = spread(colds.map((c) => c.run.wall));
const coldCpu = spread(colds.map((c) => c.run.cpu));
const failedText = (valid: number, what: string) => (valid < REPEAT ? ` (${REPEAT - valid} ${what} failed and are left out)` : '');
if (doTogether) {
  print(`\n## 2. The four release-prep analyses together (the CLI): ${colds.length} cold and ${warms.length} warm runs of ${REPEAT}${failedText(Math.min(colds.length, warms.length), 'runs')}`);
  const warmWall = spread(warms.map((w) => w.run.wall));
  print(`cold wall: ${spreadText(coldWall)}`);
  print(`cold CPU: ${spreadText(coldCpu, cpuUnit)}`);
  print(`warm wall: ${spreadText(warmWall)}`);
  print(`warm CPU: ${spreadText(spread(warms.map((w) => w.run.cpu)), cpuUnit)}`);
  const ids = [...new Set(colds.flatMap((c) => c.agents.map((a) => a.id)))];
  if (ids.length) print(`each agent's duration_seconds on the cold runs (median, min-max): ${ids.map((id) => { const s = spread(colds.map((c) => c.agents.find((a) => a.id === id)?.seconds ?? null))!; return `${id} ${secs(s.median)} (${s.min.toFixed(2)}-${s.max.toFixed(2)})`; }).join(', ')}`);
  print('  (an agent\'s duration runs until its promise settles: agents waiting on a busy main thread look long; CPU says what really ran)');
  if (colds.length) print(`peak RSS: highest ${rssText(Math.max(...colds.map((c) => c.run.peak), ...warms.map((w) => w.run.peak))).replace('peak RSS ', '')} over ${colds.length + warms.length} runs (cold ${mib(Math.max(...colds.map((c) => c.run.peak)))}, warm ${warms.length ? mib(Math.max(...warms.map((w) => w.run.peak))) : 'n/a'})`);
  if (warmWall && coldWall) {
    const ratio = warmWall.median / coldWall.median;
    print(`warm / cold = median warm wall / median cold wall = ${secs(warmWall.median)} / ${secs(coldWall.median)} = ${ratio.toFixed(3)} (target <= 0.1: ${ratio <= 0.1 ? 'MET' : 'NOT MET'}; medians of ${warmWall.n} warm and ${coldWall.n} cold runs)`);
    const missed = new Map<string, number>();
    for (const w of warms) for (const a of w.agents) if (!a.cached) missed.set(a.id, (missed.get(a.id) ?? 0) + 1);
    print(missed.size ? `agents whose result did NOT come from the cache on a warm run: ${[...missed].map(([id, n]) => `${id} (${n} of ${warms.length} warm runs)`).join(', ')}` : `every agent was served from the cache on every warm run (${warms.length})`);
  } else print('warm / cold: not measured (no valid cold/warm pair)');
}

const aloneWall = spread(alone.map((a) => a.wall));
if (doStandalone) {
  print(`\n## 3. Standalone baseline: ${alone.length} valid sequence${alone.length === 1 ? '' : 's'} of ${REPEAT}${failedText(alone.length, 'sequences')}`);
  for (const [i, step] of (alone[0]?.steps ?? []).entries())
    print(`  ${step.short}: wall ${spreadText(spread(alone.map((a) => a.steps[i]?.seconds ?? null)))}; report: ${alone[alone.length - 1]!.steps[i]!.check}`);
  const aloneCpu = spread(alone.map((a) => a.cpu));
  print(`standalone sum wall: ${spreadText(aloneWall)}`);
  print(`standalone sum CPU: ${spreadText(aloneCpu, cpuUnit)}`);
  if (alone.length) print(`peak RSS of the largest tool: highest ${rssText(Math.max(...alone.map((a) => a.peak))).replace('peak RSS ', '')} over ${alone.length} sequences`);
  print('not in the baseline (no standalone counterpart; the together run still does them, so the ratio is conservative): the coverage agent, the documentation agent, the index walk.');
  if (!aloneWall) print('together / standalone: not measured (no standalone sequence without a failed tool; see above)');
  else if (!doTogether) print('together / standalone: not measured (run with --phases together,standalone)');
  else if (!coldWall) print('together / standalone: not measured (no valid cold run)');
  else {
    const ratio = coldWall.median / aloneWall.median;
    print(`together (cold) / standalone sum = median cold wall / median standalone wall = ${secs(coldWall.median)} / ${secs(aloneWall.median)} = ${ratio.toFixed(3)} (target <= 0.5: ${ratio <= 0.5 ? 'MET' : 'NOT MET'}; medians of ${coldWall.n} cold runs and ${aloneWall.n} standalone sequences, interleaved round by round)`);
    if (coldCpu && aloneCpu) print(`CPU seconds, together (cold) / standalone = median cold CPU / median standalone CPU = ${cpuUnit(coldCpu.median)} / ${cpuUnit(aloneCpu.median)} = ${(coldCpu.median / aloneCpu.median).toFixed(3)} (a second, steadier figure: CPU moves less with the machine's load than wall time; not a target)`);
    else print('CPU seconds, together / standalone: not measured (no /proc)');
    const paired = rounds.flatMap((r, i) => (r.cold && r.alone ? [{ round: i + 1, wall: r.cold.run.wall / r.alone.wall, cpu: r.cold.run.cpu !== null && r.alone.cpu !== null ? r.cold.run.cpu / r.alone.cpu : null }] : []));
    if (paired.length) print(`  per round (cold i / standalone i, same machine conditions; for reading the spread, the verdict is on the medians above): wall ${paired.map((p) => `#${p.round} ${p.wall.toFixed(3)}`).join(', ')}; CPU ${paired.map((p) => `#${p.round} ${p.cpu === null ? 'n/a' : p.cpu.toFixed(3)}`).join(', ')}`);
  }
}

if (doCeiling) {
  print(`\n## 5. What this machine allows: parallel scaling, and the floor it sets for together / standalone (${REPEAT} round${REPEAT === 1 ? '' : 's'}, measured inside the rounds of sections 2-3)`);
  const median = (mode: 'alu' | 'eslint') => {
    const runs = rounds.flatMap((r) => (r.ceiling?.[mode] ? [r.ceiling[mode]] : []));
    const alone = spread(runs.map((x) => x.alone));
    const pair = spread(runs.map((x) => x.pair));
    return alone && pair ? { alone: alone.median, scaling: (2 * alone.median) / pair.median, n: runs.length } : null;
  };
  const alu = median('alu');
  const eslint = median('eslint');
  print(alu ? `alu scaling (medians of ${alu.n}): ${alu.scaling.toFixed(2)}` : 'alu scaling: not measured (every run failed)');
  if (!eslint) print('eslint scaling: not measured (every run failed)');
  else {
    print(`eslint scaling (medians of ${eslint.n}): ${eslint.scaling.toFixed(2)}; the shared pass alone on one thread: ${secs(eslint.alone)}; best case for it split over every core: ${secs(eslint.alone / eslint.scaling)}`);
    // Per round, from measurements taken minutes apart: (the pass alone + secretlint + jscpd of
    // that round's standalone sequence) / that round's eslint scaling / that round's standalone sum.
    const floors = rounds.flatMap((r, i) => {
      const e = r.ceiling?.eslint;
      const step = (short: string) => r.alone?.steps.find((x) => x.short === short)?.seconds;
      const secret = step('secretlint');
      const dup = step('jscpd');
      if (!e || !r.alone || secret === undefined || dup === undefined) return [];
      const floor = (e.alone + secret + dup) / ((2 * e.alone) / e.pair) / r.alone.wall;
      return [{ round: i + 1, floor, together: r.cold ? r.cold.run.wall / r.alone.wall : null }];
    });
    if (!floors.length) print('floor of together / standalone: not computed (needs the standalone phase too)');
    else {
      const f = spread(floors.map((x) => x.floor))!;
      print(`floor of together / standalone per round = (the pass alone + that round's secretlint + jscpd) / that round's eslint scaling / that round's standalone sum: ${floors.map((x) => `#${x.round} ${x.floor.toFixed(3)}${x.together === null ? '' : ` (together ${x.together.toFixed(3)})`}`).join(', ')}`);
      print(`floor, median of ${f.n}: ${f.median.toFixed(3)} (min ${f.min.toFixed(3)}, max ${f.max.toFixed(3)}). A lower bound for this machine: it counts documentation, complexity, the index and the coverage probe as free and assumes secretlint and jscpd scale like the pass; the target <= 0.5 ${f.median <= 0.5 ? 'is above it: within reach on this machine' : 'is below it: out of reach on this machine whatever the code does'}`);
    }
  }
}

/** What `--watch` measured in one round of section 6. */
interface WatchRound { warmUp: number | null; cpu: number[]; wall: number[]; rssMib: number[]; identical: string[]; exit: number | null }

/**
 * One round of `release-prep --watch` (section 6): run 1 on the original tree, then
 * WATCH_CHANGES changes to `target` (the first is `changed`, compared with the change run's
 * `--no-cache` reference; the last is compared with a `--no-cache` run of its own tree).
 */
async function watchRound(round: number, tree: string, agents: string[], target: string, changed: string, reference: string, cold: TogetherRun): Promise<WatchRound | string> {
  const output = path.join(BENCH_DIR, '.corpus', '.together', `onechange-watch-${round}.json`);
  rmSync(output, { force: true });
  const session = startWatchSession(CLI, ['orchestrate', 'release-prep', '--watch', '--path', tree, '--no-learn', '--format', 'json', '--output', output, ...agents], REPO_ROOT);
  const result: WatchRound = { warmUp: null, cpu: [], wall: [], rssMib: [], identical: [], exit: null };
  try {
    await session.ran(1);
    // After its run the watch loads what a change will need (ESLint, TypeScript, tree-sitter): wait until it is idle.
    const ranOne = session.cpu();
    let last = ranOne;
    for (let quiet = 0; quiet < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = session.cpu();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
    result.warmUp = ranOne === null || last === null ? null : last - ranOne;
    print(`  watch #${round} run 1 (the original tree, from the cache) ended; warm-up while idle: CPU ${result.warmUp === null ? 'n/a' : `${result.warmUp.toFixed(2)} s`} (once per watch)`);
    for (let k = 1; k <= WATCH_CHANGES; k += 1) {
      const before = session.cpu();
      const t0 = performance.now();
      writeFileSync(target, k === 1 ? changed : `${changed}${extraFunction(target, k)}`);
      await session.ran(k + 1);
      const wall = (performance.now() - t0) / 1000;
      const after = session.cpu();
      if (before === null || after === null) return "no /proc: the watch process's CPU is not measured";
      result.cpu.push(after - before);
      result.wall.push(wall);
      result.rssMib.push(session.rssMib() ?? Number.NaN);
      const checked = k === 1 ? compareReports(output, reference) : k === WATCH_CHANGES ? await compareWithFresh(output, tree, agents, round) : null;
      if (checked !== null) result.identical.push(checked);
      const ratio = cold.run.cpu === null ? 'n/a' : ((after - before) / cold.run.cpu).toFixed(3);
      print(`  watch #${round} change ${k}: ${secs(wall)} wall, CPU ${(after - before).toFixed(2)} s (/ this round's cold ${ratio}), watch RSS ${result.rssMib.at(-1)?.toFixed(0)} MiB${checked === null ? '' : `; report vs --no-cache on the same tree: ${checked}`}`);
    }
  } catch (error) {
    return `${(error as Error).message}; stderr: ${session.stderr()}`;
  } finally {
    result.exit = await session.stop();
  }
  if (result.exit !== 130) return `Ctrl-C ended the watch with exit ${result.exit}, not 130; stderr: ${session.stderr()}`;
  return result;
}

/** A further function for change k of a watch round (a distinct name: each change is new to the cache). */
function extraFunction(target: string, k: number): string {
  return target.endsWith('.py')
    ? `\n\ndef added_by_bench_${k}(value):\n    """Added by bench/analysis.ts (watch change ${k})."""\n    return value - ${k}\n`
    : `\n/** Added by bench/analysis.ts (watch change ${k}). */\nfunction addedByBench${k}(value) {\n  return value - ${k};\n}\n`;
}

/** Compares a watch report with a `--no-cache` run of the tree as it is now. */
async function compareWithFresh(output: string, tree: string, agents: string[], round: number): Promise<string> {
  const fresh = await releasePrep(`onechange-watch-reference-${round}`, tree, [...agents, '--no-cache']);
  return typeof fresh === 'string' ? `not compared: ${fresh}` : compareReports(output, fresh.output);
}

/** Medians of the watch rounds against the cold runs' (section 6). */
function printWatchSummary(rounds: readonly WatchRound[], coldW: Spread | null, coldC: Spread | null): void {
  const first = (pick: (r: WatchRound) => number[]) => spread(rounds.map((r) => pick(r)[0] ?? null));
  const cpu = first((r) => r.cpu);
  const wall = first((r) => r.wall);
  const all = rounds.flatMap((r) => r.identical);
  const same = all.filter((v) => v === 'identical').length;
  const warm = spread(rounds.map((r) => r.warmUp));
  print(`watch warm-up after run 1, while idle (once per watch, not part of any change): CPU ${spreadText(warm, (v) => `${v.toFixed(2)} s`)}`);
  print(`watch reports = --no-cache reports on the same tree: ${all.length > 0 && same === all.length ? 'MET' : 'NOT MET'} (${same} of ${all.length}); Ctrl-C ended the watch with exit 130 in ${rounds.length} of ${rounds.length} valid rounds`);
  if (!cpu || !wall || !coldC || !coldW) {
    print('watch change / cold: not measured (no valid round)');
    return;
  }
  const ratio = cpu.median / coldC.median;
  print(`watch change 1 / cold, CPU = ${cpu.median.toFixed(2)} s / ${coldC.median.toFixed(2)} s = ${ratio.toFixed(3)} (target <= 0.15: ${ratio <= 0.15 ? 'MET' : 'NOT MET'}); wall = ${secs(wall.median)} / ${secs(coldW.median)} = ${(wall.median / coldW.median).toFixed(3)} (medians of ${cpu.n} rounds)`);
  if (WATCH_CHANGES > 1) {
    const later = spread(rounds.flatMap((r) => r.cpu.slice(1)));
    const rss = rounds.map((r) => `${r.rssMib.map((m) => m.toFixed(0)).join(' → ')} MiB`).join('; ');
    print(`watch changes 2-${WATCH_CHANGES}: CPU ${spreadText(later, (v) => `${v.toFixed(2)} s`)}; watch RSS after each change, per round: ${rss}`);
  }
}

/** The release-prep agents that read only the files (no test run): section 6 measures them. */
const STATIC_AGENTS = ['security_auditor', 'code_reviewer', 'documentation_writer'];
if (phases.has('onechange')) {
  const changeFile = flag(flags, 'change-file') ?? 'lib/shared/string-utils.js';
  const tree = path.join(BENCH_DIR, '.corpus', '.onechange', 'tree');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(path.dirname(tree), { recursive: true });
  cpSync(corpus.root, tree, { recursive: true });
  const target = path.join(tree, changeFile);
  const agents = ['--agents', STATIC_AGENTS.join(',')];
  if (!existsSync(target)) {
    print(`\n## 6. After a one-file change: not measured (--change-file ${changeFile} is not a file of the corpus)`);
  } else {
    const original = readFileSync(target, 'utf8');
    // A new public, documented function with a branch: it changes the file's lint, complexity,
    // documentation and duplication inputs, as a real edit would (in the file's language: Python,
    // an ES module, or CommonJS; the same text as bench/real-suite.ts for the first two).
    const changed = original + (changeFile.endsWith('.py')
      ? `\n\ndef added_by_bench(value):\n    """Added by bench/analysis.ts (one-file change)."""\n    if value > 1:\n        return value + 1\n    return value * 2\n`
      : /^export /m.test(original)
        ? `\n/** Added by bench/analysis.ts (one-file change). */\nexport function addedByBench(value) {\n  if (value > 1) return value + 1;\n  return value * 2;\n}\n`
        : `\n/** Added by bench/analysis.ts (one-file change). */\nfunction addedByBench(value) {\n  if (value > 1) return value + 1;\n  return value * 2;\n}\nmodule.exports.addedByBench = addedByBench;\n`);
    print(`\n## 6. After a one-file change (issue 16): ${REPEAT} round${REPEAT === 1 ? '' : 's'} on a copy of the corpus (${tree})`);
    print(`round i = cold (empty result cache, original tree), change (one function appended to ${changeFile}; cache filled by that cold run), reference (--no-cache on the changed tree, to compare the reports); each the CLI as in section 2 with --agents ${STATIC_AGENTS.join(',')} (the static agents: the gate of issue 16 without incremental coverage; the coverage agent has no test suite to run on this corpus)`);
    const colds6: TogetherRun[] = [];
    const changes: TogetherRun[] = [];
    const references: TogetherRun[] = [];
    const verdicts: string[] = [];
    const watched: WatchRound[] = [];
    const savedCache = path.join(path.dirname(tree), 'cache-after-cold');
    if (WATCH_CHANGES > 0) print(`watch #i: \`release-prep --watch\` started on the original tree with the cache the cold run left (saved and restored, so the change run and the watch start from the same cache); change k writes the file (change 1: the same text as the change run; then one more function each) and its CPU is the watch process's user+sys, threads and reaped child processes included, between the write and the end of run k+1; its wall includes the watch's 200 ms quiet time`);
    for (let round = 1; round <= REPEAT; round += 1) {
      print(`round ${round}/${REPEAT} (load avg ${loadAverage()}):`);
      writeFileSync(target, original);
      rmSync(defaultCacheDir(tree), { recursive: true, force: true });
      const cold = await releasePrep(`onechange-cold-${round}`, tree, agents);
      if (typeof cold === 'string') {
        print(`  cold #${round}: FAILED measurement: ${cold}; change and reference not measured`);
        continue;
      }
      print(`  cold #${round}: ${togetherLine(cold)}`);
      rmSync(savedCache, { recursive: true, force: true });
      if (WATCH_CHANGES > 0) cpSync(defaultCacheDir(tree), savedCache, { recursive: true });
      writeFileSync(target, changed);
      const change = await releasePrep(`onechange-change-${round}`, tree, agents);
      if (typeof change === 'string') {
        print(`  change #${round}: FAILED measurement: ${change}`);
        continue;
      }
      print(`  change #${round}: ${togetherLine(change)}`);
      const reference = await releasePrep(`onechange-reference-${round}`, tree, [...agents, '--no-cache']);
      if (typeof reference === 'string') {
        print(`  reference #${round}: FAILED: ${reference}; the change run is left out (not checked)`);
        continue;
      }
      const same = compareReports(change.output, reference.output);
      print(`  reference #${round} (--no-cache, changed tree): ${secs(reference.run.wall)} wall, ${cpuText(reference.run.cpu)}; change report vs reference: ${same}`);
      verdicts.push(same);
      colds6.push(cold);
      changes.push(change);
      references.push(reference);
      print(`  ratio #${round}: wall ${(change.run.wall / cold.run.wall).toFixed(3)}, CPU ${change.run.cpu !== null && cold.run.cpu !== null ? (change.run.cpu / cold.run.cpu).toFixed(3) : 'n/a'}; against the reference: wall ${(change.run.wall / reference.run.wall).toFixed(3)}, CPU ${change.run.cpu !== null && reference.run.cpu !== null ? (change.run.cpu / reference.run.cpu).toFixed(3) : 'n/a'}`);
      if (WATCH_CHANGES > 0) {
        writeFileSync(target, original);
        rmSync(defaultCacheDir(tree), { recursive: true, force: true });
        cpSync(savedCache, defaultCacheDir(tree), { recursive: true });
        const w = await watchRound(round, tree, agents, target, changed, reference.output, cold);
        if (typeof w === 'string') print(`  watch #${round}: FAILED measurement: ${w}`);
        else watched.push(w);
      }
    }
    writeFileSync(target, original);
    rmSync(savedCache, { recursive: true, force: true });
    const coldW = spread(colds6.map((c) => c.run.wall));
    const coldC = spread(colds6.map((c) => c.run.cpu));
    const changeW = spread(changes.map((c) => c.run.wall));
    const changeC = spread(changes.map((c) => c.run.cpu));
    print(`cold wall: ${spreadText(coldW)}; cold CPU: ${spreadText(coldC, cpuUnit)}`);
    print(`change wall: ${spreadText(changeW)}; change CPU: ${spreadText(changeC, cpuUnit)}`);
    const computed = [...new Set(changes.flatMap((c) => c.agents.filter((a) => !a.cached).map((a) => a.id)))];
    print(`agents recomputed after the change (their per-file parts still come from the cache): ${computed.join(', ') || 'none'}`);
    const identical = verdicts.length > 0 && verdicts.every((v) => v === 'identical');
    print(`report after the change = --no-cache report on the changed tree: ${identical ? `MET (${verdicts.length} of ${verdicts.length} rounds identical)` : `NOT MET (${verdicts.filter((v) => v === 'identical').length} of ${verdicts.length} rounds identical)`}`);
    if (coldW && changeW) {
      const wall = changeW.median / coldW.median;
      print(`change / cold, wall = median change wall / median cold wall = ${secs(changeW.median)} / ${secs(coldW.median)} = ${wall.toFixed(3)} (target <= 0.15: ${wall <= 0.15 ? 'MET' : 'NOT MET'}; medians of ${changeW.n} interleaved rounds)`);
    } else print('change / cold, wall: not measured (no valid round)');
    if (coldC && changeC) {
      const cpu = changeC.median / coldC.median;
      print(`change / cold, CPU = median change CPU / median cold CPU = ${cpuUnit(changeC.median)} / ${cpuUnit(coldC.median)} = ${cpu.toFixed(3)} (target <= 0.15: ${cpu <= 0.15 ? 'MET' : 'NOT MET'}; the steadier figure on a loaded machine)`);
    } else print('change / cold, CPU: not measured (no valid round, or no /proc)');
    if (WATCH_CHANGES > 0) printWatchSummary(watched, coldW, coldC);
    const refW = spread(references.map((c) => c.run.wall));
    const refC = spread(references.map((c) => c.run.cpu));
    // bench/real-suite.ts divides by this run (the static agents' cold time on the changed tree).
    if (refW && changeW && refC && changeC)
      print(`change / reference (--no-cache on the changed tree, the denominator of bench/real-suite.ts): wall ${(changeW.median / refW.median).toFixed(3)}, CPU ${(changeC.median / refC.median).toFixed(3)} (medians: reference ${secs(refW.median)} wall, ${cpuUnit(refC.median)})`);
  }
}

if (phases.has('analysers')) {
  print(`\n## 1. Each analyser alone (fresh node process importing dist/, fresh index, no cache; lines/s = non-blank JS/TS/Python lines / the analyze() call, index build excluded)${ANALYSER_REPEAT > 1 ? `; ${ANALYSER_REPEAT} runs each, lines/s at the median` : '; one run each'}`);
  const dir = path.join(BENCH_DIR, '.corpus', '.analysers');
  mkdirSync(dir, { recursive: true });
  const childScript = path.join(dir, 'analyser-child.mjs');
  writeFileSync(childScript, ANALYSER_CHILD);
  type R = { absent?: string; tier: Tier; seconds: number; value: unknown; findings: number; files: number; notMeasured: string[] };
  for (const entry of ANALYSERS) {
    const tier = tierOverride ?? entry.tier;
    const runs: { r: R; run: ChildRun }[] = [];
    let absent: string | undefined;
    for (let i = 1; i <= ANALYSER_REPEAT && absent === undefined; i += 1) {
      const label = ANALYSER_REPEAT > 1 ? `${entry.id} #${i}` : entry.id;
      const run = await measureChild([childScript, DIST, entry.module, entry.exportName, entry.primary, tier, corpus.root]);
      let r: R;
      try {
        r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as R;
      } catch {
        print(`- ${label}: FAILED: the child exited ${run.exit ?? `signal ${run.signal}`} without a result: ${tail(run.stderr)}`);
        continue;
      }
      absent = r.absent;
      if (absent !== undefined) break;
      allPeaks.push(run.peak);
      runs.push({ r, run });
      if (ANALYSER_REPEAT > 1) print(`    ${label}: analyze() ${secs(r.seconds)}, process ${secs(run.wall)} ${cpuText(run.cpu)}, ${rssText(run.peak)}`);
    }
    if (absent !== undefined) {
      print(`- ${entry.id}: not present (${absent})`);
      continue;
    }
    const last = runs[runs.length - 1]?.r;
    if (!last) continue;
    const measured = last.value !== null;
    const status = measured
      ? `${entry.primary}=${JSON.stringify(last.value)}, ${last.findings} findings, ${last.files} files counted`
      : `NOT MEASURED (${entry.primary} null): ${last.notMeasured.join('; ')}`;
    const seconds = spread(runs.map((x) => x.r.seconds))!;
    const rate = measured ? `${Math.round(LOC / seconds.median).toLocaleString('en-US')} lines/s` : 'lines/s: n/a (nothing measured)';
    const peak = rssText(Math.max(...runs.map((x) => x.run.peak)));
    if (runs.length === 1) print(`- ${entry.id} (${last.tier}): ${secs(seconds.median)}, ${rate}; ${status}; process ${secs(runs[0]!.run.wall)} ${cpuText(runs[0]!.run.cpu)}; ${peak}`);
    else print(`- ${entry.id} (${last.tier}): analyze() ${spreadText(seconds)}, ${rate}${measured ? ' at the median' : ''}; ${status} (last run); process CPU ${spreadText(spread(runs.map((x) => x.run.cpu)), cpuUnit)}; highest ${peak}`);
    if (measured && last.notMeasured.length) print(`    also not measured: ${last.notMeasured.slice(0, 2).join('; ')}${last.notMeasured.length > 2 ? ` (+${last.notMeasured.length - 2} more)` : ''}`);
  }
}

const worst = Math.max(0, ...allPeaks);
const verdict = LOC < 100_000 ? 'the target applies at 100k+ lines: run --corpus 100k' : worst < 1024 ** 3 ? 'MET' : 'NOT MET';
if (allPeaks.length) print(`\n## 4. Highest peak RSS of one measurement of sections 1-2 (${allPeaks.length} measurements): ${mib(worst)} on ${LOC} lines (target < 1 GiB at 100k lines: ${verdict})`);
else print('\n## 4. Peak RSS of our analysis: not measured (sections 1-2 not run)');
await sampler.stop();
