/**
 * Reading helpers shared by the report formats: the analysis reports inside agent outputs,
 * which agents errored, and number formatting. Formats read only the report they are given,
 * so every format is deterministic for a given report.
 *
 * @module
 */
import type { AgentResult } from '../../types.js';
import type { QualityGateResult } from '../release-prep/gates.js';

/** A finding as it appears in an agent's output (wire form of `Finding`). */
export interface OutputFinding {
  file: string;
  line: number;
  column?: number;
  rule: string;
  severity: string;
  message: string;
  tool: string;
  /** The data flow behind the severity (source first, sink last), when one was traced. */
  flow?: Array<{ file: string; line: number; label: string }>;
}

/** An analysis report found in an agent's output, with the agent it belongs to. */
export interface OutputAnalysis {
  agentId: string;
  /** Analyser id, e.g. `security`, `quality`. */
  analyzer: string;
  findings: OutputFinding[];
  tools: Array<{ name: string; version: string | null }>;
  notMeasured: Array<{ what: string; reason: string; fix?: string }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFinding(value: unknown): value is OutputFinding {
  return (
    isRecord(value) &&
    typeof value['file'] === 'string' &&
    typeof value['line'] === 'number' &&
    typeof value['rule'] === 'string' &&
    typeof value['severity'] === 'string' &&
    typeof value['message'] === 'string'
  );
}

function asAnalysis(agentId: string, value: Record<string, unknown>): OutputAnalysis | null {
  if (typeof value['analyzer'] !== 'string' || !Array.isArray(value['findings'])) return null;
  const tools = Array.isArray(value['tools'])
    ? (value['tools'] as unknown[]).filter(
        (t): t is { name: string; version: string | null } => isRecord(t) && typeof t['name'] === 'string',
      )
    : [];
  const notMeasured = Array.isArray(value['not_measured'])
    ? (value['not_measured'] as unknown[]).filter(
        (n): n is { what: string; reason: string; fix?: string } =>
          isRecord(n) && typeof n['what'] === 'string' && typeof n['reason'] === 'string',
      )
    : [];
  return {
    agentId,
    analyzer: value['analyzer'],
    findings: (value['findings'] as unknown[]).filter(isFinding).map((f): OutputFinding => ({
      ...f,
      tool: typeof f.tool === 'string' ? f.tool : String(value['analyzer']),
    })),
    tools,
    notMeasured,
  };
}

/**
 * The analysis reports inside the agents' outputs, in agent order. An agent's output is
 * either one analysis report (one tool) or an object keyed by tool name whose values are
 * analysis reports (an agent with several tools); both are read.
 */
export function analysesOf(results: readonly AgentResult[]): OutputAnalysis[] {
  const found: OutputAnalysis[] = [];
  for (const result of results) {
    const direct = asAnalysis(result.agentId, result.output);
    if (direct) {
      found.push(direct);
      continue;
    }
    for (const value of Object.values(result.output)) {
      if (!isRecord(value)) continue;
      const nested = asAnalysis(result.agentId, value);
      if (nested) found.push(nested);
    }
  }
  return found;
}

/**
 * True when an agent failed without producing any figures: an agent error (crash, timeout,
 * missing tool) rather than a measurement that fell short. The workflow uses the same rule.
 */
export function agentErrored(result: AgentResult): boolean {
  return !result.success && !isRecord(result.output['figures']);
}

/** What a gate's outcome is, for formats that show a status per gate. */
export type GateStatus = 'pass' | 'fail' | 'not_measured' | 'warning';

/** The status of a gate: a failed non-critical gate is a warning; a missing figure is `not_measured`. */
export function gateStatus(gate: QualityGateResult): GateStatus {
  if (gate.passed) return 'pass';
  if (!gate.critical) return 'warning';
  return gate.actual === null ? 'not_measured' : 'fail';
}

/** A figure for display: integers as they are, others with one decimal; `null` as `not measured`. */
export function figure(value: number | null): string {
  if (value === null) return 'not measured';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
