/**
 * Benchmark of the offline test generator on published npm packages (issue 14).
 *
 * Run: npx tsx bench/testgen.ts [--max-time SECONDS] [--only name,name] [name@version ...]
 *   (default: the 28 packages of DEFAULT below; EMPATHY_BENCH_SCRATCH picks the scratch folder,
 *   default the system's temporary folder; EMPATHY_BENCH_CORPUS_DIR the tarball cache, default
 *   bench/.corpus)
 *
 * For each package: `npm pack name@version` (fetched once), unpacked into a fresh project in the
 * scratch folder that starts from ZERO tests: its tests removed, mocha as the runner and one
 * placeholder test that loads the package entry point. Then `TestCoverageBoostWorkflow` runs
 * offline (no model). Statement and branch coverage before and after are measured independently
 * of the workflow, by c8 running mocha over the package's own files (`--all`: a file no test
 * loads counts as 0 %). Own files: every shipped .js/.cjs/.mjs file except tests, *.min.js,
 * build configs (*.config.js, .eslintrc*, Gruntfile, gulpfile), benchmarks and examples (folders,
 * and files named bench.js, benchmark.js, example.js), and
 * build bundles under dist/ or build/ that no entry point names; `.mjs` twins of a CommonJS
 * package are left out (tests load one of the two builds).
 * Checks per package: no file of the unpacked project that existed before changed, the
 * unpacked tarball is unchanged, and the final suite passes 3 runs in a row.
 * Prints the per-package table and the medians. Target: median statement coverage >= 80 %.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestCoverageBoostWorkflow } from '../src/workflows/test-coverage/index.js';
import { assertionCounts, median } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = process.env['EMPATHY_BENCH_CORPUS_DIR'] ?? path.join(HERE, '.corpus');
const SCRATCH = process.env['EMPATHY_BENCH_SCRATCH'] ?? os.tmpdir();
const NODE_MODULES = path.resolve(HERE, '../node_modules');

/** Package -> kind (fs: file system or I/O; async: promises, callbacks, streams, events; class: data structures; pure: functions; built: ships only compiled code). */
const DEFAULT: Record<string, string> = {
  'mkdirp@1.0.4': 'fs', 'isexe@2.0.0': 'fs', 'path-exists@4.0.0': 'fs', 'fs.realpath@1.0.0': 'fs', 'temp-dir@2.0.0': 'fs',
  'async@3.2.6': 'async', 'pify@5.0.0': 'async', 'get-stream@6.0.1': 'async', 'p-limit@3.1.0': 'async', 'delay@5.0.0': 'async', 'eventemitter3@5.0.1': 'async',
  'yallist@4.0.0': 'class', 'denque@2.1.0': 'class', 'quick-lru@5.1.1': 'class', 'heap@0.2.7': 'class', 'yocto-queue@0.1.0': 'class',
  'camelcase@6.3.0': 'pure', 'kind-of@6.0.3': 'pure', 'deepmerge@4.3.1': 'pure', 'fast-deep-equal@3.1.3': 'pure', 'semver@7.6.3': 'pure', 'ms@2.1.3': 'pure',
  'fast-json-patch@3.1.1': 'built', 'strict-event-emitter@0.5.1': 'built',
  'mitt@3.0.1': 'built', 'clsx@2.1.1': 'built', 'throttle-debounce@5.0.2': 'async', 'split2@4.2.0': 'async',
};

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const MAX_TIME = Number(flag('--max-time') ?? 90);
const only = flag('--only')?.split(',');
const named = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--max-time', '--only'].includes(all[i - 1] ?? ''));
const PACKAGES = named.length > 0 ? named : Object.keys(DEFAULT).filter((p) => !only || only.some((o) => p.startsWith(`${o}@`)));

async function fetchPackage(spec: string): Promise<string> {
  const dir = path.join(CORPUS, spec.replace(/[@/]/g, '_'));
  if (existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
  await fs.mkdir(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  execFileSync('tar', ['xzf', path.join(dir, out), '-C', dir]);
  return path.join(dir, 'package');
}

const TESTS = /(^|\/)(test|tests|__tests__|spec)(\/|$)|\.(test|spec)\.[cm]?js$/;
const NOT_OWN = /(^|\/)(bench|benchmarks?|examples?|docs?)\/|(^|\/)(\.eslintrc[^/]*|[^/]*\.config\.[cm]?js|Gruntfile\.js|gulpfile\.js|bench(mark)?s?\.[cm]?js|examples?\.[cm]?js)$|\.min\.[cm]?js$/;

async function hashTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await fs.readdir(root, { recursive: true })) {
    if (rel.startsWith('node_modules')) continue;
    const abs = path.join(root, rel);
    const st = await fs.lstat(abs);
    if (st.isFile()) out.set(rel, createHash('sha256').update(await fs.readFile(abs)).digest('hex'));
  }
  return out;
}

interface Project { root: string; own: string[] }

/**
 * The project's node_modules: a link to ours (mocha, c8) when the package has no runtime
 * dependency; else its runtime dependencies installed from the npm registry (`npm install
 * --omit=dev --ignore-scripts`, as a user of the package gets them) beside links to our mocha and c8.
 */
async function linkNodeModules(root: string, dependencies: unknown): Promise<void> {
  const deps = typeof dependencies === 'object' && dependencies !== null ? Object.keys(dependencies) : [];
  if (deps.length === 0) return fs.symlink(NODE_MODULES, path.join(root, 'node_modules'), 'dir');
  execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--silent'], { cwd: root, stdio: 'pipe' });
  await fs.mkdir(path.join(root, 'node_modules', '.bin'), { recursive: true });
  for (const tool of ['mocha', 'c8']) {
    await fs.symlink(path.join(NODE_MODULES, tool), path.join(root, 'node_modules', tool), 'dir').catch(() => undefined);
    await fs.symlink(path.join(NODE_MODULES, '.bin', tool), path.join(root, 'node_modules', '.bin', tool)).catch(() => undefined);
  }
}

async function zeroTestProject(source: string): Promise<Project> {
  await fs.mkdir(SCRATCH, { recursive: true });
  const root = await fs.realpath(await fs.mkdtemp(path.join(SCRATCH, 'empathy-bench-testgen-')));
  await fs.cp(source, root, { recursive: true, filter: (p) => !TESTS.test(path.relative(source, p)) });
  const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const entries = JSON.stringify([pkg['main'] ?? 'index.js', pkg['exports'] ?? null, pkg['bin'] ?? null]);
  pkg['scripts'] = { test: 'mocha' };
  delete pkg['mocha']; // the package's own mocha settings (mitt: require ts-node) are for its own tests
  pkg['devDependencies'] = { mocha: '*', c8: '*' };
  await fs.writeFile(path.join(root, 'package.json'), JSON.stringify(pkg, null, 2));
  await linkNodeModules(root, pkg['dependencies']);
  await fs.mkdir(path.join(root, 'test'));
  const load = pkg['type'] === 'module' ? "it('loads the package', async () => { await import('../" + String(pkg['main'] ?? 'index.js') + "'); });" : "it('loads the package', () => { require('..'); });";
  await fs.writeFile(path.join(root, 'test', 'placeholder.test.js'), `'use strict';\n// The package starts with zero tests: this one only loads it.\n${load}\n`);
  const files = (await fs.readdir(root, { recursive: true })).filter((f) => /\.[cm]?js$/.test(f) && !f.startsWith('node_modules') && !f.startsWith('test/'));
  const cjsMain = pkg['type'] !== 'module';
  const own = files.filter((f) => {
    if (NOT_OWN.test(f)) return false;
    if (/^(dist|build)\//.test(f) && !entries.includes(f)) return false;
    if (cjsMain && f.endsWith('.mjs') && files.some((g) => g !== f && /\.c?js$/.test(g))) return false;
    return true;
  });
  return { root, own };
}

interface Cov { stmts: number; branches: number }

function c8(root: string, own: string[]): Cov | null {
  const dir = path.join(root, '.bench-coverage');
  const args = ['--all', '--reporter=json-summary', `--report-dir=${dir}`, `--temp-directory=${path.join(dir, 'tmp')}`, '--exclude-after-remap=false', ...own.flatMap((f) => ['--include', f]), path.join(root, 'node_modules', '.bin', 'mocha'), '--timeout', '10000', '--exit'];
  spawnSync(path.join(root, 'node_modules', '.bin', 'c8'), args, { cwd: root, stdio: 'pipe', timeout: 300_000 });
  const file = path.join(dir, 'coverage-summary.json');
  if (!existsSync(file)) return null;
  const total = (JSON.parse(execFileSync('cat', [file], { encoding: 'utf8' })) as { total: { statements: { pct: number }; branches: { pct: number } } }).total;
  return { stmts: total.statements.pct, branches: total.branches.pct };
}

function mochaPasses(root: string): boolean {
  return spawnSync(path.join(root, 'node_modules', '.bin', 'mocha'), ['--timeout', '10000', '--exit'], { cwd: root, stdio: 'pipe', timeout: 300_000 }).status === 0;
}

/** Assertions per test case of the kept files, and the cases with none ("does not throw" only). */
const assertions = (root: string, files: string[]) => assertionCounts(root, files, /\n {2}it\(/, /\bassert\.\w+\(|\bexpect\(/g);

const pct = (c: Cov | null, k: keyof Cov) => (c ? `${c[k].toFixed(1)}` : 'n/m');

const afterStmts: number[] = [];
const afterBranches: number[] = [];
const beforeStmts: number[] = [];
console.log(`testgen bench: ${PACKAGES.length} packages, offline (no model), --max-time ${MAX_TIME}, node ${process.versions.node}, ${new Date().toISOString()}`);
console.log('| package | kind | files | stmts before | stmts after | branches before | branches after | kept tests (files) | asserts/test | no-assert tests | 3 runs pass | unchanged | time |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const spec of PACKAGES) {
  const source = await fetchPackage(spec);
  const sourceHash = await hashTree(source);
  const { root, own } = await zeroTestProject(source);
  const before = c8(root, own);
  await fs.rm(path.join(root, '.bench-coverage'), { recursive: true, force: true });
  const initial = await hashTree(root);
  const started = performance.now();
  let r: Awaited<ReturnType<TestCoverageBoostWorkflow['execute']>> | null = null;
  let failure = '';
  try {
    r = await new TestCoverageBoostWorkflow({ targetCoverage: 100, projectRoot: root, maxTimeSeconds: MAX_TIME, maxFiles: 10_000 }).execute();
  } catch (error) {
    failure = String(error);
  }
  const seconds = (performance.now() - started) / 1000;
  const finalHash = await hashTree(root);
  const changed = [...initial].filter(([f, h]) => finalHash.get(f) !== h).map(([f]) => f);
  const sourceNow = await hashTree(source);
  const sourceChanged = sourceNow.size !== sourceHash.size || [...sourceHash].some(([f, h]) => sourceNow.get(f) !== h) ? 1 : 0;
  const after = c8(root, own);
  const passes = [0, 1, 2].map(() => mochaPasses(root)).every(Boolean);
  const kept = r?.validation.keptFiles.map((k) => k.test_file) ?? [];
  const a = await assertions(root, kept);
  if (before) beforeStmts.push(before.stmts);
  if (after) { afterStmts.push(after.stmts); afterBranches.push(after.branches); }
  console.log(`| ${spec} | ${DEFAULT[spec] ?? '-'} | ${own.length} | ${pct(before, 'stmts')} | ${pct(after, 'stmts')} | ${pct(before, 'branches')} | ${pct(after, 'branches')} | ${r?.testsGenerated ?? 0} (${kept.length}) | ${a.cases ? (a.asserts / a.cases).toFixed(1) : '-'} | ${a.bare} | ${passes ? 'yes' : 'NO'} | ${changed.length === 0 && sourceChanged === 0 ? 'yes' : `NO: ${changed.join(', ')}`} | ${seconds.toFixed(0)} s |`);
  if (failure) console.log(`  failed: ${failure}`);
  if (r && r.errors.length > 0) console.log(`  errors: ${r.errors.join('; ').slice(0, 400)}`);
  if (r && kept.length === 0) console.log(`  nothing kept: ${[...r.validation.failures.map((f) => `${f.test_file} ${f.reason}: ${f.detail}`), ...r.notes].join('; ').replace(/\s+/g, ' ').slice(0, 600) || 'no candidate'}`);
  if (process.env['EMPATHY_BENCH_KEEP'] !== '1') await fs.rm(root, { recursive: true, force: true });
}
console.log(`\nmedian statement coverage: before ${median(beforeStmts).toFixed(2)} %, after ${median(afterStmts).toFixed(2)} % over ${afterStmts.length} package(s) (target >= 80 %); median branch coverage after ${median(afterBranches).toFixed(2)} %`);
