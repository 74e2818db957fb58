/**
 * The heap cap of the analysis pool's workers without a suite (issue 16): the static agents
 * (`--agents security_auditor,code_reviewer,documentation_writer --no-cache`) on one local
 * clone, once per cap and round, the caps interleaved, each through `EMPATHY_WORKER_HEAP_MB`
 * (`0` = no cap, the baseline). Prints per run the wall time, the CPU of the process tree and its
 * peak RSS; then per cap the medians and their ratios to the uncapped runs of the same rounds, and
 * whether every report equals the first uncapped one (timings left out).
 *
 * `npx tsx bench/heap-cap.ts --repo <clone> [--caps 0,1024,1536] [--repeat 3] [--no-build]`
 *
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_DIR, REPO_ROOT, RssSampler, cpuSeconds, flag, loadAverage, machineLine, parseFlags } from './corpus.js';
import { compareReports } from './report-compare.js';
import { median } from './stats.js';

const flags = parseFlags(process.argv.slice(2));
const repo = flag(flags, 'repo');
const caps = (flag(flags, 'caps') ?? '0,1024,1536').split(',').map(Number);
const rounds = Number(flag(flags, 'repeat') ?? '3');
if (!repo || !existsSync(repo) || caps.some((c) => !Number.isInteger(c) || c < 0) || !caps.includes(0) || !(Number.isInteger(rounds) && rounds >= 1)) {
  console.log('usage: npx tsx bench/heap-cap.ts --repo <clone> [--caps 0,1024,1536 (0, no cap, is the baseline and must be listed)] [--repeat N] [--no-build]');
  process.exit(2);
}
if (!flags.has('no-build') && spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' }).status !== 0) {
  console.log('build: FAILED (npm run build)');
  process.exit(1);
}
const work = path.join(BENCH_DIR, '.corpus', '.heap-cap');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
console.log(`# bench/heap-cap — ${new Date().toISOString()}\nmachine: ${machineLine()}\nrepository: ${path.resolve(repo)}`);

const sampler = new RssSampler();
const runs = new Map<number, { wall: number; cpu: number; peak: number }[]>();
const reports: string[] = [];
for (let round = 1; round <= rounds; round += 1) {
  // The order of the caps turns by one each round, so no cap always runs first on a cooler machine.
  const order = caps.map((_, i) => caps[(i + round - 1) % caps.length]!);
  for (const cap of order) {
    const output = path.join(work, `cap${cap}-round${round}.json`);
    const load = loadAverage();
    sampler.reset();
    const before = cpuSeconds();
    const start = performance.now();
    const exit = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'empathy.js'), 'orchestrate', 'release-prep', '--path', repo, '--agents', 'security_auditor,code_reviewer,documentation_writer', '--no-cache', '--no-learn', '--format', 'json', '--output', output], { stdio: 'ignore', env: { ...process.env, EMPATHY_WORKER_HEAP_MB: String(cap) } });
      child.on('close', resolve);
    });
    const wall = (performance.now() - start) / 1000;
    const after = cpuSeconds();
    const peaks = sampler.read();
    const cpu = Math.max(after.self - before.self + (after.children ?? 0) - (before.children ?? 0), peaks.descendantsCpu ?? 0);
    const peak = peaks.tree / 2 ** 20;
    (runs.get(cap) ?? runs.set(cap, []).get(cap)!).push({ wall, cpu, peak });
    if (cap === 0 && reports.length === 0) reports.push(output);
    const same = reports[0] === output ? 'the reference report' : compareReports(output, reports[0] ?? output);
    console.log(`round ${round} cap ${cap === 0 ? 'none' : `${cap} MB`}: exit ${exit}, wall ${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MiB, load ${load}; report: ${same}`);
  }
}
await sampler.stop();
const m = (cap: number, key: 'wall' | 'cpu' | 'peak') => median((runs.get(cap) ?? []).map((r) => r[key]));
console.log('\nmedians (ratio to no cap):');
for (const cap of caps) {
  const ratio = (key: 'wall' | 'cpu' | 'peak') => (m(cap, key) / m(0, key)).toFixed(3);
  console.log(`cap ${cap === 0 ? 'none' : `${cap} MB`}: wall ${m(cap, 'wall').toFixed(1)} s (${ratio('wall')}), CPU ${m(cap, 'cpu').toFixed(1)} s (${ratio('cpu')}), peak RSS ${m(cap, 'peak').toFixed(0)} MiB (${ratio('peak')}), max ${Math.max(...(runs.get(cap) ?? []).map((r) => r.peak)).toFixed(0)} MiB`);
}
