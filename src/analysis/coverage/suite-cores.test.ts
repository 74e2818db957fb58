import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { reservedCoreCount } from '../shared/worker-host.js';
import { cleanupCopies, copyFixtures, indexRoot, placeReport, RUN_DEADLINE_SECONDS, touchAll } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';

afterAll(cleanupCopies);

/** Starts the analyser and reads the cores held right after the call (before any of its awaits), then at the end. */
async function heldAround(root: string, options: Parameters<typeof coverageAnalyzer.analyze>[1]) {
  const index = await indexRoot(root);
  expect(reservedCoreCount()).toBe(0);
  const pending = coverageAnalyzer.analyze(index, options);
  const atStart = reservedCoreCount();
  const report = await pending;
  return { atStart, atEnd: reservedCoreCount(), report };
}

describe('the coverage analyser holds the test run\'s cores from its first line and gives them back on every way out', () => {
  it('a suite that runs: one core from the start, the runner\'s own count during the run, none after', async () => {
    const root = await copyFixtures(['js-lib']);
    const during: number[] = [];
    const { atStart, atEnd, report } = await heldAround(root, {
      tier: 'CAPABLE',
      timeoutSeconds: RUN_DEADLINE_SECONDS,
      onTestProgress: () => during.push(reservedCoreCount()),
    });
    expect(report.figures.coverage).toBe(63.04); // as in analyzer-runs.test.ts
    expect(atStart).toBe(1);
    // node:test's default: one worker per core but one (run-workers.ts)
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set([Math.max(1, os.availableParallelism() - 1)]));
    expect(atEnd).toBe(0);
  });

  it('no suite can run (vitest not installed): not measured, the core given back', async () => {
    const root = await copyFixtures(['ts-lib']);
    const { atStart, atEnd, report } = await heldAround(root, { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect(report.figures.coverage).toBeNull();
    expect(report.notMeasured.length).toBeGreaterThan(0);
    expect([atStart, atEnd]).toEqual([1, 0]);
  });

  it('a fresh report measures the part: no run, the core given back', async () => {
    const root = await copyFixtures(['js-lib']);
    await touchAll(root, new Date('2026-01-01T00:00:00Z'));
    await placeReport(root, 'js-lib.node-test.lcov.info', 'coverage/lcov.info', new Date('2026-01-02T00:00:00Z'));
    const { atStart, atEnd, report } = await heldAround(root, { tier: 'CAPABLE' });
    expect(report.figures.source).toBe('report:coverage/lcov.info');
    expect([atStart, atEnd]).toEqual([1, 0]);
  });

  it('an aborted analysis gives the core back; the CHEAP tier (reports only) never holds one', async () => {
    const root = await copyFixtures(['js-lib']);
    const index = await indexRoot(root);
    const controller = new AbortController();
    const pending = coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS, signal: controller.signal });
    expect(reservedCoreCount()).toBe(1);
    controller.abort(new Error('stopped by the test'));
    await pending.catch(() => undefined); // not measured or rejected: either way the core comes back
    expect(reservedCoreCount()).toBe(0);
    const { atStart, atEnd } = await heldAround(root, { tier: 'CHEAP' });
    expect([atStart, atEnd]).toEqual([0, 0]);
  });
});
