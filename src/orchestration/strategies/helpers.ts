/**
 * Helpers shared by the built-in strategies: their base class ({@link TeamStrategy}), option
 * checks, team-shape checks, running one agent or a bounded-concurrency pool, result keys and the
 * final {@link StrategyResult}.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { AgentResult, ExecutionContext, StrategyResult } from '../../types.js';
import { defaultAgentRunner, type AgentRunner } from '../agents/agent-runner.js';
import type { AgentSpec } from '../agents/define-agent.js';
import type { Strategy, StrategyExecuteOptions, StrategyOptions } from './types.js';

/** Checks a concurrency limit: a positive integer or `Infinity`; `undefined` means no limit. */
export function checkConcurrency(value: unknown): number {
  if (value === undefined) return Infinity;
  if (value === Infinity || (typeof value === 'number' && Number.isInteger(value) && value > 0)) return value;
  throw new UserError(`concurrency must be a positive integer (got ${String(value)})`);
}

/** Checks a 0..1 threshold option. */
export function checkThreshold(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new UserError(`${name} must be a number between 0 and 1 (got ${String(value)})`);
}

/** Checks that a team has the shape a strategy needs. */
export function checkTeam(
  strategy: string,
  agents: unknown,
  min: number,
  shape: string,
  max = Infinity,
): AgentSpec[] {
  if (!Array.isArray(agents)) throw new UserError(`${strategy} strategy needs an array of agents (${shape})`);
  if (agents.length < min || agents.length > max) {
    throw new UserError(
      `${strategy} strategy needs ${shape}; got ${agents.length} agent${agents.length === 1 ? '' : 's'}`,
    );
  }
  return agents as AgentSpec[];
}

/** Settings shared by one execution of a strategy. */
export interface Execution {
  runner: AgentRunner;
  signal: AbortSignal | undefined;
  concurrency: number;
  start: number;
}

/** Resolves the runner, signal and concurrency of one execution. */
export function beginExecution(defaults: StrategyOptions, options: StrategyExecuteOptions = {}): Execution {
  return {
    runner: options.runner ?? defaults.runner ?? defaultAgentRunner,
    signal: options.signal,
    concurrency: checkConcurrency(options.concurrency ?? defaults.concurrency),
    start: performance.now(),
  };
}

/** Runs one agent with the execution's runner and signal. */
export function runAgent(
  execution: Execution,
  agent: AgentSpec,
  context: ExecutionContext,
): Promise<AgentResult> {
  return execution.runner.run(agent, context, { signal: execution.signal });
}

/** Runs agents at once (at most `concurrency` at a time), all with the same context; results in team order. */
export async function runConcurrently(
  execution: Execution,
  agents: readonly AgentSpec[],
  context: ExecutionContext,
): Promise<AgentResult[]> {
  const { runner, signal, concurrency } = execution;
  const runOptions = { signal };
  if (concurrency >= agents.length)
    return Promise.all(agents.map((agent) => runner.run(agent, context, runOptions)));
  const results = new Array<AgentResult>(agents.length);
  let next = 0;
  const worker = async () => {
    while (next < agents.length) {
      const index = next++;
      results[index] = await runner.run(agents[index] as AgentSpec, context, runOptions);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/**
 * Gives every result a unique key: the agent id, then `id#2`, `id#3`, ... for the same id
 * appearing again (a debate of one template in several roles).
 */
export class ResultKeys {
  readonly #seen = new Map<string, number>();

  /** The key of the next result of `agentId`. */
  next(agentId: string): string {
    const count = (this.#seen.get(agentId) ?? 0) + 1;
    this.#seen.set(agentId, count);
    return count === 1 ? agentId : `${agentId}#${count}`;
  }
}

/** The wire summary of one agent's result (snake_case), used in `aggregated_output`. */
export function describeResult(result: AgentResult, key: string = result.agentId): Record<string, unknown> {
  return {
    agent_id: key,
    tier: result.tier,
    success: result.success,
    confidence: result.confidence,
    output: result.output,
    error: result.error,
  };
}

/** Mean confidence of results (0 for none). */
export function meanConfidence(results: readonly AgentResult[]): number {
  if (results.length === 0) return 0;
  let sum = 0;
  for (const result of results) sum += result.confidence;
  return sum / results.length;
}

/** Builds the strategy result: wall time since the start, one error per failed agent. */
export function finish(
  execution: Execution,
  success: boolean,
  outputs: AgentResult[],
  aggregatedOutput: Record<string, unknown>,
): StrategyResult {
  const errors: string[] = [];
  for (const result of outputs) {
    if (!result.success)
      errors.push(result.error && result.error !== '' ? result.error : `agent ${result.agentId} failed`);
  }
  return {
    success,
    outputs,
    aggregatedOutput,
    totalDuration: (performance.now() - execution.start) / 1000,
    errors,
  };
}

/** The team a strategy accepts: `min`..`max` agents, `shape` says which (for the error message). */
export interface TeamShape {
  min: number;
  max?: number;
  shape: string;
}

/**
 * Base of the built-in strategies: keeps the constructor's options, and on `execute` checks the
 * team's shape ({@link checkTeam}), resolves the execution's settings ({@link beginExecution}) and
 * hands both to the strategy's own {@link TeamStrategy.run}.
 */
export abstract class TeamStrategy implements Strategy {
  /** The registry name of this strategy. */
  abstract readonly name: string;
  readonly #options: StrategyOptions;
  readonly #team: TeamShape;

  /** @param options runner, limits and thresholds; @param team the team shape `execute` accepts. */
  protected constructor(options: StrategyOptions, team: TeamShape) {
    this.#options = options;
    this.#team = team;
  }

  /** The options given to the constructor. */
  protected get options(): StrategyOptions {
    return this.#options;
  }

  /** Runs the team; resolves even when agents fail, time out or are aborted (see the module notes). */
  async execute(
    agents: AgentSpec[],
    context: ExecutionContext,
    options?: StrategyExecuteOptions,
  ): Promise<StrategyResult> {
    const { min, max, shape } = this.#team;
    const team = checkTeam(this.name, agents, min, shape, max);
    return this.run(team, context, beginExecution(this.#options, options));
  }

  /** The strategy proper: runs a team of the right shape. */
  protected abstract run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult>;
}
