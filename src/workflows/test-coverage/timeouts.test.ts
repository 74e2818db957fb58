import { describe, expect, it } from 'vitest';
import { phaseDeadlines, runTimeouts } from './timeouts.js';

describe('runTimeouts', () => {
  it('derives the deadlines from --max-time instead of a fixed 120 s', () => {
    expect(runTimeouts({ maxTimeSeconds: 600 })).toEqual({ suiteMs: 600_000, candidateMs: 60_000 });
    expect(runTimeouts({ maxTimeSeconds: 3600 })).toEqual({ suiteMs: 3_600_000, candidateMs: 360_000 });
  });

  it('a short budget: a candidate run never outlasts the suite deadline', () => {
    expect(runTimeouts({ maxTimeSeconds: 30 })).toEqual({ suiteMs: 30_000, candidateMs: 30_000 });
  });

  it("the project's coverage timeoutSeconds sets the whole-suite deadline", () => {
    expect(runTimeouts({ maxTimeSeconds: 3600, configuredSeconds: 900 })).toEqual({ suiteMs: 900_000, candidateMs: 360_000 });
  });

  it('an explicit runTimeoutSeconds sets both', () => {
    expect(runTimeouts({ maxTimeSeconds: 600, runTimeoutSeconds: 45, configuredSeconds: 900 })).toEqual({ suiteMs: 45_000, candidateMs: 45_000 });
  });
});

describe('phaseDeadlines', () => {
  it('a quick suite: generation gets half of the time left, validation stops with 15 % left', () => {
    expect(phaseDeadlines(10_000, 90_000, 3_000)).toEqual({ generation: 46_700, validation: 78_000 });
  });

  it('a slow suite: two more suite runs are set aside before generation gets its share, and the final run gets 1.2x its time', () => {
    // baseline 210-360 s, candidates 360-420 s, final run 420-600 s
    expect(phaseDeadlines(150_000, 600_000, 150_000)).toEqual({ generation: 210_000, validation: 420_000 });
  });

  it('no time left: both deadlines are now or past', () => {
    const d = phaseDeadlines(700_000, 600_000, 150_000);
    expect(d.generation).toBe(700_000);
    expect(d.validation).toBe(600_000);
  });
});
