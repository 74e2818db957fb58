/**
 * Benchmark of the configuration store: saves/s, loads/s, recordOutcome/s and search
 * latency with 10,000 stored compositions.
 *
 * Run: npx tsx bench/store.ts [count]        (default 10000; target: search < 50 ms at 10,000)
 *
 * Every save is the real thing: lock file, temporary file, fsync, rename, directory fsync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentConfiguration } from '../src/orchestration/learning/agent-configuration.js';
import { ConfigurationStore } from '../src/orchestration/learning/config-store.js';

const COUNT = Number(process.argv[2] ?? 10_000);
const TASKS = 100;
const ROLES = [
  'security_auditor',
  'test_coverage_analyzer',
  'code_reviewer',
  'documentation_writer',
  'performance_optimizer',
];
const TIERS = ['CHEAP', 'CAPABLE', 'PREMIUM'] as const;
const STRATEGIES = ['parallel', 'sequential', 'debate', 'teaching', 'refinement', 'adaptive'] as const;

function composition(i: number): AgentConfiguration {
  const cfg = new AgentConfiguration({
    taskPattern: `task_${i % TASKS}`,
    strategy: STRATEGIES[i % STRATEGIES.length]!,
    agents: [0, 1, 2].map((k) => ({ role: ROLES[(i + k) % ROLES.length]!, tier: TIERS[(i * 7 + k) % 3]! })),
    qualityGates: { min_coverage: 60 + (i % 40), variant: i },
    tags: [`batch_${i % 17}`],
  });
  const uses = i % 23;
  for (let u = 0; u < uses; u++)
    cfg.recordOutcome(
      (i + u) % 5 !== 0,
      40 + ((i * 13 + u) % 60),
      new Date(Date.UTC(2025, 0, 1) + i * 60_000 + u),
    );
  return cfg;
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms (n=${samples.length})`;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'empathy-bench-store-'));
  try {
    const store = new ConfigurationStore({ storageDir: dir });
    const configs = Array.from({ length: COUNT }, (_, i) => composition(i));
    console.log(`configuration store benchmark: ${COUNT} compositions, ${TASKS} task patterns, dir ${dir}`);

    const sequential = Math.min(1_000, COUNT);
    const [seqMs] = await time(async () => {
      for (let i = 0; i < sequential; i++) await store.save(configs[i]!);
    });
    console.log(
      `save, sequential:       ${((sequential / seqMs) * 1000).toFixed(0)} saves/s (${sequential} saves, ${(seqMs / sequential).toFixed(2)} ms each)`,
    );

    const rest = configs.slice(sequential);
    const [parMs] = await time(async () => {
      const inFlight = 8;
      for (let i = 0; i < rest.length; i += inFlight)
        await Promise.all(rest.slice(i, i + inFlight).map((c) => store.save(c)));
    });
    if (rest.length > 0)
      console.log(
        `save, 8 in flight:      ${((rest.length / parMs) * 1000).toFixed(0)} saves/s (${rest.length} saves)`,
      );

    const loadIds = Array.from({ length: 1_000 }, (_, k) => configs[(k * 7919) % COUNT]!.id);
    const [loadMs] = await time(async () => {
      for (const id of loadIds) if (!(await store.load(id))) throw new Error(`lost ${id}`);
    });
    console.log(
      `load:                   ${((loadIds.length / loadMs) * 1000).toFixed(0)} loads/s (${loadIds.length} random ids)`,
    );

    const [recordMs] = await time(async () => {
      for (let k = 0; k < 200; k++) await store.recordOutcome(configs[k % COUNT]!.id, k % 3 !== 0, 75);
    });
    console.log(
      `recordOutcome:          ${((200 / recordMs) * 1000).toFixed(0)} updates/s (locked read-modify-write)`,
    );

    // A fresh store instance (another process): the first search reads every file once.
    const reader = new ConfigurationStore({ storageDir: dir });
    const [coldMs, coldResult] = await time(() => reader.search({ taskPattern: 'task_7', limit: 5 }));
    console.log(
      `search, cold (reads ${COUNT} files): ${coldMs.toFixed(1)} ms -> ${coldResult.length} results`,
    );
    await sleep(200); // past the timestamp-granularity window, so the directory stamp can be trusted

    const warm: number[] = [];
    const warmAll: number[] = [];
    for (let k = 0; k < 200; k++) {
      warm.push(
        (
          await time(() => reader.search({ taskPattern: `task_${k % TASKS}`, minSuccessRate: 0.5, limit: 5 }))
        )[0],
      );
      warmAll.push((await time(() => reader.search({ limit: 10 })))[0]);
    }
    console.log(`search by task pattern: ${stats(warm)}`);
    console.log(`search over all ${COUNT}:  ${stats(warmAll)}`);
    const best = await time(() => reader.getBestForTask('task_42'));
    console.log(`getBestForTask:         ${best[0].toFixed(2)} ms -> ${best[1]?.id}`);
    const list = await time(() => reader.listAll());
    console.log(`listAll:                ${list[0].toFixed(1)} ms (${list[1].length} compositions)`);

    // After another writer changed one record: one directory sweep (stat per file) + one re-read.
    const afterWrite: number[] = [];
    for (let k = 0; k < 20; k++) {
      await store.recordOutcome(configs[k]!.id, true, 80);
      await sleep(150);
      afterWrite.push((await time(() => reader.search({ taskPattern: 'task_3', limit: 5 })))[0]);
    }
    console.log(`search after a write by another instance: ${stats(afterWrite)}`);
    const target = stats(warm).match(/median ([\d.]+)/)?.[1];
    console.log(
      `target search < 50 ms at 10,000: ${Number(target) < 50 ? 'met' : 'NOT met'} (warm median ${target} ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
