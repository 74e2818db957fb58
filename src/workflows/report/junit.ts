/**
 * The `junit` report format: JUnit XML for CI test-report viewers (GitHub, GitLab,
 * Jenkins, Azure Pipelines, CircleCI).
 *
 * One `<testsuite name="release-prep">` with one `<testcase>` per quality gate
 * (`classname="empathy.release-prep"`, `name` = the gate, `time` = its agent's duration):
 *
 * - a passed gate is a passed test case, its message in `<system-out>`;
 * - a failed critical gate is a `<failure>` (type `gate_failed`, or `not_measured` when its
 *   figure could not be measured);
 * - a failed **non-critical** gate (a warning, e.g. Documentation) is a *passed* test case
 *   whose `<system-out>` starts with `WARNING:`: it must not fail CI, and `<skipped>` would
 *   wrongly say the gate was not checked;
 * - a gate whose agent errored (failed without producing figures: crash, timeout, missing
 *   tool) is an `<error>` with the agent's message; an errored agent without a gate gets a
 *   test case `agent <id>` of its own with that `<error>`.
 *
 * All text is XML-escaped; characters XML 1.0 cannot hold are replaced with U+FFFD.
 *
 * @module
 */
import type { AgentResult } from '../../types.js';
import type { QualityGateResult } from '../release-prep/gates.js';
import type { ReleaseReadinessReport } from '../release-prep/report.js';
import { where } from '../release-prep/summary.js';
import { agentErrored, figure } from './report-data.js';

/** `classname` of every test case. */
export const JUNIT_CLASSNAME = 'empathy.release-prep';
/** `name` of the test suite. */
export const JUNIT_SUITE_NAME = 'release-prep';

// Characters outside XML 1.0's Char production (controls, lone surrogates, U+FFFE/U+FFFF).
const INVALID_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text content for XML (and drops characters XML 1.0 cannot represent). */
export function escapeXmlText(text: string): string {
  return text
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes an attribute value for XML (quotes, and line breaks/tabs kept as character references). */
export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXmlAttr(String(value))}"`)
    .join('');
}

function seconds(value: number): string {
  return (Number.isFinite(value) && value > 0 ? value : 0).toFixed(3);
}

interface Case {
  name: string;
  time: number;
  /** `failure`, `error` or none (passed). */
  outcome: { kind: 'failure' | 'error'; type: string; message: string; body: string } | null;
  out: string;
}

function gateDetails(gate: QualityGateResult, report: ReleaseReadinessReport): string {
  const fixes = report.topFixes.filter((f) => f.gate === gate.name).map((f) => `fix: ${where(f)}: ${f.what}`);
  return [
    `${gate.name}: ${gate.message}`,
    `actual: ${figure(gate.actual)}, threshold: ${figure(gate.threshold)}, critical: ${gate.critical}`,
    `source: ${gate.source}`,
    ...fixes,
  ].join('\n');
}

function gateCase(gate: QualityGateResult, report: ReleaseReadinessReport): Case {
  const agent = report.agentResults.find((r) => r.agentId === gate.agentId);
  const time = agent?.durationSeconds ?? 0;
  const details = gateDetails(gate, report);
  if (agent && agentErrored(agent) && !gate.passed) {
    const message = `${agent.agentId} failed: ${agent.error ?? 'no error message'}`;
    return {
      name: gate.name,
      time,
      outcome: { kind: 'error', type: 'agent_error', message, body: `${message}\n${details}` },
      out: '',
    };
  }
  if (gate.passed) return { name: gate.name, time, outcome: null, out: details };
  if (!gate.critical) return { name: gate.name, time, outcome: null, out: `WARNING: ${details}` };
  return {
    name: gate.name,
    time,
    outcome: {
      kind: 'failure',
      type: gate.actual === null ? 'not_measured' : 'gate_failed',
      message: `${gate.name}: ${gate.message}`,
      body: details,
    },
    out: '',
  };
}

function agentCase(result: AgentResult): Case {
  const message = `${result.agentId} failed: ${result.error ?? 'no error message'}`;
  return {
    name: `agent ${result.agentId}`,
    time: result.durationSeconds,
    outcome: { kind: 'error', type: 'agent_error', message, body: message },
    out: '',
  };
}

function renderCase(c: Case): string[] {
  const open = `    <testcase${attrs({ classname: JUNIT_CLASSNAME, name: c.name, time: seconds(c.time) })}`;
  const inner: string[] = [];
  if (c.outcome) {
    inner.push(
      `      <${c.outcome.kind}${attrs({ message: c.outcome.message, type: c.outcome.type })}>${escapeXmlText(c.outcome.body)}</${c.outcome.kind}>`,
    );
  }
  if (c.out) inner.push(`      <system-out>${escapeXmlText(c.out)}</system-out>`);
  return inner.length === 0 ? [`${open}/>`] : [`${open}>`, ...inner, '    </testcase>'];
}

/** ISO 8601 without zone or fraction, as the JUnit schema's `timestamp` wants (the report's time is UTC). */
function junitTimestamp(iso: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? (match[1] ?? null) : null;
}

/**
 * The report as JUnit XML (ends with a newline).
 *
 * @example
 * writeFileSync('release-prep.junit.xml', formatJunit(report));
 */
export function formatJunit(report: ReleaseReadinessReport): string {
  const gated = new Set(report.qualityGates.map((g) => g.agentId));
  const cases = [
    ...report.qualityGates.map((g) => gateCase(g, report)),
    ...report.agentResults.filter((r) => agentErrored(r) && !gated.has(r.agentId)).map(agentCase),
  ];
  const counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome?.kind === 'failure').length,
    errors: cases.filter((c) => c.outcome?.kind === 'error').length,
    skipped: 0,
    time: seconds(report.totalDuration),
  };
  const timestamp = junitTimestamp(report.timestamp);
  const properties: Array<[string, string]> = [
    ['approved', String(report.approved)],
    ['confidence', report.confidence],
    ['path', report.path],
    ...report.blockers.map((b): [string, string] => ['blocker', b]),
    ...report.warnings.map((w): [string, string] => ['warning', w]),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'empathy release-prep', ...counts })}>`,
    `  <testsuite${attrs({ name: JUNIT_SUITE_NAME, ...counts, ...(timestamp ? { timestamp } : {}) })}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...cases.flatMap(renderCase),
    `    <system-out>${escapeXmlText(report.summary)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
