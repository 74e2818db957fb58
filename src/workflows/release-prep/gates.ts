/**
 * Quality gates of the release-prep workflow: which agent's figure each gate reads, its
 * threshold key and default (spec section "Custom Quality Gates"), and the evaluation that
 * fails closed: a figure that was not measured fails its gate, with the reason and the fix.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { AgentResult, AgentTemplate } from '../../types.js';
import { NEW_CODE_KEYS } from '../new-code/gates.js';

/** A gate the workflow checks. */
export interface GateDefinition {
  /** Display name, e.g. `Security`. */
  name: string;
  /** Threshold key in `qualityGates`, e.g. `max_critical_issues`. */
  thresholdKey: string;
  /** The agent whose output carries the figure. */
  agentId: string;
  /** Figure name in the agent's report, e.g. `critical_issues`. */
  figure: string;
  /** `max`: actual <= threshold passes; `min`: actual >= threshold passes. */
  direction: 'max' | 'min';
  /** A failed critical gate blocks the release; a failed non-critical one is a warning. */
  critical: boolean;
  defaultThreshold: number;
  /** Valid threshold range (for config and flag validation). */
  range: { min: number; max: number; integer?: boolean };
}

/** The spec's four release gates with their defaults. */
export const RELEASE_GATES: readonly GateDefinition[] = [
  {
    name: 'Security',
    thresholdKey: 'max_critical_issues',
    agentId: 'security_auditor',
    figure: 'critical_issues',
    direction: 'max',
    critical: true,
    defaultThreshold: 0,
    range: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  },
  {
    name: 'Test Coverage',
    thresholdKey: 'min_coverage',
    agentId: 'test_coverage_analyzer',
    figure: 'coverage',
    direction: 'min',
    critical: true,
    defaultThreshold: 80,
    range: { min: 0, max: 100 },
  },
  {
    name: 'Code Quality',
    thresholdKey: 'min_quality_score',
    agentId: 'code_reviewer',
    figure: 'quality_score',
    direction: 'min',
    critical: true,
    defaultThreshold: 7,
    range: { min: 0, max: 10 },
  },
  {
    name: 'Documentation',
    thresholdKey: 'min_doc_coverage',
    agentId: 'documentation_writer',
    figure: 'doc_coverage',
    direction: 'min',
    critical: false,
    defaultThreshold: 100,
    range: { min: 0, max: 100 },
  },
];

/**
 * The critical release gates: Security, Test Coverage and Code Quality. A release is approved
 * only when at least one of them was evaluated in the run (a run whose configuration left out
 * all their agents is blocked, whatever its other gates say); a failed one blocks the release.
 */
export const CRITICAL_RELEASE_GATES: readonly GateDefinition[] = RELEASE_GATES.filter((g) => g.critical);

/** Whether `gate` is one of the {@link CRITICAL_RELEASE_GATES}. */
export function isCriticalReleaseGate(gate: Pick<QualityGateResult, 'name' | 'agentId'>): boolean {
  return CRITICAL_RELEASE_GATES.some((g) => g.name === gate.name && g.agentId === gate.agentId);
}

/**
 * Template gate keys (agent templates' `qualityGates`) -> the report figure they check.
 * Used for agents added with `agentIds` beyond the four release agents.
 */
export const TEMPLATE_GATE_FIGURES: Readonly<Record<string, { figure: string; direction: 'max' | 'min' }>> = {
  max_critical: { figure: 'critical_issues', direction: 'max' },
  max_high: { figure: 'high_issues', direction: 'max' },
  min_coverage: { figure: 'coverage', direction: 'min' },
  min_quality: { figure: 'quality_score', direction: 'min' },
  max_complexity: { figure: 'max_complexity', direction: 'max' },
  min_doc_coverage: { figure: 'doc_coverage', direction: 'min' },
  max_regression: { figure: 'regression_pct', direction: 'max' },
  max_circular: { figure: 'circular_dependencies', direction: 'max' },
  max_duplication: { figure: 'duplication_pct', direction: 'max' },
};

/** The gates of a run: the release gates of the agents present, plus the template gates of extra agents. */
export function gatesFor(agents: readonly AgentTemplate[]): GateDefinition[] {
  const ids = new Set(agents.map((a) => a.id));
  const gates = RELEASE_GATES.filter((g) => ids.has(g.agentId));
  const covered = new Set(gates.map((g) => g.agentId));
  for (const agent of agents) {
    if (covered.has(agent.id)) continue;
    covered.add(agent.id);
    for (const [key, threshold] of Object.entries(agent.qualityGates)) {
      const known = TEMPLATE_GATE_FIGURES[key];
      if (!known) continue;
      gates.push({
        name: `${agent.role}: ${key}`,
        thresholdKey: key,
        agentId: agent.id,
        figure: known.figure,
        direction: known.direction,
        critical: true,
        defaultThreshold: threshold,
        range: { min: 0, max: Number.MAX_SAFE_INTEGER },
      });
    }
  }
  return gates;
}

/** The result of one gate, as the report shows it. */
export interface QualityGateResult {
  name: string;
  threshold: number;
  /** The measured figure, or null when it could not be measured. */
  actual: number | null;
  passed: boolean;
  critical: boolean;
  message: string;
  /** Where the figure comes from: tools, versions and files counted, or why there is none. */
  source: string;
  /** The agent whose figure it is. */
  agentId: string;
  /** Where the threshold came from: a flag, the policy file, the repository or user config, or `default`. */
  thresholdSource?: string;
}

interface ReportOutput {
  figures?: Record<string, unknown>;
  tools?: Array<{ name: string; version: string | null }>;
  files_counted?: number;
  not_measured?: Array<{ what: string; reason: string; fix?: string }>;
}

/** How a figure was obtained (tool names and versions, files counted). */
export function describeSource(output: ReportOutput): string {
  const tools = (output.tools ?? []).map((t) => (t.version ? `${t.name} ${t.version}` : t.name));
  const unique = [...new Set(tools)];
  const files = output.files_counted === undefined ? '' : ` over ${output.files_counted} file(s)`;
  return unique.length > 0 ? `${unique.join(', ')}${files}` : `no tool output${files}`;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Evaluates one gate against the agents' results. */
export function evaluateGate(
  gate: GateDefinition,
  threshold: number,
  results: readonly AgentResult[],
): QualityGateResult {
  const base = { name: gate.name, threshold, critical: gate.critical, agentId: gate.agentId };
  const result = results.find((r) => r.agentId === gate.agentId);
  if (!result) {
    return {
      ...base,
      actual: null,
      passed: false,
      message: `not measured: agent ${gate.agentId} did not run`,
      source: 'none',
    };
  }
  const output = result.output as ReportOutput;
  const value = output.figures?.[gate.figure];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const reasons = (output.not_measured ?? []).map(
      (n) => `${n.what}: ${n.reason}${n.fix ? ` (fix: ${n.fix})` : ''}`,
    );
    const why =
      reasons.length > 0
        ? reasons.join('; ')
        : (result.error ?? `${gate.figure} missing from the agent's output`);
    return {
      ...base,
      actual: null,
      passed: false,
      message: `not measured: ${why}`,
      source: output.figures ? describeSource(output) : 'none',
    };
  }
  const passed = gate.direction === 'max' ? value <= threshold : value >= threshold;
  const op = gate.direction === 'max' ? '<=' : '>=';
  const message = passed
    ? `${gate.figure} ${fmt(value)} ${op} ${fmt(threshold)}`
    : `${gate.figure} ${fmt(value)} is ${gate.direction === 'max' ? 'above' : 'below'} the threshold ${fmt(threshold)}`;
  return { ...base, actual: value, passed, message, source: describeSource(output) };
}

/** Checks gate thresholds: known keys, numbers in range. */
export function resolveThresholds(
  agents: readonly AgentTemplate[],
  given: Record<string, unknown> = {},
): Map<string, number> {
  const gates = gatesFor(agents);
  const known = new Set([
    ...RELEASE_GATES.map((g) => g.thresholdKey),
    ...gates.map((g) => g.thresholdKey),
    ...NEW_CODE_KEYS, // checked by resolveNewCodeThresholds (new-code/gates.ts)
  ]);
  for (const key of Object.keys(given)) {
    if (!known.has(key))
      throw new UserError(`unknown quality gate "${key}"; known gates: ${[...known].join(', ')}`);
  }
  const thresholds = new Map<string, number>();
  for (const gate of gates) {
    const value = given[gate.thresholdKey] ?? gate.defaultThreshold;
    const { min, max, integer } = gate.range;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      throw new UserError(
        `quality gate ${gate.thresholdKey} must be ${integer ? 'an integer' : 'a number'} ${range}, got ${JSON.stringify(value)}`,
      );
    }
    thresholds.set(gate.thresholdKey, value);
  }
  return thresholds;
}

/** The given gate thresholds that apply to `agents` (a reused team may not have every agent). */
export function pickKnownGates(
  agents: readonly AgentTemplate[],
  given: Record<string, number> = {},
): Record<string, number> {
  const known = new Set(gatesFor(agents).map((g) => g.thresholdKey));
  return Object.fromEntries(Object.entries(given).filter(([key]) => known.has(key)));
}
