/**
 * The seam between the agent runner and where an agent's work runs (see "Agents and where they run" in docs/architecture.md). The
 * runner checks the agent, its tier and its deadline, then hands a template agent to its
 * executor. Without one the agent runs in this process (the default, which never needs a
 * server); `BullmqExecutor` (src/distributed/) sends it to workers as a queue job. Agents made
 * with `defineAgent` carry a function and always run in this process.
 *
 * @module
 */
import type { ModelClient } from '../../providers/model-client.js';
import type { AgentResult, AgentTemplate, ExecutionContext, MeansModel, RunServices, Tier } from '../../types.js';

/** One agent run, as the runner hands it to an executor. */
export interface AgentRequest {
  /** The agent's template, with the run's tier as its `tierPreference`. */
  agent: AgentTemplate;
  tier: Tier;
  context: ExecutionContext;
  /** The agent's deadline in seconds (the executor arms it where the work runs). */
  timeoutSeconds: number;
  /** Cancels the run: the executor stops the work and resolves with a failed result. */
  signal?: AbortSignal;
  /** The runner's services (an executor that ships the work elsewhere reads their settings). */
  services: RunServices;
}

/** Where template agents run. Resolves with the agent's result; rejects only for a broken executor. */
export interface AgentExecutor {
  /** A short name for logs and reports, e.g. `bullmq redis://host:6379`. */
  readonly kind: string;
  execute(request: AgentRequest): Promise<AgentResult>;
  /**
   * For an executor that runs agents elsewhere: called before the agents of a run whose agents
   * consult a model, so that they consult it there too, their calls made in this process with
   * `model.client` (its key, budget and rate limits). Close the handle when the run is over.
   */
  serveModel?(model: MeansModel & { client: ModelClient }): Promise<{ close(): Promise<void> }>;
}
