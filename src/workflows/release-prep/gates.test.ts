import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../orchestration/index.js';
import type { AgentResult } from '../../types.js';
import { evaluateGate, gatesFor, RELEASE_GATES, resolveThresholds } from './gates.js';

const four = ['security_auditor', 'test_coverage_analyzer', 'code_reviewer', 'documentation_writer'].map(
  (id) => getTemplate(id),
);

function result(agentId: string, output: Record<string, unknown>, success = true): AgentResult {
  return {
    agentId,
    success,
    output,
    confidence: 1,
    durationSeconds: 1,
    error: success ? null : 'boom',
    tier: 'CAPABLE',
    usage: { inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 },
  };
}

describe('resolveThresholds', () => {
  it('uses the spec defaults and overrides', () => {
    expect(Object.fromEntries(resolveThresholds(four))).toEqual({
      max_critical_issues: 0,
      min_coverage: 80,
      min_quality_score: 7,
      min_doc_coverage: 100,
    });
    expect(resolveThresholds(four, { min_coverage: 90 }).get('min_coverage')).toBe(90);
  });

  it('rejects unknown keys, out-of-range and non-integer values with one-line errors', () => {
    expect(() => resolveThresholds(four, { min_cov: 1 })).toThrow(
      /unknown quality gate "min_cov"; known gates: /,
    );
    expect(() => resolveThresholds(four, { min_coverage: 150 })).toThrow(
      'quality gate min_coverage must be a number between 0 and 100, got 150',
    );
    expect(() => resolveThresholds(four, { max_critical_issues: 1.5 })).toThrow(
      'quality gate max_critical_issues must be an integer >= 0, got 1.5',
    );
    expect(() => resolveThresholds(four, { min_quality_score: '7' })).toThrow(
      /must be a number between 0 and 10/,
    );
  });

  it('adds the template gates of extra agents', () => {
    const gates = gatesFor([...four, getTemplate('architecture_analyst')]);
    expect(gates.map((g) => g.thresholdKey)).toEqual([
      ...RELEASE_GATES.map((g) => g.thresholdKey),
      'max_circular',
    ]);
  });
});

describe('evaluateGate', () => {
  const coverage = RELEASE_GATES[1]!;
  it('passes and fails on the measured figure', () => {
    expect(
      evaluateGate(coverage, 80, [result('test_coverage_analyzer', { figures: { coverage: 85.5 } })]),
    ).toMatchObject({ passed: true, actual: 85.5 });
    expect(
      evaluateGate(coverage, 80, [result('test_coverage_analyzer', { figures: { coverage: 79.9 } })]),
    ).toMatchObject({
      passed: false,
      message: 'coverage 79.9 is below the threshold 80',
    });
  });

  it('fails closed when the figure was not measured, with the reason and the fix', () => {
    const output = {
      figures: { coverage: null },
      not_measured: [{ what: 'coverage', reason: 'no tests', fix: 'add tests' }],
    };
    expect(evaluateGate(coverage, 80, [result('test_coverage_analyzer', output, false)])).toMatchObject({
      passed: false,
      actual: null,
      message: 'not measured: coverage: no tests (fix: add tests)',
    });
    expect(evaluateGate(coverage, 0, [])).toMatchObject({
      passed: false,
      message: 'not measured: agent test_coverage_analyzer did not run',
    });
  });
});

describe('analysisWarnings', () => {
  it("passes on the analysers' warnings and warns when the coverage run had failing tests", async () => {
    const { analysisWarnings } = await import('./release-prep.js');
    expect(analysisWarnings({ figures: { warnings: ['dependency audit unavailable: 405'] } })).toEqual([
      'dependency audit unavailable: 405',
    ]);
    expect(analysisWarnings({ figures: { coverage: 85, tests_failed: true } })).toEqual([
      'some tests failed in the coverage run: the coverage figure is from that run (see the coverage/failing-tests finding)',
    ]);
    expect(analysisWarnings({ figures: { coverage: 85, tests_failed: false } })).toEqual([]);
    expect(analysisWarnings({})).toEqual([]);
  });
});
