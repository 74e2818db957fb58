/**
 * The executive summary of a release report, written from the figures: what blocks the
 * release and the top three things to fix first, with file and line.
 *
 * @module
 */
import type { AgentResult } from '../../types.js';
import type { QualityGateResult } from './gates.js';

/** One thing to fix, with where. */
export interface FixItem {
  gate: string;
  file: string;
  line: number;
  what: string;
}

interface FindingLike {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

function outputOf(results: readonly AgentResult[], agentId: string): Record<string, unknown> | undefined {
  return results.find((r) => r.agentId === agentId)?.output;
}

function findingsOf(output: Record<string, unknown> | undefined): FindingLike[] {
  const findings = output?.['findings'];
  return Array.isArray(findings) ? (findings as FindingLike[]) : [];
}

/** Candidate fixes for one failed gate, best first. */
function fixesForGate(gate: QualityGateResult, results: readonly AgentResult[]): FixItem[] {
  const output = outputOf(results, gate.agentId);
  if (gate.actual === null) {
    return [
      {
        gate: gate.name,
        file: '.',
        line: 0,
        what: `make ${gate.name} measurable: ${gate.message.replace(/^not measured: /, '')}`,
      },
    ];
  }
  if (gate.agentId === 'test_coverage_analyzer') {
    const figures = output?.['figures'] as
      | {
          gaps?: {
            functions?: Array<{ path: string; name: string; start_line: number; uncovered: number }>;
            files?: Array<{ path: string; uncovered: number }>;
          };
        }
      | undefined;
    const functions = figures?.gaps?.functions ?? [];
    if (functions.length > 0) {
      return functions.map((f) => ({
        gate: gate.name,
        file: f.path,
        line: f.start_line,
        what: `test ${f.name}: ${f.uncovered} uncovered line(s)`,
      }));
    }
    return (figures?.gaps?.files ?? []).map((f) => ({
      gate: gate.name,
      file: f.path,
      line: 0,
      what: `test ${f.path}: ${f.uncovered} uncovered line(s)`,
    }));
  }
  return findingsOf(output)
    .slice()
    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
    .map((f) => ({
      gate: gate.name,
      file: f.file,
      line: f.line,
      what: `${f.severity} ${f.rule}: ${f.message}`,
    }));
}

/**
 * The top `limit` fixes: from failed critical gates first (in gate order, taking turns so
 * each failed gate gets its best item early), then from failed non-critical gates.
 */
export function topFixes(
  gates: readonly QualityGateResult[],
  results: readonly AgentResult[],
  limit = 3,
): FixItem[] {
  const failed = [
    ...gates.filter((g) => !g.passed && g.critical),
    ...gates.filter((g) => !g.passed && !g.critical),
  ];
  const queues = failed.map((g) => fixesForGate(g, results));
  const picked: FixItem[] = [];
  for (let round = 0; picked.length < limit && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const item = queue[round];
      if (item && picked.length < limit) picked.push(item);
    }
  }
  return picked;
}

/** Location as `file:line` (just the file when the line is unknown). */
export function where(item: FixItem): string {
  return item.line > 0 ? `${item.file}:${item.line}` : item.file;
}

/**
 * The summary paragraph. `otherBlockers` are blockers that are neither a gate nor an agent
 * error; `notRun` names the critical release gates the configuration left out (e.g.
 * `Test Coverage (disabled by empathy.config.json)`).
 */
export function writeSummary(
  approved: boolean,
  gates: readonly QualityGateResult[],
  agentErrors: readonly string[],
  fixes: readonly FixItem[],
  otherBlockers: readonly string[] = [],
  notRun: readonly string[] = [],
): string {
  const passed = gates.filter((g) => g.passed).length;
  const lines: string[] = [];
  if (approved && notRun.length > 0) {
    lines.push(
      `Release approved: ${passed} of ${gates.length} gate(s) passed and every critical gate that ran passed; not run: ${notRun.join(', ')}.`,
    );
  } else if (approved) {
    lines.push(
      `Release approved: ${passed} of ${gates.length} gate(s) passed and every critical gate passed.`,
    );
  } else {
    const blocking = gates.filter((g) => g.critical && !g.passed);
    const parts = blocking.map((g) =>
      g.actual === null ? `${g.name} (not measured)` : `${g.name} (${g.message})`,
    );
    if (agentErrors.length > 0) parts.push(`${agentErrors.length} agent error(s)`);
    parts.push(...otherBlockers);
    lines.push(`Release blocked by ${parts.join(', ')}. ${passed} of ${gates.length} gate(s) passed.`);
  }
  const warned = gates.filter((g) => !g.critical && !g.passed);
  if (warned.length > 0) lines.push(`Warnings: ${warned.map((g) => g.name).join(', ')} below threshold.`);
  if (fixes.length > 0) {
    lines.push('Fix first:');
    fixes.forEach((f, i) => lines.push(`  ${i + 1}. ${where(f)}: ${f.what} [${f.gate}]`));
  }
  return lines.join('\n');
}
