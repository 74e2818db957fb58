/**
 * A third of the tests removed (issue 13): on copies of the public repositories of
 * bench/real-repos.list with every third test file removed, does `empathy orchestrate
 * test-coverage` start from the measured figure and raise it?
 *
 * Run: npx tsx bench/third-removed.ts [DIR] [flags]
 *   DIR             the corpus folder of bench/real-repos.ts (default: $EMPATHY_REAL_REPOS, else
 *                   bench/.real-repos); read only, never changed
 *   --scratch DIR   where the copies go (default: a new directory under the system temporary
 *                   directory); each copy is <DIR>/<name>, replaced if it exists
 *   --only a,b      these repositories only
 *   --max-time S    test-coverage's --max-time (default 600)
 *   --timeout S     deadline of each independent measurement (default 600)
 *   --empathy DIR   the empathy-framework checkout whose bin/empathy.js runs (default: this one); built
 *                   first (npm run build) unless --no-build
 *   --json FILE     also write every row
 *   --keep          keep the copies (default: removed at the end)
 *
 * For each repository:
 * 1. Copy: the clone's tracked and untracked files and its .git (git's own objects, so the copy is
 *    a repository at the same commit); node_modules becomes a directory of the copy holding one
 *    link per package of the clone's, so tools' caches (node_modules/.cache, .vite-temp) land in
 *    the copy.
 * 2. Remove a third of the test files, deterministically: the repository's test files (TESTS below:
 *    the files its runner collects, from its configuration), minus helpers that another test
 *    file imports (removing one breaks the files that import it: itsdangerous' test_timed imports
 *    test_signer), sorted (C locale); removed: the 1st, 4th, 7th, ... (ceil(n/3)). A repository with
 *    one test file loses it, so it starts from 0 % ("no tests"). The removal is committed in the copy.
 * 3. Before: the independent measurement of bench/real-repos.ts (its RECIPES: c8 --all / the
 *    runner's own coverage / coverage.py with the repository's config) on the copy. With no test
 *    file left, the figure is 0 % of the lines (the recipe's report, or not measured without one).
 * 4. `node bin/empathy.js orchestrate test-coverage --project-root COPY --target 100 --max-time S
 *    --json --no-learn`, offline: no model (the API key variables are removed from its
 *    environment). Its own start figure (coverage_before) and end figure (coverage_after) are shown.
 * 5. After: the same independent measurement, on the copy with the written tests committed. When the
 *    recipe names test files explicitly (mime-types: `mocha test/test.js`), the written test files
 *    are added to its command and removed ones left out; otherwise the runner finds them itself.
 *
 * Table: repository, test files (left/all), before, test-coverage's start, after, gain (after -
 * before, independent), tests kept (test cases in files written), time of test-coverage, flags (a
 * figure from a run where no test executed, test-coverage's errors). Exit 0 unless the bench itself
 * failed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, fmt, independent, opt, readList, RECIPES, run, type Independent, type Recipe } from './real-repos.js';
import { median } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Test files the repository's runner collects (from its configuration), as a pattern on tracked paths. */
const TESTS: Record<string, RegExp> = {
  'body-parser': /^test\/[^/]+\.js$/, // mocha test/
  'mime-types': /^test\/[^/]+\.js$/,
  'fastify-plugin': /^test\/(.+\.test\.[cm]?js|test\.js)$/, // node --test defaults
  'commander.js': /^tests\/[^/]+\.test\.[cm]?js$/,
  'whatwg-mimetype': /^test\/[^/]+\.js$/,
  luxon: /^test\/.+\.test\.js$/,
  dataloader: /^src\/__tests__\/.+\.test\.js$/,
  'path-to-regexp': /^src\/.+\.spec\.ts$/,
  camelcase: /^test\.js$/,
  ini: /^test\/[^/]+\.js$/,
  click: /^tests\/(.+\/)?test_[^/]+\.py$/,
  itsdangerous: /^tests\/(.+\/)?test_[^/]+\.py$/,
  'python-sortedcontainers': /^tests\/test_[^/]+\.py$/,
  sqlparse: /^tests\/test_[^/]+\.py$/,
  six: /^test_six\.py$/,
  'more-itertools': /^tests\/test_[^/]+\.py$/,
  tomli: /^tests\/test_[^/]+\.py$/,
};

const argv = process.argv.slice(2);
const VALUE_FLAGS = new Set(['--only', '--empathy', '--timeout', '--json', '--scratch', '--max-time']);
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && VALUE_FLAGS.has(argv[i - 1] as string)));
const CORPUS = path.resolve(positional[0] ?? process.env['EMPATHY_REAL_REPOS'] ?? path.join(HERE, '.real-repos'));
const EMPATHY = path.resolve(opt('--empathy') ?? path.join(HERE, '..'));
const MAX_TIME = Number(opt('--max-time') ?? 600);
const ONLY = opt('--only')?.split(',');
const tail = (s: string, n = 6) => s.trimEnd().split('\n').slice(-n).join('\n');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Copies `repo` (files and .git; node_modules as a directory of links) to `copy`. */
async function copyRepo(repo: string, copy: string): Promise<void> {
  await fs.rm(copy, { recursive: true, force: true });
  await fs.cp(repo, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => path.relative(repo, src) !== 'node_modules' });
  await fs.appendFile(path.join(copy, '.git', 'info', 'exclude'), '\nnode_modules\n');
  const nm = path.join(repo, 'node_modules');
  if (!existsSync(nm)) return;
  await fs.mkdir(path.join(copy, 'node_modules'));
  for (const entry of await fs.readdir(nm)) {
    if (entry === '.cache' || entry === '.vite-temp' || entry === '.vite' || entry === '.vitest') continue;
    await fs.symlink(path.join(nm, entry), path.join(copy, 'node_modules', entry));
  }
}

/** The stem a test file is imported by (`test_signer`, `utils`). */
const stem = (file: string) => path.posix.basename(file).replace(/\.[^.]+$/, '');

/** Test files that another test file imports (helpers), by name. */
async function importedByOthers(copy: string, files: string[]): Promise<Set<string>> {
  const texts = new Map<string, string>();
  for (const f of files) texts.set(f, await fs.readFile(path.join(copy, f), 'utf8').catch(() => ''));
  const helpers = new Set<string>();
  for (const f of files) {
    const s = stem(f).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const py = new RegExp(`^\\s*(from|import)\\s+[\\w.]*\\b${s}\\b`, 'm');
    const js = new RegExp(`(require\\(|from|import\\(?)\\s*['"]\\.{1,2}/([^'"]*/)?${s}(\\.[cm]?[jt]s)?['"]`);
    for (const [other, text] of texts) if (other !== f && (f.endsWith('.py') ? py : js).test(text)) helpers.add(f);
  }
  return helpers;
}

interface Removal { all: string[]; removed: string[]; helpers: string[] }

async function removeThird(copy: string, pattern: RegExp): Promise<Removal> {
  const tracked = git(copy, 'ls-files').split('\n').filter((f) => pattern.test(f));
  const helpers = await importedByOthers(copy, tracked);
  const all = tracked.filter((f) => !helpers.has(f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const removed = all.filter((_, i) => i % 3 === 0);
  for (const f of removed) await fs.rm(path.join(copy, f));
  commit(copy, 'bench: remove every third test file');
  return { all, removed, helpers: [...helpers] };
}

function commit(copy: string, message: string): void {
  git(copy, 'add', '-A');
  git(copy, '-c', 'user.email=bench@localhost', '-c', 'user.name=bench', 'commit', '-q', '--allow-empty', '--no-verify', '-m', message);
}

/** The recipe for the copy: an explicit list of test files loses removed ones and gains written ones. */
function recipeFor(recipe: Recipe, removal: Removal, written: string[]): Recipe {
  const named = recipe.command.filter((w) => removal.all.includes(w));
  if (named.length === 0) return recipe;
  const command = [...recipe.command.filter((w) => !removal.removed.includes(w)), ...written.filter((w) => !recipe.command.includes(w))];
  return { ...recipe, command };
}

interface Ours {
  before: number | null; after: number | null; testsKept: number; written: string[]; seconds: number;
  code: number | null; errors: string[]; notes: string[];
  /** Candidates rejected by the validator, per reason (failed, no_coverage_gain, ...). */
  rejected: Record<string, number>;
  /** test-coverage's whole JSON result (kept in --json). */
  raw: unknown;
}

async function testCoverage(copy: string): Promise<Ours> {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/API_KEY$|^EMPATHY_PROVIDER/.test(k)) delete env[k];
  const args = [path.join(EMPATHY, 'bin', 'empathy.js'), 'orchestrate', 'test-coverage', '--project-root', copy, '--target', '100', '--max-time', String(MAX_TIME), '--json', '--no-learn'];
  const r = await run(process.execPath, args, EMPATHY, env, (MAX_TIME + 900) * 1000);
  const start = r.out.indexOf('{\n');
  try {
    const j = JSON.parse(r.out.slice(start, r.out.lastIndexOf('}') + 1)) as Record<string, unknown>;
    const num = (k: string) => (typeof j[k] === 'number' ? (j[k] as number) : null);
    const rejected: Record<string, number> = {};
    for (const f of ((j['validation'] as { failures?: { reason: string }[] } | undefined)?.failures ?? [])) rejected[f.reason] = (rejected[f.reason] ?? 0) + 1;
    return {
      before: num('coverage_before'), after: num('coverage_after'), testsKept: num('tests_generated') ?? 0,
      written: (j['written_files'] as string[] | undefined) ?? [], seconds: r.seconds, code: r.code,
      errors: (j['errors'] as string[] | undefined) ?? [], notes: (j['notes'] as string[] | undefined) ?? [], rejected, raw: j,
    };
  } catch {
    return { before: null, after: null, testsKept: 0, written: [], seconds: r.seconds, code: r.code, errors: [`no JSON result (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${tail(r.out, 3)}`], notes: [], rejected: {}, raw: tail(r.out, 40) };
  }
}

/** The independent figure: code lines for c8 (like-for-like, as bench/real-repos.ts compares). */
const figure = (ind: Independent) => ind.code_lines?.pct ?? ind.pct;

interface Row { name: string; kind: string; removal: Removal; before: Independent; ours: Ours; after: Independent; gain: number | null; flags: string[] }

function describe(label: string, ind: Independent): string {
  return `${label} ${fmt(figure(ind))} % (tests ${ind.counts.passed ?? '?'} passed ${ind.counts.failed ?? '?'} failed${ind.noTestRan ? ', no test ran' : ''}${ind.error ? `; ${ind.error}` : ''}) $ ${ind.command}`;
}

async function main(): Promise<void> {
  const entries = readList().filter((e) => !ONLY || ONLY.includes(e.name));
  if (!flag('--no-build')) {
    const b = await run('npm', ['run', 'build'], EMPATHY, process.env, 600_000);
    if (b.code !== 0) { console.error(`npm run build failed in ${EMPATHY}:\n${tail(b.out)}`); process.exit(1); }
  }
  const scratch = path.resolve(opt('--scratch') ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-third-removed-'))));
  await fs.mkdir(scratch, { recursive: true });
  let head = '?';
  try { head = git(EMPATHY, 'rev-parse', '--short', 'HEAD').trim(); } catch { /* not a checkout: its COMMIT file, if any (git archive C | tar -x) */ }
  if (head === '?') try { head = (await fs.readFile(path.join(EMPATHY, 'COMMIT'), 'utf8')).trim(); } catch { /* no label */ }
  console.log(`corpus ${CORPUS}; copies in ${scratch}; empathy ${EMPATHY} (commit ${head}); --max-time ${MAX_TIME}; node ${process.version}; ${new Date().toISOString()}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows: Row[] = [];
  for (const entry of entries) {
    const repo = path.join(CORPUS, entry.name);
    const recipe = RECIPES[entry.name];
    const pattern = TESTS[entry.name];
    if (!recipe || !pattern) { console.log(`${entry.name}: no recipe, skipped`); continue; }
    if (!existsSync(path.join(repo, '.git'))) { console.log(`${entry.name}: not cloned in ${repo}, skipped`); continue; }
    const copy = path.join(scratch, entry.name);
    await copyRepo(repo, copy);
    const removal = await removeThird(copy, pattern);
    console.log(`${entry.name}: ${removal.all.length} test files, removed ${removal.removed.join(' ') || 'none'}${removal.helpers.length ? ` (helpers kept: ${removal.helpers.join(' ')})` : ''}`);
    const left = removal.all.length - removal.removed.length;
    const noTests = (ind: Independent): Independent => (left === 0 && ind.total !== null ? { ...ind, pct: 0, covered: 0, code_lines: ind.code_lines ? { ...ind.code_lines, pct: 0, covered: 0 } : null } : ind);
    const before = noTests(await independent(copy, recipeFor(recipe, removal, [])));
    console.log(`  ${describe('before', before)}`);
    const ours = await testCoverage(copy);
    console.log(`  test-coverage: start ${fmt(ours.before)} % -> ${fmt(ours.after)} %, ${ours.testsKept} test(s) kept in ${ours.written.length} file(s) ${ours.written.join(' ')}, exit ${ours.code}, ${ours.seconds.toFixed(0)} s; rejected ${JSON.stringify(ours.rejected)}${ours.errors.length ? `\n  errors: ${ours.errors.join(' | ').slice(0, 600)}` : ''}`);
    if (ours.written.length > 0) commit(copy, 'bench: tests written by test-coverage');
    const after = await independent(copy, recipeFor(recipe, removal, ours.written));
    console.log(`  ${describe('after', after)}`);
    // No test file left and no data at all (coverage.py writes none when nothing ran): 0 % of what the after run counts.
    if (left === 0 && figure(before) === null && after.total !== null) Object.assign(before, { pct: 0, covered: 0, total: after.total, error: null });
    const b = before.noTestRan && left > 0 ? null : figure(before);
    const a = after.noTestRan && !(left === 0 && ours.written.length === 0) ? null : figure(after);
    const gain = a !== null && b !== null ? Math.round((a - b) * 100) / 100 : null;
    const flags: string[] = [];
    if (before.noTestRan && left > 0) flags.push('before: no test ran');
    if (after.noTestRan && ours.written.length > 0) flags.push('after: no test ran');
    if ((after.counts.failed ?? 0) > (before.counts.failed ?? 0)) flags.push(`after: ${(after.counts.failed ?? 0) - (before.counts.failed ?? 0)} more failing`);
    if (ours.before === null) flags.push('test-coverage: no start figure');
    flags.push(...ours.errors.map((e) => `test-coverage: ${e.replace(/\s+/g, ' ').slice(0, 120)}`));
    rows.push({ name: entry.name, kind: entry.kind, removal, before, ours, after, gain, flags });
    if (!flag('--keep')) await fs.rm(copy, { recursive: true, force: true });
  }
  console.log('\n| repository | kind | test files left/all | before (independent) | test-coverage start -> end | after (independent) | gain (points) | tests kept (files) | time (s) | flags |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const left = r.removal.all.length - r.removal.removed.length;
    const b = r.flags.includes('before: no test ran') ? 'no test ran' : `${fmt(figure(r.before))} %${left === 0 ? ' (no tests)' : ''}`;
    const a = r.gain === null && r.after.noTestRan ? 'no test ran' : `${fmt(figure(r.after))} %`;
    const g = r.gain === null ? '-' : `${r.gain > 0 ? '+' : ''}${r.gain.toFixed(2)}`;
    console.log(`| ${r.name} | ${r.kind} | ${left}/${r.removal.all.length} | ${b} | ${fmt(r.ours.before)} -> ${fmt(r.ours.after)} | ${a} | ${g} | ${r.ours.testsKept} (${r.ours.written.length}) | ${r.ours.seconds.toFixed(0)} | ${r.flags.join('; ').replace(/\|/g, '/')} |`);
  }
  const gains = rows.map((r) => r.gain).filter((g): g is number => g !== null).sort((x, y) => x - y);
  const middle = gains.length ? median(gains) : null;
  console.log(`\nraised (gain > 0): ${gains.filter((g) => g > 0).length} of ${rows.length}; median gain ${middle === null ? '-' : middle.toFixed(2)} points; runs with no test executed: ${rows.filter((r) => r.flags.some((f) => f.includes('no test ran'))).length}`);
  const out = opt('--json');
  if (out) await fs.writeFile(out, JSON.stringify({ empathy: head, corpus: CORPUS, maxTime: MAX_TIME, at: new Date().toISOString(), rows }, null, 2));
  if (!flag('--keep') && !opt('--scratch')) await fs.rm(scratch, { recursive: true, force: true });
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
