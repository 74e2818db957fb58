/**
 * Analysis benchmark (issue 3, "Must show"). Run: `npx tsx bench/analysis.ts [flags]`.
 *
 * On a large real corpus fetched from the npm registry (bench/corpus.ts) it prints:
 * 1. lines per second of each analyser alone (fresh index, no cache, at its template tier),
 * 2. the four release-prep analyses together (the workflow: one shared index, agents in
 *    parallel) against the standalone baseline: the equivalent command-line tools, each started
 *    as its own process, one after another (defined in `standaloneSteps()`, see bench/README.md),
 * 3. a warm re-run on the unchanged tree (result cache) against the cold run, naming every
 *    analyser whose result did not come from the cache,
 * 4. peak RSS of each phase (this process with its worker threads, and its child processes).
 *
 * Flags: --corpus large|100k, --package name@version, --corpus-dir DIR (bench/corpus.ts),
 * --tier CHEAP|CAPABLE|PREMIUM (per-analyser phase; default each template's tier),
 * --phases analysers,together,standalone (default all three).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildProjectIndex } from '../src/project/index.js';
import type { ProjectIndex } from '../src/project/types.js';
import type { AnalysisReport, AnalyzeOptions, Analyzer } from '../src/analysis/types.js';
import type { Tier } from '../src/types.js';
import { codeFiles } from '../src/analysis/shared/complexity-cache.js';
import { eslintRuleSettings, javascriptRules, typescriptRules } from '../src/analysis/quality/lint-rules.js';
import { securityRulesForTier } from '../src/analysis/security/eslint-lint.js';
import { SECRETLINT_CONFIG } from '../src/analysis/security/secrets.js';
import { OrchestratedReleasePrepWorkflow } from '../src/workflows/release-prep/release-prep.js';
import { BENCH_DIR, RssSampler, type RssPeaks, cpuSeconds, cpuSince, flag, machineLine, mib, parseFlags, readJson, resolveCorpus, secs } from './corpus.js';

type AnyAnalyzer = Analyzer<Record<string, unknown>, AnalyzeOptions>;
interface AnalyserEntry { id: string; tier: Tier; primary: string; load: () => Promise<unknown> }

/** Every analyser, its template's tier and its gate figure; missing modules are reported, not skipped silently. */
const ANALYSERS: AnalyserEntry[] = [
  { id: 'security', tier: 'PREMIUM', primary: 'critical_issues', load: async () => (await import('../src/analysis/security/index.js')).securityAnalyzer },
  { id: 'coverage', tier: 'CAPABLE', primary: 'coverage', load: async () => (await import('../src/analysis/coverage/index.js')).coverageAnalyzer },
  { id: 'quality', tier: 'CAPABLE', primary: 'quality_score', load: async () => (await import('../src/analysis/quality/index.js')).qualityAnalyzer },
  { id: 'documentation', tier: 'CHEAP', primary: 'doc_coverage', load: async () => (await import('../src/analysis/documentation/documentation-analyzer.js')).documentationAnalyzer },
  { id: 'architecture', tier: 'PREMIUM', primary: 'circular_dependencies', load: async () => (await import('../src/analysis/architecture/architecture-analyzer.js')).architectureAnalyzer },
  { id: 'refactoring', tier: 'CAPABLE', primary: 'duplication_pct', load: async () => (await import('../src/analysis/refactoring/index.js')).refactoringAnalyzer },
  { id: 'performance', tier: 'CAPABLE', primary: 'smells_total', load: async () => (await import('../src/analysis/performance/performance-analyzer.js')).performanceAnalyzer },
];

const flags = parseFlags(process.argv.slice(2));
const phases = new Set((flag(flags, 'phases') ?? 'analysers,together,standalone').split(','));
const tierOverride = flag(flags, 'tier') as Tier | undefined;
const print = (line = '') => process.stdout.write(`${line}\n`);
const childMode = flag(flags, 'child');

/** Child mode: one measurement in a fresh process; prints one JSON line. */
async function child(mode: string, root: string): Promise<unknown> {
  if (mode === 'together') {
    const t0 = performance.now();
    const report = await new OrchestratedReleasePrepWorkflow({ learn: false, cache: true }).execute({ path: root });
    const agents = report.agentResults.map((r) => ({
      id: r.agentId,
      seconds: r.durationSeconds,
      cached: r.output['cached'] === true,
      note: r.success ? '' : ` (failed: ${(r.error ?? '').slice(0, 140)})`,
    }));
    return { wall: (performance.now() - t0) / 1000, agents };
  }
  const entry = ANALYSERS.find((a) => `analyser:${a.id}` === mode);
  if (!entry) throw new Error(`--child ${mode}: unknown`);
  let analyzer: AnyAnalyzer;
  try {
    analyzer = (await entry.load()) as AnyAnalyzer;
    if (!analyzer) throw new Error('module has no analyser export');
  } catch (error) {
    return { absent: (error as Error).message.split('\n')[0] };
  }
  const tier = tierOverride ?? entry.tier;
  const index = await buildProjectIndex(root, { cache: false });
  const t0 = performance.now();
  const report: AnalysisReport = await analyzer.analyze(index, { tier });
  const seconds = (performance.now() - t0) / 1000;
  const value = report.figures[entry.primary];
  return { tier, seconds, value: value ?? null, findings: report.findings.length, files: report.filesCounted, notMeasured: report.notMeasured.map((n) => `${n.what}: ${n.reason}`) };
}

if (childMode) {
  process.stdout.write(`${JSON.stringify(await child(childMode, flag(flags, 'corpus-dir')!))}\n`);
  process.exit(0);
}

const corpus = resolveCorpus(flags);
const sampler = new RssSampler();
const codeLoc = (index: ProjectIndex) => Object.values(index.languages).reduce((s, l) => s + (l?.loc ?? 0), 0);
const peakText = (p: RssPeaks) => `peak RSS ${mib(p.children)}${sampler.seesChildren ? '' : ' (not measured: no /proc)'}`;

/** Runs one measurement in a child process (this script, `--child`): its RSS and CPU are its own. */
function measureInChild<T>(mode: string): Promise<{ result: T; peaks: RssPeaks; cpu: string; wall: number }> {
  sampler.reset();
  const cpu = cpuSeconds();
  const t0 = performance.now();
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, '--corpus-dir', corpus.root];
  if (tierOverride) args.push('--tier', tierOverride);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-2000); });
    proc.on('error', reject);
    proc.on('close', (exit) => {
      const wall = (performance.now() - t0) / 1000;
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ result: JSON.parse(last) as T, peaks: sampler.read(), cpu: cpuSince(cpu), wall });
      } catch {
        reject(new Error(`child ${mode} exited ${exit} without a result: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      }
    });
  });
}

print(`# bench/analysis — ${new Date().toISOString()}`);
print(`machine: ${machineLine()}`);
print(`corpus: ${corpus.label}`);
print(`root: ${corpus.root}`);
rmSync(path.join(corpus.root, '.empathy'), { recursive: true, force: true });
const started = performance.now();
const probe = await buildProjectIndex(corpus.root, { cache: false });
const indexSeconds = (performance.now() - started) / 1000;
const LOC = codeLoc(probe);
print(`index: ${probe.files.length} text files, ${LOC} non-blank code lines ${JSON.stringify(probe.languages)}, skipped ${JSON.stringify(probe.skipped)}, built in ${secs(indexSeconds)} (first walk)`);
print('Each measurement of sections 1-2 runs in a fresh child process; its peak RSS covers that process, its worker threads and its own child processes (jscpd, ...); CPU counts the same.');

const allPeaks: number[] = [];
interface TogetherResult { wall: number; agents: { id: string; seconds: number; cached: boolean; note: string }[] }
const describe = (run: TogetherResult) => run.agents.map((a) => `    ${a.id}: ${secs(a.seconds)}${a.cached ? ' (from cache)' : ' (computed)'}${a.note}`).join('\n');
let coldWall: number | null = null;
if (phases.has('together')) {
  print('\n## 2. The four release-prep analyses together (OrchestratedReleasePrepWorkflow, learn off, cache on; wall = the child process, start to exit)');
  const cold = await measureInChild<TogetherResult>('together');
  allPeaks.push(cold.peaks.children);
  coldWall = cold.wall;
  print(`cold (empty cache): wall ${secs(cold.wall)} (workflow ${secs(cold.result.wall)}), sum of the agents' own durations ${secs(cold.result.agents.reduce((s, a) => s + a.seconds, 0))}, ${cold.cpu}, ${peakText(cold.peaks)}`);
  print('  (an agent\'s duration runs until its promise settles: agents waiting on a busy main thread look long; CPU says what really ran)');
  print(describe(cold.result));
  const warm = await measureInChild<TogetherResult>('together');
  allPeaks.push(warm.peaks.children);
  print(`warm (new process, unchanged tree, cache filled by the cold run): wall ${secs(warm.wall)} (workflow ${secs(warm.result.wall)}), ${warm.cpu}, ${peakText(warm.peaks)}`);
  print(describe(warm.result));
  const ratio = warm.wall / cold.wall;
  const missed = warm.result.agents.filter((a) => !a.cached).map((a) => a.id);
  print(`warm / cold = ${ratio.toFixed(3)} (target <= 0.1: ${ratio <= 0.1 ? 'MET' : 'NOT MET'})`);
  print(missed.length ? `agents whose result did NOT come from the cache on the warm run: ${missed.join(', ')}` : 'every agent was served from the cache');
}

if (phases.has('analysers')) {
  print('\n## 1. Each analyser alone (fresh process and index, --no-cache; lines/s = non-blank JS/TS/Python lines / the analyse() call, index build excluded)');
  for (const entry of ANALYSERS) {
    type R = { absent?: string; tier: Tier; seconds: number; value: unknown; findings: number; files: number; notMeasured: string[] };
    let run: Awaited<ReturnType<typeof measureInChild<R>>>;
    try {
      run = await measureInChild<R>(`analyser:${entry.id}`);
    } catch (error) {
      print(`- ${entry.id}: FAILED ${(error as Error).message}`);
      continue;
    }
    const r = run.result;
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
