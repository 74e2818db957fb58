/**
 * The coordinator's side of the queue: an {@link AgentExecutor} that sends each agent run as
 * a BullMQ job and resolves with the result a worker sends back. Agents handed over in the
 * same turn of the event loop (a parallel team) travel as one flow: a parent job on the teams
 * queue with one child per agent. Fleet members go through {@link BullmqExecutor.runRelease},
 * test-coverage modules through {@link BullmqExecutor.runModule}.
 * Cancellation (the run's signal) is published to every worker, which abort the run's jobs;
 * a server that goes away fails the pending jobs within a bounded time.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { EmpathyError, errorMessage } from '../errors.js';
import { sandboxPolicy } from '../core/sandbox/index.js';
import type { AgentExecutor, AgentRequest } from '../orchestration/agents/agent-executor.js';
import { failedResult } from '../orchestration/strategies/results.js';
import type { AgentResult, MeansModel } from '../types.js';
import { isAnalysisServices } from '../workflows/analysis-means.js';
import { bullmqConnection, probeRedis, RedisWatch } from './connection.js';
import { JobWaiter } from './job-waiter.js';
import { startModelGateway, type ModelGateway } from './model-gateway.js';
import type { ModelClient } from '../providers/model-client.js';
import { RunHeartbeat } from './run-heartbeat.js';
import { CANCEL_CHANNEL, PROTOCOL_VERSION, QUEUE_PREFIX, TEAMS_QUEUE, UNITS_QUEUE } from './names.js';
import type { QueueAddress } from './queue-url.js';
import type { ModuleOutcome, ModuleUnitExecutor, ModuleWork } from '../workflows/test-coverage/module-unit.js';
import type { AgentUnit, AgentUnitResult, ModuleUnit, ModuleUnitResult, ReleaseUnit, ReleaseUnitResult, RunPlace } from './work-unit.js';

/** Options of {@link BullmqExecutor.connect}. */
export interface BullmqExecutorOptions {
  address: QueueAddress;
  /** How long the server may be unreachable mid-run before the run fails (default 10 s). */
  lostAfterMs?: number;
  /** Seconds a started job may run past its own deadline before the coordinator gives up (default 60). */
  graceSeconds?: number;
}

/** Timing of one job, for reports and the bench. */
export interface JobTiming extends Omit<RunPlace, 'root'> {
  finishedAt: number;
}

interface Batched {
  request: AgentRequest;
  jobId: string;
  result: Promise<unknown>;
}

const JOB_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } };

/** Sends agent runs and fleet members to workers through BullMQ. */
export class BullmqExecutor implements AgentExecutor, ModuleUnitExecutor {
  readonly kind: string;
  /** Id of this run: the prefix of its job ids and what a cancellation names. */
  readonly runId = randomUUID();
  /** When each finished job was queued, started and finished, and where it ran. */
  readonly timings: JobTiming[] = [];
  readonly #queue: Queue;
  readonly #flows: FlowProducer;
  readonly #events: QueueEvents;
  readonly #watch: RedisWatch;
  readonly #waiter: JobWaiter;
  readonly #graceMs: number;
  readonly #address: QueueAddress;
  readonly #heartbeat: RunHeartbeat;
  /** The run's model as agent units carry it, while {@link BullmqExecutor.serveModel} serves it. */
  #model: AgentUnit['model'];
  #batch: Batched[] = [];
  #count = 0;
  #cancelled: Promise<void> | undefined;
  #lost: Error | undefined;

  private constructor(options: BullmqExecutorOptions, queue: Queue, flows: FlowProducer, events: QueueEvents, watch: RedisWatch) {
    this.kind = `bullmq ${options.address.display}`;
    this.#queue = queue;
    this.#flows = flows;
    this.#events = events;
    this.#watch = watch;
    this.#graceMs = (options.graceSeconds ?? 60) * 1000;
    this.#address = options.address;
    this.#waiter = new JobWaiter(queue, events);
    this.#heartbeat = new RunHeartbeat(watch.client, this.runId);
    watch.lost.catch((error: Error) => {
      this.#lost = error;
      this.#waiter.rejectAll(error);
    });
  }

  /**
   * Connects to the queue (a one-line `UserError` when the server does not answer).
   *
   * @example
   * const executor = await BullmqExecutor.connect({ address: parseQueueUrl('redis://127.0.0.1:6379') });
   * const report = await new OrchestratedReleasePrepWorkflow({ executor }).execute({ path: '.' });
   * await executor.close();
   */
  static async connect(options: BullmqExecutorOptions): Promise<BullmqExecutor> {
    await probeRedis(options.address);
    const connection = bullmqConnection(options.address);
    const queue = new Queue(UNITS_QUEUE, { connection, prefix: QUEUE_PREFIX });
    const flows = new FlowProducer({ connection, prefix: QUEUE_PREFIX });
    const events = new QueueEvents(UNITS_QUEUE, { connection, prefix: QUEUE_PREFIX });
    // The watch reports a lost server.
    queue.on('error', () => {});
    flows.on('error', () => {});
    events.on('error', () => {});
    const watch = new RedisWatch(options.address, options.lostAfterMs === undefined ? {} : { lostAfterMs: options.lostAfterMs });
    await Promise.all([queue.waitUntilReady(), flows.waitUntilReady(), events.waitUntilReady()]);
    const executor = new BullmqExecutor(options, queue, flows, events, watch);
    await executor.#heartbeat.beat(); // before any job: a worker drops the jobs of a run without a heartbeat
    return executor;
  }

  /** The error that ended the connection mid-run, if it did. */
  get lostError(): Error | undefined {
    return this.#lost;
  }

  /** How many workers are listening on the units queue now. */
  workerCount(): Promise<number> {
    return this.#queue.getWorkersCount();
  }

  /** Sends one agent run (batched with the others of the same turn into one flow). */
  execute(request: AgentRequest): Promise<AgentResult> {
    const started = performance.now();
    const { agent, tier } = request;
    const fail = (message: string) => failedResult(agent.id, tier, message, (performance.now() - started) / 1000);
    if (request.signal?.aborted) return Promise.resolve(fail(`agent ${agent.id} was not run: the run was aborted`));
    const jobId = this.#nextId();
    const result = this.#waiter.wait(jobId, request.timeoutSeconds * 1000 + this.#graceMs);
    this.#batch.push({ request, jobId, result });
    if (this.#batch.length === 1) setImmediate(() => void this.#flush());
    const finished = result.then(
      (value) => this.#record(value as AgentUnitResult).result,
      (error: unknown) => fail(`agent ${agent.id} failed on the queue: ${errorMessage(error)}`),
    );
    const signal = request.signal;
    if (!signal) return finished;
    return new Promise<AgentResult>((resolve) => {
      const onAbort = () => {
        void this.cancel();
        resolve(fail(`agent ${agent.id} was aborted: ${errorMessage(signal.reason ?? 'the run was cancelled')}`));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void finished.then((value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      });
    });
  }

  /** Runs one fleet member on a worker; rejects with the worker's error (a bad commit, a lost server). */
  async runRelease(unit: Omit<ReleaseUnit, 'kind' | 'runId'>, deadlineSeconds: number): Promise<ReleaseUnitResult> {
    const jobId = this.#nextId();
    const result = this.#waiter.wait(jobId, deadlineSeconds * 1000 + this.#graceMs);
    const data = { protocol: PROTOCOL_VERSION, unit: { kind: 'release-prep', runId: this.runId, ...unit } };
    try {
      await this.#queue.add('release-prep', data, { ...JOB_OPTIONS, jobId });
    } catch (error) {
      this.#waiter.rejectAll(error instanceof EmpathyError ? error : new Error(errorMessage(error)));
    }
    return this.#record((await result) as ReleaseUnitResult);
  }

  /**
   * Runs one module of a test-coverage run on a worker (generation and candidate trials; the
   * unit arms its own deadlines). Rejects when the run is cancelled or the server is lost.
   */
  async runModule(root: string, work: ModuleWork, signal: AbortSignal): Promise<ModuleOutcome> {
    if (signal.aborted) throw new Error('the run was aborted');
    const jobId = this.#nextId();
    const deadlineMs = Math.max(0, work.validationDeadline - Date.now()) + this.#graceMs;
    const result = this.#waiter.wait(jobId, deadlineMs);
    const onAbort = () => void this.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    const unit: ModuleUnit = { kind: 'test-module', runId: this.runId, repo: { path: root }, work, sandbox: sandboxPolicy().mode };
    try {
      await this.#queue.add('test-module', { protocol: PROTOCOL_VERSION, unit }, { ...JOB_OPTIONS, jobId });
    } catch (error) {
      this.#waiter.rejectAll(error instanceof EmpathyError ? error : new Error(errorMessage(error)));
    }
    try {
      return this.#record((await result) as ModuleUnitResult).outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Makes the model calls of this run's module units with `client` (see model-gateway.ts). */
  serveModelCalls(client: ModelClient): Promise<ModelGateway> {
    return startModelGateway(this.#address, this.runId, client);
  }

  /**
   * The agents sent from now on consult `model` as in-process agents do (model notes, model
   * fixes): their units carry the provider's name, models and excludes (never the key), and
   * their calls come back here through the gateway (this process's key, budget and rate limits).
   */
  async serveModel(model: MeansModel & { client: ModelClient }): Promise<ModelGateway> {
    const gateway = await this.serveModelCalls(model.client);
    const { name, models, exclude } = model.client.settings;
    this.#model = { settings: { name, models: { ...models }, exclude: [...exclude] }, exclude: [...model.exclude] };
    return {
      close: async () => {
        this.#model = undefined;
        await gateway.close();
      },
    };
  }

  /**
   * Cancels the run: every worker aborts the run's active jobs (and the processes they
   * started), waiting jobs are removed. Resolves when none of them is active any more, or
   * after 5 s.
   */
  cancel(): Promise<void> {
    this.#cancelled ??= this.#cancel();
    return this.#cancelled;
  }

  /** Closes the connections (never waits long for a server that is gone). */
  async close(): Promise<void> {
    this.#waiter.close();
    const closing = Promise.allSettled([this.#heartbeat.stop(), this.#events.close(), this.#queue.close(), this.#flows.close()]);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    this.#watch.close();
    for (const part of [this.#queue, this.#flows, this.#events]) void part.disconnect().catch(() => {});
  }

  async #cancel(): Promise<void> {
    const ids = this.#waiter.ids;
    this.#waiter.rejectAll(new Error('the run was cancelled'));
    try {
      await this.#watch.client.publish(CANCEL_CHANNEL, this.runId);
      const until = Date.now() + 5000;
      let left = ids;
      while (left.length > 0 && Date.now() < until) {
        const states = await Promise.all(
          left.map(async (id) => {
            const job = await this.#queue.getJob(id);
            if (!job) return null;
            const state = await job.getState();
            if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children')
              await job.remove().catch(() => {});
            return state === 'active' ? id : null;
          }),
        );
        left = states.filter((id): id is string => id !== null);
        if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch {
      // a lost server: nothing more to cancel from here
    }
  }

  #nextId(): string {
    return `${this.runId}-${++this.#count}`;
  }

  #record<T extends RunPlace>(value: T): T {
    this.timings.push({ worker: value.worker, enqueuedAt: value.enqueuedAt, startedAt: value.startedAt, finishedAt: Date.now() });
    return value;
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    this.#batch = [];
    const jobs = batch.map(({ request, jobId }) => ({
      name: 'agent',
      queueName: UNITS_QUEUE,
      data: { protocol: PROTOCOL_VERSION, unit: this.#unitOf(request) },
      opts: { ...JOB_OPTIONS, jobId },
    }));
    try {
      if (jobs.length === 1) {
        const [job] = jobs;
        if (job) await this.#queue.add(job.name, job.data, job.opts);
      } else {
        await this.#flows.add({
          name: 'team',
          queueName: TEAMS_QUEUE,
          data: { runId: this.runId, agents: batch.map((b) => b.request.agent.id) },
          opts: { ...JOB_OPTIONS, jobId: `${this.runId}-team-${++this.#count}` },
          children: jobs.map((job) => ({ ...job, opts: { ...job.opts, failParentOnFailure: true } })),
        });
      }
    } catch (error) {
      this.#waiter.rejectAll(new Error(`cannot queue the agents: ${errorMessage(error)}`));
    }
  }

  #unitOf(request: AgentRequest): AgentUnit {
    const { path: contextPath, ...context } = request.context;
    const services = request.services;
    const root = typeof contextPath === 'string' ? contextPath : isAnalysisServices(services) ? services.projectRoot : process.cwd();
    const settings = isAnalysisServices(services) ? services.settings : {};
    return {
      kind: 'agent',
      runId: this.runId,
      repo: { path: root },
      agent: JSON.parse(JSON.stringify(request.agent)) as AgentUnit['agent'],
      context: JSON.parse(JSON.stringify(context)) as Record<string, unknown>,
      timeoutSeconds: request.timeoutSeconds,
      settings: JSON.parse(JSON.stringify(settings)) as AgentUnit['settings'],
      sandbox: sandboxPolicy().mode,
      ...(this.#model ? { model: this.#model } : {}),
    };
  }
}
