/**
 * `empathy orchestrate run "<task>"`: composes a team for the task with the
 * meta-orchestrator, prints the plan (the spec's "Inspect execution plan" fields) and,
 * without `--dry-run`, runs it on `--path` and prints each agent's result.
 *
 * @module
 */
import { MetaOrchestrator, planToJSON, type ExecutionPlan } from '../../orchestration/planning/meta-orchestrator.js';
import { AgentRunner } from '../../orchestration/agents/agent-runner.js';
import { agentResultToJSON, getStrategy } from '../../orchestration/strategies/index.js';
import { UserError } from '../../errors.js';
import { loadModelRuntime } from '../../providers/load-runtime.js';
import { runtimeConfigOf } from '../../workflows/config/resolve-options.js';
import { compositionFor, planWithLearning, recordOutcome, taskPatternOf } from '../../workflows/learning.js';
import { ConfigurationStore } from '../../orchestration/learning/config-store.js';
import { PatternLibrary } from '../../orchestration/learning/pattern-library.js';
import { learningStoreDirs } from '../../orchestration/learning/store-dir.js';
import { STORE_DIR_OPTIONS, storeReportFlags } from '../store-report-flags.js';
import { PROVIDER_HELP, PROVIDER_OPTIONS, providerFlagsFrom } from '../provider-flags.js';
import { applySandboxFlags, SANDBOX_HELP, SANDBOX_OPTIONS } from '../sandbox-flags.js';
import type { AgentResult, ExecutionContext, StrategyResult } from '../../types.js';
import { createAnalysisRegistry, createAnalysisServices } from '../../workflows/analysis-means.js';
import { INTERRUPTED_EXIT_CODE, interruptSignal, type SignalSource } from '../interrupt.js';
import { parseCommandArgs, parseList, resolveDirectory } from '../args.js';
import type { CliCommand, CliIO } from '../types.js';
import { FIX_HELP, FIX_OPTIONS, handleFixes } from './fix-output.js';
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  ignoredLines,
  loadCommandOptions,
  printConfigIfAsked,
  runFlags,
} from '../config-flags.js';
import { OUTPUT_OPTIONS, outputHelp, outputPlanOf, writeOutput, writesToStdout } from '../output-flags.js';
import { textAndJsonFormats } from '../../workflows/report/registry.js';

/** What `orchestrate run` outputs: the plan, and (without --dry-run) the run's result and model usage. */
interface RunOutput {
  plan: ExecutionPlan;
  result?: StrategyResult;
  model?: unknown;
}

/** The results part of the console output (after the plan). */
function formatRunResult(plan: ExecutionPlan, result: StrategyResult): string {
  return `${result.outputs.map(formatResult).join('\n')}\n\n${result.success ? '✅' : '❌'} ${plan.strategy}: ${result.success ? 'succeeded' : 'failed'} in ${result.totalDuration.toFixed(2)}s\n`;
}

/** The output formats of the command: `console` and `json` (`{ plan, result, model }`). */
const RUN_FORMATS = textAndJsonFormats<RunOutput>(
  (out) => `${formatPlan(out.plan)}${out.result ? `\n${formatRunResult(out.plan, out.result)}` : ''}`,
  (out) => ({
    plan: planToJSON(out.plan),
    ...(out.result ? { result: resultToJSON(out.result), model: out.model ?? null } : {}),
  }),
);

const HELP = `Usage: empathy orchestrate run "<task>" [options]

Composes a team of agents for the task, prints the plan and runs it.

Options:
  --path DIR          Project to work on (default: current directory)
  --strategy NAME     Force a strategy: sequential, parallel, debate, teaching, refinement, adaptive
  --agents a,b        Force the team (template ids, optionally id@TIER)
  --timeout SECONDS   Deadline of every agent (default: each template's own)
  --no-cache          Do not reuse cached analysis results
  --no-learn          Do not reuse proven teams (this task's or a similar task's) nor record the outcome
  --store-dir DIR     Learning store to use (compositions/, patterns/) instead of the default in the
                      user's data directory; refused under a symbolic link inside the project
  --dry-run           Print the plan only
${FIX_HELP}${CONFIG_HELP}${outputHelp(RUN_FORMATS)}${PROVIDER_HELP}${SANDBOX_HELP}  -h, --help          Show this help

Exit codes: 0 the run succeeded, 1 it failed (an agent failed), 2 usage, configuration or internal
error, 130 interrupted.
`;

const OPTIONS = {
  path: { type: 'string' },
  strategy: { type: 'string' },
  agents: { type: 'string' },
  timeout: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'no-learn': { type: 'boolean' },
  ...STORE_DIR_OPTIONS,
  'dry-run': { type: 'boolean' },
  ...FIX_OPTIONS,
  ...CONFIG_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...PROVIDER_OPTIONS,
  ...SANDBOX_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

function agentsOption(value: string): Array<{ id: string; tier?: string }> {
  return parseList(value).map((item) => {
    const [id = '', tier] = item.split('@');
    return tier === undefined ? { id } : { id, tier: tier.toUpperCase() };
  });
}

/** The plan as the console shows it. */
export function formatPlan(plan: ExecutionPlan): string {
  const cost = plan.estimatedCost;
  return [
    `Task: ${plan.task}`,
    `Task complexity: ${plan.complexity}`,
    `Task domain: ${plan.domain.join(', ')}`,
    `Selected agents: ${plan.agents.map((a) => `${a.id} (${a.tierPreference})`).join(', ')}`,
    `Strategy: ${plan.strategy}`,
    `Estimated cost: $${cost.minUsd.toFixed(4)}-$${cost.usd.toFixed(4)} with models (${cost.tierUnits} tier units); $0 offline`,
    `Estimated duration: <= ${plan.estimatedDuration}s`,
    'Reasoning:',
    ...plan.reasoning.map((line) => `  - ${line}`),
    '',
  ].join('\n');
}

function formatResult(result: AgentResult): string {
  const icon = result.success ? '✅' : '❌';
  const head = `${icon} ${result.agentId} (${result.tier}): ${result.durationSeconds.toFixed(2)}s, confidence ${result.confidence.toFixed(2)}`;
  if (!result.success) return `${head}\n    error: ${result.error ?? 'unknown error'}`;
  const figures = result.output['figures'];
  if (figures && typeof figures === 'object') {
    const shown = Object.entries(figures as Record<string, unknown>)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .map(([k, v]) => `${k}=${v === null ? 'not measured' : String(v)}`)
      .join(', ');
    return `${head}\n    ${shown}`;
  }
  return `${head}\n    output keys: ${Object.keys(result.output).join(', ') || '(none)'}`;
}

function resultToJSON(result: StrategyResult): Record<string, unknown> {
  return {
    success: result.success,
    total_duration: result.totalDuration,
    errors: result.errors,
    outputs: result.outputs.map(agentResultToJSON),
    aggregated_output: result.aggregatedOutput,
  };
}

/**
 * Runs `orchestrate run` with `signals` as the source of SIGINT/SIGTERM: the first one aborts the
 * run, which returns 130 once the agents' work has stopped.
 */
export async function runOrchestrateRun(argv: string[], io: CliIO, signals: SignalSource = process): Promise<number> {
  const { values, positionals } = parseCommandArgs('orchestrate run', argv, OPTIONS, { maxPositionals: 1 });
  if (values['help']) {
    io.stdout(HELP);
    return 0;
  }
  await applySandboxFlags(values, io.env);
  const task = positionals[0];
  if (!task || task.trim() === '')
    throw new UserError(
      'orchestrate run: give the task in quotes, e.g. empathy orchestrate run "audit security"',
    );
  const root = resolveDirectory('--path', (values['path'] as string | undefined) ?? '.', io.cwd);
  const output = outputPlanOf(values, RUN_FORMATS, io);
  const streamed = writesToStdout(output) && output.formats[0] === 'console';
  const context: ExecutionContext = { path: root };
  if (values['strategy'] !== undefined) context['strategy'] = values['strategy'];
  if (values['agents'] !== undefined) context['agents'] = agentsOption(values['agents'] as string);
  // Flags > --policy > repository config > user config > defaults, through the options resolver.
  // A --dry-run plan reads the flags only (it runs nothing, so no repository config is read).
  const flags = runFlags(values);
  const dryRun = values['dry-run'] === true;
  const resolved =
    dryRun && values['print-config'] !== true ? null : await loadCommandOptions(values, root, io, flags);
  const learn = (resolved?.learn ?? flags.learn)?.value ?? true;
  const dirs = learningStoreDirs(root, storeReportFlags(values, io.cwd).storeDir);
  const patterns = learn ? new PatternLibrary({ projectRoot: root, storageDir: dirs.patterns }) : null;
  const store = patterns
    ? new ConfigurationStore({ projectRoot: root, storageDir: dirs.compositions, patternLibrary: patterns })
    : null;
  await store?.checkStorageDir(); // a store under a symlink in the repository: usage error
  const plan =
    store && patterns
      ? (await planWithLearning(new MetaOrchestrator(), { task, context }, store, patterns)).plan
      : new MetaOrchestrator().analyzeAndCompose({ task, context });
  if (resolved && (await printConfigIfAsked(values, root, io, resolved))) return 0;
  if (dryRun || !resolved) {
    await writeOutput(io, output, RUN_FORMATS, { plan }, { command: 'run', options: {} });
    return 0;
  }
  if (streamed)
    // the plan first: the run itself may take minutes
    io.stdout(
      `${formatPlan(plan)}\nRunning ${plan.agents.length} agent(s) with the ${plan.strategy} strategy on ${root} ...\n\n`,
    );
  for (const line of ignoredLines(resolved)) io.stderr(`orchestrate run: ${line}\n`);
  const runtime = await loadModelRuntime(runtimeConfigOf(resolved), providerFlagsFrom(values), io.env);
  const services = createAnalysisServices(root, { cache: resolved.cache.value });
  services.planTeam(plan.agents);
  const runner = new AgentRunner({
    registry: runtime ? runtime.wrapRegistry(createAnalysisRegistry()) : createAnalysisRegistry(),
    services,
    ...(resolved.timeoutSeconds ? { timeoutSeconds: resolved.timeoutSeconds.value } : {}),
  });
  const interrupt = interruptSignal(signals);
  const result = await getStrategy(plan.strategy)
    .execute(plan.agents, context, { runner, signal: interrupt.signal })
    .finally(() => interrupt.dispose());
  if (interrupt.signal.aborted) {
    // The aborted agents' results came back at once: wait until their work has stopped (test
    // runs killed, temporary directories removed) before saying so.
    await runner.idle();
    io.stderr('orchestrate run: interrupted; agents stopped\n');
    return INTERRUPTED_EXIT_CODE;
  }
  if (store) {
    const quality =
      (result.outputs.reduce((sum, r) => sum + r.confidence, 0) / Math.max(1, result.outputs.length)) * 100;
    const config = compositionFor(taskPatternOf(task), plan.agents, plan.strategy, plan.qualityGates);
    const recorded = await recordOutcome(store, config, result.success, Math.round(quality * 100) / 100);
    if (recorded.warning) io.stderr(`empathy: ${recorded.warning}\n`);
  }
  if (streamed) io.stdout(formatRunResult(plan, result));
  await handleFixes(result, values, root, io, (text) => (streamed ? io.stdout(`\n${text}`) : io.stderr(text)));
  if (!streamed)
    await writeOutput(
      io,
      output,
      RUN_FORMATS,
      { plan, result, model: runtime?.report() ?? null },
      {
        command: 'run',
        options: {},
      },
    );
  return result.success ? 0 : 1;
}

/** The `orchestrate run` command. */
export const orchestrateRunCommand: CliCommand = {
  name: 'orchestrate run',
  summary: 'Compose a team for a task, print the plan and run it',
  run: (argv, io) => runOrchestrateRun(argv, io),
};
