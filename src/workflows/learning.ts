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
import { AgentConfiguration } from '../orchestration/agent-configuration.js';
import { getTemplate, withTier } from '../orchestration/index.js';
import type { ConfigurationStore } from '../orchestration/config-store.js';
import type { AgentTemplate, StrategyName, Tier } from '../types.js';
import type { QualityGateResult } from './release-prep/gates.js';

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

/** Records an outcome; a store that cannot be written gives a warning line, never a failed run. */
export async function recordOutcome(
  store: ConfigurationStore,
  config: AgentConfiguration,
  success: boolean,
  qualityScore: number,
): Promise<{ config: AgentConfiguration | null; warning: string | null }> {
  try {
    return { config: await store.recordOutcome(config, success, qualityScore), warning: null };
  } catch (error) {
    const warning = `learning store not updated: ${errorMessage(error)}`;
    log.warn(warning);
    return { config: null, warning };
  }
}
