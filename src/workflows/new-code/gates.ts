/**
 * Gates on new code: `min_new_coverage` (coverage of the changed executable lines),
 * `max_new_critical` (critical findings on changed lines) and `min_new_quality_score`
 * (quality score of the changed files), configured with the other gates (`qualityGates`,
 * flags, policy). `new_code_min_lines` is the size of a change below which its coverage is
 * stated but not gated. They apply only when a base is known (`--base`, or a pull request in
 * GitHub Actions).
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { AgentTemplate } from '../../types.js';
import type { GateDefinition, QualityGateResult } from '../release-prep/gates.js';
import type { NewCodeFigures } from './figures.js';

/** The gates on new code, with their defaults. */
export const NEW_CODE_GATES: readonly GateDefinition[] = [
  {
    name: 'New Code Coverage',
    thresholdKey: 'min_new_coverage',
    agentId: 'test_coverage_analyzer',
    figure: 'new_coverage',
    direction: 'min',
    critical: true,
    defaultThreshold: 80,
    range: { min: 0, max: 100 },
  },
  {
    name: 'New Code Security',
    thresholdKey: 'max_new_critical',
    agentId: 'security_auditor',
    figure: 'new_critical_issues',
    direction: 'max',
    critical: true,
    defaultThreshold: 0,
    range: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  },
  {
    name: 'New Code Quality',
    thresholdKey: 'min_new_quality_score',
    agentId: 'code_reviewer',
    figure: 'new_quality_score',
    direction: 'min',
    critical: true,
    defaultThreshold: 7,
    range: { min: 0, max: 10 },
  },
];

/** The `qualityGates` key of the smallest change whose coverage is gated. */
export const NEW_CODE_MIN_LINES_KEY = 'new_code_min_lines';

/** The default of {@link NEW_CODE_MIN_LINES_KEY}: every change with an executable line is gated. */
export const NEW_CODE_MIN_LINES_DEFAULT = 0;

/** Every `qualityGates` key of the new code with its default (what `--print-config` shows unset). */
export const NEW_CODE_DEFAULTS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(NEW_CODE_GATES.map((g) => [g.thresholdKey, g.defaultThreshold])),
  [NEW_CODE_MIN_LINES_KEY]: NEW_CODE_MIN_LINES_DEFAULT,
};

/** Every `qualityGates` key this module reads. */
export const NEW_CODE_KEYS: readonly string[] = [...NEW_CODE_GATES.map((g) => g.thresholdKey), NEW_CODE_MIN_LINES_KEY];

function checked(key: string, value: unknown, range: GateDefinition['range']): number {
  const { min, max, integer } = range;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const span = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new UserError(`quality gate ${key} must be ${integer ? 'an integer' : 'a number'} ${span}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Thresholds of the new-code gates whose agent is in the team, and `new_code_min_lines`. */
export interface NewCodeThresholds {
  gates: Array<{ gate: GateDefinition; threshold: number }>;
  minLines: number;
}

/**
 * The new-code thresholds from `given` (the resolved `qualityGates`), defaults for the rest,
 * for the gates whose agent runs.
 *
 * @throws UserError for a value out of range.
 */
export function resolveNewCodeThresholds(
  agents: readonly AgentTemplate[],
  given: Readonly<Record<string, unknown>> = {},
): NewCodeThresholds {
  const ids = new Set(agents.map((a) => a.id));
  const minLines = checked(NEW_CODE_MIN_LINES_KEY, given[NEW_CODE_MIN_LINES_KEY] ?? NEW_CODE_MIN_LINES_DEFAULT, {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });
  const gates = NEW_CODE_GATES.map((gate) => ({
    gate,
    threshold: checked(gate.thresholdKey, given[gate.thresholdKey] ?? gate.defaultThreshold, gate.range),
  }));
  return { gates: gates.filter((g) => ids.has(g.gate.agentId)), minLines };
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function reasonOf(figures: NewCodeFigures, what: string): string | null {
  const found = figures.not_measured.find((n) => n.what === what);
  return found ? found.reason : null;
}

function compare(gate: GateDefinition, value: number, threshold: number): { passed: boolean; message: string } {
  const passed = gate.direction === 'max' ? value <= threshold : value >= threshold;
  const op = gate.direction === 'max' ? '<=' : '>=';
  return {
    passed,
    message: passed
      ? `${gate.figure} ${fmt(value)} ${op} ${fmt(threshold)}`
      : `${gate.figure} ${fmt(value)} is ${gate.direction === 'max' ? 'above' : 'below'} the threshold ${fmt(threshold)}`,
  };
}

function coverageGate(figures: NewCodeFigures, gate: GateDefinition, threshold: number): Pick<QualityGateResult, 'actual' | 'passed' | 'message'> {
  const reason = reasonOf(figures, 'new-code coverage');
  if (reason) return { actual: null, passed: false, message: `not measured: ${reason}` };
  const executable = figures.executable_lines ?? 0;
  if (figures.too_small) {
    const stated = figures.coverage === null ? '' : `; coverage ${fmt(figures.coverage)}%`;
    const why =
      executable === 0
        ? 'the change has no executable line the coverage data counts: nothing to cover'
        : `the change has ${executable} executable line(s), fewer than ${NEW_CODE_MIN_LINES_KEY} ${figures.min_lines}${stated}: not gated`;
    return { actual: figures.coverage, passed: true, message: why };
  }
  const result = compare(gate, figures.coverage ?? 0, threshold);
  return { actual: figures.coverage, ...result, message: `${result.message} (${figures.covered_lines} of ${executable} changed executable lines covered)` };
}

/**
 * Evaluates the new-code gates. A figure that could not be measured fails its gate; a change
 * with nothing to judge (no executable changed line, no changed source file) passes, and the
 * message says so.
 */
export function evaluateNewCodeGates(figures: NewCodeFigures, thresholds: NewCodeThresholds): QualityGateResult[] {
  return thresholds.gates.map(({ gate, threshold }) => {
    const base = { name: gate.name, threshold, critical: gate.critical, agentId: gate.agentId };
    const source = `git diff ${figures.merge_base.slice(0, 12)} (${figures.base_source} ${figures.base_ref}): ${figures.changed_lines} changed line(s) in ${figures.changed_files} file(s)`;
    if (gate.thresholdKey === 'min_new_coverage') return { ...base, ...coverageGate(figures, gate, threshold), source };
    const what = gate.thresholdKey === 'max_new_critical' ? 'new-code critical issues' : 'new-code quality';
    const reason = reasonOf(figures, what);
    if (reason) return { ...base, actual: null, passed: false, message: `not measured: ${reason}`, source };
    const value = gate.thresholdKey === 'max_new_critical' ? figures.critical_issues : figures.quality_score;
    if (value === null) {
      return { ...base, actual: null, passed: true, message: 'no scored source file changed: nothing to judge', source };
    }
    return { ...base, actual: value, ...compare(gate, value, threshold), source };
  });
}
