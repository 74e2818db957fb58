import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolError } from '../../errors.js';
import { SHARED_CELLS, sharedCounters, type TestJob } from './pool-job.test-helper.js';
import { IDLE_WORKER_MS, IDLE_WORKER_RESERVED_MS, INLINE_JS_FILES, INLINE_PYTHON_FILES, configureWorkerPool, holdCores, idleWorkerMs, reserveCores, reservedCoreCount, runWorker, runsInline, runsInlineJs, tsxEsmApi, workerEntry, workerPoolSize, workerPoolState } from './worker-host.js';

const job = workerEntry('analysis/shared/pool-job.test-helper');
type Ran = { threadId: number; started: number; finished: number };
const run = (data: TestJob, signal?: AbortSignal) => runWorker<Ran>(job, data, signal, 'test');

afterEach(() => configureWorkerPool({ size: null }));

describe('worker pool', () => {
  it('runs jobs off the main thread on at most `size` workers at once, and overlaps them', async () => {
    configureWorkerPool({ size: 2 });
    // Each job waits until two have started: they finish only if two run at once.
    const shared = sharedCounters();
    const runs = await Promise.all([1, 2, 3, 4, 5].map(() => run({ shared, awaitStarted: 2, sleepMs: 5 })));
    const threads = new Set(runs.map((r) => r.threadId));
    expect(threads.has(threadId)).toBe(false);
    expect(threads.size).toBe(2);
    const cells = new Int32Array(shared);
    expect(Atomics.load(cells, SHARED_CELLS.started)).toBe(5);
    expect(Atomics.load(cells, SHARED_CELLS.peak)).toBe(2);
  });

  it('a small job waits for the worker that exists instead of starting one; another job starts one', async () => {
    configureWorkerPool({ size: 1 }); // at most one idle worker is left from the other tests
    configureWorkerPool({ size: 2 });
    const [first, small] = await Promise.all([run({ sleepMs: 100 }), runWorker<Ran>(job, { sleepMs: 5 }, undefined, 'test', { small: true })]);
    expect(small!.threadId).toBe(first!.threadId);
    expect(small!.started).toBeGreaterThanOrEqual(first!.finished);
    // The same two jobs, the second not small: it starts a second worker and the two overlap.
    const shared = sharedCounters();
    const both = await Promise.all([run({ shared, awaitStarted: 2 }), run({ shared, awaitStarted: 2 })]);
    expect(new Set(both.map((r) => r.threadId)).size).toBe(2);
  });

  it('retires idle workers over a smaller size at once', async () => {
    configureWorkerPool({ size: 2 });
    const shared = sharedCounters(); // both wait for each other: two threads, whatever the timing
    const wide = await Promise.all([run({ shared, awaitStarted: 2 }), run({ shared, awaitStarted: 2 })]);
    expect(new Set(wide.map((r) => r.threadId)).size).toBe(2);
    configureWorkerPool({ size: 1 });
    const narrow = await Promise.all([run({ sleepMs: 50 }), run({ sleepMs: 50 })]);
    const [a, b] = narrow.sort((x, y) => x.started - y.started) as [Ran, Ran];
    expect(b.started).toBeGreaterThanOrEqual(a.finished);
  });

  it('yields the cores a test run holds: the default size shrinks, never below one, and comes back', async () => {
    const saved = process.env['EMPATHY_WORKERS'];
    delete process.env['EMPATHY_WORKERS'];
    try {
      const full = workerPoolSize();
      const releaseOne = reserveCores(1);
      expect(workerPoolSize()).toBe(Math.max(1, full - 1));
      const releaseAll = reserveCores(64);
      expect(workerPoolSize()).toBe(1);
      const narrow = await Promise.all([run({ sleepMs: 50 }), run({ sleepMs: 50 })]);
      const [a, b] = narrow.sort((x, y) => x.started - y.started) as [Ran, Ran];
      expect(b.started).toBeGreaterThanOrEqual(a.finished);
      releaseAll();
      releaseAll(); // a second call changes nothing
      releaseOne();
      expect(workerPoolSize()).toBe(full);
      // A size the user set does not yield.
      configureWorkerPool({ size: 2 });
      const release = reserveCores(8);
      expect(workerPoolSize()).toBe(2);
      release();
    } finally {
      if (saved !== undefined) process.env['EMPATHY_WORKERS'] = saved;
    }
  });

  it('a hold takes its cores at once, changes its size without giving them back in between, and releases once', () => {
    expect(reservedCoreCount()).toBe(0);
    const hold = holdCores(1);
    const other = reserveCores(2);
    expect([hold.cores, reservedCoreCount()]).toEqual([1, 3]);
    hold.set(3);
    expect([hold.cores, reservedCoreCount()]).toEqual([3, 5]);
    hold.set(0);
    expect([hold.cores, reservedCoreCount()]).toEqual([0, 2]);
    hold.set(2);
    hold.release();
    hold.release(); // a second call changes nothing
    hold.set(4); // nor does a size set after the release
    expect([hold.cores, reservedCoreCount()]).toEqual([0, 2]);
    other();
    expect(reservedCoreCount()).toBe(0);
  });

  it('while a test run holds cores, idle workers over the smaller size leave at once and the others are kept briefly (or leave, when uncapped)', async () => {
    const saved = process.env['EMPATHY_WORKERS'];
    const savedCap = process.env['EMPATHY_WORKER_HEAP_MB'];
    delete process.env['EMPATHY_WORKERS'];
    try {
      // Workers started without the heap cap (EMPATHY_WORKER_HEAP_MB=0).
      process.env['EMPATHY_WORKER_HEAP_MB'] = '0';
      const full = workerPoolSize();
      const shared = sharedCounters(); // every job waits for the others: `full` threads, whatever the timing
      await Promise.all(Array.from({ length: full }, () => run({ shared, awaitStarted: full })));
      expect(workerPoolState()).toEqual({ workers: full, busy: 0, queued: 0 });
      expect(idleWorkerMs()).toBe(IDLE_WORKER_MS);
      // Still without it, the idle workers within the size stay.
      const release = reserveCores(1);
      expect(workerPoolState().workers).toBe(Math.max(1, full - 1));
      expect(idleWorkerMs()).toBe(IDLE_WORKER_RESERVED_MS);
      release();
      expect(idleWorkerMs()).toBe(IDLE_WORKER_MS);
      // With it (the default), idle workers without the cap leave at once.
      delete process.env['EMPATHY_WORKER_HEAP_MB'];
      const releaseCapped = reserveCores(1);
      expect(workerPoolState().workers).toBe(0);
      releaseCapped();
    } finally {
      if (saved !== undefined) process.env['EMPATHY_WORKERS'] = saved;
      if (savedCap === undefined) delete process.env['EMPATHY_WORKER_HEAP_MB'];
      else process.env['EMPATHY_WORKER_HEAP_MB'] = savedCap;
    }
  });

  it('starts queued normal jobs before low-priority ones, each class in order', async () => {
    configureWorkerPool({ size: 1 });
    const low = (name: string) =>
      runWorker<Ran>(job, { sleepMs: 20 }, undefined, 'test', { priority: 'low' }).then((r) => ({
        name,
        ...r,
      }));
    const busy = run({ sleepMs: 100 });
    const queued = [low('low 1'), low('low 2'), run({ sleepMs: 20 }).then((r) => ({ name: 'normal', ...r }))];
    await busy;
    const order = (await Promise.all(queued)).sort((a, b) => a.started - b.started).map((r) => r.name);
    expect(order).toEqual(['normal', 'low 1', 'low 2']);
  });

  it('reuses an idle worker that has loaded the module', async () => {
    const first = await run({});
    const second = await run({});
    expect(second.threadId).toBe(first.threadId);
  });

  it('takes an aborted job out of the queue without stopping the running one', async () => {
    configureWorkerPool({ size: 1 });
    const controller = new AbortController();
    const running = run({ sleepMs: 200 });
    const queued = run({}, controller.signal);
    controller.abort(new Error('stop'));
    await expect(queued).rejects.toThrow('stop');
    await expect(running).resolves.toMatchObject({ threadId: expect.any(Number) });
  });

  it('terminates the worker of an aborted running job; the next job gets a new worker', async () => {
    configureWorkerPool({ size: 1 });
    const before = await run({});
    const controller = new AbortController();
    const shared = sharedCounters();
    const pending = run({ sleepMs: 600_000, shared }, controller.signal);
    // Abort once the job runs in its worker (not after a delay, when it might still be queued).
    const cells = new Int32Array(shared);
    while (Atomics.load(cells, SHARED_CELLS.started) === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    const after = await run({});
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('turns a throwing handler, a crashed worker and a module without `handle` into ToolErrors', async () => {
    await expect(run({ fail: 'bad input in the job' })).rejects.toThrow(
      new ToolError('test', 'bad input in the job'),
    );
    await expect(run({ crash: true })).rejects.toThrow(/worker exited \(code 3\) without a result/);
    const noHandle = workerEntry('analysis/shared/complexity-types');
    await expect(runWorker(noHandle, {}, undefined, 'test')).rejects.toThrow(/exports no handle function/);
    expect((await run({})).threadId).not.toBe(threadId);
  });

  it('fails a job whose data cannot be sent, and keeps its worker free for the next job', async () => {
    configureWorkerPool({ size: 1 });
    await run({});
    await expect(runWorker(job, { sleepMs: 1, callback: () => 1 }, undefined, 'test')).rejects.toThrow(
      /cannot send the job to a worker thread: .*could not be cloned/,
    );
    await expect(run({})).resolves.toMatchObject({ threadId: expect.any(Number) });
  });

  it('sizes the pool from EMPATHY_WORKERS or the cores, and rejects a bad size', () => {
    const saved = process.env['EMPATHY_WORKERS'];
    try {
      process.env['EMPATHY_WORKERS'] = '3';
      expect(workerPoolSize()).toBe(3);
      process.env['EMPATHY_WORKERS'] = 'many';
      expect(workerPoolSize()).toBeGreaterThanOrEqual(1);
      expect(workerPoolSize()).toBeLessThanOrEqual(4);
    } finally {
      if (saved === undefined) delete process.env['EMPATHY_WORKERS'];
      else process.env['EMPATHY_WORKERS'] = saved;
    }
    expect(() => configureWorkerPool({ size: 0 })).toThrow(RangeError);
  });

  it('keeps a job over a few Python files on the calling thread, never a JS/TS file or more files', () => {
    const py = (n: number) => Array.from({ length: n }, () => ({ language: 'python' }));
    expect(runsInline(py(1))).toBe(true);
    expect(runsInline(py(INLINE_PYTHON_FILES))).toBe(true);
    expect(runsInline(py(INLINE_PYTHON_FILES + 1))).toBe(false);
    expect(runsInline([{ language: 'python' }, { language: 'typescript' }])).toBe(false);
    expect(runsInline([{ language: 'javascript' }])).toBe(false);
  });

  it('keeps a job over a few JS/TS files on the calling thread unless a suite holds cores or a worker has its module loaded', async () => {
    const other = workerEntry('analysis/shared/not-loaded-by-any-worker');
    expect(runsInlineJs(other, 1)).toBe(true);
    expect(runsInlineJs(other, INLINE_JS_FILES)).toBe(true);
    expect(runsInlineJs(other, INLINE_JS_FILES + 1)).toBe(false);
    const release = reserveCores(1);
    try {
      expect(runsInlineJs(other, 1)).toBe(false);
    } finally {
      release();
    }
    configureWorkerPool({ size: 1 });
    await run({});
    expect(runsInlineJs(job, 1)).toBe(false);
    expect(runsInlineJs(other, 1)).toBe(true);
  });

  it('names the .ts source (through a tsx bootstrap) from source', () => {
    expect(workerEntry('analysis/shared/pool-worker').pathname).toMatch(/\/src\/analysis\/shared\/pool-worker\.ts$/);
    expect(tsxEsmApi()).toContain('tsx/dist/esm/api/index.mjs');
  });
});
