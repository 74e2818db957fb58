/**
 * The result of a test-coverage boost: camelCase TypeScript API, the spec's snake_case wire
 * form through {@link TestCoverageBoostResult.toJSON}, and a console summary.
 *
 * @module
 */
import type { PlannedContainment } from '../../core/sandbox/index.js';
import type { CompositionInfo } from '../release-prep/report.js';
import type { Usage } from '../../types.js';

/** A possible bug in the wire form. */
export interface PossibleBugRecord {
  file: string;
  target: string;
  input: string;
  error: string;
  found_by: 'generation' | 'validation';
}

/** The analysis part. */
export interface BoostAnalysis {
  currentCoverage: number | null;
  /** Coverage the caller said it had (`currentCoverage` input), for context only. */
  statedCoverage: number | null;
  gaps: {
    path: string;
    uncovered: number;
    lines_total: number;
    pct: number | null;
    priority: boolean;
    functions: string[];
  }[];
  priorities: string[];
  recommendations: string[];
}

/** The generation part. */
export interface BoostGeneration {
  testsGenerated: number;
  testFiles: string[];
  testCases: { test_file: string; target_file: string; test_cases: number; generator: string }[];
}

/** The validation part. */
export interface BoostValidation {
  allPassed: boolean;
  finalCoverage: number | null;
  coverageImprovement: number | null;
  failures: { test_file: string; target_file: string; reason: string; detail: string }[];
  keptFiles: { test_file: string; target_file: string; test_cases: number; lines_gained: number }[];
  suitePassed: boolean | null;
}

/** Everything {@link TestCoverageBoostResult} holds. */
export interface TestCoverageBoostInit {
  targetCoverage: number;
  coverageBefore: number | null;
  coverageAfter: number | null;
  testsGenerated: number;
  analysis: BoostAnalysis;
  generation: BoostGeneration;
  validation: BoostValidation;
  possibleBugs: PossibleBugRecord[];
  qualityGatesPassed: boolean;
  executionTime: number;
  usage: Usage;
  /** Files written into the project (empty on a dry run). */
  writtenFiles: string[];
  dryRun: boolean;
  interrupted: boolean;
  errors: string[];
  notes: string[];
  /** How explored functions and test runs were contained. */
  containment: PlannedContainment;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The outcome of `TestCoverageBoostWorkflow.execute`. */
export class TestCoverageBoostResult implements TestCoverageBoostInit {
  readonly targetCoverage!: number;
  readonly coverageBefore!: number | null;
  readonly coverageAfter!: number | null;
  readonly testsGenerated!: number;
  readonly analysis!: BoostAnalysis;
  readonly generation!: BoostGeneration;
  readonly validation!: BoostValidation;
  readonly possibleBugs!: PossibleBugRecord[];
  readonly qualityGatesPassed!: boolean;
  readonly executionTime!: number;
  readonly usage!: Usage;
  readonly writtenFiles!: string[];
  readonly dryRun!: boolean;
  readonly interrupted!: boolean;
  readonly errors!: string[];
  readonly notes!: string[];
  readonly containment!: PlannedContainment;
  /** The composition that ran (set by the workflow when learning is on), or null. */
  composition: CompositionInfo | null = null;

  constructor(init: TestCoverageBoostInit) {
    Object.assign(this, init);
  }

  /** Percentage points gained (after - before), null when either was not measured. */
  get coverageImprovement(): number | null {
    return this.coverageBefore === null || this.coverageAfter === null
      ? null
      : round2(this.coverageAfter - this.coverageBefore);
  }

  /** True when the final coverage reaches the target. */
  get targetReached(): boolean {
    return this.coverageAfter !== null && this.coverageAfter >= this.targetCoverage;
  }

  /** The wire form (spec snake_case names). */
  toJSON(): Record<string, unknown> {
    return {
      target_coverage: this.targetCoverage,
      coverage_before: this.coverageBefore,
      coverage_after: this.coverageAfter,
      coverage_improvement: this.coverageImprovement,
      tests_generated: this.testsGenerated,
      analysis: {
        current_coverage: this.analysis.currentCoverage,
        stated_coverage: this.analysis.statedCoverage,
        gaps: this.analysis.gaps,
        priorities: this.analysis.priorities,
        recommendations: this.analysis.recommendations,
      },
      generation: {
        tests_generated: this.generation.testsGenerated,
        test_files: this.generation.testFiles,
        test_cases: this.generation.testCases,
      },
      validation: {
        all_passed: this.validation.allPassed,
        final_coverage: this.validation.finalCoverage,
        coverage_improvement: this.validation.coverageImprovement,
        failures: this.validation.failures,
        kept_files: this.validation.keptFiles,
        suite_passed: this.validation.suitePassed,
      },
      possible_bugs: this.possibleBugs,
      quality_gates_passed: this.qualityGatesPassed,
      composition: this.composition && {
        id: this.composition.id,
        reused: this.composition.reused,
        strategy: this.composition.strategy,
        agents: this.composition.agents,
        usage_count: this.composition.usageCount,
        success_rate: this.composition.successRate,
      },
      target_reached: this.targetReached,
      execution_time: round2(this.executionTime),
      usage: {
        input_tokens: this.usage.inputTokens,
        output_tokens: this.usage.outputTokens,
        calls: this.usage.calls,
        cost_usd: this.usage.costUsd,
      },
      written_files: this.writtenFiles,
      dry_run: this.dryRun,
      interrupted: this.interrupted,
      errors: this.errors,
      notes: this.notes,
      containment: this.containment,
    };
  }

  /** A short console summary: before -> after, tests kept, time, possible bugs. */
  formatConsoleOutput(): string {
    const pct = (n: number | null) => (n === null ? 'not measured' : `${n.toFixed(2)}%`);
    const gained = this.coverageImprovement;
    const lines = [
      `Test coverage boost ${this.interrupted ? '(interrupted)' : this.targetReached ? '✅ target reached' : '❌ target not reached'}`,
      `  coverage: ${pct(this.coverageBefore)} -> ${pct(this.coverageAfter)}${gained === null ? '' : ` (${gained >= 0 ? '+' : ''}${gained.toFixed(2)} points)`}, target ${this.targetCoverage}%`,
      `  tests kept: ${this.testsGenerated} in ${this.validation.keptFiles.length} file(s), of ${this.generation.testsGenerated} generated in ${this.generation.testFiles.length} file(s)`,
      `  time: ${this.executionTime.toFixed(1)}s`,
      `  contained: explored functions by ${this.containment.exploration}; test runs: ${this.containment.test_runs}`,
    ];
    if (this.dryRun) lines.push('  dry run: nothing was written');
    else if (this.writtenFiles.length > 0)
      lines.push('  written:', ...this.writtenFiles.map((f) => `    + ${f}`));
    if (this.validation.failures.length > 0) {
      lines.push(
        `  rejected: ${this.validation.failures.length}`,
        ...this.validation.failures.slice(0, 10).map((f) => `    - ${f.test_file}: ${f.reason}`),
      );
    }
    lines.push(
      `  possible bugs: ${this.possibleBugs.length}`,
      ...this.possibleBugs.slice(0, 10).map((b) => `    ! ${b.input} -> ${b.error} (${b.file})`),
    );
    if (this.errors.length > 0) lines.push('  errors:', ...this.errors.map((e) => `    ${e}`));
    if (this.analysis.recommendations.length > 0)
      lines.push('  next:', ...this.analysis.recommendations.map((r) => `    ${r}`));
    return `${lines.join('\n')}\n`;
  }
}
