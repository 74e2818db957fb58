/**
 * Connections to the queue's Redis server: options for ioredis and BullMQ, a start-up probe
 * that turns an unreachable server into a one-line usage error, and a watch that notices a
 * server gone mid-run within a bounded time (so a run fails instead of hanging).
 *
 * @module
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { ToolError, UserError, errorMessage } from '../errors.js';
import type { QueueAddress } from './queue-url.js';

/** ioredis options of `address` (BullMQ needs `maxRetriesPerRequest: null` for its blocking connections). */
export function redisOptions(address: QueueAddress, extra: RedisOptions = {}): RedisOptions {
  const { display: _display, ...connection } = address;
  return { ...connection, maxRetriesPerRequest: null, ...extra };
}

/** The connection options BullMQ's queues, workers and flows take for `address`. */
export function bullmqConnection(address: QueueAddress): ConnectionOptions {
  return redisOptions(address) as ConnectionOptions;
}

/**
 * Connects once and sends PING; closes the connection again.
 *
 * @throws UserError `cannot reach the queue at ...` when the server does not answer within `timeoutMs`.
 */
export async function probeRedis(address: QueueAddress, timeoutMs = 3000): Promise<void> {
  const client = new Redis(
    redisOptions(address, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    }),
  );
  client.on('error', () => {}); // reported through connect() below
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new UserError(
      `cannot reach the queue at ${address.display}: ${errorMessage(error)} (start redis-server there, or fix --queue / EMPATHY_QUEUE)`,
    );
  } finally {
    client.disconnect();
  }
}

/** Options of {@link RedisWatch}. */
export interface RedisWatchOptions {
  /** How long the server may stay unreachable before the run is given up (default 10 s). */
  lostAfterMs?: number;
}

/**
 * Watches the server: when the connection drops and cannot be made again within
 * `lostAfterMs`, `lost` rejects with a one-line message. Close it when the run is over.
 */
export class RedisWatch {
  /** Rejects when the server is gone for good; never resolves. */
  readonly lost: Promise<never>;
  readonly #client: Redis;

  constructor(address: QueueAddress, options: RedisWatchOptions = {}) {
    const limit = options.lostAfterMs ?? 10_000;
    let downSince: number | undefined;
    let reject: (error: Error) => void = () => {};
    this.lost = new Promise<never>((_resolve, rejectLost) => {
      reject = rejectLost;
    });
    this.lost.catch(() => {}); // observed by whoever races it
    this.#client = new Redis(
      redisOptions(address, {
        connectTimeout: Math.min(limit, 5000),
        retryStrategy: () => {
          downSince ??= Date.now();
          return Date.now() - downSince >= limit ? null : 250;
        },
      }),
    );
    this.#client.on('error', () => {}); // the 'end' event below is what counts
    this.#client.on('ready', () => {
      downSince = undefined;
    });
    this.#client.on('end', () =>
      reject(new ToolError('redis', `lost the queue at ${address.display}: no answer for ${Math.round(limit / 1000)} s; the run's results are incomplete`)),
    );
  }

  /** The watch's own client (also used to publish cancellation). */
  get client(): Redis {
    return this.#client;
  }

  /** Closes the connection (never waits for a server that is gone). */
  close(): void {
    this.#client.disconnect();
  }
}
