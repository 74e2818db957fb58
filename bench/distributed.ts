/**
 * Scale-out bench (issue 17), in-process and on 1, 2 and 4 `empathy worker` processes of this
 * machine, with a redis-server of its own per part (unix socket, no persistence, in a temporary
 * directory removed at the end):
 * - fleet: a fleet of repositories through `release-prep --repos` (one job per repository);
 * - test-coverage: `orchestrate test-coverage --dry-run` on a generated 40-module package (one
 *   job per module: its exploration, generation and candidate trials).
 *
 * Run: npx tsx bench/distributed.ts [--part fleet|test-coverage|all] [--modules N] [--real DIR] [--max-real N] [--rounds N] [--all-agents]
 *   --part P       which part to run (default all)
 *   --modules N    modules of the generated package (default 40)
 *   --real DIR     local clones of public repositories to add to the fleet (default /work/real-repos,
 *                  else bench/.real-repos; obtain them with bench/real-repos.ts --clone)
 *   --max-real N   at most N of them (default 8); the fleet also has 8 fixture repositories
 *   --rounds N     rounds of every configuration, interleaved (default 1); medians are printed
 *   --all-agents   the four release agents (default: security, quality and documentation, so that
 *                  the repositories' own test suites do not dominate the wall time)
 *
 * Prints per part and configuration: wall time, speed-up against 1 worker and against
 * in-process, per-job overhead (enqueue -> start on a worker, from the jobs' own timestamps in
 * Redis: median and p95) and Redis memory (used_memory_peak). Needs redis-server and a built
 * dist/ (npm run build). Nothing in the repositories is written: reports go to the temp dir.
 * The test-coverage part also says whether every configuration kept the same test files.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
const part = flag('--part', 'all');
const modules = Number(flag('--modules', '40'));
const agents = args.includes('--all-agents') ? [] : ['--agents', 'security_auditor,code_reviewer,documentation_writer'];
const FIXTURES = ['js-lib', 'docs-ts', 'py-pkg', 'quality-score', 'js-mocha', 'ts-lib', 'insecure-app', 'import-cycle'];
const CONFIGS = [0, 1, 2, 4];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-bench-dist-'));
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

function run(argv: string[]): Promise<{ wall: number; stdout: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let stdout = '';
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    child.once('exit', () => resolve({ wall: (performance.now() - started) / 1000, stdout }));
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** A redis-server of the part's own (so its memory peak is the part's). */
async function startRedis(name: string) {
  const socket = path.join(scratch, `${name}.sock`);
  const redis = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', scratch], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(redis);
  await waitForLine(redis, /ready to accept connections/i);
  const client = new Redis({ path: socket });
  const queue = new Queue('units', { connection: { path: socket }, prefix: 'empathy' });
  return {
    url: `redis+unix://${socket}`,
    queue,
    /** When each job reached Redis (its first `waiting` event's stream id: the server's clock, ms). */
    async addedAt(): Promise<Map<string, number>> {
      const added = new Map<string, number>();
      for (const [id, fields] of (await client.xrange('empathy:units:events', '-', '+')) as [string, string[]][]) {
        const event = Object.fromEntries(fields.flatMap((f, i) => (i % 2 === 0 ? [[f, fields[i + 1]]] : [])));
        if (event['event'] === 'waiting' && event['jobId'] && !added.has(event['jobId'])) added.set(event['jobId'], Number(id.split('-')[0]));
      }
      return added;
    },
    async peakMiB(): Promise<string> {
      const memory = /used_memory_peak:(\d+)/.exec(await client.info('memory'))?.[1];
      return memory ? (Number(memory) / 1024 / 1024).toFixed(2) : 'not measured';
    },
    async stop() {
      await queue.close();
      client.disconnect();
      redis.kill('SIGKILL');
    },
  };
}

interface Measured {
  walls: Map<number, number[]>;
  overhead: Map<number, number[]>;
  /**
   * The delays of each worker's first job of a run (idle workers woken by the first jobs at once),
   * as `coordinator+worker`: job created -> added in Redis, then added -> picked up.
   */
  first: Map<number, string[]>;
  peak: string;
}

/**
 * Runs `once` for every configuration (0 = in-process), interleaved over the rounds, with that
 * many worker processes listening; collects wall times and the jobs' enqueue->start delays.
 */
async function measure(name: string, once: (queueUrl: string | null, workers: number, round: number) => Promise<number>): Promise<Measured> {
  const redis = await startRedis(name);
  const walls = new Map<number, number[]>(CONFIGS.map((c) => [c, []]));
  const overhead = new Map<number, number[]>(CONFIGS.map((c) => [c, []]));
  const first = new Map<number, string[]>(CONFIGS.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (const workers of CONFIGS) {
      const started: ChildProcess[] = [];
      for (let i = 0; i < workers; i++) {
        const w = spawn(process.execPath, [BIN, 'worker', '--queue', redis.url, '--workspace', path.join(scratch, `ws${i}`)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(w);
        started.push(w);
        await waitForLine(w, /listening on/);
      }
      await redis.queue.obliterate({ force: true });
      const wall = await once(workers > 0 ? redis.url : null, workers, round);
      walls.get(workers)?.push(wall);
      if (workers > 0) {
        // Dispatch latency: from the moment a job could start (queued, and its worker free after
        // its previous job) to the moment it started.
        const jobs = (await redis.queue.getJobs(['completed', 'failed'])).filter((j) => j.processedOn && j.finishedOn);
        const added = await redis.addedAt();
        const byWorker = new Map<string, typeof jobs>();
        for (const job of jobs) byWorker.set(job.processedBy ?? '?', [...(byWorker.get(job.processedBy ?? '?') ?? []), job]);
        for (const list of byWorker.values()) {
          list.sort((a, b) => (a.processedOn ?? 0) - (b.processedOn ?? 0));
          list.forEach((job, i) => {
            const free = i === 0 ? 0 : (list[i - 1]?.finishedOn ?? 0);
            const delay = (job.processedOn ?? 0) - Math.max(job.timestamp, free);
            overhead.get(workers)?.push(delay);
            const inRedis = added.get(String(job.id));
            if (i === 0) first.get(workers)?.push(inRedis === undefined ? `${delay}` : `${inRedis - job.timestamp}+${(job.processedOn ?? 0) - inRedis}`);
          });
        }
      }
      for (const w of started) w.kill('SIGTERM');
      await Promise.all(started.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)))));
      process.stderr.write(`${name} round ${round + 1}: ${workers === 0 ? 'in-process' : `${workers} worker(s)`} ${wall.toFixed(1)} s (load average ${os.loadavg()[0].toFixed(1)})\n`);
    }
  }
  const peak = await redis.peakMiB();
  await redis.stop();
  return { walls, overhead, first, peak };
}

function printTable({ walls, overhead, first, peak }: Measured): void {
  const median = (c: number) => quantile(walls.get(c) ?? [], 0.5);
  console.log('| configuration | wall (s) | vs in-process | vs 1 worker | enqueue->start median (ms) | p95 (ms) | each worker\'s first job: coordinator+worker (ms) | jobs |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const c of CONFIGS) {
    const o = overhead.get(c) ?? [];
    const firsts = (first.get(c) ?? []).join(', ');
    console.log(
      `| ${c === 0 ? 'in-process' : `${c} worker${c > 1 ? 's' : ''}`} | ${median(c).toFixed(1)} | ${(median(0) / median(c)).toFixed(2)}x | ${c === 0 ? '-' : `${(median(1) / median(c)).toFixed(2)}x`} | ${c === 0 ? '-' : quantile(o, 0.5).toFixed(0)} | ${c === 0 ? '-' : quantile(o, 0.95).toFixed(0)} | ${c === 0 ? '-' : firsts} | ${c === 0 ? '-' : o.length} |`,
    );
  }
  console.log(`\nRedis used_memory_peak: ${peak} MiB; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log("enqueue->start: from the moment a job could start (queued, and its worker free after its previous job) to its start on the worker; a worker's first job of a run is the one that wakes it: coordinator = from the job's creation to its arrival in Redis, worker = from there to its pick-up.\n");
}

async function fleetPart(): Promise<void> {
  const real = existsSync(realDir)
    ? readdirSync(realDir).filter((d) => statSync(path.join(realDir, d)).isDirectory()).sort().slice(0, maxReal).map((d) => path.join(realDir, d))
    : [];
  const fleet = [...FIXTURES.map((f) => path.join(REPO, 'test', 'fixtures', f)), ...real];
  const fleetFile = path.join(scratch, 'fleet.txt');
  writeFileSync(fleetFile, `${fleet.join('\n')}\n`);
  const measured = await measure('fleet', async (queueUrl, workers, round) => {
    const out = path.join(scratch, `out-${workers}-${round}`);
    const argv = ['orchestrate', 'release-prep', '--repos', fleetFile, '--no-cache', '--no-learn', ...agents, '--format', 'json', '--output-dir', out];
    return (await run([...argv, ...(queueUrl ? ['--queue', queueUrl] : [])])).wall;
  });
  console.log(`## Fleet of ${fleet.length} repositories (${FIXTURES.length} fixtures + ${real.length} clones from ${realDir}), agents: ${agents.length ? agents[1] : 'all four'}, ${rounds} round(s), ${os.cpus().length} cores\n`);
  printTable(measured);
}

/**
 * A package of `count` modules (lib/mNN.js, CommonJS, a few small functions with branches
 * each), an entry point that exports two of them, and a node:test suite that covers one
 * function: every module is a coverage gap, hence one job.
 */
function writePackage(root: string, count: number): void {
  mkdirSync(path.join(root, 'lib'), { recursive: true });
  mkdirSync(path.join(root, 'test'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench-forty', version: '1.0.0', main: 'lib/index.js', scripts: { test: 'node --test test/' } }, null, 2));
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(2, '0');
    writeFileSync(
      path.join(root, 'lib', `m${n}.js`),
      `'use strict';
/** Clamps x into [0, ${i * 10}]. */
function clamp${n}(x) {
  if (typeof x !== 'number') throw new TypeError('x must be a number');
  if (x < 0) return 0;
  if (x > ${i * 10}) return ${i * 10};
  return x;
}
/** Words of s longer than ${i % 7} characters, upper-cased. */
function shout${n}(s) {
  const out = [];
  for (const word of String(s).split(/\\s+/)) {
    if (word.length > ${i % 7}) out.push(word.toUpperCase());
  }
  return out.join(' ');
}
/** A tiny counter. */
class Counter${n} {
  constructor(start = 0) { this.value = start; }
  add(k = 1) { if (k < 0) throw new RangeError('negative step'); this.value += k; return this.value; }
}
module.exports = { clamp${n}, shout${n}, Counter${n} };
`,
    );
  }
  writeFileSync(path.join(root, 'lib', 'index.js'), "'use strict';\nmodule.exports = { ...require('./m01.js'), ...require('./m02.js') };\n");
  writeFileSync(
    path.join(root, 'test', 'm01.test.js'),
    "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { clamp01 } = require('../lib/m01.js');\ntest('clamp', () => { assert.equal(clamp01(5), 5); });\n",
  );
}

async function testCoveragePart(): Promise<void> {
  const pkg = path.join(scratch, 'bench-forty');
  writePackage(pkg, modules);
  const kept = new Map<string, string>();
  const measured = await measure('test-coverage', async (queueUrl, workers, round) => {
    const argv = ['orchestrate', 'test-coverage', '--path', pkg, '--dry-run', '--no-learn', '--max-time', '7200', '--json'];
    const { wall, stdout } = await run([...argv, ...(queueUrl ? ['--queue', queueUrl] : [])]);
    let files = 'no report';
    try {
      const report = JSON.parse(stdout) as { validation: { kept_files: { test_file: string }[] }; coverage_before: number; coverage_after: number };
      files = `${report.coverage_before} -> ${report.coverage_after}; kept ${report.validation.kept_files.map((k) => k.test_file).sort().join(',')}`;
    } catch {
      // reported as "no report"
    }
    kept.set(`${workers}-${round}`, files);
    return wall;
  });
  console.log(`## test-coverage --dry-run on a generated package of ${modules} modules (one job per module), ${rounds} round(s), ${os.cpus().length} cores\n`);
  printTable(measured);
  const outcomes = new Set(kept.values());
  const first = [...kept.values()][0] ?? 'no run';
  console.log(`Same coverage and kept files in every configuration: ${outcomes.size === 1 && !first.startsWith('no report') ? 'yes' : 'NO'} (${outcomes.size === 1 ? first.split(';')[0] : [...kept].map(([k, v]) => `${k}: ${v.split(';')[0]}`).join(' | ')}; ${first.split('kept ')[1]?.split(',').length ?? 0} kept files)`);
}

async function main(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed (apt-get install redis-server)');
  if (part === 'all' || part === 'fleet') await fleetPart();
  if (part === 'all' || part === 'test-coverage') await testCoveragePart();
}

try {
  await main();
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}
