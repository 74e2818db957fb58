/**
 * User-defined agents: a template plus the user's own async function, run by the
 * `AgentRunner` under the same deadline, abort signal and accounting as agents built
 * from templates and registered means.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { AgentTemplate, MeansInput, MeansOutput } from '../../types.js';

const DEFINED = Symbol.for('empathy-framework.defined-agent');

/** The work function of a user-defined agent. Throwing makes the agent's result a failure. */
export type AgentRunFunction = (input: MeansInput) => Promise<MeansOutput>;

/** An agent whose work is done by the user's own function (see {@link defineAgent}). */
export interface DefinedAgent {
  /** The agent's id (same as `template.id`). */
  readonly id: string;
  /** The template: role, tier, deadline, gates. Its `tools` are not looked up for a defined agent. */
  readonly template: AgentTemplate;
  /** Does the agent's work. */
  readonly run: AgentRunFunction;
  /** Brand that tells a defined agent from a template. */
  readonly [DEFINED]: true;
}

/** What strategies and the runner execute: a template (run through registered means) or a defined agent. */
export type AgentSpec = AgentTemplate | DefinedAgent;

/**
 * Defines an agent that does its work with its own async function.
 *
 * @throws UserError when the template has no id, no positive timeout, or `run` is not a function.
 * @example
 * const counter = defineAgent({
 *   template: { ...getTemplate('code_reviewer'), id: 'todo_counter' },
 *   run: async ({ context, signal }) => ({ output: { todos: await countTodos(context.path, signal) }, confidence: 1 }),
 * });
 * await getStrategy('parallel').execute([counter], { path: '.' });
 */
export function defineAgent(definition: { template: AgentTemplate; run: AgentRunFunction }): DefinedAgent {
  const template = definition?.template;
  if (!template || typeof template.id !== 'string' || template.id.trim() === '') {
    throw new UserError('defineAgent needs a template with a non-empty id');
  }
  const timeout = template.resourceRequirements?.timeoutSeconds;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new UserError(
      `agent ${template.id}: resourceRequirements.timeoutSeconds must be a positive number of seconds (got ${String(timeout)})`,
    );
  }
  if (typeof definition.run !== 'function') {
    throw new UserError(`agent ${template.id}: defineAgent needs a run(input) function`);
  }
  return Object.freeze({ id: template.id, template, run: definition.run, [DEFINED]: true as const });
}

/** Whether `agent` was made by {@link defineAgent}. */
export function isDefinedAgent(agent: AgentSpec): agent is DefinedAgent {
  return (agent as Partial<DefinedAgent>)[DEFINED] === true;
}

/** The template of an agent spec. */
export function templateOf(agent: AgentSpec): AgentTemplate {
  return isDefinedAgent(agent) ? agent.template : agent;
}
