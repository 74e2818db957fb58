/**
 * Model calls of a distributed run. A worker's model test generator does not call the provider
 * itself: each call is a job on the run's queue of its tier (`model-<TIER>-<run id>`), and the
 * coordinator takes those jobs with one BullMQ worker per tier whose limiter holds the
 * provider's rate limit of that tier (`provider.requestsPerMinute`) for all workers of the run
 * together. The coordinator makes each call with its own model client, so the key never leaves
 * it, and the run's budget (`--max-cost`) holds across workers: a call reserves its worst-case
 * cost before it starts and is settled at its real cost (released when it was not made).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { errorMessage } from '../errors.js';
import type { ModelClient } from '../providers/model-client.js';
import type { ModelCallOutcome, ModelCallRequest } from '../providers/types.js';
import { TIERS, type Tier } from '../types.js';
import { bullmqConnection } from './connection.js';
import { JobWaiter } from './job-waiter.js';
import { QUEUE_PREFIX } from './names.js';
import type { QueueAddress } from './queue-url.js';

/** The queue of a run's model calls of one tier. */
export function modelQueueName(runId: string, tier: Tier): string {
  return `model-${tier}-${runId}`;
}

/** A running gateway: the coordinator's workers on the run's model queues. */
export interface ModelGateway {
  /** Stops taking calls (calls in flight are aborted) and removes the run's model queues from Redis. */
  close(): Promise<void>;
}

/**
 * Removes the model queues of a run that is over (their jobs, events and meta keys); never
 * throws, and never waits more than 2 s for a server that is gone.
 */
async function removeModelQueues(address: QueueAddress, runId: string): Promise<void> {
  const connection = bullmqConnection(address);
  const removing = Promise.allSettled(
    TIERS.map(async (tier) => {
      const queue = new Queue(modelQueueName(runId, tier), { connection, prefix: QUEUE_PREFIX });
      queue.on('error', () => {});
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }),
  );
  await Promise.race([removing, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}

const JOB_OPTIONS = { attempts: 1, removeOnComplete: { age: 600 }, removeOnFail: { age: 600 } };

/**
 * Starts the coordinator's side: one worker per tier, at most `client.settings.concurrency`
 * calls at once each, rate-limited to the tier's `requestsPerMinute` when set.
 */
export async function startModelGateway(address: QueueAddress, runId: string, client: ModelClient): Promise<ModelGateway> {
  const connection = bullmqConnection(address);
  const perMinute = client.settings.requestsPerMinute ?? {};
  const workers = TIERS.map((tier) => {
    const max = perMinute[tier];
    const processor = (job: Job, _token?: string, signal?: AbortSignal): Promise<ModelCallOutcome> => {
      const request = job.data as Omit<ModelCallRequest, 'signal'>;
      return client.call({ ...request, tier, ...(signal ? { signal } : {}) });
    };
    const worker = new Worker(modelQueueName(runId, tier), processor, {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: client.settings.concurrency,
      ...(max ? { limiter: { max, duration: 60_000 } } : {}),
    });
    worker.on('error', () => {}); // the executor's watch reports a lost server
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    async close() {
      for (const w of workers) w.cancelAllJobs('the run is over');
      await Promise.allSettled(workers.map((w) => w.close()));
      await removeModelQueues(address, runId);
    },
  };
}

/**
 * A worker's model client for one run (shared by the run's units, see {@link RemoteModelClients}):
 * `call` puts the call on the run's queue of its tier and resolves with the outcome the
 * coordinator sends back. Close it when the run's units are done.
 */
export class RemoteModelClient {
  readonly #queues = new Map<Tier, { queue: Queue; events: QueueEvents; waiter: JobWaiter }>();
  readonly #runId: string;
  readonly #address: QueueAddress;
  /** Job ids are unique per client: several units of one worker process call at once. */
  readonly #idPrefix = randomUUID();
  #count = 0;

  constructor(address: QueueAddress, runId: string) {
    this.#address = address;
    this.#runId = runId;
  }

  /** One call (never throws: a call that could not travel is a `failed` outcome). */
  async call(request: ModelCallRequest): Promise<ModelCallOutcome> {
    const { signal, ...data } = request;
    const failed = (message: string): ModelCallOutcome => ({
      status: 'failed',
      message,
      tier: request.tier,
      model: 'unknown',
      usage: { inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 },
      attempts: 0,
    });
    if (signal?.aborted) return { status: 'skipped', reason: 'aborted', message: 'the run was cancelled before the call', tier: request.tier, model: 'unknown' };
    try {
      const { queue, waiter } = await this.#tier(request.tier);
      const jobId = `${this.#runId}-${this.#idPrefix}-${++this.#count}`;
      // The unit's signal ends the wait: its deadline, a cancellation, or a coordinator that is
      // gone (the worker cancels the unit when the run's heartbeat ends; see run-heartbeat.ts).
      const answer = waiter.wait(jobId, 3_600_000);
      await queue.add('model-call', data, { ...JOB_OPTIONS, jobId });
      let onAbort = () => {};
      const aborted = new Promise<never>((_resolve, reject) => {
        onAbort = () => {
          void queue.remove(jobId).catch(() => {}); // not made when not started yet
          reject(new Error(`the unit was stopped during the call: ${errorMessage(signal?.reason ?? 'cancelled')}`));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return (await Promise.race([answer, aborted])) as ModelCallOutcome;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    } catch (error) {
      return failed(`the model call did not come back from the coordinator: ${errorMessage(error)}`);
    }
  }

  /** Closes the connections; `runGone`: its coordinator died, so the run's model queues are removed too (its gateway cannot). */
  async close(runGone = false): Promise<void> {
    const parts = [...this.#queues.values()];
    this.#queues.clear();
    for (const part of parts) part.waiter.close();
    if (runGone) await removeModelQueues(this.#address, this.#runId);
    await Promise.allSettled(parts.flatMap((p) => [p.events.close(), p.queue.close()]));
  }

  async #tier(tier: Tier) {
    const known = this.#queues.get(tier);
    if (known) return known;
    const connection = bullmqConnection(this.#address);
    const name = modelQueueName(this.#runId, tier);
    const queue = new Queue(name, { connection, prefix: QUEUE_PREFIX });
    const events = new QueueEvents(name, { connection, prefix: QUEUE_PREFIX });
    queue.on('error', () => {});
    events.on('error', () => {});
    const part = { queue, events, waiter: new JobWaiter(queue, events) };
    this.#queues.set(tier, part);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return part;
  }
}

/**
 * A worker process's remote model clients, one per run, shared by the run's units (a unit
 * would otherwise open a queue and an events connection per tier before its first call). A
 * client no unit uses is closed after `idleMs`, or at once when its run is gone.
 */
export class RemoteModelClients {
  readonly #clients = new Map<string, { client: RemoteModelClient; users: number; idle?: ReturnType<typeof setTimeout> }>();
  readonly #address: QueueAddress;
  readonly #idleMs: number;

  constructor(address: QueueAddress, idleMs = 30_000) {
    this.#address = address;
    this.#idleMs = idleMs;
  }

  /** The run's client, for one unit; give it back with {@link RemoteModelClients.release}. */
  acquire(runId: string): RemoteModelClient {
    const entry = this.#clients.get(runId) ?? { client: new RemoteModelClient(this.#address, runId), users: 0 };
    clearTimeout(entry.idle);
    entry.users += 1;
    this.#clients.set(runId, entry);
    return entry.client;
  }

  /** One unit of the run is done with its client. */
  release(runId: string): void {
    const entry = this.#clients.get(runId);
    if (!entry) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    entry.idle = setTimeout(() => void this.drop(runId), this.#idleMs);
    entry.idle.unref();
  }

  /** Closes the run's client now (its run is over, or gone: then its model queues are removed too). */
  async drop(runId: string, runGone = false): Promise<void> {
    const entry = this.#clients.get(runId);
    if (!entry) return;
    this.#clients.delete(runId);
    clearTimeout(entry.idle);
    await entry.client.close(runGone);
  }

  /** Closes every client. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#clients.keys()].map((runId) => this.drop(runId)));
  }
}
