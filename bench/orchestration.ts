/**
 * Orchestration overhead benchmark: per-agent cost of every strategy for 1,000 no-op agents,
 * and peak memory. Run: `npx tsx bench/orchestration.ts` (add `node --expose-gc` for
 * settled heap figures: `node --expose-gc --import tsx bench/orchestration.ts`).
 *
 * Target: under 0.1 ms (100 us) per agent for parallel and sequential.
 */
import os from 'node:os';
import { AgentRunner } from '../src/orchestration/agents/agent-runner.js';
import { defineAgent, type AgentSpec } from '../src/orchestration/agents/define-agent.js';
import { MeansRegistry, defineMeans } from '../src/orchestration/agents/means-registry.js';
import { getStrategy } from '../src/orchestration/strategies/index.js';
import type { AgentTemplate, ExecutionContext, StrategyName, Tier } from '../src/types.js';

const AGENTS = 1000;
const WARMUP = 3;
const RUNS = 15;
const TARGET_US = 100;

let sampling = false;
let peakHeap = 0;
let calls = 0;

function sample(): void {
  const heap = process.memoryUsage().heapUsed;
  if (heap > peakHeap) peakHeap = heap;
}

function template(id: string, tier: Tier, tools: string[] = []): AgentTemplate {
  return {
    id,
    role: id,
    capabilities: ['bench'],
    tierPreference: tier,
    tools,
    defaultInstructions: 'no-op',
    qualityGates: {},
    resourceRequirements: { minTokens: 0, maxTokens: 0, timeoutSeconds: 60, memoryMb: 64 },
  };
}

function noop(id: string, tier: Tier = 'CHEAP', confidence = 1, readSignal = false): AgentSpec {
  return defineAgent({
    template: template(id, tier),
    run: async (input) => {
      // The runner creates an agent's AbortSignal on first read; real means read it.
      if (readSignal && input.signal.aborted) throw new Error('aborted');
      if (sampling && ++calls % 100 === 0) sample();
      return { output: { ok: true }, confidence };
    },
  });
}

const registry = new MeansRegistry().register(
  defineMeans({
    tool: 'noop',
    description: 'does nothing',
    run: async () => {
      if (sampling && ++calls % 100 === 0) sample();
      return { output: { ok: true }, confidence: 1 };
    },
  }),
);
const runner = new AgentRunner({ registry });

interface Case {
  label: string;
  strategy: StrategyName;
  team: string;
  /** Runs the case once; resolves to the number of agents actually run. */
  run(): Promise<number>;
  targeted: boolean;
}

function single(strategy: StrategyName, label: string, agents: AgentSpec[], targeted: boolean): Case {
  return {
    label,
    strategy,
    team: `1 team x ${agents.length} agents`,
    targeted,
    async run() {
      const result = await getStrategy(strategy, { runner }).execute(agents, { path: '.' });
      if (!result.success) throw new Error(`${label} failed: ${result.errors[0]}`);
      return result.outputs.length;
    },
  };
}

function repeated(strategy: StrategyName, label: string, teams: AgentSpec[][], team: string): Case {
  return {
    label,
    strategy,
    team,
    targeted: false,
    async run() {
      let ran = 0;
      const strategyInstance = getStrategy(strategy, { runner });
      const context: ExecutionContext = { path: '.' };
      for (const members of teams) {
        const result = await strategyInstance.execute(members, context);
        if (!result.success) throw new Error(`${label} failed: ${result.errors[0]}`);
        ran += result.outputs.length;
      }
      return ran;
    },
  };
}

const many = (prefix: string, readSignal = false) =>
  Array.from({ length: AGENTS }, (_, i) => noop(`${prefix}_${i}`, 'CHEAP', 1, readSignal));
const templates = Array.from({ length: AGENTS }, (_, i) => template(`tpl_${i}`, 'CHEAP', ['noop']));

const cases: Case[] = [
  single('parallel', 'parallel', many('p'), true),
  single('parallel', 'parallel (agents read their signal)', many('ps', true), true),
  single('parallel', 'parallel (templates via means registry)', templates, true),
  single('sequential', 'sequential', many('s'), true),
  single('sequential', 'sequential (agents read their signal)', many('ss', true), true),
  single('sequential', 'sequential (templates via means registry)', templates, true),
  single('debate', 'debate (built-in merge)', many('d'), false),
  single('refinement', 'refinement', many('r'), false),
  // junior below the 0.7 threshold, so both junior and expert run: 500 teams x 2 agents
  repeated(
    'teaching',
    'teaching (expert_takeover)',
    Array.from({ length: AGENTS / 2 }, (_, i) => [noop(`j_${i}`, 'CHEAP', 0.5), noop(`e_${i}`, 'CAPABLE')]),
    `${AGENTS / 2} teams x [junior, expert]`,
  ),
  // classifier + cheap + premium specialist; 2 agents run per team: 500 teams
  repeated(
    'adaptive',
    'adaptive',
    Array.from({ length: AGENTS / 2 }, (_, i) => [
      noop(`c_${i}`, 'CHEAP', 0.9),
      noop(`lo_${i}`, 'CHEAP'),
      noop(`hi_${i}`, 'PREMIUM'),
    ]),
    `${AGENTS / 2} teams x [classifier, 2 specialists]`,
  ),
];

async function baseline(): Promise<number> {
  const fns = Array.from({ length: AGENTS }, () => async () => ({ output: { ok: true }, confidence: 1 }));
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = performance.now();
    await Promise.all(fns.map((fn) => fn()));
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const rows: string[][] = [];
  const bare = await baseline();
  let missed = 0;
  for (const c of cases) {
    const times: number[] = [];
    let ran = 0;
    let cpuMicros = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      ran = await c.run();
      if (i >= WARMUP) {
        times.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        cpuMicros += used.user + used.system;
      }
    }
    gc?.();
    const before = process.memoryUsage().heapUsed;
    peakHeap = before;
    sampling = true;
    await c.run();
    sample();
    sampling = false;
    const ms = median(times);
    const perAgentUs = (ms * 1000) / ran;
    const verdict = c.targeted ? (perAgentUs < TARGET_US ? 'yes' : 'NO') : '-';
    if (verdict === 'NO') missed++;
    rows.push([
      c.label,
      c.team,
      String(ran),
      ms.toFixed(2),
      ((Math.min(...times) * 1000) / ran).toFixed(1),
      perAgentUs.toFixed(1),
      (cpuMicros / RUNS / ran).toFixed(1),
      c.targeted ? `< ${TARGET_US}: ${verdict}` : 'n/a',
      mb(peakHeap - before),
    ]);
  }
  const header = [
    'strategy',
    'team',
    'agents run',
    'median ms',
    'min us/agent',
    'median us/agent',
    'cpu us/agent',
    'target (median)',
    'heap growth MB (peak)',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(
    `Orchestration overhead, ${AGENTS} no-op agents, ${RUNS} runs after ${WARMUP} warm-ups (Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores)`,
  );
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
  console.log(
    `bare Promise.all of ${AGENTS} async no-ops (no runner): ${bare.toFixed(2)} ms (${((bare * 1000) / AGENTS).toFixed(2)} us/call)`,
  );
  const usage = process.memoryUsage();
  console.log(
    `peak RSS of the process: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB; heap now ${mb(usage.heapUsed)} MB` +
      (gc ? '' : ' (run with node --expose-gc for settled heap baselines)'),
  );
  if (missed > 0) {
    console.log(`${missed} targeted case(s) missed the ${TARGET_US} us/agent target`);
    process.exitCode = 1;
  }
}

await main();
