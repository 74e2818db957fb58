/**
 * The strategy registry: the six built-in composition patterns and any custom ones,
 * registered explicitly, looked up by name with {@link getStrategy}.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import { STRATEGY_NAMES } from '../../types.js';
import type { StrategyName } from '../../types.js';
import { AdaptiveStrategy } from './adaptive.js';
import { DebateStrategy } from './debate.js';
import { ParallelStrategy } from './parallel.js';
import { RefinementStrategy } from './refinement.js';
import { SequentialStrategy } from './sequential.js';
import { TeachingStrategy } from './teaching.js';
import type { Strategy, StrategyOptions } from './types.js';

export { AdaptiveStrategy, DEFAULT_ROUTING_THRESHOLD, pickSpecialist } from './adaptive.js';
export { DebateStrategy } from './debate.js';
export { ParallelStrategy } from './parallel.js';
export { RefinementStrategy } from './refinement.js';
export { SequentialStrategy } from './sequential.js';
export { DEFAULT_QUALITY_THRESHOLD, TeachingStrategy } from './teaching.js';
export { mergeOpinions, type DisputedKey, type MergedSynthesis } from './synthesis.js';
export { addUsage, emptyUsage, normaliseUsage } from '../../core/usage.js';
export { agentResultToJSON, clampConfidence, failedResult, resultFromMeansOutput } from './results.js';
export type { Strategy, StrategyExecuteOptions, StrategyOptions } from './types.js';

/** Builds a strategy from options. */
export type StrategyFactory = (options: StrategyOptions) => Strategy;

const NAME = /^[a-z][a-z0-9_-]*$/;

const BUILT_INS: Record<StrategyName, StrategyFactory> = {
  sequential: (options) => new SequentialStrategy(options),
  parallel: (options) => new ParallelStrategy(options),
  debate: (options) => new DebateStrategy(options),
  teaching: (options) => new TeachingStrategy(options),
  refinement: (options) => new RefinementStrategy(options),
  adaptive: (options) => new AdaptiveStrategy(options),
};

const registry = new Map<string, StrategyFactory>(STRATEGY_NAMES.map((name) => [name, BUILT_INS[name]]));

/** Names of every registered strategy: the six built-ins in the spec's order, then custom ones. */
export function listStrategies(): string[] {
  return [...registry.keys()];
}

/**
 * Registers a custom strategy under `name`.
 *
 * @throws UserError for a malformed name, a factory that is not a function, or a name already
 *   registered (built-ins can never be replaced; custom ones only with `{ replace: true }`).
 * @example
 * registerStrategy('round-robin', (options) => new RoundRobinStrategy(options));
 * await getStrategy('round-robin').execute(agents, context);
 */
export function registerStrategy(
  name: string,
  factory: StrategyFactory,
  options: { replace?: boolean } = {},
): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new UserError(
      `invalid strategy name ${JSON.stringify(name)}: use lower case letters, digits, '_' or '-', starting with a letter`,
    );
  }
  if (typeof factory !== 'function')
    throw new UserError(`strategy ${name} needs a factory function (options) => Strategy`);
  if ((STRATEGY_NAMES as readonly string[]).includes(name))
    throw new UserError(`strategy ${name} is built in and cannot be replaced`);
  if (registry.has(name) && !options.replace) {
    throw new UserError(`strategy ${name} is already registered; pass { replace: true } to replace it`);
  }
  registry.set(name, factory);
}

/** Removes a custom strategy; returns whether it was registered. Built-ins cannot be removed. */
export function unregisterStrategy(name: string): boolean {
  if ((STRATEGY_NAMES as readonly string[]).includes(name)) return false;
  return registry.delete(name);
}

/**
 * Returns a new strategy by name.
 *
 * @throws UserError for an unknown name (the message lists the known ones) or invalid options.
 * @example
 * const plan = new MetaOrchestrator().analyzeAndCompose({ task: 'Improve code quality', context });
 * const result = await getStrategy(plan.strategy).execute(plan.agents, context);
 * const teaching = getStrategy('teaching', { qualityThreshold: 0.8 });
 */
export function getStrategy(name: StrategyName | (string & {}), options: StrategyOptions = {}): Strategy {
  const factory = typeof name === 'string' ? registry.get(name) : undefined;
  if (!factory) {
    throw new UserError(
      `unknown strategy ${JSON.stringify(name)}; known strategies: ${listStrategies().join(', ')}`,
    );
  }
  const strategy = factory(options);
  if (!strategy || typeof strategy.execute !== 'function') {
    throw new UserError(
      `strategy ${name}: its factory did not return an object with an execute(agents, context) method`,
    );
  }
  return strategy;
}
