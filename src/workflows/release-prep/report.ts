/**
 * The release readiness report: the verdict, the gates, blockers, warnings, the executive
 * summary and the agents' results, with the console layout of the spec and the snake_case
 * JSON form (`schemas/release-report.schema.json`).
 *
 * @module
 */
import { agentResultToJSON } from '../../orchestration/strategies/results.js';
import type { AgentResult } from '../../types.js';
import type { ConfidenceLevel } from './confidence.js';
import {
  configurationLines,
  configurationToJSON,
  DEFAULT_CONFIGURATION_INPUT,
  type ConfigurationInfo,
} from './configuration.js';
import type { QualityGateResult } from './gates.js';
import type { FixItem } from './summary.js';
import type { NewCodeFigures } from '../new-code/figures.js';
import { newCodeLines } from '../new-code/lines.js';

/** What composition ran and whether it was reused from the configuration store. */
export interface CompositionInfo {
  id: string;
  reused: boolean;
  strategy: string;
  agents: Array<{ role: string; tier: string }>;
  /** Uses recorded so far, this run included. */
  usageCount: number;
  successRate: number;
}

/** The fields of a {@link ReleaseReadinessReport}. */
export interface ReleaseReportData {
  approved: boolean;
  confidence: ConfidenceLevel;
  confidenceReasons: string[];
  qualityGates: QualityGateResult[];
  agentResults: AgentResult[];
  blockers: string[];
  warnings: string[];
  summary: string;
  topFixes: FixItem[];
  /** ISO 8601 time the report was generated. */
  timestamp: string;
  /** Wall time of the run, in seconds. */
  totalDuration: number;
  /** Absolute path of the analysed project. */
  path: string;
  composition: CompositionInfo | null;
  /** Model usage of the run (wire form), or null when no provider was configured. */
  model: Record<string, unknown> | null;
  /** Where the settings came from, what was ignored and which default gates did not run (default: none given). */
  configuration?: ConfigurationInfo;
  /** New-code figures when a base was given (`--base`, or a pull request in GitHub Actions); null otherwise. */
  newCode?: NewCodeFigures | null;
}

/** Options of {@link ReleaseReadinessReport.formatConsoleOutput}. */
export interface ConsoleFormatOptions {
  /** ANSI colours (the CLI turns them on only on a TTY without NO_COLOR). */
  color?: boolean;
}

const RULE = '='.repeat(70);
const LINE = '-'.repeat(70);

function num(value: number | null): string {
  return value === null ? 'not measured' : value.toFixed(1);
}

function paint(text: string, code: number, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** The result of the release-prep workflow. */
export class ReleaseReadinessReport implements ReleaseReportData {
  approved!: boolean;
  confidence!: ConfidenceLevel;
  confidenceReasons!: string[];
  qualityGates!: QualityGateResult[];
  agentResults!: AgentResult[];
  blockers!: string[];
  warnings!: string[];
  summary!: string;
  topFixes!: FixItem[];
  timestamp!: string;
  totalDuration!: number;
  path!: string;
  composition!: CompositionInfo | null;
  model!: Record<string, unknown> | null;
  configuration: ConfigurationInfo = { ...DEFAULT_CONFIGURATION_INPUT, disabledGates: [] };
  newCode: NewCodeFigures | null = null;

  constructor(data: ReleaseReportData) {
    Object.assign(this, data);
    this.newCode = data.newCode ?? null;
    if (data.configuration === undefined)
      this.configuration = { ...DEFAULT_CONFIGURATION_INPUT, disabledGates: [] };
  }

  /** The report in the spec's console layout. */
  formatConsoleOutput(options: ConsoleFormatOptions = {}): string {
    const color = options.color ?? false;
    const green = (t: string) => paint(t, 32, color);
    const red = (t: string) => paint(t, 31, color);
    const yellow = (t: string) => paint(t, 33, color);
    const bold = (t: string) => paint(t, 1, color);
    const out: string[] = [RULE, bold('RELEASE READINESS REPORT (Meta-Orchestrated)'), RULE, ''];
    out.push(`Status: ${this.approved ? green('✅ READY FOR RELEASE') : red('❌ RELEASE BLOCKED')}`);
    out.push(`Confidence: ${this.confidence}`);
    out.push(`Generated: ${this.timestamp}`);
    out.push(`Duration: ${this.totalDuration.toFixed(2)}s`);
    out.push(`Path: ${this.path}`);
    if (this.composition) {
      out.push(
        `Composition: ${this.composition.id} (${this.composition.reused ? 'reused from the store' : 'composed afresh'})`,
      );
    }
    out.push('', LINE, 'QUALITY GATES', LINE);
    for (const gate of this.qualityGates) {
      const figures = `(actual: ${num(gate.actual)}, threshold: ${gate.threshold.toFixed(1)})`;
      if (gate.passed) out.push(green(`✅ ${gate.name}: PASS ${figures}`));
      else if (!gate.critical) out.push(yellow(`⚠️  ${gate.name}: below threshold ${figures}`));
      else if (gate.actual === null) out.push(red(`❌ ${gate.name}: NOT MEASURED ${figures}`));
      else out.push(red(`❌ ${gate.name}: FAIL ${figures}`));
    }
    if (this.blockers.length > 0) {
      out.push('', LINE, 'RELEASE BLOCKERS', LINE, ...this.blockers.map((b) => red(`• ${b}`)));
    }
    if (this.warnings.length > 0) {
      out.push('', LINE, 'WARNINGS', LINE, ...this.warnings.map((w) => yellow(`• ${w}`)));
    }
    if (this.newCode) out.push('', LINE, 'NEW CODE', LINE, ...newCodeLines(this.newCode, this.qualityGates));
    out.push('', LINE, 'CONFIGURATION', LINE, ...configurationLines(this.configuration, this.qualityGates));
    out.push('', LINE, 'EXECUTIVE SUMMARY', LINE, this.summary);
    out.push('', LINE, `AGENTS EXECUTED (${this.agentResults.length})`, LINE);
    for (const result of this.agentResults) {
      const line = `${result.success ? '✅' : '❌'} ${result.agentId}: ${result.durationSeconds.toFixed(2)}s`;
      out.push(result.success ? line : `${line} (${result.error ?? 'failed'})`);
    }
    out.push('');
    return out.join('\n');
  }

  /** The report in its wire form (snake_case), as `--json` prints it. */
  toJSON(): Record<string, unknown> {
    return {
      schema_version: 1,
      approved: this.approved,
      confidence: this.confidence,
      confidence_reasons: this.confidenceReasons,
      timestamp: this.timestamp,
      total_duration: this.totalDuration,
      path: this.path,
      quality_gates: this.qualityGates.map((g) => ({
        name: g.name,
        threshold: g.threshold,
        actual: g.actual,
        passed: g.passed,
        critical: g.critical,
        message: g.message,
        source: g.source,
        agent_id: g.agentId,
        threshold_source: g.thresholdSource ?? 'default',
      })),
      blockers: this.blockers,
      warnings: this.warnings,
      summary: this.summary,
      top_fixes: this.topFixes,
      composition: this.composition && {
        id: this.composition.id,
        reused: this.composition.reused,
        strategy: this.composition.strategy,
        agents: this.composition.agents,
        usage_count: this.composition.usageCount,
        success_rate: this.composition.successRate,
      },
      model: this.model,
      configuration: configurationToJSON(this.configuration),
      new_code: this.newCode,
      agent_results: this.agentResults.map(agentResultToJSON),
    };
  }
}
