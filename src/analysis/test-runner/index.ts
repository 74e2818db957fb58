/**
 * The test-runner library: plans a JavaScript/TypeScript test run the way the project's
 * maintainers run it (see `planJsTestRun`). Used by the coverage analyser and by test
 * generation alike; it plans, the callers run (contained, through `runContained`).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import picomatch from 'picomatch';
import type { ProjectIndex } from '../../project/types.js';
import { binPath, findBin, listFiles, packageVersion } from './environment.js';
import { builtOutputLoaded, configFiles, indexTestFiles, workflowEnv, workflowScripts } from './evidence.js';
import { measuredFileSet } from './file-set.js';
import { runnerArgs } from './runner-args.js';
import { readScripts, type RunnerCommand, type ScriptReading } from './scripts.js';
import type { CoverageCollection, JsTestPlan, JsTestPlanRefusal } from './types.js';

export type * from './types.js';
export { parseTestCounts, firstErrorLines, failingTestNames } from './summary.js';
export { measuredFileSet, NEVER_MEASURED } from './file-set.js';
export { readScripts } from './scripts.js';
export { parseScript } from './shell-words.js';
export { rejectedNodeFlags } from './environment.js';
export { collectCoverage } from './collect.js';
export { createTestProgressParser, formatTestProgress } from './progress.js';
export type { TestProgress, TestProgressParser, TestProgressRunner } from './progress.js';
export type { CollectOptions } from './collect.js';

/** Options of {@link planJsTestRun}. */
export interface PlanOptions {
  /** A directory of ours for coverage output; without it the plan runs the tests without coverage. */
  outDir?: string;
  /** Run only these test files (index paths) instead of the project's whole suite. */
  files?: string[];
}

type Pkg = Record<string, unknown> & { scripts?: Record<string, string>; workspaces?: unknown };

function readPkg(dir: string): Pkg | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Pkg;
  } catch {
    return null;
  }
}

/** Reads the scripts from the script the CI runs, else `test`, else `test:unit`/`coverage`. */
async function chooseScripts(dir: string, pkg: Pkg, evidence: string[]): Promise<(ScriptReading & { script: string }) | null> {
  const scripts = Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter(([, v]) => typeof v === 'string'));
  const ci = (await workflowScripts(dir)).filter((w) => w.script in scripts);
  // The CI's own test script first, unless it is an end-to-end or browser run; `test` when the CI runs it too.
  const fromCi = ci.map((w) => w.script).filter((n) => !/e2e|browser|integration|bench|types?\b|lint|size/.test(n));
  const order = [...(fromCi.includes('test') ? ['test'] : []), ...fromCi, 'test', 'test:unit', 'test:node', 'coverage', 'test:coverage'];
  for (const start of [...new Set(order)]) {
    if (!(start in scripts) || /no test specified/.test(scripts[start]!)) continue;
    const reading = readScripts(scripts, start);
    if (!reading.runner) continue;
    const ciHit = ci.find((w) => w.script === start);
    evidence.push(`package.json scripts.${start}: ${JSON.stringify(scripts[start])}`);
    if (ciHit) evidence.push(`${ciHit.file} runs the ${start} script`);
    return { ...reading, script: start };
  }
  return null;
}

/** A workspace root above `root` whose scripts run the tests (monorepo packages), or null. */
async function workspaceRoot(root: string, evidence: string[]): Promise<{ dir: string; reading: ScriptReading & { script: string } } | null> {
  let dir = path.dirname(root);
  for (let i = 0; i < 4 && dir !== path.dirname(dir); i += 1, dir = path.dirname(dir)) {
    const pkg = readPkg(dir);
    if (!pkg || !(pkg.workspaces || existsSync(path.join(dir, 'pnpm-workspace.yaml')) || existsSync(path.join(dir, 'lerna.json')))) continue;
    const reading = await chooseScripts(dir, pkg, evidence);
    if (reading) {
      evidence.push(`the package has no test script; the workspace root ${dir} runs its tests`);
      return { dir, reading };
    }
  }
  return null;
}

/** Our own c8 (a dependency of this package), to convert V8 data with source maps when the project has none. */
function ownC8(): string | null {
  try {
    const pkgJson = createRequire(import.meta.url).resolve('c8/package.json');
    const bin = path.join(path.dirname(pkgJson), 'bin', 'c8.js');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** The runner a project depends on, as a bare command, when no script names one. */
function fromDependencies(pkg: Pkg): RunnerCommand | null {
  const deps = { ...(pkg['dependencies'] as object | undefined), ...(pkg['devDependencies'] as object | undefined) };
  const name = ['vitest', 'jest', 'mocha', 'ava', 'tap'].find((n) => n in deps);
  return name ? { words: [{ text: name, quoted: false }], env: {}, wrapper: null, script: '(dependencies)', text: name } : null;
}

/** `node --test` when no script or dependency names a runner and the tests use node's own (`node:test`). */
async function nodeTestFiles(index: ProjectIndex, tests: string[]): Promise<RunnerCommand | null> {
  for (const test of tests.slice(0, 50)) {
    if (/['"]node:test['"]/.test(await index.read(test).catch(() => ''))) {
      return { words: [{ text: 'node', quoted: false }, { text: '--test', quoted: false }], env: {}, wrapper: null, script: '(tests import node:test)', text: 'node --test' };
    }
  }
  return null;
}

/**
 * Plans how to run the tests of the JS/TS project at `index.root`: the runner and its command
 * from the scripts (only the test-runner step of a compound script), the runner's own arguments
 * minus what this environment cannot honour (each named in `neutralised`), how coverage is
 * collected, and the measured file set. Returns a refusal when no run is possible, with
 * `noTests: true` when the project truly has no test file (measured as 0 %).
 *
 * @example
 * const plan = await planJsTestRun(index, { outDir: '/tmp/out' });
 * if ('command' in plan) console.log(plan.display, plan.neutralised, plan.fileSet.rule);
 */
export async function planJsTestRun(index: ProjectIndex, options: PlanOptions = {}): Promise<JsTestPlan | JsTestPlanRefusal> {
  const root = index.root;
  const evidence: string[] = [];
  const pkg = readPkg(root) ?? {};
  let cwd = root;
  let reading = await chooseScripts(root, pkg, evidence);
  if (!reading) {
    const ws = await workspaceRoot(root, evidence);
    if (ws) ({ dir: cwd, reading } = ws);
  }
  const tests = indexTestFiles(index);
  const runnerCommand = reading?.runner ?? fromDependencies(pkg) ?? (await nodeTestFiles(index, tests));
  const fileSet = measuredFileSet(index, { runner: runnerCommand?.words[0]?.text ?? '', wrapper: runnerCommand?.wrapper ?? null });
  if (!runnerCommand) {
    if (tests.length === 0) return { reason: 'no tests: the project has no test file, and no test script names a runner', noTests: true, fileSet, evidence };
    return { reason: 'no test runner found (no test script naming one, no vitest, jest, mocha, ava or tap dependency)', fix: 'add a test script to package.json, or name a coverage report with --coverage-report', noTests: false, fileSet: null, evidence };
  }
  if (!reading?.runner) evidence.push(`no test script; ${runnerCommand.text} from ${runnerCommand.script === '(dependencies)' ? 'the dependencies' : 'the tests, which import node:test'}`);
  evidence.push(...configFiles(cwd).map((f) => `config file ${f}`));
  const cwdFiles = cwd === root ? index.files.map((f) => f.path) : await listFiles(cwd);
  const planned = await runnerArgs(runnerCommand.words, cwd, cwdFiles);
  if ('missing' in planned) {
    if (tests.length === 0) return { reason: 'no tests: the project has no test file', noTests: true, fileSet, evidence };
    return { reason: existsSync(path.join(cwd, 'node_modules')) ? `dependencies not installed (no node_modules/.bin/${planned.missing})` : 'dependencies not installed', fix: 'run npm ci (or npm install) in the project', noTests: false, fileSet: null, evidence };
  }
  let { args, testFiles } = planned;
  const rel = path.relative(cwd, root).split(path.sep).join('/');
  if (rel !== '') {
    // A monorepo package: run the workspace's runner on this package's tests only.
    const mine = (testFiles ?? []).filter((f) => f.startsWith(`${rel}/`));
    if (testFiles) args = [...args.filter((a) => !testFiles!.includes(a) && !/[*?]/.test(a)), ...mine];
    else args.push(planned.runner === 'jest' || planned.runner === 'vitest' ? rel : `${rel}/test`);
    testFiles = testFiles ? mine : null;
  }
  if (options.files) {
    const files = options.files.map((f) => (rel ? `${rel}/${f}` : f));
    args = planned.runner === 'jest' ? [...args.filter((a) => !(testFiles ?? []).includes(a)), '--runTestsByPath', ...files] : [...args.filter((a) => !(testFiles ?? []).includes(a) && !/[*?]/.test(a)), ...files];
    testFiles = files;
  }
  const builtOutput = await builtOutputLoaded(index, tests, pkg);
  if (builtOutput) evidence.push(`the tests load built output ${builtOutput.dir}/${builtOutput.sourceMaps ? ' (mapped back through its source maps)' : ' (no source maps)'}`);
  // The time zone and locale the CI job running the script sets (the script's own variables win).
  const ci = reading ? await workflowEnv(cwd, reading.script) : null;
  if (ci) evidence.push(`${Object.entries(ci.env).map(([k, v]) => `${k}=${v}`).join(' ')} from ${ci.file} (the job that runs the ${reading!.script} script)`);
  const runEnv = { ...ci?.env, ...runnerCommand.env };
  const env: Record<string, string> = { PATH: binPath(cwd), ...runEnv };
  const coverage = await coverageFor(planned.runner, cwd, options.outDir, fileSet, args, env);
  if ('reason' in coverage) return { reason: coverage.reason, fix: coverage.fix, noTests: false, fileSet: null, evidence };
  const skippedSteps = (reading?.skipped ?? []).map((s) => `${s.command} (${s.kind}, from scripts.${s.script})`);
  const neutralised = [...planned.neutralised, ...(reading?.otherRunners ?? []).map((r) => ({ item: r.words.map((w) => w.text).join(' '), reason: 'a further test command of the script: only the first is run' }))];
  const envText = Object.entries(runEnv).map(([k, v]) => `${k}=${v} `).join('');
  return {
    runner: planned.runner,
    cwd,
    command: planned.command,
    args,
    env,
    display: `${envText}${[planned.command, ...args].map((a) => (/[\s*?]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
    coverage: coverage.collection,
    neutralised,
    skippedSteps,
    builtOutput,
    evidence,
    fileSet,
    testFiles,
  };
}

/**
 * The include globs of a file set for the runner's own coverage option: its globs that match some
 * file of the set (not `README.md/**` from a `files` list), else its files (when few).
 */
function setGlobs(fileSet: JsTestPlan['fileSet'], all: string): string[] {
  const used = fileSet.include.filter((glob) => fileSet.files.some((file) => picomatch(glob, { dot: true })(file)));
  if (used.length > 0) return used;
  return fileSet.files.length > 0 && fileSet.files.length <= 300 ? fileSet.files : [all];
}

async function coverageFor(
  runner: JsTestPlan['runner'],
  cwd: string,
  outDir: string | undefined,
  fileSet: JsTestPlan['fileSet'],
  args: string[],
  env: Record<string, string>,
): Promise<{ collection: CoverageCollection } | { reason: string; fix: string }> {
  if (runner === 'vitest') {
    const version = await packageVersion('vitest', cwd);
    const provider = (await packageVersion('@vitest/coverage-v8', cwd)) !== null ? 'v8' : (await packageVersion('@vitest/coverage-istanbul', cwd)) !== null ? 'istanbul' : null;
    if (outDir && !provider) return { reason: 'vitest coverage provider not installed', fix: `npm i -D @vitest/coverage-v8@${version ?? 'latest'}` };
    const providerVersion = provider ? await packageVersion(`@vitest/coverage-${provider}`, cwd) : null;
    if (outDir && version && providerVersion && version !== providerVersion) return { reason: `@vitest/coverage-${provider} ${providerVersion} does not match vitest ${version}`, fix: `npm i -D @vitest/coverage-${provider}@${version}` };
    if (!outDir) return { collection: { kind: 'vitest', reportFile: null, provider } };
    const dir = path.join(outDir, 'vitest');
    args.push('--no-cache', '--coverage.enabled=true', '--coverage.reportOnFailure=true', `--coverage.provider=${provider}`, '--coverage.reporter=json', `--coverage.reportsDirectory=${dir}`);
    if (!fileSet.configured) for (const glob of setGlobs(fileSet, '**')) args.push(`--coverage.include=${glob}`);
    return { collection: { kind: 'vitest', reportFile: path.join(dir, 'coverage-final.json'), provider } };
  }
  if (runner === 'jest') {
    args.push('--ci', '--watchAll=false');
    if (!outDir) return { collection: { kind: 'jest', reportFile: null, provider: null } };
    const dir = path.join(outDir, 'jest');
    args.push('--coverage', '--coverageReporters=json', `--coverageDirectory=${dir}`, '--coverageThreshold={}');
    if (!fileSet.configured) for (const glob of setGlobs(fileSet, '**/*.{js,jsx,ts,tsx,mjs,cjs}')) args.push(`--collectCoverageFrom=${glob}`);
    return { collection: { kind: 'jest', reportFile: path.join(dir, 'coverage-final.json'), provider: null } };
  }
  if (!outDir) return { collection: { kind: 'v8', v8Dir: null, c8: null } };
  const v8Dir = path.join(outDir, 'v8');
  env['NODE_V8_COVERAGE'] = v8Dir;
  return { collection: { kind: 'v8', v8Dir, c8: findBin('c8', cwd) ?? ownC8() } };
}

/**
 * The directory the project's test command looks in, from the globs or paths it names
 * (`mocha tests/*.js` -> `tests`, `node --test test/` -> `test`), or null.
 *
 * @example
 * await scriptTestDir('/repo'); // 'tests'
 */
export async function scriptTestDir(root: string): Promise<string | null> {
  const pkg = readPkg(root);
  const reading = pkg ? await chooseScripts(root, pkg, []) : null;
  for (const word of reading?.runner?.words.slice(1) ?? []) {
    const text = word.text.replace(/^\.\//, '');
    if (text.startsWith('-') || !text.includes('/')) continue;
    const dir = text.slice(0, text.search(/[*?[{]|$/)).replace(/\/[^/]*$/, '');
    if (dir && !dir.startsWith('.') && !/\.[cm]?[jt]sx?$/.test(dir)) return dir.replace(/\/+$/, '');
  }
  return null;
}

/** True for a plan (not a refusal). */
export function isPlan(plan: JsTestPlan | JsTestPlanRefusal): plan is JsTestPlan {
  return 'command' in plan;
}
