/**
 * A multi-stage workflow (the spec's "Multi-Stage Workflows"): parallel analysis, then the fix
 * stage (the code_fixer verifies each fix in a scratch copy), then parallel validation of the
 * fixed tree. The project is only changed when `apply` is true, and then only in a clean git tree.
 *
 * Run: npx tsx examples/multi-stage.ts [PROJECT_DIR] [--apply]
 */
import {
  AgentRunner,
  createAnalysisRegistry,
  createAnalysisServices,
  getStrategy,
  getTemplate,
  MetaOrchestrator,
  type AgentTemplate,
  type StrategyResult,
} from 'empathy-framework';
import { applyFixes, type FileChange } from 'empathy-framework/fixer';

/** The three stages' results and the patch of the kept fixes. */
export interface MultiStageResult {
  analysis: StrategyResult;
  fixes: StrategyResult;
  validation: StrategyResult | null;
  patch: string;
  applied: string[];
}

async function run(
  projectDir: string,
  strategy: string,
  agents: AgentTemplate[],
  context: Record<string, unknown>,
) {
  const services = createAnalysisServices(projectDir, { cache: false });
  services.planTeam(agents);
  const runner = new AgentRunner({ registry: createAnalysisRegistry(), services });
  return getStrategy(strategy).execute(agents, { path: projectDir, ...context }, { runner });
}

/** Runs the three stages on `projectDir`. */
export async function runMultiStage(
  projectDir: string,
  options: { apply?: boolean } = {},
): Promise<MultiStageResult> {
  const orchestrator = new MetaOrchestrator();

  // Stage 1: parallel analysis.
  const analysisPlan = orchestrator.analyzeAndCompose(
    'Analyze the codebase for security and quality issues',
    { path: projectDir },
  );
  const analysis = await run(projectDir, 'parallel', analysisPlan.agents, {});

  // Stage 2: sequential fixes, with the analysis in the context.
  const fixes = await run(projectDir, 'sequential', [getTemplate('code_fixer')], {
    analysis: analysis.aggregatedOutput,
  });
  const fixer = fixes.outputs.find((r) => r.agentId === 'code_fixer')?.output ?? {};
  const patch = typeof fixer['patch'] === 'string' ? fixer['patch'] : '';
  const files = (fixer['files'] as FileChange[] | undefined) ?? [];

  // Stage 3: apply (on request) and validate the fixed tree in parallel.
  let applied: string[] = [];
  let validation: StrategyResult | null = null;
  if (options.apply && files.length > 0) {
    applied = await applyFixes(projectDir, files);
    validation = await run(projectDir, 'parallel', analysisPlan.agents, {});
  }
  return { analysis, fixes, validation, patch, applied };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runMultiStage(process.argv[2] ?? '.', { apply: process.argv.includes('--apply') });
  process.stdout.write(r.patch || 'no verified fix\n');
}
