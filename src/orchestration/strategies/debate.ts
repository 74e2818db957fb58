/**
 * Debate strategy (A <-> B <-> C -> synthesis): the participants give independent opinions
 * at once (same context, up to `concurrency` at a time), then a synthesis merges them.
 *
 * The synthesis is the `synthesizer` agent's output when one is given (it runs after the
 * opinions, with `debate_opinions` and `consensus` added to its context), else the built-in
 * merge ({@link mergeOpinions}: what the successful participants agree on, what they dispute,
 * with min/max/mean for disputed numbers).
 *
 * Consensus: `success_votes` = participants that succeeded, `total_votes` = participants,
 * `avg_confidence` = their mean confidence (failed ones count), `consensus_reached` = a strict
 * majority succeeded. `success` = consensus reached (and the synthesizer, if any, succeeded).
 *
 * `aggregated_output`: `{ debate_participants, opinions, synthesis, consensus }`.
 *
 * @module
 */
import type { AgentResult, ExecutionContext, StrategyResult } from '../../types.js';
import type { AgentSpec } from '../agents/define-agent.js';
import type { Execution } from './helpers.js';
import {
  ResultKeys,
  TeamStrategy,
  checkConcurrency,
  describeResult,
  finish,
  meanConfidence,
  runAgent,
  runConcurrently,
} from './helpers.js';
import { mergeOpinions } from './synthesis.js';
import type { StrategyOptions } from './types.js';

/**
 * Gathers opinions in parallel and synthesises them.
 *
 * @example
 * const result = await new DebateStrategy().execute([architectScale, architectCost, architectSimplicity], context);
 * const consensus = result.aggregatedOutput['consensus']; // { consensus_reached, success_votes, total_votes, avg_confidence }
 */
export class DebateStrategy extends TeamStrategy {
  /** The registry name of this strategy. */
  readonly name = 'debate';

  /** @param options runner, limits and thresholds; invalid values throw a `UserError`. */
  constructor(options: StrategyOptions = {}) {
    super(options, { min: 2, shape: 'at least two participants' });
    checkConcurrency(options.concurrency);
  }

  /** Gathers the opinions, then the synthesis (see the module notes). */
  protected async run(
    team: AgentSpec[],
    context: ExecutionContext,
    execution: Execution,
  ): Promise<StrategyResult> {
    const opinionsResults = await runConcurrently(execution, team, context);
    const keys = new ResultKeys();
    const participants = opinionsResults.map((result) => keys.next(result.agentId));
    const opinions = opinionsResults.map((result, index) => describeResult(result, participants[index]));
    const successVotes = opinionsResults.filter((result) => result.success).length;
    const consensus = {
      consensus_reached: successVotes * 2 > opinionsResults.length,
      success_votes: successVotes,
      total_votes: opinionsResults.length,
      avg_confidence: meanConfidence(opinionsResults),
    };

    const outputs: AgentResult[] = [...opinionsResults];
    let synthesis: Record<string, unknown>;
    let synthesisOk = true;
    const synthesizer = this.options.synthesizer;
    if (synthesizer) {
      const result = await runAgent(execution, synthesizer, {
        ...context,
        debate_opinions: opinions,
        consensus,
      });
      outputs.push(result);
      synthesisOk = result.success;
      synthesis = {
        method: 'agent',
        synthesizer: result.agentId,
        success: result.success,
        output: result.output,
        error: result.error,
      };
    } else {
      synthesis = { ...mergeOpinions(opinionsResults, participants) };
    }

    return finish(execution, consensus.consensus_reached && synthesisOk, outputs, {
      debate_participants: participants,
      opinions,
      synthesis,
      consensus,
    });
  }
}
