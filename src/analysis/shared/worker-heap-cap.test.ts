import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestJob, TestJobResult } from './pool-job.test-helper.js';
import { LOW_MEMORY_MB, POOL_HEAP_CAP_MB, WORKER_HEAP_CAP_MB, heapCapFor, isWorkerOutOfMemory, workerHeapCapMb } from './worker-heap-cap.js';
import { configureWorkerPool, currentHeapCapMb, reserveCores, runWorker, workerEntry } from './worker-host.js';

const job = workerEntry('analysis/shared/pool-job.test-helper');
const run = (data: TestJob) => runWorker<TestJobResult>(job, data, undefined, 'test');
/** A cap small enough that a job holding 160 MB cannot run under it; V8 adds its young generation to the limit. */
const TINY_CAP_MB = 64;
const capped = (r: TestJobResult) => r.heapLimitMb < TINY_CAP_MB + 100;

let saved: string | undefined;
beforeEach(() => {
  saved = process.env['EMPATHY_WORKER_HEAP_MB'];
});
afterEach(() => {
  if (saved === undefined) delete process.env['EMPATHY_WORKER_HEAP_MB'];
  else process.env['EMPATHY_WORKER_HEAP_MB'] = saved;
  configureWorkerPool({ size: null });
});

describe('worker heap cap', () => {
  it('reads EMPATHY_WORKER_HEAP_MB: a whole number of MB, 0 for no cap, anything else the default', () => {
    process.env['EMPATHY_WORKER_HEAP_MB'] = '200';
    expect(workerHeapCapMb()).toBe(200);
    process.env['EMPATHY_WORKER_HEAP_MB'] = '0';
    expect(workerHeapCapMb()).toBeNull();
    for (const bad of ['', 'lots', '-5', '1.5']) {
      process.env['EMPATHY_WORKER_HEAP_MB'] = bad;
      expect(workerHeapCapMb()).toBe(WORKER_HEAP_CAP_MB);
    }
    delete process.env['EMPATHY_WORKER_HEAP_MB'];
    expect(workerHeapCapMb()).toBe(WORKER_HEAP_CAP_MB);
    expect(isWorkerOutOfMemory(Object.assign(new Error('oom'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }))).toBe(true);
    expect(isWorkerOutOfMemory(new Error('other'))).toBe(false);
    expect(isWorkerOutOfMemory(undefined)).toBe(false);
  });

  it('applies the cap while a test run holds cores, or while two workers may run on a machine short of memory', () => {
    delete process.env['EMPATHY_WORKER_HEAP_MB'];
    const low = LOW_MEMORY_MB - 1;
    const plenty = LOW_MEMORY_MB * 4;
    expect(heapCapFor({ reservedCores: 0, poolSize: 1, availableMb: low })).toBeNull();
    expect(heapCapFor({ reservedCores: 0, poolSize: 2, availableMb: low })).toBe(POOL_HEAP_CAP_MB);
    expect(heapCapFor({ reservedCores: 0, poolSize: 2, availableMb: plenty })).toBeNull();
    expect(heapCapFor({ reservedCores: 1, poolSize: 1, availableMb: plenty })).toBe(WORKER_HEAP_CAP_MB);
    expect(heapCapFor({ reservedCores: 1, poolSize: 3, availableMb: low })).toBe(WORKER_HEAP_CAP_MB);
    process.env['EMPATHY_WORKER_HEAP_MB'] = '300';
    expect(heapCapFor({ reservedCores: 0, poolSize: 2, availableMb: low })).toBe(300);
    expect(heapCapFor({ reservedCores: 0, poolSize: 2, availableMb: plenty })).toBe(300); // the cap the user names applies whatever the memory
    expect(heapCapFor({ reservedCores: 0, poolSize: 1, availableMb: low })).toBeNull();
    process.env['EMPATHY_WORKER_HEAP_MB'] = '0';
    expect(heapCapFor({ reservedCores: 1, poolSize: 4, availableMb: low })).toBeNull();
    expect(heapCapFor({ reservedCores: 0, poolSize: 4, availableMb: low })).toBeNull();
  });

  it('caps the heap of a lone worker only while a test run holds cores; an uncapped idle worker leaves then', async () => {
    process.env['EMPATHY_WORKER_HEAP_MB'] = String(TINY_CAP_MB);
    configureWorkerPool({ size: 1 });
    expect(currentHeapCapMb()).toBeNull();
    const before = await run({});
    expect(capped(before)).toBe(false);
    const release = reserveCores(1);
    try {
      expect(currentHeapCapMb()).toBe(TINY_CAP_MB);
      const during = await run({});
      expect(capped(during)).toBe(true);
      expect(during.threadId).not.toBe(before.threadId);
    } finally {
      release();
    }
    expect(currentHeapCapMb()).toBeNull();
  });

  it('runs a job that runs out of memory under the cap again without it, with the same result', async () => {
    process.env['EMPATHY_WORKER_HEAP_MB'] = '0';
    const reference = await run({ allocateMb: 160 }); // no cap: the result of an uncapped run
    process.env['EMPATHY_WORKER_HEAP_MB'] = String(TINY_CAP_MB);
    configureWorkerPool({ size: 1 });
    const release = reserveCores(1);
    try {
      const first = await run({});
      expect(capped(first)).toBe(true); // the job below starts on this capped worker
      const big = await run({ allocateMb: 160 });
      expect(big.sum).toBe(reference.sum);
      expect(big.sum).toBeGreaterThan(0);
      expect(capped(big)).toBe(false);
      expect(big.threadId).not.toBe(first.threadId);
      // The uncapped worker leaves once idle: the next job runs capped again.
      const next = await run({});
      expect(capped(next)).toBe(true);
      expect(next.threadId).not.toBe(big.threadId);
      // Only running out of memory is retried: a crash under the cap still fails the job.
      await expect(run({ crash: true })).rejects.toThrow(/worker exited \(code 3\) without a result/);
    } finally {
      release();
    }
  });
});
