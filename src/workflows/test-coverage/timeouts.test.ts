import { describe, expect, it } from 'vitest';
import { runTimeouts } from './timeouts.js';

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
