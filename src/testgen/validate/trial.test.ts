import { describe, expect, it } from 'vitest';
import { decide, type Covered, type TrialRecord } from './trial.js';

const passing = (covered: Record<string, number[]> | null, rerun: TrialRecord['rerun'] = null): TrialRecord => ({
  first: { passed: true, timedOut: false, output: 'ok', command: 'node --test x', covered },
  rerun,
});

describe('decide: the validator\'s rules, applied to a trial made anywhere', () => {
  const known: Covered = new Map([['lib/a.js', new Set([1, 2])]]);

  it('keeps a candidate that passed 3 runs and covers a new line, counting only the new lines', () => {
    expect(decide(passing({ 'lib/a.js': [1, 2, 3], 'lib/b.js': [7] }), known)).toEqual({ kept: true, added: 2 });
  });

  it('rejects in the validator\'s order: run 1 failed, no coverage data, no new line, then a failed rerun', () => {
    expect(decide({ first: { passed: false, timedOut: true, output: 'slow', command: 'c', covered: null } }, known)).toMatchObject({ kept: false, reason: 'timeout', detail: 'run 1: slow' });
    expect(decide({ first: { passed: false, timedOut: false, output: 'boom', command: 'c', covered: null } }, known)).toMatchObject({ kept: false, reason: 'failed' });
    expect(decide(passing(null), known)).toMatchObject({ kept: false, reason: 'failed', detail: expect.stringContaining('no coverage data (node --test x)') });
    // No new line wins over a failed rerun: an in-process run never reran it.
    expect(decide(passing({ 'lib/a.js': [2] }, { reason: 'flaky', detail: 'run 2 failed' }), known)).toMatchObject({ reason: 'no_coverage_gain' });
    expect(decide(passing({ 'lib/a.js': [9] }, { reason: 'flaky', detail: 'run 2 failed' }), known)).toEqual({ kept: false, reason: 'flaky', detail: 'run 2 failed' });
  });

  it('a candidate that was not run is not kept, with the reason', () => {
    expect(decide({ notRun: 'time budget used up' }, known)).toEqual({ kept: false, reason: 'not_run', detail: 'time budget used up' });
  });
});
