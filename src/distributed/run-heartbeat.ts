/**
 * The heartbeat of a run: its coordinator keeps a key with a short expiry alive in Redis while
 * the run is going, and deletes it when the run is over. A worker runs a job only while its
 * run's key exists and cancels its running jobs of a run whose key is gone, so a coordinator
 * that died (SIGKILL, a lost machine) frees the workers within the key's expiry plus one check,
 * instead of leaving them waiting for model answers or running work nobody collects.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { runAliveKey } from './names.js';

/** How long a run's key lives without renewal (the coordinator renews it every third of it). */
export const HEARTBEAT_TTL_MS = 20_000;

/** The coordinator's side: keeps `runAliveKey(runId)` alive until {@link RunHeartbeat.stop}. */
export class RunHeartbeat {
  readonly #client: Redis;
  readonly #key: string;
  readonly #ttlMs: number;
  readonly #timer: ReturnType<typeof setInterval>;

  /** Starts beating on `client` (one that retries: a short outage only delays a beat). */
  constructor(client: Redis, runId: string, ttlMs = HEARTBEAT_TTL_MS) {
    this.#client = client;
    this.#key = runAliveKey(runId);
    this.#ttlMs = ttlMs;
    this.#timer = setInterval(() => void this.beat().catch(() => {}), Math.max(100, Math.round(ttlMs / 3)));
    this.#timer.unref();
  }

  /** Renews the key now (awaited once before the run's first job, so a worker never sees a run without it). */
  async beat(): Promise<void> {
    await this.#client.set(this.#key, '1', 'PX', this.#ttlMs);
  }

  /** Stops beating and deletes the key: the run's jobs still on the queue are dropped by the workers. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#client.del(this.#key);
  }
}

/** True when the coordinator of `runId` is alive (its key exists). */
export async function runIsAlive(client: Redis, runId: string): Promise<boolean> {
  return (await client.exists(runAliveKey(runId))) === 1;
}
