/**
 * The learning loop of the workflows (spec "Integration with Workflows"): before a run,
 * look up the best proven composition of the task pattern and reuse it; after the run,
 * record the outcome so the evidence accumulates on one stable composition id.
 *
 * A composition is "proven" when its success rate is at least 0.8 over at least 3 uses
 * (defaults), ranked by the Wilson lower bound (see the configuration store).
 *
 * @module
 */
import { getLogger } from '../core/logger.js';
import { errorMessage } from '../errors.js';
import { AgentConfiguration } from '../orchestration/learning/agent-configuration.js';
import { getTemplate, withTier } from '../orchestration/index.js';
import { ConfigurationStore } from '../orchestration/learning/config-store.js';
import { estimateCost, estimateDuration } from '../orchestration/planning/estimate.js';
import type { ComposeRequest, ExecutionPlan, MetaOrchestrator } from '../orchestration/planning/meta-orchestrator.js';
import { PatternLibrary } from '../orchestration/learning/pattern-library.js';
import { learningStoreDirs } from '../orchestration/learning/store-dir.js';
import type { AgentTemplate, StrategyName, Tier } from '../types.js';
import type { QualityGateResult } from './release-prep/gates.js';
import type { CompositionInfo } from './release-prep/report.js';

const log = getLogger('workflows.learning');

/** Defaults for reusing a stored composition. */
export const PROVEN_MIN_SUCCESS_RATE = 0.8;
/** Minimum uses before a composition counts as proven. */
export const PROVEN_MIN_USES = 3;

/** A proven composition found in the store, as templates. */
export interface ProvenTeam {
  config: AgentConfiguration;
  agents: AgentTemplate[];
}

/**
 * The best proven composition of `taskPattern`, or undefined (none, or its agents are not
 * known templates any more). Store read errors are logged and mean "none".
 */
export async function findProvenTeam(
  store: ConfigurationStore,
  taskPattern: string,
  { minSuccessRate = PROVEN_MIN_SUCCESS_RATE, minUsageCount = PROVEN_MIN_USES } = {},
): Promise<ProvenTeam | undefined> {
  let best: AgentConfiguration | undefined;
  try {
    best = await store.getBestForTask(taskPattern, { minSuccessRate, minUsageCount });
  } catch (error) {
    log.warn('configuration store not readable; composing afresh', { error: errorMessage(error) });
    return undefined;
  }
  if (!best) return undefined;
  try {
    const agents = best.agents.map((a) => withTier(getTemplate(a.role), a.tier as Tier));
    log.debug('reusing proven composition', {
      id: best.id,
      successRate: best.successRate,
      uses: best.usageCount,
    });
    return { config: best, agents };
  } catch (error) {
    log.warn('stored composition names unknown agents; composing afresh', {
      id: best.id,
      error: errorMessage(error),
    });
    return undefined;
  }
}

/** The composition record of a team (stable id from its content). */
export function compositionFor(
  taskPattern: string,
  agents: readonly AgentTemplate[],
  strategy: StrategyName,
  qualityGates: Record<string, number>,
): AgentConfiguration {
  return new AgentConfiguration({
    taskPattern,
    agents: agents.map((a) => ({ role: a.id, tier: a.tierPreference })),
    strategy,
    qualityGates,
    tags: [taskPattern],
  });
}

/**
 * A 0-100 quality score from gate results: the mean over gates of how close each came to
 * its threshold (a passed gate scores 100; a failed `min` gate actual/threshold x 100; a
 * failed `max` gate threshold+1 / actual+1 x 100; a gate not measured 0).
 */
export function qualityScoreFromGates(
  gates: readonly QualityGateResult[],
  directions: ReadonlyMap<string, 'min' | 'max'>,
): number {
  if (gates.length === 0) return 0;
  const scores = gates.map((gate) => {
    if (gate.passed) return 100;
    if (gate.actual === null) return 0;
    const ratio =
      directions.get(gate.name) === 'max'
        ? (gate.threshold + 1) / (gate.actual + 1)
        : gate.threshold > 0
          ? gate.actual / gate.threshold
          : 0;
    return Math.max(0, Math.min(100, ratio * 100));
  });
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;
}

/**
 * The configuration store of a project, feeding its pattern library. By default both live in
 * the user's data directory, keyed by the repository (never in the repository); `storeDir`
 * (CLI `--store-dir DIR`, relative to the project root) names a store directory holding
 * `compositions/` and `patterns/` instead. See `orchestration/learning/store-dir.ts`.
 */
export function projectStore(root: string, storeDir?: string): ConfigurationStore {
  const dirs = learningStoreDirs(root, storeDir);
  return new ConfigurationStore({
    projectRoot: root,
    storageDir: dirs.compositions,
    patternLibrary: new PatternLibrary({ projectRoot: root, storageDir: dirs.patterns }),
  });
}

/**
 * Records an outcome and returns the composition as reports show it. A store that cannot be
 * written gives a warning line (and the composition as it was), never a failed run.
 */
export async function recordOutcome(
  store: ConfigurationStore,
  config: AgentConfiguration,
  success: boolean,
  qualityScore: number,
  reused = false,
): Promise<{ composition: CompositionInfo; warning: string | null }> {
  let stored = config;
  let warning: string | null = null;
  try {
    stored = await store.recordOutcome(config, success, qualityScore);
  } catch (error) {
    warning = `learning store not updated: ${errorMessage(error)}`;
    log.warn(warning);
  }
  return {
    composition: {
      id: stored.id,
      reused,
      strategy: stored.strategy,
      agents: stored.agents.map((a) => ({ role: a.role, tier: a.tier })),
      usageCount: stored.usageCount,
      successRate: stored.successRate,
    },
    warning,
  };
}

/** A stable store task pattern for free task text: lower-case words joined by `_` (at most 8 words). */
export function taskPatternOf(task: string): string {
  const words = task.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.slice(0, 8).join('_') || 'task';
}

/** What {@link planWithLearning} returns. */
export interface LearnedPlan {
  plan: ExecutionPlan;
  /** How the team was chosen: `record` (this task's own proven composition), `pattern` (a similar task's), or `composed`. */
  source: 'record' | 'pattern' | 'composed';
}

function replaceTeam(
  plan: ExecutionPlan,
  agents: AgentTemplate[],
  strategy: StrategyName,
  why: string,
): ExecutionPlan {
  return {
    ...plan,
    agents,
    strategy,
    rule: null,
    estimatedCost: estimateCost(agents, strategy),
    estimatedDuration: estimateDuration(agents, strategy),
    reasoning: [...plan.reasoning, why],
  };
}

/**
 * Composes a plan for `task`, then lets evidence override the composer: this task's own
 * proven composition first; for a task with no record of its own, a strong pattern from a
 * similar task (pattern library). The plan's `reasoning` says which. A team or strategy given
 * in the context is never overridden.
 */
export async function planWithLearning(
  orchestrator: MetaOrchestrator,
  request: ComposeRequest,
  store: ConfigurationStore,
  patterns: PatternLibrary,
): Promise<LearnedPlan> {
  const plan = orchestrator.analyzeAndCompose(request);
  const context = request.context ?? {};
  if (context['agents'] !== undefined || context['strategy'] !== undefined)
    return { plan, source: 'composed' };
  const taskPattern = taskPatternOf(request.task);
  const proven = await findProvenTeam(store, taskPattern);
  if (proven) {
    const c = proven.config;
    const why = `reused proven composition ${c.id} of this task (${c.successCount}/${c.usageCount} successes, Wilson lower bound ${c.wilsonLowerBound.toFixed(2)})`;
    return { plan: replaceTeam(plan, proven.agents, c.strategy, why), source: 'record' };
  }
  let own: AgentConfiguration[] = [];
  try {
    own = await store.search({ taskPattern, limit: 1 });
  } catch (error) {
    log.warn('configuration store not readable', { error: errorMessage(error) });
  }
  if (own.length > 0) return { plan, source: 'composed' };
  const [top] = await patterns.suggest(request.task, { domains: plan.domain, limit: 1 }).catch(() => []);
  if (!top?.strong) return { plan, source: 'composed' };
  const evidence = top.pattern.evidence;
  try {
    const agents = evidence.agents.map((a) => withTier(getTemplate(a.role), a.tier as Tier));
    const why = `reused the team of pattern ${top.pattern.id} from the similar task "${top.pattern.name}" (${evidence.success_count}/${evidence.usage_count} successes, similarity ${top.score.toFixed(2)}); this task has no record of its own`;
    return { plan: replaceTeam(plan, agents, evidence.strategy as StrategyName, why), source: 'pattern' };
  } catch (error) {
    log.warn('pattern names unknown agents; keeping the composed team', {
      pattern: top.pattern.id,
      error: errorMessage(error),
    });
    return { plan, source: 'composed' };
  }
}
