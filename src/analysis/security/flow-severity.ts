/**
 * Severity by data flow: combines the sink reports of a taint analysis with the rule findings
 * of the same file. A source reaching an injection sink is critical; a sink fed only by
 * constants is informational; a sink fed by something the analysis cannot trace keeps its
 * rule's severity. The table and its reasons are in docs/security-severity.md.
 *
 * @module
 */
import type { Finding, Severity } from '../types.js';
import { TAINT_RULE, betterReport, type SinkClass, type SinkReport } from './taint-types.js';

/** The sink class each rule's findings are about (rules not listed are not sink rules). */
export const RULE_SINK: Readonly<Record<string, SinkClass>> = {
  'security/detect-eval-with-expression': 'code',
  'js-quick/eval': 'code',
  'js-quick/new-function': 'code',
  'python/eval': 'code',
  'python/exec': 'code',
  'security/detect-child-process': 'command',
  'python/subprocess-shell': 'command',
  'python/os-system': 'command',
  'python/pickle-load': 'deserialization',
  'python/yaml-load': 'deserialization',
  'no-unsanitized/method': 'xss',
  'no-unsanitized/property': 'xss',
  'js-quick/inner-html': 'xss',
  'security/detect-non-literal-fs-filename': 'path',
};

/** Severity of a flow finding when no rule reported the sink and the flow is not critical. */
export const TAINT_BASE_SEVERITY: Readonly<Record<SinkClass, Severity>> = {
  code: 'high',
  command: 'high',
  sql: 'medium',
  deserialization: 'high',
  xss: 'high',
  path: 'low',
};

/** Injection sinks: data spliced into code, a shell command or SQL. */
const INJECTION: ReadonlySet<SinkClass> = new Set(['code', 'command', 'sql']);

const WHAT: Record<SinkClass, string> = {
  code: 'code injection (CWE-94)',
  command: 'OS command injection (CWE-78)',
  sql: 'SQL injection (CWE-89)',
  deserialization: 'unsafe deserialization (CWE-502)',
  xss: 'cross-site scripting (CWE-79)',
  path: 'path traversal (CWE-22)',
};

/**
 * Is a tainted sink critical? Request data (remote) always is. Command-line, environment,
 * file data and exported functions' parameters are critical when they are spliced into a
 * code, command or SQL string built around them (`'tar czf ' + name`); passed through whole,
 * the program's purpose is to run what its caller gives it, and the rule's severity stands.
 */
export function isCriticalFlow(report: SinkReport): boolean {
  if (report.state !== 'tainted') return false;
  if (report.sourceKind === 'remote') return true;
  return INJECTION.has(report.sink) && report.constructed;
}

function flowMessage(report: SinkReport, critical: boolean): string {
  const [first] = report.flow;
  const source = first?.label.replace(/^source: /, '') ?? 'outside data';
  const via =
    report.flow.length > 2
      ? ` through ${report.flow
          .slice(1, -1)
          .map((s) => s.label)
          .join(', ')}`
      : '';
  const how = !report.constructed
    ? 'passed whole'
    : INJECTION.has(report.sink)
      ? 'spliced into the string it runs'
      : 'built into the value';
  const tail = critical
    ? ''
    : ' (not critical: command-line, environment, file or caller input passed whole; see docs/security-severity.md)';
  return `${WHAT[report.sink]}: ${source} (line ${first?.line ?? report.line})${via} reaches ${report.name} (line ${report.line}), ${how}${tail}`;
}

/**
 * The findings of one file after the flows: rule findings on a sink line of the same class are
 * replaced by one `taint/*` finding when data reaches the sink, turned into `info` when only
 * constants do, and left alone when the analysis could not tell.
 *
 * @example
 * applyFlows('app.js', findings, reports); // eval(req.query.x) -> taint/code-injection, critical
 */
export function applyFlows(file: string, findings: Finding[], reports: readonly SinkReport[]): Finding[] {
  const byLine = new Map<string, SinkReport>();
  for (const r of reports) {
    const key = `${r.line}:${r.sink}`;
    const old = byLine.get(key);
    if (!old || betterReport(r, old)) byLine.set(key, r);
  }
  const out: Finding[] = [];
  const covered = new Set<string>();
  for (const finding of findings) {
    const sink = RULE_SINK[finding.rule];
    const report = sink ? byLine.get(`${finding.line}:${sink}`) : undefined;
    if (!report || report.state === 'unknown') {
      out.push(finding);
      continue;
    }
    covered.add(`${report.line}:${report.sink}`);
    if (report.state === 'constant') {
      out.push({ ...finding, severity: 'info', message: `${finding.message} (fed only by constants: info)` });
    } else if (!isCriticalFlow(report)) {
      out.push({ ...finding, message: flowMessage(report, false), flow: toFlow(file, report) });
    }
    // A critical flow replaces the rule finding: one finding per sink.
  }
  for (const report of byLine.values()) {
    if (report.state === 'tainted') {
      const critical = isCriticalFlow(report);
      // Not critical: the rule's finding (if this tier has the rule) carries the flow; only SQL has no rule.
      if (!critical && (covered.has(`${report.line}:${report.sink}`) || report.sink !== 'sql')) continue;
      out.push({
        file,
        line: report.line,
        column: report.column,
        rule: TAINT_RULE[report.sink],
        severity: critical ? 'critical' : TAINT_BASE_SEVERITY[report.sink],
        message: flowMessage(report, critical),
        tool: 'empathy-taint',
        flow: toFlow(file, report),
      });
    } else if (report.state === 'unknown' && report.sink === 'sql' && report.constructed) {
      out.push({
        file,
        line: report.line,
        column: report.column,
        rule: TAINT_RULE.sql,
        severity: TAINT_BASE_SEVERITY.sql,
        message: `SQL built by concatenation or a template string passed to ${report.name}: use a parameterised query`,
        tool: 'empathy-taint',
      });
    }
  }
  return out;
}

function toFlow(file: string, report: SinkReport): Finding['flow'] {
  return report.flow.map((step) => ({ file, line: step.line, label: step.label }));
}
