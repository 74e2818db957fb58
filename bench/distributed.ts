/**
 * Scale-out bench (issue 17): a fleet of repositories through `release-prep --repos`, in-process
 * and on 1, 2 and 4 `empathy worker` processes of this machine, with a redis-server of its own
 * (unix socket, no persistence, in a temporary directory removed at the end).
 *
 * Run: npx tsx bench/distributed.ts [--real DIR] [--max-real N] [--rounds N] [--all-agents]
 *   --real DIR     local clones of public repositories to add to the fleet (default /work/real-repos,
 *                  else bench/.real-repos; obtain them with bench/real-repos.ts --clone)
 *   --max-real N   at most N of them (default 8); the fleet also has 8 fixture repositories
 *   --rounds N     rounds of every configuration, interleaved (default 1); medians are printed
 *   --all-agents   the four release agents (default: security, quality and documentation, so that
 *                  the repositories' own test suites do not dominate the wall time)
 *
 * Prints per configuration: wall time of the fleet, speed-up against 1 worker and against
 * in-process, per-job overhead (enqueue -> start on a worker, from the jobs' own timestamps in
 * Redis: median and p95) and Redis memory (used_memory_peak). Needs redis-server and a built
 * dist/ (npm run build). Nothing in the repositories is written: reports go to the temp dir.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const REPO = path.resolve(import.meta.dirname, '..');
const BIN = path.join(REPO, 'bin', 'empathy.js');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const realDir = flag('--real', existsSync('/work/real-repos') ? '/work/real-repos' : path.join(REPO, 'bench', '.real-repos'));
const maxReal = Number(flag('--max-real', '8'));
const rounds = Number(flag('--rounds', '1'));
const agents = args.includes('--all-agents') ? [] : ['--agents', 'security_auditor,code_reviewer,documentation_writer'];
const FIXTURES = ['js-lib', 'docs-ts', 'py-pkg', 'quality-score', 'js-mocha', 'ts-lib', 'insecure-app', 'import-cycle'];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-bench-dist-'));
const socket = path.join(scratch, 'redis.sock');
const queueUrl = `redis+unix://${socket}`;
const children: ChildProcess[] = [];

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const on = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', () => reject(new Error(`exited before ${pattern}: ${seen.slice(-400)}`)));
  });
}

function run(argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.once('exit', () => resolve((performance.now() - started) / 1000));
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function main(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const real = existsSync(realDir)
    ? readdirSync(realDir).filter((d) => statSync(path.join(realDir, d)).isDirectory()).sort().slice(0, maxReal).map((d) => path.join(realDir, d))
    : [];
  const fleet = [...FIXTURES.map((f) => path.join(REPO, 'test', 'fixtures', f)), ...real];
  const fleetFile = path.join(scratch, 'fleet.txt');
  writeFileSync(fleetFile, `${fleet.join('\n')}\n`);

  const redis = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', scratch], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(redis);
  await waitForLine(redis, /ready to accept connections/i);
  const client = new Redis({ path: socket });
  const queue = new Queue('units', { connection: { path: socket }, prefix: 'empathy' });

  const configs = [0, 1, 2, 4];
  const walls = new Map<number, number[]>(configs.map((c) => [c, []]));
  const overhead = new Map<number, number[]>(configs.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (const workers of configs) {
      const started: ChildProcess[] = [];
      for (let i = 0; i < workers; i++) {
        const w = spawn(process.execPath, [BIN, 'worker', '--queue', queueUrl, '--workspace', path.join(scratch, `ws${i}`)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(w);
        started.push(w);
        await waitForLine(w, /listening on/);
      }
      await queue.obliterate({ force: true });
      const out = path.join(scratch, `out-${workers}-${round}`);
      const wall = await run(['orchestrate', 'release-prep', '--repos', fleetFile, '--no-cache', '--no-learn', ...agents, '--format', 'json', '--output-dir', out, ...(workers > 0 ? ['--queue', queueUrl] : [])]);
      walls.get(workers)?.push(wall);
      if (workers > 0) {
        // Dispatch latency: from the moment a job could start (queued, and its worker free after
        // its previous job) to the moment it started.
        const jobs = (await queue.getJobs(['completed', 'failed'])).filter((j) => j.processedOn && j.finishedOn);
        const byWorker = new Map<string, typeof jobs>();
        for (const job of jobs) byWorker.set(job.processedBy ?? '?', [...(byWorker.get(job.processedBy ?? '?') ?? []), job]);
        for (const list of byWorker.values()) {
          list.sort((a, b) => (a.processedOn ?? 0) - (b.processedOn ?? 0));
          list.forEach((job, i) => {
            const free = i === 0 ? 0 : (list[i - 1]?.finishedOn ?? 0);
            overhead.get(workers)?.push((job.processedOn ?? 0) - Math.max(job.timestamp, free));
          });
        }
      }
      for (const w of started) w.kill('SIGTERM');
      await Promise.all(started.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)))));
      process.stderr.write(`round ${round + 1}: ${workers === 0 ? 'in-process' : `${workers} worker(s)`} ${wall.toFixed(1)} s\n`);
    }
  }
  const memory = /used_memory_peak:(\d+)/.exec(await client.info('memory'))?.[1];
  const median = (c: number) => quantile(walls.get(c) ?? [], 0.5);
  console.log(`Fleet of ${fleet.length} repositories (${FIXTURES.length} fixtures + ${real.length} clones from ${realDir}), agents: ${agents.length ? agents[1] : 'all four'}, ${rounds} round(s), ${os.cpus().length} cores\n`);
  console.log('| configuration | wall (s) | vs in-process | vs 1 worker | enqueue->start median (ms) | p95 (ms) | jobs |');
  console.log('|---|---|---|---|---|---|---|');
  for (const c of configs) {
    const o = overhead.get(c) ?? [];
    console.log(
      `| ${c === 0 ? 'in-process' : `${c} worker${c > 1 ? 's' : ''}`} | ${median(c).toFixed(1)} | ${(median(0) / median(c)).toFixed(2)}x | ${c === 0 ? '-' : `${(median(1) / median(c)).toFixed(2)}x`} | ${c === 0 ? '-' : quantile(o, 0.5).toFixed(0)} | ${c === 0 ? '-' : quantile(o, 0.95).toFixed(0)} | ${c === 0 ? '-' : o.length} |`,
    );
  }
  console.log(`\nRedis used_memory_peak: ${memory ? (Number(memory) / 1024 / 1024).toFixed(2) : 'not measured'} MiB`);
  console.log('enqueue->start: from the moment a job could start (queued, and its worker free after its previous job) to its start on the worker.');
  await queue.close();
  client.disconnect();
}

try {
  await main();
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}
