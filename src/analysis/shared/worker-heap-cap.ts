/**
 * The heap cap of the analysis pool's worker threads while a test run holds cores (see
 * `reserveCores` in worker-host.ts), or while the pool may run more than one worker on a machine
 * short of memory.
 *
 * A worker thread's V8 heap grows to its default limit (a share of the machine's memory, some
 * GiB) before a full collection has to run, so after a few jobs most of a worker's memory is
 * garbage: the static agents alone on hono (75.9k lines) peaked at 851-1,065 MiB with the default
 * limit and at 539-579 MiB with 300-512 MB per thread. While a suite runs, its processes need that
 * memory: a worker started then gets `resourceLimits.maxOldGenerationSizeMb` = {@link workerHeapCapMb}.
 * Without a suite, two uncapped workers alone still took mathjs's static agents (120k lines) to
 * 783-996 MiB; a cap halves that but costs a third more CPU, so without a suite a worker gets the
 * looser {@link POOL_HEAP_CAP_MB} only while the pool may run more than one worker and the machine
 * is short of memory, or the cap `EMPATHY_WORKER_HEAP_MB` names ({@link heapCapFor}). A job whose worker runs out of memory under a cap
 * (`ERR_WORKER_OUT_OF_MEMORY`) is run again on a worker without a cap, so the cap never leaves a
 * large repository unmeasured and the result is the one an uncapped run gives.
 *
 * @module
 */
import os from 'node:os';

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
 * with 1024 MB, wall +16 %; at load 4-5 (3 rounds) 29.7 s without, 40.0 s with 1024 MB and 38.2 s
 * with 1536 (V8 grows a heap with a lower limit by a smaller factor, so it collects more often);
 * reports identical in every run. Hence only below {@link LOW_MEMORY_MB} of available memory.
 */
export const POOL_HEAP_CAP_MB = 1024;

/** Available memory (MB) below which pool workers without a suite get {@link POOL_HEAP_CAP_MB}. */
export const LOW_MEMORY_MB = 4096;

/** The machine's available memory in MB (`os.freemem()`). */
export function availableMemoryMb(): number {
  return os.freemem() / 2 ** 20;
}

/**
 * True when less than {@link LOW_MEMORY_MB} is available: the one rule behind the pool's cap
 * without a suite ({@link heapCapFor}) and jest's worker memory limit (`run-workers.ts`).
 *
 * @example
 * shortOfMemory(2_000); // true
 */
export function shortOfMemory(availableMb = availableMemoryMb()): boolean {
  return availableMb < LOW_MEMORY_MB;
}

/** `EMPATHY_WORKER_HEAP_MB` when it is a whole number (`0`: null, no cap); undefined when unset or invalid. */
function heapCapFromEnv(): number | null | undefined {
  const raw = process.env['EMPATHY_WORKER_HEAP_MB'];
  const fromEnv = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(fromEnv) || fromEnv < 0) return undefined;
  return fromEnv === 0 ? null : fromEnv;
}

/**
 * The heap cap of a worker started while a test run holds cores: `EMPATHY_WORKER_HEAP_MB` when it
 * is a whole number (`0`: no cap), else `fallback` ({@link WORKER_HEAP_CAP_MB}); null for no cap.
 *
 * @example
 * workerHeapCapMb(); // 768, or null with EMPATHY_WORKER_HEAP_MB=0
 */
export function workerHeapCapMb(fallback = WORKER_HEAP_CAP_MB): number | null {
  const fromEnv = heapCapFromEnv();
  return fromEnv === undefined ? fallback : fromEnv;
}

/** What decides whether a worker starts with the heap cap (the pool's state when it starts). */
export interface PoolMemoryState {
  /** Cores a test run of ours holds outside the pool (`reserveCores`). */
  reservedCores: number;
  /** How many workers the pool may run at once now. */
  poolSize: number;
  /** The machine's available memory in MB (`os.freemem()`). */
  availableMb: number;
}

/**
 * The heap cap of a worker started in `state`: {@link workerHeapCapMb} while a test run holds
 * cores; else, while the pool may run more than one worker (their garbage adds up), the cap
 * `EMPATHY_WORKER_HEAP_MB` names, or without it {@link POOL_HEAP_CAP_MB} on a machine with less
 * than {@link LOW_MEMORY_MB} available; else null (V8's default limit: fewer collections).
 *
 * @example
 * heapCapFor({ reservedCores: 1, poolSize: 1, availableMb: 16_000 }); // 768: a suite runs
 * heapCapFor({ reservedCores: 0, poolSize: 2, availableMb: 2_000 }); // 1024: two workers, little memory
 * heapCapFor({ reservedCores: 0, poolSize: 2, availableMb: 16_000 }); // null (300 with EMPATHY_WORKER_HEAP_MB=300)
 */
export function heapCapFor(state: PoolMemoryState): number | null {
  if (state.reservedCores > 0) return workerHeapCapMb();
  if (state.poolSize <= 1) return null;
  const fromEnv = heapCapFromEnv();
  if (fromEnv !== undefined) return fromEnv;
  return shortOfMemory(state.availableMb) ? POOL_HEAP_CAP_MB : null;
}

/** Whether a worker's `error` is Node's out-of-memory termination under its `resourceLimits`. */
export function isWorkerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
