/**
 * Builds the {@link TestCoverageBoostResult} from the agents' outputs and the validation outcome.
 *
 * @module
 */
import type { PlannedContainment } from '../../core/sandbox/index.js';
import type { ValidationOutcome } from '../../testgen/validate/validator.js';
import type { AgentResult, Usage } from '../../types.js';
import { TestCoverageBoostResult, type BoostAnalysis, type PossibleBugRecord } from './result.js';

/** What {@link buildResult} needs. */
export interface BuildResultInput {
  target: number;
  stated: number | null;
  priorities: string[];
  outputs: AgentResult[];
  validation: ValidationOutcome | null;
  written: string[];
  dryRun: boolean;
  interrupted: boolean;
  errors: string[];
  seconds: number;
  containment: PlannedContainment;
}

function outputOf(outputs: AgentResult[], id: string): Record<string, unknown> {
  return outputs.find((o) => o.agentId === id)?.output ?? {};
}

function sumUsage(outputs: AgentResult[]): Usage {
  let cost: number | null = 0;
  const usage = { inputTokens: 0, outputTokens: 0, calls: 0 };
  for (const o of outputs) {
    usage.inputTokens += o.usage.inputTokens;
    usage.outputTokens += o.usage.outputTokens;
    usage.calls += o.usage.calls;
    cost = cost === null || o.usage.costUsd === null ? null : cost + o.usage.costUsd;
  }
  return { ...usage, costUsd: cost };
}

function recommendations(
  before: number | null,
  after: number | null,
  target: number,
  analysis: Record<string, unknown>,
  validation: ValidationOutcome | null,
): string[] {
  const out: string[] = [];
  if (before === null) {
    const reasons = (analysis['not_measured'] as { reason: string; fix?: string }[] | undefined) ?? [];
    out.push(...reasons.map((r) => `coverage not measured: ${r.reason}${r.fix ? ` (fix: ${r.fix})` : ''}`));
    return out;
  }
  if (after !== null && after >= target) return out;
  const left = validation?.finalFigures?.gaps.files ?? [];
  for (const gap of left.slice(0, 3))
    out.push(`write tests for ${gap.path}: ${gap.uncovered} line(s) still uncovered`);
  if ((validation?.rejected ?? []).some((r) => r.reason === 'not_run'))
    out.push('rerun with a larger --max-time to validate every candidate');
  return out;
}

/** Assembles the result of a run. */
export function buildResult(input: BuildResultInput): TestCoverageBoostResult {
  const analysis = outputOf(input.outputs, 'test_coverage_analyzer');
  const generation = outputOf(input.outputs, 'test_generator');
  const figures = analysis['figures'] as { coverage: number | null } | undefined;
  const before = figures?.coverage ?? null;
  const v = input.validation;
  const after = v?.finalFigures?.coverage ?? null;
  const candidates =
    (generation['candidates'] as
      { test_file: string; target_file: string; test_cases: number; generator: string }[] | undefined) ?? [];
  const bugs: PossibleBugRecord[] = (generation['possible_bugs'] as PossibleBugRecord[] | undefined) ?? [];
  const kept = v?.kept ?? [];
  const improvement = before === null || after === null ? null : Math.round((after - before) * 100) / 100;
  const suitePassed = v?.suitePassed ?? null;
  const allPassed = v !== null && suitePassed !== false && input.outputs.every((o) => o.success);
  const analysisPart: BoostAnalysis = {
    currentCoverage: before,
    statedCoverage: input.stated,
    gaps: (generation['gaps'] as BoostAnalysis['gaps'] | undefined) ?? [],
    priorities: input.priorities,
    recommendations: recommendations(before, after, input.target, analysis, v),
  };
  const notes = [...((generation['notes'] as string[] | undefined) ?? []), ...(v?.notes ?? [])];
  const errors = [...new Set(input.errors)];
  return new TestCoverageBoostResult({
    targetCoverage: input.target,
    coverageBefore: before,
    coverageAfter: after,
    testsGenerated: kept.reduce((n, k) => n + k.testCases, 0),
    analysis: analysisPart,
    generation: {
      testsGenerated: candidates.reduce((n, c) => n + c.test_cases, 0),
      testFiles: candidates.map((c) => c.test_file),
      testCases: candidates.map((c) => ({
        test_file: c.test_file,
        target_file: c.target_file,
        test_cases: c.test_cases,
        generator: c.generator,
      })),
    },
    validation: {
      allPassed,
      finalCoverage: after,
      coverageImprovement: improvement,
      failures: (v?.rejected ?? []).map((r) => ({
        test_file: r.testFile,
        target_file: r.targetFile,
        reason: r.reason,
        detail: r.detail,
      })),
      keptFiles: kept.map((k) => ({
        test_file: k.testFile,
        target_file: k.targetFile,
        test_cases: k.testCases,
        lines_gained: k.linesGained,
      })),
      suitePassed,
    },
    possibleBugs: bugs,
    qualityGatesPassed: allPassed && after !== null && after >= input.target,
    executionTime: input.seconds,
    usage: sumUsage(input.outputs),
    writtenFiles: input.written,
    dryRun: input.dryRun,
    interrupted: input.interrupted,
    errors,
    notes,
    containment: input.containment,
  });
}
