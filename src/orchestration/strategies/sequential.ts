/**
 * Sequential strategy (A -> B -> C): a pipeline in which each agent sees the earlier ones' work.
 *
 * Context keys each agent receives, besides the team's own context:
 * - `previous_outputs`: `{ [key]: output }` of the earlier agents that **succeeded** (key = agent
 *   id, `id#2` for a repeated id);
 * - `previous_results`: every earlier {@link AgentResult}, failures included, in order;
 * - `previous_output`: the output of the last agent that succeeded, or `null`.
 *
 * Both are read-only snapshots taken when the agent starts (O(1) views over one growing store,
 * so a pipeline of n agents costs O(n), not O(n^2) copies); writing to them throws a TypeError.
 *
 * A failed agent does not stop the pipeline by default: later agents still run and can see
 * the failure in `previous_results` (`stopOnFailure: true` skips them; they are reported as
 * failed "not run" results). `success` is true only when every agent succeeded.
 *
 * `aggregated_output`: `{ pipeline, outputs, final_output, stopped_early }`.
 *
 * @module
 */
import type { AgentResult, ExecutionContext, StrategyResult } from '../../types.js';
import { templateOf, type AgentSpec } from '../agents/define-agent.js';
import { GrowingList, GrowingRecord } from './growing-views.js';
import type { Execution } from './helpers.js';
import { ResultKeys, TeamStrategy, finish, runAgent } from './helpers.js';
import { failedResult } from './results.js';
import type { StrategyOptions } from './types.js';

/**
 * Runs agents one after the other, passing earlier outputs on.
 *
 * @example
 * const result = await new SequentialStrategy().execute([analyzer, generator, validator], { path: '.' });
 * result.aggregatedOutput['final_output'];
 */
export class SequentialStrategy extends TeamStrategy {
  /** The registry name of this strategy. */
  readonly name = 'sequential';

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    super(options, { min: 1, shape: 'at least one agent' });
  }

  /** Runs the pipeline in order (see the module notes). */
  protected async run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult> {
    const previousOutputs = new GrowingRecord<Record<string, unknown>>();
    const previousResults = new GrowingList<AgentResult>();
    const keys = new ResultKeys();
    const pipeline: string[] = [];
    let lastOutput: Record<string, unknown> | null = null;
    let stoppedBy: string | null = null;

    for (const agent of team) {
      let result: AgentResult;
      if (stoppedBy !== null) {
        const template = templateOf(agent);
        result = failedResult(
          template.id,
          template.tierPreference,
          `agent ${template.id} was not run: earlier agent ${stoppedBy} failed`,
        );
      } else {
        const agentContext: ExecutionContext = {
          ...context,
          previous_outputs: previousOutputs.view('previous_outputs'),
          previous_results: previousResults.view('previous_results'),
          previous_output: lastOutput,
        };
        result = await runAgent(execution, agent, agentContext);
      }
      const key = keys.next(result.agentId);
      pipeline.push(key);
      previousResults.push(result);
      if (result.success) {
        previousOutputs.set(key, result.output);
        lastOutput = result.output;
      } else if (this.options.stopOnFailure && stoppedBy === null) {
        stoppedBy = key;
      }
    }

    const results = previousResults.items;
    const last = results[results.length - 1] as AgentResult;
    return finish(
      execution,
      results.every((r) => r.success),
      results,
      {
        pipeline,
        outputs: previousOutputs.toObject(),
        final_output: last.success ? last.output : null,
        stopped_early: stoppedBy !== null,
      },
    );
  }
}
