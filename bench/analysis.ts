/**
 * Analysis benchmark (issue 3, "Must show"). Run: `npx tsx bench/analysis.ts [flags]`.
 *
 * It measures the compiled package, as users run it: first it runs `npm run build` (tsc + assets
 * into dist/; skipped with --no-build; its time is printed and excluded from every figure). Then,
 * on a large real corpus fetched from the npm registry (bench/corpus.ts), it prints:
 * 1. lines per second of each analyser alone: a plain `node` child process imports the analyser
 *    and `buildProjectIndex` from dist/ (so its worker threads are the compiled JS, as in
 *    production), builds a fresh index (no cache) and times the `analyze()` call at the
 *    template's tier,
 * 2. the four release-prep analyses together: the real CLI as the child process,
 *    `node bin/empathy.js orchestrate release-prep --path <corpus> --no-learn --format json
 *    --output <file>`, cold (after removing `<corpus>/.empathy`) then warm (unchanged tree, result
 *    cache filled by the cold run); wall = the child process from start to exit; each agent's
 *    duration and `output.cached` are read from the JSON report; the warm/cold ratio, naming
 *    every agent whose result did not come from the cache,
 * 3. against the standalone baseline: the equivalent command-line tools, each started as its own
 *    process, one after another (defined in `standaloneSteps()`, see bench/README.md),
 * 4. peak RSS of each measurement (the child process with its worker threads and its own child
 *    processes).
 *
 * Flags: --corpus large|100k, --package name@version, --corpus-dir DIR (bench/corpus.ts),
 * --tier CHEAP|CAPABLE|PREMIUM (per-analyser phase; default each template's tier),
 * --phases analysers,together,standalone (default all three),
 * --no-build (measure dist/ as it is; fails when dist/ has not been built).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildProjectIndex } from '../src/project/index.js';
import type { ProjectIndex } from '../src/project/types.js';
import type { Tier } from '../src/types.js';
import { codeFiles } from '../src/analysis/shared/complexity-cache.js';
import { eslintRuleSettings, javascriptRules, typescriptRules } from '../src/analysis/quality/lint-rules.js';
import { securityRulesForTier } from '../src/analysis/security/eslint-lint.js';
import { SECRETLINT_CONFIG } from '../src/analysis/security/secrets.js';
import { BENCH_DIR, REPO_ROOT, RssSampler, type RssPeaks, cpuSeconds, cpuSince, flag, machineLine, mib, parseFlags, readJson, resolveCorpus, secs } from './corpus.js';

/** An analyser of dist/: its module (relative to dist/), export, template tier and gate figure. */
interface AnalyserEntry { id: string; tier: Tier; primary: string; module: string; exportName: string }

/** Every analyser, its template's tier and its gate figure; missing modules are reported, not skipped silently. */
const ANALYSERS: AnalyserEntry[] = [
  { id: 'security', tier: 'PREMIUM', primary: 'critical_issues', module: 'analysis/security/index.js', exportName: 'securityAnalyzer' },
  { id: 'coverage', tier: 'CAPABLE', primary: 'coverage', module: 'analysis/coverage/index.js', exportName: 'coverageAnalyzer' },
  { id: 'quality', tier: 'CAPABLE', primary: 'quality_score', module: 'analysis/quality/index.js', exportName: 'qualityAnalyzer' },
  { id: 'documentation', tier: 'CHEAP', primary: 'doc_coverage', module: 'analysis/documentation/documentation-analyzer.js', exportName: 'documentationAnalyzer' },
  { id: 'architecture', tier: 'PREMIUM', primary: 'circular_dependencies', module: 'analysis/architecture/architecture-analyzer.js', exportName: 'architectureAnalyzer' },
  { id: 'refactoring', tier: 'CAPABLE', primary: 'duplication_pct', module: 'analysis/refactoring/index.js', exportName: 'refactoringAnalyzer' },
  { id: 'performance', tier: 'CAPABLE', primary: 'smells_total', module: 'analysis/performance/performance-analyzer.js', exportName: 'performanceAnalyzer' },
];

const DIST = path.join(REPO_ROOT, 'dist');
const CLI = path.join(REPO_ROOT, 'bin', 'empathy.js');
const flags = parseFlags(process.argv.slice(2));
const phases = new Set((flag(flags, 'phases') ?? 'analysers,together,standalone').split(','));
const tierOverride = flag(flags, 'tier') as Tier | undefined;
const print = (line = '') => process.stdout.write(`${line}\n`);
const tail = (text: string, lines = 3) => text.trim().split('\n').slice(-lines).join(' | ');

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
const peakText = (p: RssPeaks) => `peak RSS ${mib(p.children)}${sampler.seesChildren ? '' : ' (not measured: no /proc)'}`;

interface ChildRun { exit: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; peaks: RssPeaks; cpu: string; wall: number }

/** Runs one measurement as a child process of this one: its wall, CPU and peak RSS are its own. */
function measureChild(args: string[]): Promise<ChildRun> {
  sampler.reset();
  const cpu = cpuSeconds();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => { stdout = (stdout + d.toString()).slice(-1_000_000); });
    proc.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    proc.on('error', reject);
    proc.on('close', (exit, signal) => {
      const wall = (performance.now() - t0) / 1000;
      resolve({ exit, signal, stdout, stderr, peaks: sampler.read(), cpu: cpuSince(cpu), wall });
    });
  });
}

print(`# bench/analysis — ${new Date().toISOString()}`);
print(`machine: ${machineLine()}`);
print(`corpus: ${corpus.label}`);
print(`root: ${corpus.root}`);
buildDist();
rmSync(path.join(corpus.root, '.empathy'), { recursive: true, force: true });
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
interface AgentTime { id: string; seconds: number; cached: boolean; note: string }
interface TogetherRun { run: ChildRun; workflow: number | null; approved: boolean; agents: AgentTime[] }

/** One release-prep run of the CLI; a string says why it is not a valid measurement. */
async function releasePrep(label: string): Promise<TogetherRun | string> {
  const dir = path.join(BENCH_DIR, '.corpus', '.together');
  mkdirSync(dir, { recursive: true });
  const output = path.join(dir, `${label}.json`);
  rmSync(output, { force: true });
  const run = await measureChild([CLI, 'orchestrate', 'release-prep', '--path', corpus.root, '--no-learn', '--format', 'json', '--output', output]);
  const ended = `exit ${run.exit ?? `signal ${run.signal}`} after ${secs(run.wall)}`;
  if (run.exit !== 0 && run.exit !== 1) return `${ended}; stderr: ${tail(run.stderr)}`;
  if (!existsSync(output)) return `${ended} but no report file ${output}; stderr: ${tail(run.stderr)}`;
  const report = readJson<CliReport>(output);
  if (!Array.isArray(report?.agent_results)) return `${ended} but ${output} is not a release report with agent_results`;
  const agents = report.agent_results.map((r) => ({
    id: r.agent_id,
    seconds: r.duration_seconds,
    cached: r.output?.cached === true,
    note: r.success ? '' : ` (failed: ${(r.error ?? '').slice(0, 140)})`,
  }));
  return { run, workflow: typeof report.total_duration === 'number' ? report.total_duration : null, approved: report.approved === true, agents };
}

const describe = (t: TogetherRun) => t.agents.map((a) => `    ${a.id}: ${secs(a.seconds)}${a.cached ? ' (from cache)' : ' (computed)'}${a.note}`).join('\n');
const summary = (t: TogetherRun) =>
  `wall ${secs(t.run.wall)} (workflow ${t.workflow === null ? 'n/a' : secs(t.workflow)} by the report), exit ${t.run.exit} (${t.approved ? 'release approved' : 'release blocked'}), sum of the agents' own durations ${secs(t.agents.reduce((s, a) => s + a.seconds, 0))}, ${t.run.cpu}, ${peakText(t.run.peaks)}`;
let coldWall: number | null = null;
if (phases.has('together')) {
  print(`\n## 2. The four release-prep analyses together: the CLI, node bin/empathy.js orchestrate release-prep --path <corpus> --no-learn --format json --output bench/.corpus/.together/<run>.json (wall = the child process, start to exit)`);
  rmSync(path.join(corpus.root, '.empathy'), { recursive: true, force: true });
  const cold = await releasePrep('cold');
  if (typeof cold === 'string') {
    print(`cold (empty cache): FAILED measurement: ${cold}`);
    print('warm: not measured (the cold run that fills the cache failed)');
  } else {
    allPeaks.push(cold.run.peaks.children);
    coldWall = cold.run.wall;
    print(`cold (empty cache, <corpus>/.empathy removed): ${summary(cold)}`);
    print('  (an agent\'s duration runs until its promise settles: agents waiting on a busy main thread look long; CPU says what really ran)');
    print(describe(cold));
    const warm = await releasePrep('warm');
    if (typeof warm === 'string') print(`warm: FAILED measurement: ${warm}`);
    else {
      allPeaks.push(warm.run.peaks.children);
      print(`warm (new process, unchanged tree, cache filled by the cold run): ${summary(warm)}`);
      print(describe(warm));
      const ratio = warm.run.wall / cold.run.wall;
      const missed = warm.agents.filter((a) => !a.cached).map((a) => a.id);
      print(`warm / cold = ${secs(warm.run.wall)} / ${secs(cold.run.wall)} = ${ratio.toFixed(3)} (target <= 0.1: ${ratio <= 0.1 ? 'MET' : 'NOT MET'})`);
      print(missed.length ? `agents whose result did NOT come from the cache on the warm run: ${missed.join(', ')}` : 'every agent was served from the cache');
    }
  }
}

if (phases.has('analysers')) {
  print('\n## 1. Each analyser alone (fresh node process importing dist/, fresh index, no cache; lines/s = non-blank JS/TS/Python lines / the analyze() call, index build excluded)');
  const dir = path.join(BENCH_DIR, '.corpus', '.analysers');
  mkdirSync(dir, { recursive: true });
  const childScript = path.join(dir, 'analyser-child.mjs');
  writeFileSync(childScript, ANALYSER_CHILD);
  for (const entry of ANALYSERS) {
    type R = { absent?: string; tier: Tier; seconds: number; value: unknown; findings: number; files: number; notMeasured: string[] };
    const tier = tierOverride ?? entry.tier;
    const run = await measureChild([childScript, DIST, entry.module, entry.exportName, entry.primary, tier, corpus.root]);
    let r: R;
    try {
      r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as R;
    } catch {
      print(`- ${entry.id}: FAILED: the child exited ${run.exit ?? `signal ${run.signal}`} without a result: ${tail(run.stderr)}`);
      continue;
    }
    if (r.absent) {
      print(`- ${entry.id}: not present (${r.absent})`);
      continue;
    }
    allPeaks.push(run.peaks.children);
    const measured = r.value !== null;
    const status = measured
      ? `${entry.primary}=${JSON.stringify(r.value)}, ${r.findings} findings, ${r.files} files counted`
      : `NOT MEASURED (${entry.primary} null): ${r.notMeasured.join('; ')}`;
    const rate = measured ? `${Math.round(LOC / r.seconds).toLocaleString('en-US')} lines/s` : 'lines/s: n/a (nothing measured)';
    print(`- ${entry.id} (${r.tier}): ${secs(r.seconds)}, ${rate}; ${status}; process ${secs(run.wall)} ${run.cpu}; ${peakText(run.peaks)}`);
    if (measured && r.notMeasured.length) print(`    also not measured: ${r.notMeasured.slice(0, 2).join('; ')}${r.notMeasured.length > 2 ? ` (+${r.notMeasured.length - 2} more)` : ''}`);
  }
}

interface Step { name: string; command: string; args: string[]; output?: string; check: (exit: number | null) => string }
function run(step: Step, cwd: string): Promise<{ seconds: number; exit: number | null; peak: number; stderr: string; cpu: string }> {
  sampler.reset();
  const cpu = cpuSeconds();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(step.command, step.args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    child.on('error', reject);
    child.on('close', (exit) => resolve({ seconds: (performance.now() - t0) / 1000, exit, peak: sampler.read().children, stderr, cpu: cpuSince(cpu) }));
  });
}

/**
 * The standalone baseline: the command-line tools that measure what the four release-prep
 * agents measure on this corpus, each started as its own process, one after another.
 */
function standaloneSteps(index: ProjectIndex, work: string): Step[] {
  const jsTs = [...index.byLanguage('javascript'), ...index.byLanguage('typescript')].map((f) => f.absolutePath);
  const code = codeFiles(index).filter((f) => f.language !== 'python').map((f) => f.absolutePath);
  const eslintBin = path.join(BENCH_DIR, '..', 'node_modules', 'eslint', 'bin', 'eslint.js');
  const unwrap = 'const u = (m) => (m.default ?? m);';
  const jsx = '{ ecmaFeatures: { jsx: true } }';
  writeFileSync(path.join(work, 'security.config.mjs'), `import security from 'eslint-plugin-security';\nimport noUnsanitized from 'eslint-plugin-no-unsanitized';\nimport * as ts from 'typescript-eslint';\n${unwrap}\nconst plugins = { security: u(security), 'no-unsanitized': u(noUnsanitized) };\nconst rules = ${JSON.stringify(securityRulesForTier('PREMIUM'))};\nexport default [\n  { files: ['**/*.js', '**/*.mjs', '**/*.jsx'], plugins, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: ${jsx} }, rules },\n  { files: ['**/*.cjs'], plugins, languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' }, rules },\n  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], plugins, languageOptions: { parser: u(ts).parser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: ${jsx} }, rules },\n];\n`);
  const cognitive = { 'sonarjs/cognitive-complexity': ['warn', 15] };
  writeFileSync(path.join(work, 'quality.config.mjs'), `import sonarjs from 'eslint-plugin-sonarjs';\nimport * as ts from 'typescript-eslint';\n${unwrap}\nconst linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };\nexport default [\n  { files: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'], linterOptions, languageOptions: { ecmaVersion: 'latest', parserOptions: ${jsx} }, plugins: { sonarjs: u(sonarjs) }, rules: ${JSON.stringify({ ...eslintRuleSettings(javascriptRules('CAPABLE')), ...cognitive })} },\n  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], linterOptions, languageOptions: { parser: u(ts).parser, ecmaVersion: 'latest', sourceType: 'module' }, plugins: { sonarjs: u(sonarjs), '@typescript-eslint': u(ts).plugin }, rules: ${JSON.stringify({ ...eslintRuleSettings(typescriptRules('CAPABLE')), ...cognitive })} },\n];\n`);
  writeFileSync(path.join(work, 'secretlint.mjs'), `import { createEngine } from '@secretlint/node';\nimport { readFileSync, writeFileSync } from 'node:fs';\nconst [list, out] = process.argv.slice(2);\nconst engine = await createEngine({ cwd: process.cwd(), formatter: 'json', color: false, maskSecrets: true, configFileJSON: ${JSON.stringify(SECRETLINT_CONFIG)} });\nconst result = await engine.executeOnFiles({ filePathList: JSON.parse(readFileSync(list, 'utf8')) });\nwriteFileSync(out, result.output);\nprocess.exitCode = result.ok ? 0 : 1;\n`);
  writeFileSync(path.join(work, 'all-files.json'), JSON.stringify(index.files.map((f) => f.absolutePath)));
  writeFileSync(path.join(work, 'jscpd.json'), JSON.stringify({ path: codeFiles(index).map((f) => f.absolutePath) }));
  const eslintOut = (name: string) => (exit: number | null) => {
    const results = readJson<{ messages: unknown[] }[]>(path.join(work, `${name}.json`));
    if (!results || (exit !== 0 && exit !== 1)) return 'FAILED (no report)';
    return `${results.length} files, ${results.reduce((s, r) => s + r.messages.length, 0)} messages`;
  };
  const steps: Step[] = [
    { name: 'eslint + eslint-plugin-security + eslint-plugin-no-unsanitized (security code rules, PREMIUM set)', command: process.execPath, args: [eslintBin, '-c', path.join(work, 'security.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', path.join(work, 'security.json'), ...jsTs], check: eslintOut('security') },
    { name: 'secretlint (preset-recommend, @secretlint/node executeOnFiles = what the secretlint CLI runs), every text file', command: process.execPath, args: [path.join(work, 'secretlint.mjs'), path.join(work, 'all-files.json'), path.join(work, 'secrets.json')], check: (exit) => { const r = readJson<{ messages: unknown[] }[]>(path.join(work, 'secrets.json')); return r && exit !== null && exit <= 1 ? `${r.length} files, ${r.reduce((s, x) => s + x.messages.length, 0)} secrets` : 'FAILED (no report)'; } },
    { name: 'eslint with the quality baseline rule set (CAPABLE) + sonarjs/cognitive-complexity (for our complexity pass)', command: process.execPath, args: [eslintBin, '-c', path.join(work, 'quality.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', path.join(work, 'quality.json'), ...code], check: eslintOut('quality') },
    { name: 'jscpd 5.3.2 (duplication), same file list and options', command: process.execPath, args: [path.join(BENCH_DIR, '..', 'node_modules', 'jscpd', 'run-jscpd.js'), '-c', path.join(work, 'jscpd.json'), '--reporters', 'json', '--output', path.join(work, 'jscpd-out'), '--silent', '--absolute', '--no-gitignore', '--no-colors'], check: () => { const r = readJson<{ statistics: { total: { percentage: number; sources: number } } }>(path.join(work, 'jscpd-out', 'jscpd-report.json')); return r ? `${r.statistics.total.sources} files, ${r.statistics.total.percentage}% duplicated` : 'FAILED (no report)'; } },
  ];
  if (['package-lock.json', 'npm-shrinkwrap.json'].some((f) => existsSync(path.join(index.root, f))))
    steps.push({ name: 'npm audit --json (the security agent runs it at PREMIUM when a lock file exists)', command: 'npm', args: ['audit', '--json'], check: (exit) => `exit ${exit}` });
  return steps;
}

if (phases.has('standalone')) {
  print('\n## 3. Standalone baseline: the same tools as separate command-line processes, one after another');
  const work = path.join(BENCH_DIR, '.corpus', '.standalone');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let sum = 0;
  let failed = false;
  const cpuAll = cpuSeconds();
  for (const step of standaloneSteps(probe, work)) {
    const result = await run(step, corpus.root);
    const check = step.check(result.exit);
    failed ||= check.startsWith('FAILED');
    sum += result.seconds;
    print(`- ${step.name}: ${secs(result.seconds)}, exit ${result.exit}, ${check}, ${result.cpu}, peak RSS of the tool's processes ${sampler.seesChildren ? mib(result.peak) : 'not measured (no /proc)'}${check.startsWith('FAILED') ? `\n    stderr: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
  }
  print(`sum of the standalone runs: ${secs(sum)}, ${cpuSince(cpuAll)}`);
  print('not in the baseline (no standalone counterpart; the together run still does them, so the ratio is conservative): the coverage agent, the documentation agent, the index walk.');
  if (failed) print('together / standalone: not measured (a standalone tool failed; see above)');
  else if (coldWall !== null) {
    const ratio = coldWall / sum;
    print(`together (cold) / standalone sum = ${secs(coldWall)} / ${secs(sum)} = ${ratio.toFixed(3)} (target <= 0.5: ${ratio <= 0.5 ? 'MET' : 'NOT MET'})`);
  } else print('together / standalone: not measured (run with --phases together,standalone)');
}

const worst = Math.max(0, ...allPeaks);
const verdict = LOC < 100_000 ? 'the target applies at 100k+ lines: run --corpus 100k' : worst < 1024 ** 3 ? 'MET' : 'NOT MET';
if (allPeaks.length) print(`\n## 4. Highest peak RSS of one measurement of sections 1-2: ${mib(worst)} on ${LOC} lines (target < 1 GiB at 100k lines: ${verdict})`);
else print('\n## 4. Peak RSS of our analysis: not measured (sections 1-2 not run)');
await sampler.stop();
