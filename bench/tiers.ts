/**
 * Tiers benchmark (issue 6, "Must show"). Run: `npx tsx bench/tiers.ts [--tasks N] [--hard-share 0.3]`.
 *
 * A scripted set of tasks with known difficulty runs through the teaching strategy
 * ([CHEAP junior, PREMIUM expert]), the adaptive strategy ([CHEAP classifier, CHEAP and
 * PREMIUM specialists]) and expert-only (one PREMIUM agent), each agent model-backed over the
 * real HTTP path of the AI SDK against the loopback server (no network). The scripted models:
 * the PREMIUM model answers every task right with confidence 0.9; the CHEAP model answers easy
 * tasks right with confidence 0.9 and hard ones wrong with confidence 0.4 (it knows it is unsure).
 *
 * Prints, per strategy: tasks answered right (the outcome), model calls, tokens and dollars
 * (usage reported by the server x the default Anthropic price table), and the cost ratio
 * against expert-only. A strategy whose outcomes differ from expert-only is flagged.
 */
import { AgentRunner } from '../src/orchestration/agents/agent-runner.js';
import { defineMeans, MeansRegistry } from '../src/orchestration/agents/means-registry.js';
import { AdaptiveStrategy, TeachingStrategy } from '../src/orchestration/strategies/index.js';
import { createModelRuntime, type ModelRuntime } from '../src/providers/index.js';
import { LoopbackServer, type RecordedRequest } from '../src/testing/index.js';
import type { AgentResult, AgentTemplate, Tier } from '../src/types.js';

function flagValue(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number >= 0`);
  return value;
}

const TASKS = Math.floor(flagValue('--tasks', 40));
const HARD_SHARE = flagValue('--hard-share', 0.3);
const tasks = Array.from({ length: TASKS }, (_, i) => ({
  id: `task_${i}`,
  // Deterministic spread: hard when the running share falls behind the target.
  hard: Math.floor((i + 1) * HARD_SHARE) > Math.floor(i * HARD_SHARE),
}));

/** The scripted models behind the loopback server. */
function answer(request: RecordedRequest): string {
  const task = /task_\d+/.exec(request.body)?.[0] ?? 'unknown';
  const hard = request.body.includes('\\"difficulty\\":\\"hard\\"');
  const premium = request.model === 'claude-opus-4-5';
  const right = premium || !hard;
  return JSON.stringify({
    findings: [{ summary: right ? `root cause of ${task} found` : `unsure about ${task}` }],
    recommendations: [right ? `fix-${task}` : `guess-${task}`],
    confidence: right ? 0.9 : 0.4,
  });
}

function template(id: string, tier: Tier): AgentTemplate {
  return {
    id,
    role: `Solver ${id}`,
    capabilities: ['code_review'],
    tierPreference: tier,
    tools: ['task_facts'],
    defaultInstructions: 'Find the fix for the task from the measured facts.',
    qualityGates: {},
    resourceRequirements: { minTokens: 0, maxTokens: 2000, timeoutSeconds: 30, memoryMb: 64 },
  };
}

function registry(): MeansRegistry {
  return new MeansRegistry().register(
    defineMeans({
      tool: 'task_facts',
      description: 'The measured facts of a scripted task',
      run: async ({ context }) => ({
        output: { figures: { task: context['task'], difficulty: context['difficulty'] }, findings: [] },
        confidence: 1,
      }),
    }),
  );
}

function fixOf(output: unknown): string | null {
  const notes = (output as { model_notes?: { recommendations?: string[] } } | null)?.model_notes;
  return notes?.recommendations?.[0] ?? null;
}

type Runner = (runner: AgentRunner, context: Record<string, unknown>) => Promise<unknown>;

const STRATEGIES: [string, Runner][] = [
  [
    'expert-only',
    async (runner, context) => (await runner.run(template('expert', 'PREMIUM'), context)).output,
  ],
  [
    'teaching',
    async (runner, context) => {
      const result = await new TeachingStrategy({ runner }).execute(
        [template('junior', 'CHEAP'), template('expert', 'PREMIUM')],
        context,
      );
      return result.aggregatedOutput['final_output'];
    },
  ],
  [
    'adaptive',
    async (runner, context) => {
      const result = await new AdaptiveStrategy({ runner }).execute(
        [template('classifier', 'CHEAP'), template('quick', 'CHEAP'), template('deep', 'PREMIUM')],
        context,
      );
      return (result.outputs.at(-1) as AgentResult).output;
    },
  ],
];

async function main(): Promise<void> {
  const rows: {
    name: string;
    right: number;
    outcomes: string;
    calls: number;
    tokens: number;
    cost: number;
  }[] = [];
  for (const [name, run] of STRATEGIES) {
    const server = await LoopbackServer.start({ defaultText: answer });
    try {
      const runtime = createModelRuntime(
        { provider: { name: 'anthropic', baseURL: server.baseURL } },
        {},
        { ANTHROPIC_API_KEY: 'bench-not-a-key' },
      ) as ModelRuntime;
      const runner = new AgentRunner({ registry: runtime.wrapRegistry(registry()) });
      const outcomes: string[] = [];
      for (const task of tasks) {
        const output = await run(runner, {
          path: '.',
          task: task.id,
          difficulty: task.hard ? 'hard' : 'easy',
        });
        outcomes.push(fixOf(output) ?? 'none');
      }
      const total = runtime.usage().total;
      if (total.costUsd === null) throw new Error(`${name}: cost unknown`);
      rows.push({
        name,
        right: outcomes.filter((o, i) => o === `fix-${tasks[i]!.id}`).length,
        outcomes: outcomes.join(','),
        calls: total.calls,
        tokens: total.inputTokens + total.outputTokens,
        cost: total.costUsd,
      });
    } finally {
      await server.close();
    }
  }
  const expert = rows[0]!;
  const hard = tasks.filter((t) => t.hard).length;
  process.stdout.write(
    `Tiers benchmark: ${TASKS} scripted tasks (${hard} hard, ${TASKS - hard} easy), Anthropic default prices, loopback HTTP\n\n`,
  );
  process.stdout.write(
    'STRATEGY     RIGHT   CALLS  TOKENS    COST USD   RATIO vs EXPERT-ONLY  SAME OUTCOMES\n',
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.name.padEnd(12)} ${`${row.right}/${TASKS}`.padEnd(7)} ${String(row.calls).padEnd(6)} ${String(row.tokens).padEnd(9)} ` +
        `${row.cost.toFixed(6).padEnd(10)} ${(row.cost / expert.cost).toFixed(3).padEnd(21)} ${row.outcomes === expert.outcomes ? 'yes' : 'NO'}\n`,
    );
  }
}

await main();
