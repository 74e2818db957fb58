/**
 * Real repositories, measured right (issue 13): the coverage figure of
 * `release-prep --agents test_coverage_analyzer` against an independent measurement taken with a
 * standard recipe, on local clones of public repositories.
 *
 * Run: npx tsx bench/real-repos.ts [DIR] [flags]
 *   DIR             the corpus folder (default: $EMPATHY_REAL_REPOS, else bench/.real-repos), one
 *                   clone per line of bench/real-repos.list, named as there
 *   --clone         clone the list into DIR with git and check out each commit (needs network), then stop
 *   --install       install each JS repository's dependencies (npm ci --ignore-scripts, or npm install
 *                   --ignore-scripts --no-package-lock without a lock file), then stop
 *   --only a,b      these repositories only
 *   --skip-ours / --skip-independent   one side only
 *   --empathy DIR   the empathy-framework checkout whose bin/empathy.js runs (default: this one); it
 *                   is built first (npm run build) unless --no-build
 *   --ours-arg ARG  extra argument for our command (repeatable, e.g. --ours-arg=--sandbox --ours-arg=off)
 *   --timeout S     deadline of each run, independent and ours (default 600)
 *   --json FILE     also write every row, with the commands, test counts and tails of the output
 *
 * Nothing is fetched unless --clone or --install is given. Nothing in a repository is left behind:
 * each run's reports go to a temporary directory; `git status --porcelain --ignored` is taken
 * before and after each run; what a run created or changed is listed (the "writes into its tree"
 * column: a suite that writes into its own tree fails under a read-only sandbox) and then removed
 * (new paths) or restored (`git checkout`, changed tracked files). New files inside a directory that
 * was already ignored (node_modules/) are not seen.
 *
 * The independent recipe (one per repository, in RECIPES below, with where each choice came from):
 * - JS: the repository's own test runner command as its maintainers run it (the runner part of
 *   `npm test`, without lint, type-check, size or build steps), under c8 `--all --reporter=json-summary`
 *   with the repository's own c8 config when it has one, otherwise `--include` = its shipped
 *   sources (package.json `files`/`main`); a config that only excludes gets that `--include` too
 *   (with `--all` it would sweep in every file of the tree, eslint.config.mjs included). jest and vitest projects use their own coverage provider
 *   (`--coverage`, json-summary) with their own collectCoverageFrom / coverage.include, or the
 *   shipped sources when they configure none. Figure: the summary's total lines. c8 (v8-to-istanbul)
 *   counts every physical line, blank and comment lines included (covered whenever their file was
 *   loaded), so the same c8 run is also counted over the lines that hold code (from its
 *   coverage-final.json): that figure, like-for-like with ours, is the one compared; c8's own is
 *   printed beside it.
 * - Python: Debian's /usr/bin/python3, `python3 -m coverage run --source=<package> -m pytest -p
 *   no:cacheprovider` (or `-m unittest`), with the repository's own coverage.py and pytest config
 *   (found by coverage.py and pytest themselves), PYTHONPATH=src for a src layout (what an editable
 *   install gives, with a minimal dist-info for importlib.metadata when pyproject has a static
 *   version), then `coverage combine` and `coverage json`. `--source` is the shipped package,
 *   which wins over a config `source` that also lists the tests (click, sqlparse) or names another
 *   package (itsdangerous names jinja2); files outside the package are left out of the figure (a
 *   config's `source_pkgs`, sqlparse's tests, adds to --source). Figure: sum of covered_lines / sum
 *   of num_statements (lines only, also when the config turns branch coverage on).
 * - The environment: PATH (the repository's node_modules/.bin, node's directory, /usr/bin, /bin),
 *   HOME and TMPDIR in a fresh temporary directory, LANG=C.UTF-8, TZ=UTC unless the repository's CI
 *   sets another, CI=true, PYTHONDONTWRITEBYTECODE=1; nothing else of the caller's (no NO_COLOR:
 *   commander.js tests colour by the environment).
 *
 * Ours: `node bin/empathy.js orchestrate release-prep --path <repo> --agents test_coverage_analyzer
 * --json --no-cache --no-learn`, with the caller's environment (the tool scrubs its own runs).
 *
 * Table: repository, kind, independent figure (covered/total lines, tests passed/failed), ours,
 * ours - independent, flags (|difference| > 1 point, a run in which no test executed, failing
 * tests, ours 0 % with failing tests, which is what a run without tests gives), our not-measured
 * reason; then the suites that wrote into their own tree. Exit 0 unless the bench itself failed.
 * A run takes 15-20 minutes on 2 cores under load (more-itertools' unittest suite alone 100-200 s
 * under coverage).
 *
 * Python runs without `.pytest_cache` (-p no:cacheprovider) and without `__pycache__`
 * (PYTHONDONTWRITEBYTECODE), so that what a suite writes into its tree is the suite's own doing.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LIST = path.join(HERE, 'real-repos.list');
const PY = '/usr/bin/python3';

export type Runner = 'c8' | 'jest' | 'vitest' | 'pytest' | 'unittest';

export interface Recipe {
  runner: Runner;
  /** the test runner command (its first word a bin of node_modules/.bin, or node) and arguments */
  command: string[];
  /** c8 --include patterns (only when the repository has no c8/nyc config of its own) */
  include?: string[];
  exclude?: string[];
  /** coverage.py --source (Python) */
  source?: string;
  /** src layout: PYTHONPATH=src */
  src?: boolean;
  env?: Record<string, string>;
  /** where the command and the measured file set come from */
  why: string;
}

export const RECIPES: Record<string, Recipe> = {
  'body-parser': {
    runner: 'c8', command: ['mocha', '--reporter', 'spec', '--check-leaks', 'test/'], include: ['index.js', 'lib/**'],
    why: 'npm test = the mocha command; no c8/nyc config (nyc in test-ci with defaults): files = index.js, lib/',
  },
  'mime-types': {
    runner: 'c8', command: ['mocha', '--reporter', 'spec', 'test/test.js'], include: ['index.js', 'mimeScore.js'],
    why: 'npm test = the mocha command; no c8/nyc config: files = index.js, mimeScore.js',
  },
  'fastify-plugin': {
    runner: 'c8', command: ['node', '--test'], include: ['index.js', 'lib/**'],
    why: 'npm test = test:unit (c8 --100 node --test; the 100 % threshold dropped) + test:typescript (tstyche, type tests: not run); no c8 config: main index.js + lib/',
  },
  'commander.js': {
    runner: 'c8', command: ['node', '--test'], include: ['index.js', 'lib/*.js'],
    why: 'npm test = node --test && check:type:ts (tsd + tsc: not a test runner); no c8 config: files = index.js, lib/*.js',
  },
  'whatwg-mimetype': {
    runner: 'c8', command: ['node', '--test'], include: ['lib/**'],
    why: 'npm test = node --test (its pretest downloads the web-platform tests: network, not run); its own c8 config (exclude scripts/, test/) names no include, and its coverage script runs c8 without --all (only loaded files): --include = files lib/, the config\'s excludes kept',
  },
  luxon: {
    runner: 'jest', command: ['jest'], env: { TZ: 'America/New_York' },
    why: 'npm test = jest --coverage; its jest.config collectCoverageFrom (src/**/*.js, !src/zone.js); TZ from its CI workflow',
  },
  dataloader: {
    runner: 'jest', command: ['jest', 'src'], include: ['src/index.js'],
    why: 'npm test = lint && flow check && testonly (jest src): the jest part; no collectCoverageFrom: the shipped index.js is built from src/index.js',
  },
  'path-to-regexp': {
    runner: 'vitest', command: ['vitest', 'run'],
    why: 'npm test = ts-scripts test (lint, vitest with coverage) && size: the vitest part; its vitest.config coverage.include (src/**/*, !**/*.bench.ts)',
  },
  camelcase: {
    runner: 'c8', command: ['ava'], include: ['index.js'],
    why: 'npm test = xo && ava && tsd: the ava part; no c8 config: files = index.js',
  },
  ini: {
    runner: 'c8', command: ['tap', '--no-coverage'], include: ['lib/**'],
    why: 'npm test = tap (tap 16, its own nyc; posttest lint not run); tap\'s nyc replaced by c8 (--no-coverage): files = bin/ (absent), lib/',
  },
  click: {
    runner: 'pytest', command: [], source: 'click', src: true,
    why: 'pyproject [tool.pytest] testpaths tests, addopts -m "not stress"; [tool.coverage.run] branch, source click+tests: --source=click',
  },
  itsdangerous: {
    runner: 'pytest', command: [], source: 'itsdangerous', src: true,
    why: 'pyproject [tool.pytest] testpaths tests; [tool.coverage.run] source names jinja2 (copied from another project): --source=itsdangerous; freezegun from Debian',
  },
  'python-sortedcontainers': {
    runner: 'pytest', command: [], source: 'sortedcontainers', src: true, env: { PY_IGNORE_IMPORTMISMATCH: '1' },
    why: 'tox.ini [pytest]: --doctest-modules, --doctest-glob *.rst, testpaths docs src/sortedcontainers tests; PY_IGNORE_IMPORTMISMATCH from its tox env',
  },
  sqlparse: {
    runner: 'pytest', command: [], source: 'sqlparse',
    why: 'pyproject [tool.coverage.run] source_pkgs sqlparse+tests (the tests left out of the figure), parallel, omit __main__.py: --source=sqlparse',
  },
  six: {
    runner: 'pytest', command: ['-rfsxX'], source: 'six',
    why: 'tox: python -m pytest -rfsxX; no coverage config: --source=six (Debian ships a six too: the repository\'s is the one imported, from the working directory)',
  },
  'more-itertools': {
    runner: 'unittest', command: [], source: 'more_itertools',
    why: 'Makefile coverage target: coverage run --include="more_itertools/*.py" -m unittest',
  },
  tomli: {
    runner: 'unittest', command: [], source: 'tomli', src: true,
    why: 'tox: python -m unittest; [tool.coverage.run] branch, source tomli',
  },
};

export interface Entry { name: string; url: string; commit: string; kind: string }

export function readList(file = LIST): Entry[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => {
    const [name, url, commit, kind] = l.trim().split(/\s+/) as [string, string, string, string];
    return { name, url, commit, kind };
  });
}

// ---------------------------------------------------------------------------------------------
// arguments

const argv = process.argv.slice(2);
export const flag = (n: string) => argv.includes(n);
export const opt = (n: string): string | undefined => {
  const i = argv.findIndex((a) => a === n || a.startsWith(`${n}=`));
  if (i < 0) return undefined;
  const a = argv[i] as string;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
};
const optAll = (n: string): string[] => argv.flatMap((a, i) => (a.startsWith(`${n}=`) ? [a.slice(n.length + 1)] : a === n && argv[i + 1] ? [argv[i + 1] as string] : []));
const VALUE_FLAGS = new Set(['--only', '--empathy', '--ours-arg', '--timeout', '--json']);
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && VALUE_FLAGS.has(argv[i - 1] as string)));
const CORPUS = path.resolve(positional[0] ?? process.env['EMPATHY_REAL_REPOS'] ?? path.join(HERE, '.real-repos'));
const EMPATHY = path.resolve(opt('--empathy') ?? path.join(HERE, '..'));
const TIMEOUT_MS = Number(opt('--timeout') ?? 600) * 1000;
const ONLY = opt('--only')?.split(',');
const OURS_ARGS = optAll('--ours-arg');

// ---------------------------------------------------------------------------------------------
// processes

export interface RunResult { code: number | null; signal: string | null; timedOut: boolean; out: string; seconds: number }

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = TIMEOUT_MS): Promise<RunResult> {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (b: Buffer) => { chunks.push(b); size += b.length; while (size > 4_000_000 && chunks.length > 1) size -= (chunks.shift() as Buffer).length; };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.on('error', (e) => { keep(Buffer.from(String(e))); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* the group is gone */ }
      resolve({ code, signal, timedOut, out: Buffer.concat(chunks).toString('utf8'), seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    });
  });
}

// eslint-disable-next-line no-control-regex -- colour codes in the runners' output
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const tail = (s: string, n = 12) => s.trimEnd().split('\n').slice(-n).join('\n');

// ---------------------------------------------------------------------------------------------
// the tree: what a run writes into the repository

function gitStatus(repo: string): Set<string> {
  const out = execFileSync('git', ['status', '--porcelain=v1', '--ignored', '-z'], { cwd: repo, encoding: 'utf8' });
  return new Set(out.split('\0').filter(Boolean));
}

/**
 * Files under `repo` (not .git/) modified at or after `sinceMs`, also inside ignored directories
 * such as node_modules/ that `git status` shows as one line (vitest's results cache, babel's cache).
 * Listed, never removed. At most 20 paths, then a count.
 */
async function modifiedSince(repo: string, sinceMs: number): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) { if (abs !== path.join(repo, '.git')) await walk(abs); continue; }
      try { if ((await fs.lstat(abs)).mtimeMs >= sinceMs) found.push(path.relative(repo, abs)); } catch { /* gone */ }
    }
  };
  await walk(repo);
  return found.length > 20 ? [...found.slice(0, 20), `... ${found.length - 20} more`] : found;
}

/** Lists what appeared since `before`, then removes new paths and restores changed tracked files. */
async function treeWrites(repo: string, before: Set<string>): Promise<string[]> {
  const after = gitStatus(repo);
  const added = [...after].filter((l) => !before.has(l));
  for (const line of added) {
    const code = line.slice(0, 2);
    const rel = line.slice(3);
    const abs = path.resolve(repo, rel);
    if (!abs.startsWith(repo + path.sep) || rel.startsWith('.git/') || rel === '.git') continue;
    if (code === '??' || code === '!!') await fs.rm(abs, { recursive: true, force: true });
    else if (code.includes('M') || code.includes('D')) execFileSync('git', ['checkout', '--', rel], { cwd: repo });
  }
  const left = [...gitStatus(repo)].filter((l) => !before.has(l));
  if (left.length > 0) console.error(`  ! ${path.basename(repo)}: could not clean ${left.join(', ')}`);
  return added.map((l) => `${l.slice(0, 2).trim()} ${l.slice(3)}`);
}

// ---------------------------------------------------------------------------------------------
// test counts from the runners' own closing lines

export interface Counts { passed: number | null; failed: number | null; skipped: number | null }

function counts(runner: Runner, out: string): Counts {
  const num = (re: RegExp) => { const m = re.exec(out); return m ? Number(m[1]) : null; };
  const last = (re: RegExp) => { let m: RegExpExecArray | null; let v: number | null = null; const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`); while ((m = g.exec(out))) v = Number(m[1]); return v; };
  switch (runner) {
    case 'pytest': {
      const line = [...out.matchAll(/^=+ (.*) in [\d.]+s.*=+$/gm)].pop()?.[1] ?? '';
      const n = (w: string) => { const m = new RegExp(`(\\d+) ${w}`).exec(line); return m ? Number(m[1]) : line ? 0 : null; };
      return { passed: n('passed'), failed: line ? (n('failed') ?? 0) + (n('errors?') ?? 0) : null, skipped: n('skipped') };
    }
    case 'unittest': {
      const ran = num(/^Ran (\d+) tests?/m);
      const failures = num(/FAILED \((?:.*?)failures=(\d+)/) ?? 0;
      const errors = num(/FAILED \((?:.*?)errors=(\d+)/) ?? 0;
      const skipped = num(/skipped=(\d+)/) ?? 0;
      return ran === null ? { passed: null, failed: null, skipped: null } : { passed: ran - failures - errors - skipped, failed: failures + errors, skipped };
    }
    case 'jest': {
      const line = /^Tests:\s+(.*)$/m.exec(out)?.[1] ?? '';
      const n = (w: string) => { const m = new RegExp(`(\\d+) ${w}`).exec(line); return m ? Number(m[1]) : line ? 0 : null; };
      return { passed: n('passed'), failed: n('failed'), skipped: line ? (n('skipped') ?? 0) + (n('todo') ?? 0) : null };
    }
    case 'vitest': {
      const line = /^\s*Tests\s+(.*)$/m.exec(out)?.[1] ?? '';
      const n = (w: string) => { const m = new RegExp(`(\\d+) ${w}`).exec(line); return m ? Number(m[1]) : line ? 0 : null; };
      return { passed: n('passed'), failed: n('failed'), skipped: line ? (n('skipped') ?? 0) + (n('todo') ?? 0) : null };
    }
    case 'c8': {
      // mocha, node:test, ava, tap
      const mocha = num(/^\s*(\d+) passing/m);
      if (mocha !== null) return { passed: mocha, failed: num(/^\s*(\d+) failing/m) ?? 0, skipped: num(/^\s*(\d+) pending/m) ?? 0 };
      const nodePass = last(/^[#ℹ] pass (\d+)/m);
      if (nodePass !== null) return { passed: nodePass, failed: last(/^[#ℹ] fail (\d+)/m) ?? 0, skipped: (last(/^[#ℹ] skipped (\d+)/m) ?? 0) + (last(/^[#ℹ] todo (\d+)/m) ?? 0) };
      const ava = num(/^\s*(\d+) tests? passed/m);
      if (ava !== null || /tests? failed/.test(out)) return { passed: ava ?? 0, failed: num(/^\s*(\d+) (?:tests?|known failures?) failed/m) ?? 0, skipped: num(/^\s*(\d+) tests? skipped/m) ?? 0 };
      const tap = /# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/.exec(out) ?? /total: (\d+),? pass: (\d+)(?:,? fail: (\d+))?/.exec(out);
      if (tap) return { passed: Number(tap[2]), failed: Number(tap[3] ?? 0), skipped: null };
      const tapPass = last(/^# pass\s+(\d+)/m);
      if (tapPass !== null) return { passed: tapPass, failed: last(/^# fail\s+(\d+)/m) ?? 0, skipped: null };
      // plain TAP (tap 16 with CI=true): top-level test points, one per test file
      const ok = [...out.matchAll(/^ok \d+/gm)].length;
      const notOk = [...out.matchAll(/^not ok \d+/gm)].length;
      if (ok + notOk > 0) return { passed: ok, failed: notOk, skipped: null };
      return { passed: null, failed: null, skipped: null };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// independent measurement

export interface Independent {
  pct: number | null; covered: number | null; total: number | null; files: number | null;
  counts: Counts; noTestRan: boolean; code: number | null; timedOut: boolean; seconds: number;
  command: string; writes: string[]; error: string | null; outTail: string;
  /** c8 only: the same run counted over lines that hold code (c8 counts every physical line) */
  code_lines: { pct: number; covered: number; total: number } | null;
  /** files modified during the run, also inside ignored directories (listed, not removed) */
  modified: string[];
}

function scrubbedEnv(repo: string, tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: [path.join(repo, 'node_modules', '.bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
    HOME: path.join(tmp, 'home'), TMPDIR: path.join(tmp, 'tmp'),
    LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC', CI: 'true',
    PYTHONDONTWRITEBYTECODE: '1', ...extra,
  };
}

/**
 * The repository's own c8/nyc configuration: `none`, `include` (it names the measured files), or
 * `exclude-only`. An exclude-only config leaves c8's include at "every file", which `--all` turns
 * into every file of the tree (eslint.config.mjs, release scripts) where the maintainers' own run,
 * without `--all`, reports only the files the tests load: the recipe then adds its `--include`
 * (the shipped sources) and keeps the config's excludes.
 */
function c8Config(repo: string): 'none' | 'include' | 'exclude-only' {
  const readJson = (f: string): Record<string, unknown> | null => { try { return JSON.parse(readFileSync(path.join(repo, f), 'utf8')) as Record<string, unknown>; } catch { return null; } };
  const files = ['.c8rc', '.c8rc.json', '.nycrc', '.nycrc.json'].filter((f) => existsSync(path.join(repo, f)));
  const fromFiles = files.map(readJson);
  if (fromFiles.includes(null)) return 'include'; // not JSON (a YAML .c8rc): c8 reads it, the recipe does not second-guess it
  const pkg = readJson('package.json');
  const configs = [...fromFiles, pkg?.['c8'], pkg?.['nyc']].filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null);
  if (configs.length === 0) return 'none';
  return configs.some((c) => c['include'] !== undefined) ? 'include' : 'exclude-only';
}

/**
 * What an editable install gives a src- or flat-layout package that is not installed: package
 * metadata, so `importlib.metadata.version(name)` works (click's tests call it). A minimal
 * `<name>-<version>.dist-info/METADATA` in a temporary directory put on PYTHONPATH, from the static
 * [project] name and version of pyproject.toml; none when the version is dynamic.
 */
async function distInfo(repo: string, dir: string): Promise<string | null> {
  let text: string;
  try { text = await fs.readFile(path.join(repo, 'pyproject.toml'), 'utf8'); } catch { return null; }
  const project = /^\[project\]\s*$([\s\S]*?)(?=^\[)/m.exec(`${text}\n[`)?.[1] ?? '';
  const name = /^name\s*=\s*["']([^"']+)["']/m.exec(project)?.[1];
  const version = /^version\s*=\s*["']([^"']+)["']/m.exec(project)?.[1];
  if (!name || !version) return null;
  const info = path.join(dir, `${name.replace(/[-.]/g, '_')}-${version}.dist-info`);
  await fs.mkdir(info, { recursive: true });
  await fs.writeFile(path.join(info, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  return dir;
}

function bin(repo: string, name: string): string {
  if (name === 'node') return process.execPath;
  const own = path.join(repo, 'node_modules', '.bin', name);
  if (existsSync(own)) return own;
  const ours = path.join(EMPATHY, 'node_modules', '.bin', name);
  if (existsSync(ours)) return ours;
  return name;
}

export async function independent(repo: string, recipe: Recipe): Promise<Independent> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-real-repos-'));
  await fs.mkdir(path.join(tmp, 'home'));
  await fs.mkdir(path.join(tmp, 'tmp'));
  const report = path.join(tmp, 'report');
  const env = scrubbedEnv(repo, tmp, recipe.env);
  const before = gitStatus(repo);
  const startMs = Date.now() - 1000;
  let cmd: string; let args: string[];
  let pct: number | null = null; let covered: number | null = null; let total: number | null = null; let files: number | null = null;
  let error: string | null = null;
  let code: Independent['code_lines'] = null;
  const extraOut: string[] = [];
  if (recipe.runner === 'pytest' || recipe.runner === 'unittest') {
    env['COVERAGE_FILE'] = path.join(tmp, '.coverage');
    if (recipe.src) env['PYTHONPATH'] = path.join(repo, 'src');
    cmd = PY;
    args = ['-m', 'coverage', 'run', `--source=${recipe.source}`, '-m', recipe.runner, ...(recipe.runner === 'pytest' ? ['-p', 'no:cacheprovider'] : []), ...recipe.command];
  } else if (recipe.runner === 'c8') {
    cmd = bin(repo, 'c8');
    const own = c8Config(repo);
    args = ['--all', '--reporter=json-summary', '--reporter=json', `--report-dir=${report}`, `--temp-directory=${path.join(tmp, 'v8')}`,
      ...(own === 'include' ? [] : (recipe.include ?? []).map((p) => `--include=${p}`)),
      ...(own === 'none' ? (recipe.exclude ?? []).map((p) => `--exclude=${p}`) : []),
      bin(repo, recipe.command[0] as string), ...recipe.command.slice(1)];
  } else if (recipe.runner === 'jest') {
    cmd = bin(repo, 'jest');
    args = [...recipe.command.slice(1), '--coverage', '--coverageReporters=json-summary', `--coverageDirectory=${report}`, '--ci',
      ...(recipe.include ?? []).map((p) => `--collectCoverageFrom=${p}`)];
  } else {
    cmd = bin(repo, 'vitest');
    args = [...recipe.command.slice(1), '--coverage.enabled=true', '--coverage.provider=v8', '--coverage.reporter=json-summary', `--coverage.reportsDirectory=${report}`, '--coverage.reportOnFailure=true',
      ...(recipe.include ?? []).map((p) => `--coverage.include=${p}`)];
  }
  if (recipe.runner === 'pytest' || recipe.runner === 'unittest') {
    const meta = await distInfo(repo, path.join(tmp, 'meta'));
    if (meta) env['PYTHONPATH'] = [env['PYTHONPATH'], meta].filter(Boolean).join(':');
  }
  const r = await run(cmd, args, repo, env);
  r.out = r.out.replace(ANSI, '');
  const c = counts(recipe.runner, r.out);
  try {
    if (recipe.runner === 'pytest' || recipe.runner === 'unittest') {
      const combine = await run(PY, ['-m', 'coverage', 'combine', '--keep'], repo, env, 120_000);
      if (combine.code !== 0 && !/No data to combine/i.test(combine.out)) extraOut.push(combine.out);
      const json = path.join(tmp, 'coverage.json');
      const j = await run(PY, ['-m', 'coverage', 'json', '-q', '-o', json], repo, env, 120_000);
      if (j.code !== 0) throw new Error(`coverage json: ${tail(j.out, 4)}`);
      const data = JSON.parse(await fs.readFile(json, 'utf8')) as { files: Record<string, { summary: { covered_lines: number; num_statements: number } }> };
      // only the package's own files: a config's source_pkgs (sqlparse: its tests) adds to --source
      const own = (f: string) => { const rel = path.isAbsolute(f) ? path.relative(repo, f) : f; const parts = rel.split(path.sep); const top = parts[0] === 'src' && recipe.src ? parts[1] : parts[0]; return top === recipe.source || top === `${recipe.source}.py`; };
      const dropped = Object.keys(data.files).filter((f) => !own(f));
      if (dropped.length) extraOut.push(`not the package (left out): ${dropped.length} file(s), e.g. ${dropped.slice(0, 3).join(', ')}`);
      const fs_ = Object.entries(data.files).filter(([f]) => own(f)).map(([, v]) => v);
      covered = fs_.reduce((a, f) => a + f.summary.covered_lines, 0);
      total = fs_.reduce((a, f) => a + f.summary.num_statements, 0);
      files = fs_.length;
      pct = total > 0 ? Math.round((10000 * covered) / total) / 100 : null;
    } else {
      const summary = JSON.parse(await fs.readFile(path.join(report, 'coverage-summary.json'), 'utf8')) as Record<string, { lines: { total: number; covered: number; pct: number } }>;
      const t = summary['total'] as { lines: { total: number; covered: number; pct: number } };
      covered = t.lines.covered; total = t.lines.total; files = Object.keys(summary).length - 1;
      pct = total > 0 ? Math.round((10000 * covered) / total) / 100 : null;
      if (recipe.runner === 'c8') code = await codeLines(path.join(report, 'coverage-final.json'));
    }
  } catch (e) {
    error = `no coverage report: ${(e as Error).message.split('\n')[0]}`;
  }
  const modified = await modifiedSince(repo, startMs);
  const writes = await treeWrites(repo, before);
  await fs.rm(tmp, { recursive: true, force: true });
  const ran = (c.passed ?? 0) + (c.failed ?? 0);
  const noTestRan = r.timedOut || (c.passed === null ? r.code !== 0 : ran === 0) || (recipe.runner === 'pytest' && [2, 3, 4, 5].includes(r.code ?? -1) && !c.passed);
  return {
    pct, covered, total, files, counts: c, noTestRan, code: r.code, timedOut: r.timedOut, seconds: r.seconds,
    command: [cmd, ...args].map((a) => a.replace(tmp, '$TMP').replace(process.execPath, 'node').replace(`${repo}/node_modules/.bin/`, '').replace(`${EMPATHY}/node_modules/.bin/`, '')).join(' '),
    writes, modified, code_lines: code, error, outTail: tail(r.out + extraOut.join('\n'), 15),
  };
}

// ---------------------------------------------------------------------------------------------
// ours

interface Ours {
  pct: number | null; covered: number | null; total: number | null; files: number | null; measured: boolean;
  reason: string | null; source: string | null; testsFailed: boolean | null; testCounts: Record<string, number>;
  /** the test commands our run reports (parts[].test_run, when the report has them) */
  commands: string[];
  containment: string | null; code: number | null; timedOut: boolean; seconds: number; writes: string[]; notes: string[];
  /** the agent's output without the per-file uncovered lines, for the --json file */
  raw: unknown;
}

/**
 * c8 (v8-to-istanbul) makes one statement per physical line, so its line figure counts blank and
 * comment-only lines (covered whenever their file was loaded). This recounts the same run over
 * the lines that hold code: a line counts when some character of it is outside a comment.
 */
async function codeLines(finalJson: string): Promise<{ pct: number; covered: number; total: number } | null> {
  let data: Record<string, { path: string; statementMap: Record<string, { start: { line: number } }>; s: Record<string, number> }>;
  try { data = JSON.parse(await fs.readFile(finalJson, 'utf8')) as typeof data; } catch { return null; }
  let covered = 0; let total = 0;
  for (const f of Object.values(data)) {
    let text: string;
    try { text = await fs.readFile(f.path, 'utf8'); } catch { continue; }
    const code = codeLineSet(text);
    const hits = new Map<number, number>();
    for (const [id, st] of Object.entries(f.statementMap)) hits.set(st.start.line, Math.max(hits.get(st.start.line) ?? 0, f.s[id] ?? 0));
    for (const [line, n] of hits) if (code.has(line)) { total++; if (n > 0) covered++; }
  }
  return total > 0 ? { pct: Math.round((10000 * covered) / total) / 100, covered, total } : null;
}

/** 1-based numbers of the lines with a character outside comments (strings and templates skipped whole). */
function codeLineSet(text: string): Set<number> {
  const lines = new Set<number>();
  let line = 1; let i = 0;
  const n = text.length;
  if (text.startsWith('#!')) while (i < n && text[i] !== '\n') i++;
  while (i < n) {
    const c = text[i] as string; const d = text[i + 1];
    if (c === '\n') { line++; i++; continue; }
    if (c === '/' && d === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '/' && d === '*') { i += 2; while (i < n && !(text[i] === '*' && text[i + 1] === '/')) { if (text[i] === '\n') line++; i++; } i += 2; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    lines.add(line);
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && text[i] !== c) { if (text[i] === '\\') i++; else if (text[i] === '\n') { if (c !== '`') break; line++; lines.add(line); } i++; }
      i++; continue;
    }
    i++;
  }
  return lines;
}

/** tests run/passed/failed/skipped summed over the report's parts[].test_run.tests, when present. */
function testRunCounts(figures: Record<string, unknown>): Record<string, number> | null {
  const runs = ((figures['parts'] ?? []) as Array<{ test_run?: { tests?: Record<string, number | null> } }>).flatMap((p) => (p.test_run?.tests ? [p.test_run.tests] : []));
  if (runs.length === 0) return null;
  const out: Record<string, number> = {};
  for (const t of runs) for (const k of ['run', 'passed', 'failed', 'skipped']) if (typeof t[k] === 'number') out[`tests_${k}`] = (out[`tests_${k}`] ?? 0) + (t[k] as number);
  return out;
}

/** Every numeric property whose name speaks of tests (tests_run, tests_passed, ...), wherever it is. */
function findTestCounts(o: unknown, out: Record<string, number> = {}, depth = 0): Record<string, number> {
  if (depth > 6 || o === null || typeof o !== 'object') return out;
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (typeof v === 'number' && /^tests?_(run|ran|passed|failed|skipped|total|executed)$|^(passed|failed|skipped)$/.test(k) && !(k in out)) out[k] = v;
    else if (typeof v === 'object' && k !== 'files' && k !== 'gaps') findTestCounts(v, out, depth + 1);
  }
  return out;
}

async function ours(repo: string): Promise<Ours> {
  const before = gitStatus(repo);
  const args = [path.join(EMPATHY, 'bin', 'empathy.js'), 'orchestrate', 'release-prep', '--path', repo, '--agents', 'test_coverage_analyzer', '--json', '--no-cache', '--no-learn', ...OURS_ARGS];
  const r = await run(process.execPath, args, EMPATHY, process.env, TIMEOUT_MS + 60_000);
  const writes = await treeWrites(repo, before);
  const base = { code: r.code, timedOut: r.timedOut, seconds: r.seconds, writes };
  const start = r.out.indexOf('{\n');
  let report: Record<string, unknown>;
  try {
    report = JSON.parse(r.out.slice(start, r.out.lastIndexOf('}') + 1)) as Record<string, unknown>;
  } catch {
    return { ...base, pct: null, covered: null, total: null, files: null, measured: false, reason: `no JSON report (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${tail(r.out, 3)}`, source: null, testsFailed: null, testCounts: {}, commands: [], containment: null, notes: [], raw: tail(r.out, 40) };
  }
  const agent = (report['agent_results'] as Array<Record<string, unknown>>).find((a) => a['agent_id'] === 'test_coverage_analyzer');
  const output = (agent?.['output'] ?? {}) as Record<string, unknown>;
  const figures = (output['figures'] ?? {}) as Record<string, unknown>;
  const pct = typeof figures['coverage'] === 'number' ? figures['coverage'] : null;
  const nm = (output['not_measured'] ?? []) as Array<{ what: string; reason: string }>;
  const gate = (report['quality_gates'] as Array<Record<string, unknown>> | undefined)?.find((g) => g['agent_id'] === 'test_coverage_analyzer');
  const reason = pct === null
    ? (nm.map((n) => `${n.what}: ${n.reason}`).join('; ') || String(agent?.['error'] ?? gate?.['message'] ?? 'no figure'))
    : null;
  return {
    ...base, pct, measured: pct !== null,
    covered: (figures['lines_covered'] as number | undefined) ?? null, total: (figures['lines_total'] as number | undefined) ?? null,
    files: Array.isArray(figures['files']) ? (figures['files'] as unknown[]).length : null,
    reason, source: (gate?.['source'] as string | undefined) ?? (figures['source'] as string | undefined) ?? null,
    testsFailed: typeof figures['tests_failed'] === 'boolean' ? figures['tests_failed'] : null,
    testCounts: testRunCounts(figures) ?? findTestCounts(figures),
    commands: ((figures['parts'] ?? []) as Array<{ test_run?: { command?: string; file_set?: { rule?: string; count?: number }; neutralised?: unknown[] } }>)
      .flatMap((p) => (p.test_run?.command ? [`${p.test_run.command.replace(`${repo}/node_modules/.bin/`, '')}${p.test_run.file_set ? ` [file set: ${p.test_run.file_set.count} (${p.test_run.file_set.rule})]` : ''}${p.test_run.neutralised?.length ? ` [neutralised: ${JSON.stringify(p.test_run.neutralised)}]` : ''}`] : [])),
    containment: (figures['test_run_containment'] as string | undefined) ?? null,
    notes: [...((figures['notes'] ?? []) as string[]), ...nm.filter(() => pct !== null).map((n) => `not measured: ${n.what}: ${n.reason}`)],
    raw: { ...output, figures: { ...figures, files: Array.isArray(figures['files']) ? (figures['files'] as Array<Record<string, unknown>>).map(({ uncovered_lines: _u, ...f }) => f) : figures['files'] } },
  };
}

// ---------------------------------------------------------------------------------------------
// setup helpers (--clone, --install)

async function clone(entries: Entry[]): Promise<void> {
  await fs.mkdir(CORPUS, { recursive: true });
  for (const e of entries) {
    const dir = path.join(CORPUS, e.name);
    if (!existsSync(dir)) execFileSync('git', ['clone', '-q', e.url, dir], { stdio: 'inherit' });
    execFileSync('git', ['checkout', '-q', e.commit], { cwd: dir, stdio: 'inherit' });
    console.log(`${e.name}: ${e.commit}`);
  }
}

async function install(entries: Entry[]): Promise<void> {
  for (const e of entries) {
    const dir = path.join(CORPUS, e.name);
    if (!existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'node_modules'))) continue;
    const lock = existsSync(path.join(dir, 'package-lock.json'));
    const r = await run('npm', lock ? ['ci', '--ignore-scripts', '--no-audit', '--no-fund'] : ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], dir, process.env, 900_000);
    console.log(`${e.name}: npm ${lock ? 'ci' : 'install'} exit ${r.code} (${r.seconds.toFixed(0)} s)${r.code === 0 ? '' : `\n${tail(r.out, 5)}`}`);
  }
}

// ---------------------------------------------------------------------------------------------

export const fmt = (x: number | null, d = 2) => (x === null ? '-' : x.toFixed(d));

async function main(): Promise<void> {
  const entries = readList().filter((e) => !ONLY || ONLY.includes(e.name));
  if (flag('--clone')) return clone(entries);
  if (flag('--install')) return install(entries);
  if (!flag('--skip-ours') && !flag('--no-build')) {
    const b = await run('npm', ['run', 'build'], EMPATHY, process.env, 600_000);
    if (b.code !== 0) { console.error(`npm run build failed in ${EMPATHY}:\n${tail(b.out)}`); process.exit(1); }
  }
  let head = '?';
  try { head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: EMPATHY, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* not a git checkout: its COMMIT file, if any (git archive COMMIT | tar -x) */ }
  if (head === '?') try { head = readFileSync(path.join(EMPATHY, 'COMMIT'), 'utf8').trim(); } catch { /* no label */ }
  console.log(`corpus ${CORPUS}; empathy ${EMPATHY} (commit ${head}); node ${process.version}; ${new Date().toISOString()}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows: Array<{ entry: Entry; recipe: Recipe; ind: Independent | null; our: Ours | null; diff: number | null; flags: string[] }> = [];
  for (const entry of entries) {
    const repo = path.join(CORPUS, entry.name);
    const recipe = RECIPES[entry.name];
    if (!recipe) { console.log(`${entry.name}: no recipe, skipped`); continue; }
    if (!existsSync(path.join(repo, '.git'))) { console.log(`${entry.name}: not cloned in ${repo} (see --clone), skipped`); continue; }
    const headCommit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    if (headCommit !== entry.commit) console.log(`${entry.name}: HEAD ${headCommit.slice(0, 10)} is not the listed ${entry.commit.slice(0, 10)}`);
    const ind = flag('--skip-independent') ? null : await independent(repo, recipe);
    if (ind) console.log(`${entry.name}: independent ${fmt(ind.pct)} % (${ind.covered}/${ind.total} lines, ${ind.files} files) tests ${ind.counts.passed ?? '?'} passed ${ind.counts.failed ?? '?'} failed, exit ${ind.code}${ind.timedOut ? ' TIMED OUT' : ''}, ${ind.seconds.toFixed(1)} s${ind.error ? `; ${ind.error}` : ''}${ind.code_lines ? `; over code lines ${fmt(ind.code_lines.pct)} % (${ind.code_lines.covered}/${ind.code_lines.total})` : ''}\n  $ ${ind.command}${ind.writes.length ? `\n  writes into its tree (git status): ${ind.writes.join(', ')}` : ''}${ind.modified.length ? `\n  files modified in the tree during the run: ${ind.modified.join(', ')}` : ''}${ind.noTestRan || ind.error ? `\n${ind.outTail.replace(/^/gm, '    | ')}` : ''}`);
    const our = flag('--skip-ours') ? null : await ours(repo);
    if (our) console.log(`${entry.name}: ours ${our.measured ? `${fmt(our.pct)} % (${our.covered}/${our.total} lines, ${our.files} files)` : 'not measured'} [${our.source ?? '-'}] exit ${our.code}, ${our.seconds.toFixed(1)} s, tests_failed ${our.testsFailed}${Object.keys(our.testCounts).length ? ` ${JSON.stringify(our.testCounts)}` : ''}${our.commands.length ? `\n  $ ${our.commands.join('\n  $ ')}` : ''}${our.reason ? `\n  reason: ${our.reason}` : ''}${our.writes.length ? `\n  OUR RUN WROTE INTO THE TREE: ${our.writes.join(', ')}` : ''}${our.notes.length ? `\n  notes: ${our.notes.join(' | ').slice(0, 800)}` : ''}`);
    // for c8 the figure compared is the code-line count of the same run (like-for-like with ours,
    // which counts lines that hold code); c8's own all-lines figure is printed beside it
    const indPct = ind?.code_lines?.pct ?? ind?.pct ?? null;
    const diff = indPct != null && our?.pct != null ? Math.round((our.pct - indPct) * 100) / 100 : null;
    const flags: string[] = [];
    if (diff !== null && Math.abs(diff) > 1) flags.push('|diff|>1');
    if (ind?.noTestRan) flags.push('independent: no test ran');
    if (ind && (ind.counts.failed ?? 0) > 0) flags.push(`independent: ${ind.counts.failed} failed`);
    const ourRan = our ? (our.testCounts['tests_run'] ?? ((our.testCounts['tests_passed'] ?? our.testCounts['passed'] ?? -1) + (our.testCounts['tests_failed'] ?? our.testCounts['failed'] ?? 0))) : -1;
    if (our?.measured && (ourRan === 0 || (ind?.noTestRan && our.pct !== null))) flags.push('ours: figure from a run with no test');
    else if (our?.measured && our.pct === 0 && our.testsFailed && ourRan < 0) flags.push('ours: 0 % with failing tests (likely no test ran)');
    if (our?.measured && our.testsFailed) flags.push('ours: tests failed');
    if (our?.writes.length) flags.push('ours wrote into the tree');
    rows.push({ entry, recipe, ind, our, diff, flags });
  }
  console.log('\n| repository | kind | independent (covered/lines; tests passed/failed) | ours | ours - ind. | flags | our not-measured reason |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { entry, ind, our, diff, flags } of rows) {
    const tests = ind ? `tests ${ind.counts.passed ?? '?'}/${ind.counts.failed ?? '?'}` : '';
    const i = !ind ? 'skipped' : ind.pct === null ? `none (${ind.error ?? 'no figure'}; ${tests})`
      : ind.code_lines ? `${fmt(ind.code_lines.pct)} % (${ind.code_lines.covered}/${ind.code_lines.total}; c8 all lines ${fmt(ind.pct)} %; ${tests})`
        : `${fmt(ind.pct)} % (${ind.covered}/${ind.total}; ${tests})`;
    const d = diff === null ? '-' : `${diff > 0 ? '+' : ''}${diff.toFixed(2)}`;
    const o = our ? (our.measured ? `${fmt(our.pct)} % (${our.covered}/${our.total})` : 'not measured') : 'skipped';
    const reason = our?.reason ? our.reason.replace(/\|/g, '/').replace(/\s+/g, ' ').slice(0, 220) : '';
    console.log(`| ${entry.name} | ${entry.kind} | ${i} | ${o} | ${d} | ${flags.join('; ')} | ${reason} |`);
  }
  const within = rows.filter((r) => r.diff !== null && Math.abs(r.diff) <= 1 && !r.flags.some((f) => f.includes('no test'))).length;
  console.log(`\nwithin 1 point (and no figure from a run without tests): ${within} of ${rows.length}`);
  const writers = rows.filter((r) => r.ind && r.ind.writes.length > 0);
  console.log(`suites that write into their own tree (independent recipe, git status): ${writers.length ? writers.map((r) => `${r.entry.name} (${(r.ind as Independent).writes.join(', ')})`).join('; ') : 'none'}`);
  const touchers = rows.filter((r) => r.ind && r.ind.modified.length > 0);
  console.log(`files modified in the tree during the independent run (also in ignored directories): ${touchers.length ? touchers.map((r) => `${r.entry.name} (${(r.ind as Independent).modified.join(', ')})`).join('; ') : 'none'}`);
  const out = opt('--json');
  if (out) await fs.writeFile(out, JSON.stringify({ empathy: head, corpus: CORPUS, at: new Date().toISOString(), rows }, null, 2));
}

// bench/third-removed.ts imports the recipe; only a direct run measures.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => { console.error(e); process.exit(1); });
}
