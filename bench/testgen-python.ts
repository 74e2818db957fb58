/**
 * Benchmark of the offline test generator on published Python packages (issue 14): the shape of
 * `bench/testgen.ts`, for Python.
 *
 * Run: npx tsx bench/testgen-python.ts [DIR] [--max-time SECONDS] [--only name,name]
 *   DIR      local clones, one per line of bench/testgen-python.list, named as there (default:
 *            $EMPATHY_TESTGEN_PY_REPOS, else bench/.testgen-python)
 *   --clone  clone the list into DIR and check out each commit (needs network), then stop
 *   (EMPATHY_BENCH_SCRATCH picks the scratch folder, default the system's temporary folder;
 *   EMPATHY_BENCH_KEEP=1 keeps each scratch project)
 *
 * For each package: its clone (without .git) is copied into a fresh project in the scratch folder
 * that starts from ZERO tests: every test file and test folder removed (test_*.py, *_test.py,
 * conftest.py, tests/, test/, testing/), a `pytest.ini` of its own (the project's pytest options,
 * such as --doctest-modules or --cov, would be tests or plugins the zero-test project lacks) and
 * one placeholder test that imports the package. Then `TestCoverageBoostWorkflow` runs offline
 * (no model). Statement and branch coverage before and after are measured independently of the
 * workflow: Debian's `/usr/bin/python3 -m coverage run --branch --source=<package>` over
 * `pytest`, with an rc file of the bench's own (the project's coverage config is ignored), with
 * PYTHONPATH=src for a src layout; a file of the package no test imports counts as 0 %. Statement
 * coverage is covered_lines / num_statements, branch coverage covered_branches / num_branches.
 * Checks per package: no file of the project that existed before the workflow changed, the clone
 * is unchanged, and the final suite passes 3 runs in a row (pytest, no coverage).
 * Prints the per-package table and the medians.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestCoverageBoostWorkflow } from '../src/workflows/test-coverage/index.js';
import { assertionCounts, median } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCRATCH = process.env['EMPATHY_BENCH_SCRATCH'] ?? os.tmpdir();
const PYTHON = '/usr/bin/python3';

interface Entry {
  name: string;
  url: string;
  commit: string;
  pkg: string;
  kind: string;
}

const LIST: Entry[] = readFileSync(path.join(HERE, 'testgen-python.list'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [name = '', url = '', commit = '', pkg = '', kind = ''] = l.trim().split(/\s+/);
    return { name, url, commit, pkg, kind };
  });

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const MAX_TIME = Number(flag('--max-time') ?? 90);
const only = flag('--only')?.split(',');
const positional = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !['--max-time', '--only'].includes(all[i - 1] ?? ''));
const DIR = path.resolve(
  positional[0] ?? process.env['EMPATHY_TESTGEN_PY_REPOS'] ?? path.join(HERE, '.testgen-python'),
);
const PACKAGES = LIST.filter((e) => !only || only.includes(e.name));

if (process.argv.includes('--clone')) {
  await fs.mkdir(DIR, { recursive: true });
  for (const e of PACKAGES) {
    const dest = path.join(DIR, e.name);
    if (!existsSync(dest)) execFileSync('git', ['clone', '-q', e.url, dest], { stdio: 'inherit' });
    execFileSync('git', ['-C', dest, 'checkout', '-q', e.commit], { stdio: 'inherit' });
  }
  process.exit(0);
}

const TESTS =
  /(^|\/)(tests?|testing|__pycache__|\.git|\.tox|\.venv)(\/|$)|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;

async function hashTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await fs.readdir(root, { recursive: true })) {
    if (rel === '.git' || rel.startsWith(`.git${path.sep}`)) continue;
    const abs = path.join(root, rel);
    const st = await fs.lstat(abs);
    if (st.isFile())
      out.set(
        rel,
        createHash('sha256')
          .update(await fs.readFile(abs))
          .digest('hex'),
      );
  }
  return out;
}

interface Project {
  root: string;
  pythonPath: string;
  source: string;
  importName: string;
}

async function zeroTestProject(e: Entry, clone: string): Promise<Project> {
  await fs.mkdir(SCRATCH, { recursive: true });
  const root = await fs.realpath(await fs.mkdtemp(path.join(SCRATCH, 'empathy-bench-testgen-py-')));
  await fs.cp(clone, root, { recursive: true, filter: (p) => !TESTS.test(path.relative(clone, p)) });
  const importName = path.basename(e.pkg).replace(/\.py$/, '');
  await fs.writeFile(path.join(root, 'pytest.ini'), '[pytest]\n');
  await fs.mkdir(path.join(root, 'tests'));
  await fs.writeFile(
    path.join(root, 'tests', 'test_placeholder.py'),
    `"""The package starts with zero tests: this one only imports it."""\n\nimport ${importName}\n\n\ndef test_imports():\n    assert ${importName}.__name__ == ${JSON.stringify(importName)}\n`,
  );
  const layout = path.dirname(e.pkg);
  return {
    root,
    pythonPath: layout === '.' ? '' : path.join(root, layout),
    source: path.join(root, e.pkg),
    importName,
  };
}

function pyEnv(p: Project, home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    PYTHONDONTWRITEBYTECODE: '1',
    ...(p.pythonPath ? { PYTHONPATH: p.pythonPath } : {}),
  };
}

interface Cov {
  stmts: number;
  branches: number;
  files: number;
}

function measure(p: Project): Cov | null {
  const dir = path.join(SCRATCH, `empathy-bench-cov-${process.pid}`);
  execFileSync('mkdir', ['-p', dir]);
  const rc = path.join(dir, 'coveragerc');
  const data = path.join(dir, '.coverage');
  const json = path.join(dir, 'coverage.json');
  const single = p.source.endsWith('.py');
  // A single-module package is named by file; a package folder by --source (unimported files count as 0 %).
  const rcText = `[run]\nbranch = True\ndata_file = ${data}\n${single ? `include = ${p.source}\n` : `source = ${p.source}\n`}[report]\nomit = */tests/*\n`;
  execFileSync('sh', ['-c', `cat > "$1"`, 'sh', rc], { input: rcText });
  const env = pyEnv(p, dir);
  spawnSync(
    PYTHON,
    ['-m', 'coverage', 'run', `--rcfile=${rc}`, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
    { cwd: p.root, env, stdio: 'pipe', timeout: 600_000 },
  );
  spawnSync(PYTHON, ['-m', 'coverage', 'json', `--rcfile=${rc}`, '-o', json], {
    cwd: p.root,
    env,
    stdio: 'pipe',
    timeout: 120_000,
  });
  if (!existsSync(json)) {
    execFileSync('rm', ['-rf', dir]);
    return null;
  }
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    files: Record<string, unknown>;
    totals: { covered_lines: number; num_statements: number; covered_branches: number; num_branches: number };
  };
  execFileSync('rm', ['-rf', dir]);
  const t = report.totals;
  return {
    stmts: t.num_statements ? (100 * t.covered_lines) / t.num_statements : 0,
    branches: t.num_branches ? (100 * t.covered_branches) / t.num_branches : 100,
    files: Object.keys(report.files).length,
  };
}

function pytestPasses(p: Project): boolean {
  const home = path.join(p.root, '.bench-home');
  execFileSync('mkdir', ['-p', home]);
  const run = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], {
    cwd: p.root,
    env: pyEnv(p, home),
    stdio: 'pipe',
    timeout: 600_000,
  });
  execFileSync('rm', ['-rf', home]);
  return run.status === 0;
}

/** Test functions of the kept files, their assertions, and the tests with none. */
const assertions = (root: string, files: string[]) =>
  assertionCounts(root, files, /\ndef test_/, /^\s+(assert |with pytest\.raises)/gm);

const pct = (c: Cov | null, k: 'stmts' | 'branches') => (c ? c[k].toFixed(1) : 'n/m');

const afterStmts: number[] = [];
const afterBranches: number[] = [];
const beforeStmts: number[] = [];
const beforeBranches: number[] = [];
console.log(
  `testgen-python bench: ${PACKAGES.length} packages from ${DIR}, offline (no model), --max-time ${MAX_TIME}, ${execFileSync(PYTHON, ['--version'], { encoding: 'utf8' }).trim()}, ${new Date().toISOString()}`,
);
console.log(
  '| package | kind | files | stmts before | stmts after | branches before | branches after | kept tests (files) | asserts/test | no-assert tests | 3 runs pass | unchanged | time |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const e of PACKAGES) {
  const clone = path.join(DIR, e.name);
  if (!existsSync(path.join(clone, e.pkg))) {
    console.log(`| ${e.name} | ${e.kind} | not measured: no clone at ${clone} (run with --clone) |`);
    continue;
  }
  const cloneHash = await hashTree(clone);
  const p = await zeroTestProject(e, clone);
  const before = measure(p);
  const initial = await hashTree(p.root);
  const started = performance.now();
  let r: Awaited<ReturnType<TestCoverageBoostWorkflow['execute']>> | null = null;
  let failure = '';
  try {
    r = await new TestCoverageBoostWorkflow({
      targetCoverage: 100,
      projectRoot: p.root,
      maxTimeSeconds: MAX_TIME,
      maxFiles: 10_000,
    }).execute();
  } catch (error) {
    failure = String(error);
  }
  const seconds = (performance.now() - started) / 1000;
  const finalHash = await hashTree(p.root);
  const changed = [...initial].filter(([f, h]) => finalHash.get(f) !== h).map(([f]) => f);
  const cloneNow = await hashTree(clone);
  const cloneChanged =
    cloneNow.size !== cloneHash.size || [...cloneHash].some(([f, h]) => cloneNow.get(f) !== h);
  const after = measure(p);
  const passes = [0, 1, 2].map(() => pytestPasses(p)).every(Boolean);
  const kept = r?.validation.keptFiles.map((k) => k.test_file) ?? [];
  const a = await assertions(p.root, kept);
  if (before) {
    beforeStmts.push(before.stmts);
    beforeBranches.push(before.branches);
  }
  if (after) {
    afterStmts.push(after.stmts);
    afterBranches.push(after.branches);
  }
  console.log(
    `| ${e.name} | ${e.kind} | ${after?.files ?? before?.files ?? '-'} | ${pct(before, 'stmts')} | ${pct(after, 'stmts')} | ${pct(before, 'branches')} | ${pct(after, 'branches')} | ${r?.testsGenerated ?? 0} (${kept.length}) | ${a.cases ? (a.asserts / a.cases).toFixed(1) : '-'} | ${a.bare} | ${passes ? 'yes' : 'NO'} | ${changed.length === 0 && !cloneChanged ? 'yes' : `NO: ${[...changed, ...(cloneChanged ? ['(the clone)'] : [])].join(', ')}`} | ${seconds.toFixed(0)} s |`,
  );
  if (failure) console.log(`  failed: ${failure}`);
  if (r && r.errors.length > 0) console.log(`  errors: ${r.errors.join('; ').slice(0, 400)}`);
  if (process.env['EMPATHY_BENCH_KEEP'] !== '1') await fs.rm(p.root, { recursive: true, force: true });
  else console.log(`  kept: ${p.root}`);
}
console.log(
  `\nmedian statement coverage: before ${median(beforeStmts).toFixed(2)} %, after ${median(afterStmts).toFixed(2)} % over ${afterStmts.length} package(s); median branch coverage: before ${median(beforeBranches).toFixed(2)} %, after ${median(afterBranches).toFixed(2)} %`,
);
