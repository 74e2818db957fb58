import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../../types.js';
import { verdictConfidence } from './confidence.js';
import type { QualityGateResult } from './gates.js';

const gate = (actual: number | null): QualityGateResult =>
  ({ name: 'Test Coverage', threshold: 80, actual, passed: actual !== null && actual >= 80, critical: true, message: '', source: 'coverage', agentId: 'test_coverage_analyzer' }) as QualityGateResult;

const coverageResult = (figures: Record<string, unknown>, notMeasured: unknown[] = []): AgentResult =>
  ({ agentId: 'test_coverage_analyzer', success: true, output: { figures, not_measured: notMeasured } }) as unknown as AgentResult;

describe('verdictConfidence', () => {
  it('is HIGH when everything was measured in this run', () => {
    expect(verdictConfidence([gate(90)], [coverageResult({ freshness: { fresh: true }, report_choices: [] })]).level).toBe('HIGH');
  });

  it('is MEDIUM when the coverage figure came from a report in a tree git does not track (it may have shipped with the code)', () => {
    const result = coverageResult({ freshness: { fresh: true }, report_choices: [{ report: 'coverage/lcov.info', rule: 'newer_than_sources_no_git', accepted: true }] });
    const confidence = verdictConfidence([gate(100)], [result]);
    expect(confidence.level).toBe('MEDIUM');
    expect(confidence.reasons[0]).toMatch(/coverage\/lcov\.info was found in a tree git does not track/);
  });

  it('stays HIGH for a rejected report, and is LOW when a gate was not measured', () => {
    const rejected = coverageResult({ freshness: { fresh: true }, report_choices: [{ report: 'x', rule: 'newer_than_sources_no_git', accepted: false }] });
    expect(verdictConfidence([gate(90)], [rejected]).level).toBe('HIGH');
    expect(verdictConfidence([gate(null)], [rejected]).level).toBe('LOW');
  });
});
