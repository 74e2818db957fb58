/**
 * A custom workflow (the spec's "Custom Workflows"): reuse a proven team for this task when the
 * learning store has one, otherwise let the meta-orchestrator compose one; run it; score it; record
 * the outcome so the next run can reuse it.
 *
 * Run: npx tsx examples/custom-workflow.ts [PROJECT_DIR]
 */
import {
  AgentConfiguration,
  AgentRunner,
  ConfigurationStore,
  createAnalysisRegistry,
  createAnalysisServices,
  getStrategy,
  getTemplate,
  MetaOrchestrator,
  withTier,
  type AgentTemplate,
  type StrategyName,
} from 'empathy-framework';

/** What the workflow returns. */
export interface CustomWorkflowResult {
  success: boolean;
  qualityScore: number;
  reused: boolean;
  outputs: Record<string, Record<string, unknown>>;
}

const TASK_PATTERN = 'custom_quality_check';

/** Runs the workflow on `projectDir`, keeping what it learns in `storeDir`. */
export async function runCustomWorkflow(projectDir: string, storeDir: string): Promise<CustomWorkflowResult> {
  const store = new ConfigurationStore({ projectRoot: projectDir, storageDir: storeDir });

  // Step 1: a proven composition for this task, or a new one.
  const best = await store.getBestForTask(TASK_PATTERN);
  let agents: AgentTemplate[];
  let strategy: StrategyName;
  const reused = best !== undefined && best.usageCount >= 1 && best.successRate >= 0.8;
  if (reused && best) {
    agents = best.agents.map((a) => withTier(getTemplate(a.role), a.tier as AgentTemplate['tierPreference']));
    strategy = best.strategy;
  } else {
    const plan = new MetaOrchestrator().analyzeAndCompose('Check code quality and documentation', {
      path: projectDir,
    });
    agents = plan.agents;
    strategy = plan.strategy;
  }

  // Step 2: execute (offline: the agents run the analysers; no model, no API key).
  const services = createAnalysisServices(projectDir, { cache: false });
  services.planTeam(agents);
  const runner = new AgentRunner({ registry: createAnalysisRegistry(), services });
  const result = await getStrategy(strategy).execute(agents, { path: projectDir }, { runner });

  // Step 3: evaluate: the mean confidence of the agents, 0-100.
  const qualityScore = Math.round(
    (result.outputs.reduce((sum, r) => sum + r.confidence, 0) / Math.max(1, result.outputs.length)) * 100,
  );
  const success = result.success && qualityScore >= 70;

  // Step 4: save the outcome (a new composition, or one more use of the proven one).
  const config =
    reused && best
      ? best
      : new AgentConfiguration({
          taskPattern: TASK_PATTERN,
          agents: agents.map((a) => ({ role: a.id, tier: a.tierPreference })),
          strategy,
          qualityGates: { min_quality: 70 },
        });
  config.recordOutcome(success, qualityScore);
  await store.save(config);

  return {
    success,
    qualityScore,
    reused,
    outputs: Object.fromEntries(result.outputs.map((r) => [r.agentId, r.output])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? '.';
  const r = await runCustomWorkflow(dir, `${dir}/.empathy-example-store`);
  process.stdout.write(`success=${r.success} quality=${r.qualityScore} reused=${r.reused}\n`);
}
