/**
 * A job module for the worker pool tests: sleeps, fails, crashes or holds memory on request and
 * says which thread ran it, when, and under which heap limit. Jobs given the same `shared` buffer count how many started and how
 * many run at once, and can wait (blocking their thread) until a number of them have started:
 * the tests prove overlap by what happened, not by timing.
 *
 * @module
 */
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';

/** What the test job does. */
export interface TestJob {
  sleepMs?: number;
  fail?: string;
  crash?: boolean;
  /** Counters shared by a test's jobs: see {@link SHARED_CELLS}. */
  shared?: SharedArrayBuffer;
  /** Wait until this many jobs of `shared` have started (at most 60 s). */
  awaitStarted?: number;
  /** Hold about this many MB of JS heap at once (arrays of small integers), then return their sum. */
  allocateMb?: number;
}

/** What a test job returns. */
export interface TestJobResult {
  threadId: number;
  started: number;
  finished: number;
  /** The thread's V8 heap limit (MB). */
  heapLimitMb: number;
  /** The sum over what {@link TestJob.allocateMb} allocated (0 without it). */
  sum: number;
}

/** Int32 cells of {@link TestJob.shared}: jobs started, jobs running now, most running at once. */
export const SHARED_CELLS = { started: 0, running: 1, peak: 2 } as const;

/** A buffer for {@link TestJob.shared}. */
export function sharedCounters(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 3);
}

/** Allocates `mb` MB of live JS heap in 1 MB arrays of small integers and sums them (a fixed value per `mb`). */
function allocate(mb: number): number {
  const held: number[][] = [];
  for (let i = 0; i < mb; i += 1) held.push(new Array<number>(131_072).fill(i % 7));
  let sum = 0;
  for (const array of held) for (const value of array) sum += value;
  return sum;
}

function enter(cells: Int32Array, awaitStarted: number | undefined): void {
  Atomics.add(cells, SHARED_CELLS.started, 1);
  Atomics.notify(cells, SHARED_CELLS.started);
  const running = Atomics.add(cells, SHARED_CELLS.running, 1) + 1;
  let peak = Atomics.load(cells, SHARED_CELLS.peak);
  while (running > peak) {
    const seen = Atomics.compareExchange(cells, SHARED_CELLS.peak, peak, running);
    if (seen === peak) break;
    peak = seen;
  }
  if (awaitStarted === undefined) return;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const started = Atomics.load(cells, SHARED_CELLS.started);
    if (started >= awaitStarted || Date.now() > deadline) return;
    Atomics.wait(cells, SHARED_CELLS.started, started, 1_000);
  }
}

/** Runs one test job. */
export async function handle(job: TestJob): Promise<TestJobResult> {
  const started = Date.now();
  const cells = job.shared ? new Int32Array(job.shared) : null;
  if (cells) enter(cells, job.awaitStarted);
  try {
    if (job.fail) throw new Error(job.fail);
    if (job.crash) process.exit(3);
    if (job.sleepMs) await new Promise((resolve) => setTimeout(resolve, job.sleepMs));
    const sum = job.allocateMb ? allocate(job.allocateMb) : 0;
    return { threadId, started, finished: Date.now(), heapLimitMb: getHeapStatistics().heap_size_limit / 2 ** 20, sum };
  } finally {
    if (cells) Atomics.sub(cells, SHARED_CELLS.running, 1);
  }
}
