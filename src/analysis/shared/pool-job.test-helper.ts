/**
 * A job module for the worker pool tests: sleeps, fails or crashes on request and says which
 * thread ran it and when. Jobs given the same `shared` buffer count how many started and how
 * many run at once, and can wait (blocking their thread) until a number of them have started:
 * the tests prove overlap by what happened, not by timing.
 *
 * @module
 */
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
}

/** Int32 cells of {@link TestJob.shared}: jobs started, jobs running now, most running at once. */
export const SHARED_CELLS = { started: 0, running: 1, peak: 2 } as const;

/** A buffer for {@link TestJob.shared}. */
export function sharedCounters(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 3);
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
export async function handle(job: TestJob): Promise<{ threadId: number; started: number; finished: number }> {
  const started = Date.now();
  const cells = job.shared ? new Int32Array(job.shared) : null;
  if (cells) enter(cells, job.awaitStarted);
  try {
    if (job.fail) throw new Error(job.fail);
    if (job.crash) process.exit(3);
    if (job.sleepMs) await new Promise((resolve) => setTimeout(resolve, job.sleepMs));
    return { threadId, started, finished: Date.now() };
  } finally {
    if (cells) Atomics.sub(cells, SHARED_CELLS.running, 1);
  }
}
