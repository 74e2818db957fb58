/**
 * An agent runner that reports each agent's start and finish (for live progress displays)
 * and applies per-agent deadlines. Shared by the release-prep and test-coverage workflows.
 *
 * @module
 */
import { AgentRunner, type AgentRunnerOptions, type RunAgentOptions } from '../orchestration/agents/agent-runner.js';
import { templateOf, type AgentSpec } from '../orchestration/agents/define-agent.js';
import type { AgentResult, ExecutionContext, Tier } from '../types.js';
import type { TestProgress } from '../analysis/test-runner/index.js';

/** Progress events of agents. */
export type AgentProgressEvent =
  | { type: 'agent_start'; agentId: string; tier: Tier }
  | { type: 'agent_done'; agentId: string; success: boolean; durationSeconds: number }
  /** A test run of the agent (the coverage agent's) reported progress on `part` (`JS/TS`, `Python`). */
  | { type: 'agent_progress'; agentId: string; part: string; progress: TestProgress };

/** Runs agents like {@link AgentRunner}, calling `onProgress` around each and applying `agentTimeouts` (seconds, by agent id). */
export class ProgressRunner extends AgentRunner {
  readonly #onProgress: ((event: AgentProgressEvent) => void) | undefined;
  readonly #timeouts: Readonly<Record<string, number>>;

  constructor(
    options: AgentRunnerOptions,
    onProgress: ((event: AgentProgressEvent) => void) | undefined,
    agentTimeouts: Readonly<Record<string, number>> = {},
  ) {
    super(options);
    this.#onProgress = onProgress;
    this.#timeouts = agentTimeouts;
  }

  override async run(
    agent: AgentSpec,
    context: ExecutionContext,
    options: RunAgentOptions = {},
  ): Promise<AgentResult> {
    const template = templateOf(agent);
    this.#onProgress?.({
      type: 'agent_start',
      agentId: template.id,
      tier: options.tier ?? template.tierPreference,
    });
    const timeout = this.#timeouts[template.id];
    const result = await super.run(
      agent,
      context,
      timeout === undefined ? options : { ...options, timeoutSeconds: timeout },
    );
    this.#onProgress?.({
      type: 'agent_done',
      agentId: result.agentId,
      success: result.success,
      durationSeconds: result.durationSeconds,
    });
    return result;
  }
}
