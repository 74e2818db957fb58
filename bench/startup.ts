/**
 * The fixed cost of a CLI run (issue 16): the bundled CLI (`bin/empathy.js` -> `dist/bundle/`,
 * scripts/bundle-cli.mjs) against the same program unbundled (`node dist/cli/run.js`, tsc's
 * modules), in the same session, interleaved (the order alternates every round). Cases:
 * `--version`; `release-prep` warm on an unchanged tree (`--agents`, default the static agents;
 * `--agents all` for the default team); with `--change-file`, a one-file change (a new function
 * appended to that file, a different one every run, the file restored after each run: the other
 * files come from the cache). Prints the median wall time and CPU (the process tree's) per case
 * and variant, the ratio bundled / unbundled and the difference in ms, the load before and after,
 * and whether the two variants' last warm reports are identical (timings left out). CPU is read
 * from /proc in clock ticks (10 ms): take many rounds.
 *
 * Both variants share one temporary cache and data directory (warmed by one run each first).
 *
 * `npx tsx bench/startup.ts --repo <your copy> [--agents security_auditor,code_reviewer,documentation_writer|all] [--change-file src/x.py] [--repeat 15] [--no-build]`
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, cpuSeconds, flag, loadAverage, machineLine, parseFlags } from './corpus.js';
import { compareReports } from './report-compare.js';
import { median } from './stats.js';

const STATIC_AGENTS = 'security_auditor,code_reviewer,documentation_writer';
const flags = parseFlags(process.argv.slice(2));
const repo = flag(flags, 'repo');
const agents = flag(flags, 'agents') ?? STATIC_AGENTS;
const changeFile = flag(flags, 'change-file');
const rounds = Number(flag(flags, 'repeat') ?? '15');
if (!repo || !(Number.isInteger(rounds) && rounds >= 1)) {
  console.log('usage: npx tsx bench/startup.ts --repo <your copy> [--agents LIST|all] [--change-file FILE] [--repeat N] [--no-build]');
  process.exit(2);
}
if (!flags.has('no-build') && spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' }).status !== 0) {
  console.log('build: FAILED (npm run build)');
  process.exit(1);
}
if (spawnSync(process.execPath, ['scripts/bundle-cli.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

const VARIANTS = {
  bundled: path.join(REPO_ROOT, 'bin', 'empathy.js'),
  unbundled: path.join(REPO_ROOT, 'dist', 'cli', 'run.js'),
} as const;
type Variant = keyof typeof VARIANTS;
const work = mkdtempSync(path.join(os.tmpdir(), 'empathy-startup-'));
const env = { ...process.env, NO_COLOR: '1', EMPATHY_LOG: 'error', EMPATHY_CACHE_DIR: path.join(work, 'cache'), EMPATHY_DATA_DIR: path.join(work, 'data') };
const root = path.resolve(repo);
const changed = changeFile ? path.join(root, changeFile) : null;
const original = changed ? readFileSync(changed, 'utf8') : null;

/** One run: wall seconds and the CPU seconds of the child's process tree. */
function run(variant: Variant, args: string[]): { wall: number; cpu: number } {
  const before = cpuSeconds();
  const started = performance.now();
  const result = spawnSync(process.execPath, [VARIANTS[variant], ...args], { cwd: root, env, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  const after = cpuSeconds();
  if (result.status !== 0 && result.status !== 1) throw new Error(`${variant} ${args.join(' ')}: exit ${result.status}: ${result.stderr.trim().split('\n')[0]}`);
  return { wall, cpu: (after.children ?? NaN) - (before.children ?? NaN) };
}

/** release-prep on the repository, its report written to `<variant>-<label>.json`. */
const releasePrep = (label: string) => (variant: Variant) => [
  'orchestrate', 'release-prep', '--path', root, '--format', 'json', '--output', path.join(work, `${variant}-${label}.json`), '--no-learn',
  ...(agents === 'all' ? [] : ['--agents', agents]),
];
let changes = 0;
/** Appends a function no earlier run saw to the change file; returns the restore. */
function changeOneFile(): () => void {
  if (!changed || original === null) return () => {};
  changes += 1;
  const fn = changed.endsWith('.py')
    ? `\n\ndef _bench_startup_${changes}(x):\n    return x + ${changes}\n`
    : `\nfunction benchStartup${changes}(x) {\n  return x + ${changes};\n}\n`;
  writeFileSync(changed, original + fn);
  return () => writeFileSync(changed, original);
}

const cases: { name: string; args: (v: Variant) => string[]; change: boolean }[] = [
  { name: '--version', args: () => ['--version'], change: false },
  { name: `release-prep warm (${agents === 'all' ? 'all agents' : agents})`, args: releasePrep('warm'), change: false },
  ...(changed ? [{ name: `release-prep after a one-file change (${changeFile})`, args: releasePrep('change'), change: true }] : []),
];

console.log(`# bench/startup — ${new Date().toISOString()}\nmachine: ${machineLine()}\nrepository: ${root}, ${rounds} interleaved rounds`);
try {
  for (const variant of Object.keys(VARIANTS) as Variant[]) run(variant, releasePrep('warm')(variant)); // warm the cache
  const times = new Map<string, { wall: number[]; cpu: number[] }>();
  for (let round = 0; round < rounds; round += 1) {
    const order: Variant[] = round % 2 === 0 ? ['bundled', 'unbundled'] : ['unbundled', 'bundled'];
    for (const c of cases)
      for (const variant of order) {
        const restore = c.change ? changeOneFile() : () => {};
        try {
          const t = run(variant, c.args(variant));
          const key = `${c.name}\t${variant}`;
          const list = times.get(key) ?? { wall: [], cpu: [] };
          list.wall.push(t.wall);
          list.cpu.push(t.cpu);
          times.set(key, list);
        } finally {
          restore();
        }
      }
  }
  console.log('\n| case | bundled wall / CPU (s) | unbundled wall / CPU (s) | CPU ratio | CPU saved (ms) | wall saved (ms) |\n|---|---|---|---|---|---|');
  for (const c of cases) {
    const b = times.get(`${c.name}\tbundled`)!;
    const u = times.get(`${c.name}\tunbundled`)!;
    const [bw, bc, uw, uc] = [median(b.wall), median(b.cpu), median(u.wall), median(u.cpu)];
    console.log(`| ${c.name} | ${bw.toFixed(3)} / ${bc.toFixed(3)} | ${uw.toFixed(3)} / ${uc.toFixed(3)} | ${(bc / uc).toFixed(3)} | ${Math.round((uc - bc) * 1000)} | ${Math.round((uw - bw) * 1000)} |`);
  }
  // The change runs' reports differ by the name of the function each run appended.
  console.log(`\nlast warm reports, bundled vs unbundled: ${compareReports(path.join(work, 'bundled-warm.json'), path.join(work, 'unbundled-warm.json'))}`);
  console.log(`load avg after: ${loadAverage()}`);
} finally {
  if (changed && original !== null) writeFileSync(changed, original);
  rmSync(work, { recursive: true, force: true });
}
