/**
 * The strategy interface: how a team of agents works together (spec section
 * "Composition Patterns").
 *
 * @module
 */
import type { ExecutionContext, StrategyResult } from '../../types.js';
import type { AgentRunner } from '../agents/agent-runner.js';
import type { AgentSpec } from '../agents/define-agent.js';

/** Options of one {@link Strategy.execute}. */
export interface StrategyExecuteOptions {
  /** Cancels the run: running agents are aborted, agents not yet started are not run; the strategy still resolves. */
  signal?: AbortSignal;
  /** Runner for this execution (wins over the one given to the strategy's constructor). */
  runner?: AgentRunner;
  /** Most agents run at once where a strategy runs agents concurrently (positive integer; default: all). */
  concurrency?: number;
}

/** Options of the built-in strategies' constructors and of `getStrategy`. */
export interface StrategyOptions {
  /** Runner used when `execute` gets none (default: `defaultAgentRunner`). */
  runner?: AgentRunner;
  /** Default concurrency limit (parallel, debate). */
  concurrency?: number;
  /** Teaching: the junior's result is kept when it succeeded with at least this confidence (0..1, default 0.7). */
  qualityThreshold?: number;
  /** Adaptive: a classifier confidence above this means a simple task (0..1, default 0.8). */
  routingThreshold?: number;
  /** Debate: an agent that merges the opinions (default: the built-in merge). */
  synthesizer?: AgentSpec;
  /** Sequential: do not run the agents after a failed one (default false: run them all). */
  stopOnFailure?: boolean;
}

/** A composition pattern. Resolves for agent failures; throws only a `UserError` for a team of the wrong shape. */
export interface Strategy {
  /** The name it is registered under, e.g. `parallel`. */
  readonly name: string;
  execute(
    agents: AgentSpec[],
    context: ExecutionContext,
    options?: StrategyExecuteOptions,
  ): Promise<StrategyResult>;
}
