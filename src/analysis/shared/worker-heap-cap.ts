/**
 * The heap cap of the analysis pool's worker threads while a test run holds cores (see
 * `reserveCores` in worker-host.ts) or the pool may run more than one worker.
 *
 * A worker thread's V8 heap grows to its default limit (a share of the machine's memory, some
 * GiB) before a full collection has to run, so after a few jobs most of a worker's memory is
 * garbage: the static agents alone on hono (75.9k lines) peaked at 851-1,065 MiB with the default
 * limit and at 539-579 MiB with 300-512 MB per thread. While a suite runs, its processes need that
 * memory: a worker started then gets `resourceLimits.maxOldGenerationSizeMb` = {@link workerHeapCapMb}.
 * Without a suite, two uncapped workers alone still took mathjs's static agents (120k lines) to
 * 783-943 MiB: while the pool may run more than one worker, a worker gets the looser
 * {@link POOL_HEAP_CAP_MB} ({@link heapCapFor}). A job whose worker runs out of memory under a cap
 * (`ERR_WORKER_OUT_OF_MEMORY`) is run again on a worker without a cap, so the cap never leaves a
 * large repository unmeasured and the result is the one an uncapped run gives.
 *
 * @module
 */

/**
 * Old-generation heap (MB) of a worker started while a test run holds cores. hono's cold run
 * (one run each, `EMPATHY_LOG=debug`, load 3-5): our process peaked at 442 / 394 / 399 / 790 MB
 * with 384 / 512 / 768 MB / no cap, for 34.8 / 30.3 / 25.3 / 25.9 s CPU: below 768 MB the ESLint
 * worker collects garbage more often for little less memory.
 */
export const WORKER_HEAP_CAP_MB = 768;

/**
 * Old-generation heap (MB) of a worker started while the pool may run more than one worker and no
 * test run holds cores. mathjs's static agents (119,880 lines, 2 workers), interleaved rounds: the
 * whole run peaked at 800-996 MiB without a cap, 528-566 with 1024 MB, 574-631 with 1536, 778-866
 * with 2048 and 495-519 with 768 (load 3-10). The price is more collections: at load 3-5 (6
 * rounds) CPU 29.0-34.7 s (median 32.3) without a cap against 30.1-43.4 s (median 38.3, +18 %)
 * with 1024 MB, wall +16 %; reports identical in every run.
 */
export const POOL_HEAP_CAP_MB = 1024;

/**
 * The heap cap of a worker started while a test run holds cores: `EMPATHY_WORKER_HEAP_MB` when it
 * is a whole number (`0`: no cap), else `fallback` ({@link WORKER_HEAP_CAP_MB}); null for no cap.
 *
 * @example
 * workerHeapCapMb(); // 768, or null with EMPATHY_WORKER_HEAP_MB=0
 */
export function workerHeapCapMb(fallback = WORKER_HEAP_CAP_MB): number | null {
  const raw = process.env['EMPATHY_WORKER_HEAP_MB'];
  const fromEnv = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(fromEnv) || fromEnv < 0) return fallback;
  return fromEnv === 0 ? null : fromEnv;
}

/** What decides whether a worker starts with the heap cap (the pool's state when it starts). */
export interface PoolMemoryState {
  /** Cores a test run of ours holds outside the pool (`reserveCores`). */
  reservedCores: number;
  /** How many workers the pool may run at once now. */
  poolSize: number;
}

/**
 * The heap cap of a worker started in `state`: {@link workerHeapCapMb} while a test run holds
 * cores; else, while the pool may run more than one worker (their garbage adds up),
 * {@link POOL_HEAP_CAP_MB}; else null (a lone worker with the machine to itself keeps V8's default
 * limit). `EMPATHY_WORKER_HEAP_MB` replaces both caps.
 *
 * @example
 * heapCapFor({ reservedCores: 1, poolSize: 1 }); // 768: a suite runs
 * heapCapFor({ reservedCores: 0, poolSize: 2 }); // 1024: two workers
 * heapCapFor({ reservedCores: 0, poolSize: 1 }); // null
 */
export function heapCapFor(state: PoolMemoryState): number | null {
  if (state.reservedCores > 0) return workerHeapCapMb();
  return state.poolSize > 1 ? workerHeapCapMb(POOL_HEAP_CAP_MB) : null;
}

/** Whether a worker's `error` is Node's out-of-memory termination under its `resourceLimits`. */
export function isWorkerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
