/**
 * A job module for the worker pool tests: sleeps, fails or crashes on request and says which
 * thread ran it and when.
 *
 * @module
 */
import { threadId } from 'node:worker_threads';

/** What the test job does. */
export interface TestJob {
  sleepMs?: number;
  fail?: string;
  crash?: boolean;
}

/** Runs one test job. */
export async function handle(job: TestJob): Promise<{ threadId: number; started: number; finished: number }> {
  const started = Date.now();
  if (job.fail) throw new Error(job.fail);
  if (job.crash) process.exit(3);
  if (job.sleepMs) await new Promise((resolve) => setTimeout(resolve, job.sleepMs));
  return { threadId, started, finished: Date.now() };
}
