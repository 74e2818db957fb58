/**
 * Refinement strategy (draft -> review -> polish): stages run in order; each stage gets the
 * work of the last stage that succeeded in its context (`previous_output`, `previous_stage`;
 * `null` for the first stage) plus `stage` (1-based) and `total_stages`.
 *
 * A failed stage does not stop the ladder: the next stage refines the last good output.
 * `success` is true only when every stage succeeded. `final_output` is the output of the last
 * stage that succeeded (`null` when none did).
 *
 * `aggregated_output`: `{ stages: [{ stage, agent_id, tier, success, confidence, output, error }],
 * final_output, final_stage }`.
 *
 * @module
 */
import type { AgentResult, ExecutionContext, StrategyResult } from '../../types.js';
import type { AgentSpec } from '../agents/define-agent.js';
import type { Execution } from './helpers.js';
import { ResultKeys, TeamStrategy, describeResult, finish, runAgent } from './helpers.js';
import type { StrategyOptions } from './types.js';

/**
 * Runs a quality ladder of stages, each improving the previous stage's work.
 *
 * @example
 * const result = await new RefinementStrategy().execute([drafter, reviewer, polisher], context);
 * result.aggregatedOutput['final_output'];
 */
export class RefinementStrategy extends TeamStrategy {
  /** The registry name of this strategy. */
  readonly name = 'refinement';

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    super(options, { min: 1, shape: 'at least one stage: [drafter, reviewer, polisher, ...]' });
  }

  /** Runs the stages in order (see the module notes). */
  protected async run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult> {
    const keys = new ResultKeys();
    const outputs: AgentResult[] = [];
    const stages: Record<string, unknown>[] = [];
    let lastGood: { key: string; output: Record<string, unknown> } | null = null;

    for (let index = 0; index < team.length; index++) {
      const stageContext: ExecutionContext = {
        ...context,
        previous_output: lastGood?.output ?? null,
        previous_stage: lastGood?.key ?? null,
        stage: index + 1,
        total_stages: team.length,
      };
      const result = await runAgent(execution, team[index] as AgentSpec, stageContext);
      const key = keys.next(result.agentId);
      outputs.push(result);
      stages.push({ stage: index + 1, ...describeResult(result, key) });
      if (result.success) lastGood = { key, output: result.output };
    }

    return finish(
      execution,
      outputs.every((r) => r.success),
      outputs,
      {
        stages,
        final_output: lastGood?.output ?? null,
        final_stage: lastGood?.key ?? null,
      },
    );
  }
}
