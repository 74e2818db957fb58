/**
 * Waits for the jobs a coordinator put on the queue: each pending job resolves with its
 * return value or rejects with its failure, from the queue's events, with a poll of the job's
 * state as a fallback (an events reader misses what happened before it started reading). A
 * job that a worker started must finish within its deadline plus a grace period; a lost
 * server rejects everything still pending.
 *
 * @module
 */
import type { Queue, QueueEvents } from 'bullmq';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  deadlineMs: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Tracks pending jobs of one queue by id. */
export class JobWaiter {
  readonly #pending = new Map<string, Pending>();
  readonly #queue: Queue;
  readonly #poll: ReturnType<typeof setInterval>;
  #polling = false;

  constructor(queue: Queue, events: QueueEvents, pollMs = 1000) {
    this.#queue = queue;
    events.on('active', ({ jobId }) => this.#started(jobId));
    events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => this.#settle(jobId, undefined, failedReason));
    this.#poll = setInterval(() => void this.#check(), pollMs);
    this.#poll.unref();
  }

  /** The ids of the jobs still pending. */
  get ids(): string[] {
    return [...this.#pending.keys()];
  }

  /** Registers a job id before the job is added; `deadlineMs` counts from the job's start. */
  wait(jobId: string, deadlineMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => this.#pending.set(jobId, { resolve, reject, deadlineMs }));
  }

  /** Rejects every pending job with `error` (a lost server, a cancelled run). */
  rejectAll(error: Error): void {
    for (const id of this.ids) this.#settle(id, undefined, error.message);
  }

  /** Stops polling. */
  close(): void {
    clearInterval(this.#poll);
  }

  #started(jobId: string): void {
    const pending = this.#pending.get(jobId);
    if (!pending || pending.timer) return;
    pending.timer = setTimeout(
      () => this.#settle(jobId, undefined, `no result from the worker within ${Math.round(pending.deadlineMs / 1000)} s of the job's start`),
      pending.deadlineMs,
    );
    pending.timer.unref();
  }

  #settle(jobId: string, value: unknown, failure?: string): void {
    const pending = this.#pending.get(jobId);
    if (!pending) return;
    this.#pending.delete(jobId);
    clearTimeout(pending.timer);
    if (failure === undefined) pending.resolve(value);
    else pending.reject(new Error(failure));
  }

  async #check(): Promise<void> {
    if (this.#polling || this.#pending.size === 0) return;
    this.#polling = true;
    try {
      for (const id of this.ids) {
        const job = await this.#queue.getJob(id);
        if (!job) continue; // not added yet, or removed: the events or the deadline settle it
        const state = await job.getState();
        if (state === 'completed') {
          // The job was read before its state: it may have completed in between, so its return
          // value is read again (a null one is left to the 'completed' event or the next poll).
          const done = job.returnvalue ?? (await this.#queue.getJob(id))?.returnvalue;
          if (done !== null && done !== undefined) this.#settle(id, done);
        }
        else if (state === 'failed') this.#settle(id, undefined, job.failedReason || 'the job failed');
        else if (state === 'active') this.#started(id);
      }
    } catch {
      // the connection watch reports a lost server
    } finally {
      this.#polling = false;
    }
  }
}
