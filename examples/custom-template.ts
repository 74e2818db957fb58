/**
 * A custom agent template (the spec's "Custom Agent Templates"): a template of your own, registered
 * so plans and `--agents` can name it, added to a composed plan, and run with your own function
 * (`defineAgent`) next to the built-in agents.
 *
 * Run: npx tsx examples/custom-template.ts [PROJECT_DIR]
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  AgentRunner,
  createAnalysisRegistry,
  createAnalysisServices,
  createTemplate,
  defineAgent,
  getStrategy,
  MetaOrchestrator,
  registerTemplate,
  unregisterTemplate,
  type AgentTemplate,
} from 'empathy-framework';

/** The custom template: counts TODO/FIXME markers (its own function does the work). */
export const todoTemplate: AgentTemplate = createTemplate({
  id: 'todo_tracker',
  role: 'TODO Tracker',
  capabilities: ['track_todos'],
  tierPreference: 'CHEAP',
  tools: [],
  defaultInstructions:
    'Count the TODO and FIXME markers in the project source, per file, so they can be planned as work.',
  qualityGates: { max_todos: 10 },
  resourceRequirements: { timeoutSeconds: 120 },
});

async function countTodos(dir: string, signal: AbortSignal): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    signal.throwIfAborted();
    if (
      !entry.isFile() ||
      !/\.(?:[cm]?[jt]s|py)$/.test(entry.name) ||
      entry.parentPath.includes('node_modules')
    )
      continue;
    const file = path.join(entry.parentPath, entry.name);
    const n = ((await fs.readFile(file, 'utf8')).match(/\b(?:TODO|FIXME)\b/g) ?? []).length;
    if (n > 0) counts[path.relative(dir, file)] = n;
  }
  return counts;
}

/** Composes a plan for a quality review, adds the custom agent, and runs the team in parallel. */
export async function runWithCustomTemplate(projectDir: string) {
  registerTemplate(todoTemplate);
  try {
    const plan = new MetaOrchestrator().analyzeAndCompose('Review the code quality', { path: projectDir });
    const todo = defineAgent({
      template: todoTemplate,
      run: async ({ context, signal }) => {
        const perFile = await countTodos(String(context.path), signal);
        const total = Object.values(perFile).reduce((a, b) => a + b, 0);
        return { output: { todos: total, per_file: perFile }, confidence: 1 };
      },
    });
    const team = [...plan.agents, todo];
    const services = createAnalysisServices(projectDir, { cache: false });
    services.planTeam(plan.agents);
    const runner = new AgentRunner({ registry: createAnalysisRegistry(), services });
    return await getStrategy('parallel').execute(team, { path: projectDir }, { runner });
  } finally {
    unregisterTemplate(todoTemplate.id);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runWithCustomTemplate(process.argv[2] ?? '.');
  for (const r of result.outputs) process.stdout.write(`${r.agentId}: ${r.success ? 'ok' : r.error}\n`);
}
