/**
 * The agent runner: runs one agent under its deadline and an `AbortSignal`, measures its
 * duration, fills its usage, and turns every failure (missing means, a throw, a timeout,
 * an abort) into a failed {@link AgentResult}. It never throws for an agent's failure.
 *
 * @module
 */
import { AgentTimeoutError, UserError, errorMessage } from '../../errors.js';
import { getLogger, type Logger } from '../../core/logger.js';
import { TIERS } from '../../types.js';
import type {
  AgentResult,
  AgentTemplate,
  ExecutionContext,
  Means,
  MeansInput,
  MeansOutput,
  RunServices,
  Tier,
  Usage,
} from '../../types.js';
import type { AgentExecutor } from './agent-executor.js';
import { isDefinedAgent, templateOf, type AgentSpec } from './define-agent.js';
import { defaultMeansRegistry, type MeansRegistry } from './means-registry.js';
import { addUsage, normaliseUsage } from '../../core/usage.js';
import { clampConfidence, failedResult, resultFromMeansOutput } from '../strategies/results.js';

/** Longest delay `setTimeout` accepts (about 24.8 days); longer deadlines are clamped to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of {@link AgentRunner}. */
export interface AgentRunnerOptions {
  /** Where the means of template agents are looked up (default: `defaultMeansRegistry`). */
  registry?: MeansRegistry;
  /** Services shared by every agent this runner runs (project index, cache, ...). */
  services?: RunServices;
  /** Deadline in seconds for every agent, overriding the templates' `timeoutSeconds`. */
  timeoutSeconds?: number;
  /** Logger for start/finish/timeout events (default: scope `orchestration.runner`). */
  logger?: Logger;
  /** Where template agents run (default: in this process). See {@link AgentExecutor}. */
  executor?: AgentExecutor;
}

/** Options of one {@link AgentRunner.run}. */
export interface RunAgentOptions {
  /** Cancels the run: the agent's signal is aborted and a failed result comes back at once. */
  signal?: AbortSignal;
  /** Deadline in seconds for this run (wins over the runner's and the template's). */
  timeoutSeconds?: number;
  /** Tier of this run (default: the template's `tierPreference`). */
  tier?: Tier;
}

/** Checks a deadline given by the caller. */
export function checkTimeoutSeconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new UserError(`${what} must be a positive number of seconds (got ${String(value)})`);
  }
  return value;
}

/**
 * Runs agents one at a time; strategies call it for every agent of a team.
 *
 * @example
 * const registry = new MeansRegistry().register(defineMeans({
 *   tool: 'security_scan', description: 'Scans for vulnerabilities', run: scanProject,
 * }));
 * const runner = new AgentRunner({ registry });
 * const result = await runner.run(getTemplate('security_auditor'), { path: '.' }, { timeoutSeconds: 60 });
 * if (!result.success) console.error(result.error);
 */
export class AgentRunner {
  /** Where template agents' means are looked up. */
  readonly registry: MeansRegistry;
  /** Services handed to every agent this runner runs. */
  readonly services: RunServices;
  /** Deadline override for every agent, in seconds (`undefined`: each template's own). */
  readonly timeoutSeconds: number | undefined;
  /** Where template agents run; `undefined`: in this process. */
  readonly executor: AgentExecutor | undefined;
  readonly #log: Logger;
  /** The means started in this process that have not settled yet (each promise never rejects). */
  readonly #running = new Set<Promise<void>>();

  constructor(options: AgentRunnerOptions = {}) {
    this.registry = options.registry ?? defaultMeansRegistry;
    this.services = options.services ?? {};
    this.timeoutSeconds =
      options.timeoutSeconds === undefined
        ? undefined
        : checkTimeoutSeconds(options.timeoutSeconds, 'AgentRunner timeoutSeconds');
    this.#log = options.logger ?? getLogger('orchestration.runner');
    this.executor = options.executor;
  }

  /**
   * Runs one agent and resolves to its result, at the latest at its deadline (even if the
   * agent's own promise never settles). Throws only for bad options (a `UserError`).
   */
  run(agent: AgentSpec, context: ExecutionContext, options: RunAgentOptions = {}): Promise<AgentResult> {
    const start = performance.now();
    const template = agent ? templateOf(agent) : undefined;
    const agentId = typeof template?.id === 'string' && template.id !== '' ? template.id : '<unnamed agent>';
    const tier: Tier = options.tier ?? template?.tierPreference ?? 'CHEAP';
    const elapsed = () => (performance.now() - start) / 1000;
    const fail = (message: string, usage?: Usage) => failedResult(agentId, tier, message, elapsed(), usage);

    if (!template || agentId === '<unnamed agent>')
      return Promise.resolve(fail('agent has no template id; cannot run it'));
    if (!TIERS.includes(tier))
      return Promise.resolve(
        fail(`agent ${agentId} has unknown tier ${String(tier)} (use ${TIERS.join(', ')})`),
      );
    const timeoutSeconds =
      options.timeoutSeconds !== undefined
        ? checkTimeoutSeconds(options.timeoutSeconds, 'run option timeoutSeconds')
        : (this.timeoutSeconds ?? template.resourceRequirements?.timeoutSeconds);
    if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      return Promise.resolve(
        fail(
          `agent ${agentId} has no valid resourceRequirements.timeoutSeconds (got ${String(timeoutSeconds)}); it must be a positive number`,
        ),
      );
    }
    const parent = options.signal;
    if (parent?.aborted) return Promise.resolve(fail(abortMessage(agentId, parent.reason, false)));

    const tiered =
      tier === template.tierPreference ? template : ({ ...template, tierPreference: tier } as AgentTemplate);
    if (this.executor && !isDefinedAgent(agent)) {
      this.#log.debug('agent sent', { agentId, tier, timeoutSeconds, executor: this.executor.kind });
      const request = { agent: tiered, tier, context, timeoutSeconds, services: this.services };
      return this.executor
        .execute(parent ? { ...request, signal: parent } : request)
        .catch((error: unknown) =>
          fail(`agent ${agentId}: ${this.executor?.kind ?? 'executor'} failed: ${errorMessage(error)}`),
        );
    }

    let work: (input: MeansInput) => Promise<MeansOutput>;
    if (isDefinedAgent(agent)) {
      work = agent.run;
    } else {
      const missing = this.registry.missing(template.tools ?? []);
      if ((template.tools ?? []).length === 0) {
        return Promise.resolve(
          fail(`agent ${agentId} lists no tools in template.tools, so nothing can do its work`),
        );
      }
      if (missing.length > 0) {
        return Promise.resolve(
          fail(
            `agent ${agentId} cannot run: no means registered for tool${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
              `(register ${missing.length > 1 ? 'them' : 'it'} with defineMeans and MeansRegistry.register)`,
          ),
        );
      }
      const means = [...new Set(template.tools)].map((tool) => this.registry.get(tool) as Means);
      work =
        means.length === 1 ? (means[0] as Means).run.bind(means[0]) : (input) => runSeveral(means, input);
    }

    const run = new AgentRun(agentId, tier, timeoutSeconds, start, this.#log, parent);
    const input = new RunInput(run, tiered, tier, context, this.services);
    this.#log.debug('agent started', { agentId, tier, timeoutSeconds });
    const result = run.start(work, input);
    const ended = run.ended;
    this.#running.add(ended);
    void ended.then(() => this.#running.delete(ended));
    return result;
  }

  /**
   * Resolves once no means this runner started in this process is still running. An aborted or
   * timed-out agent's result comes back at once, while its means may still be stopping (killing
   * its child processes, removing its temporary directories): a caller that aborted a run awaits
   * this before it says the run stopped, so that nothing of the run outlives it. Agents sent to
   * an executor are not waited for (see `AgentExecutor`). Does not resolve while a means that
   * ignores its signal runs on.
   */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}

/**
 * The state of one agent run. One object per run (no per-run closures for the timer and the
 * abort listener) and a lazily created `AbortController`: a means that never reads its
 * signal does not pay for one.
 */
class AgentRun {
  #settled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #aborted = false;
  #resolve: ((result: AgentResult) => void) | undefined;
  /** Settles (never rejects) when the means has settled; set by `start`. */
  ended: Promise<void> = Promise.resolve();

  constructor(
    readonly agentId: string,
    readonly tier: Tier,
    readonly timeoutSeconds: number,
    readonly startedAt: number,
    readonly log: Logger,
    readonly parent: AbortSignal | undefined,
  ) {}

  /** The signal handed to the means; aborted at the deadline or when the caller aborts. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  start(work: (input: MeansInput) => Promise<MeansOutput>, input: MeansInput): Promise<AgentResult> {
    const result = new Promise<AgentResult>((resolve) => {
      this.#resolve = resolve;
    });
    const ms = Math.min(MAX_TIMER_MS, Math.max(1, Math.round(this.timeoutSeconds * 1000)));
    this.#timer = setTimeout(onDeadline, ms, this);
    this.parent?.addEventListener('abort', this, { once: true });
    let pending: Promise<MeansOutput>;
    try {
      pending = work(input);
    } catch (error) {
      pending = Promise.reject(error);
    }
    const settled = Promise.resolve(pending);
    settled.then(
      (answer) => this.finish(resultFromMeansOutput(this.agentId, this.tier, answer, this.elapsed())),
      (error: unknown) => this.finish(this.failed(errorMessage(error))),
    );
    this.ended = settled.then(noop, noop);
    return result;
  }

  elapsed(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  failed(message: string): AgentResult {
    return failedResult(this.agentId, this.tier, message, this.elapsed());
  }

  abort(reason: unknown): void {
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  /** The parent signal's abort listener (EventTarget calls `handleEvent`). */
  handleEvent(): void {
    const reason = this.parent?.reason;
    this.abort(reason);
    this.finish(this.failed(abortMessage(this.agentId, reason, true)));
  }

  finish(result: AgentResult): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.parent?.removeEventListener('abort', this);
    this.log.debug('agent finished', {
      agentId: this.agentId,
      success: result.success,
      durationSeconds: result.durationSeconds,
      error: result.error,
    });
    this.#resolve?.(result);
  }
}

function noop(): void {}

function onDeadline(run: AgentRun): void {
  const error = new AgentTimeoutError(run.agentId, run.timeoutSeconds);
  run.abort(error);
  run.log.debug('agent timed out', { agentId: run.agentId, timeoutSeconds: run.timeoutSeconds });
  run.finish(run.failed(error.message));
}

/** What a means receives; `signal` is created on first read. */
class RunInput implements MeansInput {
  readonly #run: AgentRun;

  constructor(
    run: AgentRun,
    readonly template: AgentTemplate,
    readonly tier: Tier,
    readonly context: ExecutionContext,
    readonly services: RunServices,
  ) {
    this.#run = run;
  }

  get signal(): AbortSignal {
    return this.#run.signal;
  }
}

function abortMessage(agentId: string, reason: unknown, started: boolean): string {
  const why = reason === undefined ? 'the run was cancelled' : errorMessage(reason);
  return started
    ? `agent ${agentId} was aborted: ${why}`
    : `agent ${agentId} was not run: the run was aborted (${why})`;
}

/**
 * Runs the means of several tools at once. Output keyed by tool; success only when every
 * means succeeded; confidence the lowest; usage summed; errors prefixed with the tool.
 */
async function runSeveral(means: Means[], input: MeansInput): Promise<MeansOutput> {
  const settled = await Promise.allSettled(means.map((m) => m.run(input)));
  const output: Record<string, unknown> = {};
  const errors: string[] = [];
  let confidence = 1;
  let usage = normaliseUsage(undefined);
  settled.forEach((outcome, index) => {
    const tool = (means[index] as Means).tool;
    if (outcome.status === 'rejected') {
      errors.push(`${tool}: ${errorMessage(outcome.reason)}`);
      confidence = 0;
      return;
    }
    const result = resultFromMeansOutput(tool, input.tier, outcome.value, 0);
    usage = addUsage(usage, result.usage);
    confidence = Math.min(confidence, result.confidence);
    output[tool] = result.output;
    if (!result.success) errors.push(`${tool}: ${result.error ?? 'failed'}`);
  });
  if (errors.length > 0)
    return {
      output,
      confidence: clampConfidence(confidence),
      success: false,
      error: errors.join('; '),
      usage,
    };
  return { output, confidence, usage };
}

/** The runner strategies use when none is passed (default means registry, templates' deadlines). */
export const defaultAgentRunner = new AgentRunner();
