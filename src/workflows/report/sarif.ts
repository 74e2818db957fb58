/**
 * The `sarif` report format: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * One run, one tool (`empathy`): the analysers share tools (ESLint reports for both the
 * security and the quality analyser), and GitHub rejects several runs of one tool in one
 * file, so the tools that really produced the findings are listed as `tool.extensions` and
 * named per result in `properties.tool`. `rules[]` holds every rule id that has a result;
 * security rules carry `security-severity` so GitHub ranks them as security alerts.
 * Levels: critical/high -> `error`, medium -> `warning`, low/info -> `note`. Paths are
 * relative to `SRCROOT` (the analysed root, in `originalUriBaseIds`). A finding about a
 * whole file (line 0) gets `startLine` 1 and `properties.wholeFile: true`, since GitHub
 * needs a line. What could not be measured, and agents that failed, are tool execution
 * notifications of the invocation.
 *
 * @module
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageVersion } from '../../core/package-paths.js';
import type { ReleaseReadinessReport } from '../release-prep/report.js';
import { agentErrored, analysesOf, type OutputAnalysis, type OutputFinding } from './report-data.js';

/** Options of {@link formatSarif}. */
export interface SarifOptions {
  /** Analysers whose findings become results (default `['security', 'quality']`), or `'all'`. */
  analyzers?: readonly string[] | 'all';
}

/** SARIF result levels. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** The analysers whose findings a SARIF log holds by default. */
export const DEFAULT_SARIF_ANALYZERS: readonly string[] = ['security', 'quality'];

const LEVELS: Record<string, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's `security-severity` scores: > 9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };
const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The SARIF level of a finding severity (an unknown severity is a `warning`, never hidden as a note). */
export function sarifLevel(severity: string): SarifLevel {
  return LEVELS[severity] ?? 'warning';
}


interface Rule {
  id: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; severity: string; 'security-severity'?: string };
}

/** The finding's data flow (source first, sink last) as one SARIF code flow, when it has one. */
function codeFlows(finding: OutputFinding, root: string): { codeFlows?: unknown[] } {
  const steps = (finding.flow ?? []).flatMap((step) => {
    const [at] = location({ ...finding, file: step.file, line: step.line, column: undefined }, root);
    return at ? [{ location: { ...at, message: { text: step.label } } }] : [];
  });
  if (steps.length === 0) return {};
  return {
    codeFlows: [{ message: { text: finding.message || finding.rule }, threadFlows: [{ locations: steps }] }],
  };
}

function location(finding: OutputFinding, root: string): Record<string, unknown>[] {
  let file = finding.file.replace(/\\/g, '/');
  let base: string | undefined = 'SRCROOT';
  if (path.isAbsolute(finding.file)) {
    const relative = path.relative(root, finding.file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      file = pathToFileURL(finding.file).href;
      base = undefined;
    } else file = relative.replace(/\\/g, '/');
  }
  file = file.replace(/^(\.\/)+/, '');
  if (file === '' || file === '.') return [];
  const uri = base ? file.split('/').map(encodeURIComponent).join('/') : file;
  const region: Record<string, number> = { startLine: finding.line >= 1 ? Math.trunc(finding.line) : 1 };
  if (finding.line >= 1 && finding.column !== undefined && finding.column >= 1)
    region['startColumn'] = Math.trunc(finding.column);
  return [
    {
      physicalLocation: {
        artifactLocation: base ? { uri, uriBaseId: base } : { uri },
        region,
      },
    },
  ];
}

function selected(analyses: OutputAnalysis[], analyzers: SarifOptions['analyzers']): OutputAnalysis[] {
  const wanted = analyzers ?? DEFAULT_SARIF_ANALYZERS;
  return wanted === 'all' ? analyses : analyses.filter((a) => wanted.includes(a.analyzer));
}

/** Rules by id, in first-seen order, with their index in `rules[]`. */
class RuleTable {
  readonly #rules = new Map<string, { rule: Rule; index: number; security: boolean }>();

  /** The index of the finding's rule, adding the rule or raising it to the finding's severity. */
  indexOf(finding: OutputFinding, analyzer: string): number {
    let entry = this.#rules.get(finding.rule);
    if (!entry) {
      entry = {
        index: this.#rules.size,
        security: false,
        rule: {
          id: finding.rule,
          shortDescription: { text: `${finding.rule} (${finding.tool})` },
          defaultConfiguration: { level: sarifLevel(finding.severity) },
          properties: { tags: [], severity: finding.severity },
        },
      };
      this.#rules.set(finding.rule, entry);
    }
    const { rule } = entry;
    if ((RANK[finding.severity] ?? 9) < (RANK[rule.properties.severity] ?? 9)) {
      rule.properties.severity = finding.severity;
      rule.defaultConfiguration.level = sarifLevel(finding.severity);
    }
    if (!rule.properties.tags.includes(analyzer)) rule.properties.tags.push(analyzer);
    if (analyzer === 'security') entry.security = true;
    const score = entry.security ? SECURITY_SEVERITY[rule.properties.severity] : undefined;
    if (score) rule.properties['security-severity'] = score;
    return entry.index;
  }

  /** The rules, in index order. */
  list(): Rule[] {
    return [...this.#rules.values()].map((e) => e.rule);
  }
}

function notifications(report: ReleaseReadinessReport, analyses: OutputAnalysis[]): unknown[] {
  const notes: unknown[] = [];
  for (const analysis of analyses) {
    for (const item of analysis.notMeasured) {
      const fix = item.fix ? ` (fix: ${item.fix})` : '';
      notes.push({
        level: 'warning',
        message: { text: `${analysis.agentId}: ${item.what} not measured: ${item.reason}${fix}` },
        descriptor: { id: 'not-measured' },
      });
    }
  }
  for (const result of report.agentResults.filter(agentErrored)) {
    notes.push({
      level: 'error',
      message: { text: `${result.agentId} failed: ${result.error ?? 'no error message'}` },
      descriptor: { id: 'agent-error' },
    });
  }
  return notes;
}

function invocation(report: ReleaseReadinessReport, analyses: OutputAnalysis[]): Record<string, unknown> {
  const end = Date.parse(report.timestamp);
  const times = Number.isFinite(end)
    ? {
        startTimeUtc: new Date(end - Math.max(0, report.totalDuration) * 1000).toISOString(),
        endTimeUtc: new Date(end).toISOString(),
      }
    : {};
  return {
    executionSuccessful: !report.agentResults.some(agentErrored),
    ...times,
    toolExecutionNotifications: notifications(report, analyses),
  };
}

/**
 * The report's findings as a SARIF 2.1.0 log (pretty-printed JSON with a trailing newline).
 *
 * @example
 * writeFileSync('empathy.sarif', formatSarif(report));
 * // then: github/codeql-action/upload-sarif with sarif_file: empathy.sarif
 */
export function formatSarif(report: ReleaseReadinessReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}

/** The SARIF 2.1.0 log of a report, as an object (see {@link formatSarif}). */
export function buildSarif(
  report: ReleaseReadinessReport,
  options: SarifOptions = {},
): Record<string, unknown> {
  const analyses = selected(analysesOf(report.agentResults), options.analyzers);
  const rules = new RuleTable();
  const results: unknown[] = [];
  const extensions = new Map<string, { name: string; version?: string }>();
  for (const analysis of analyses) {
    for (const tool of analysis.tools) {
      const key = `${tool.name}@${tool.version ?? ''}`;
      if (!extensions.has(key))
        extensions.set(key, { name: tool.name, ...(tool.version ? { version: tool.version } : {}) });
    }
    for (const finding of analysis.findings) {
      const ruleIndex = rules.indexOf(finding, analysis.analyzer);
      results.push({
        ruleId: finding.rule,
        ruleIndex,
        level: sarifLevel(finding.severity),
        message: { text: finding.message || finding.rule },
        locations: location(finding, report.path),
        ...codeFlows(finding, report.path),
        properties: {
          severity: finding.severity,
          tool: finding.tool,
          analyzer: analysis.analyzer,
          agentId: analysis.agentId,
          ...(finding.line >= 1 ? {} : { wholeFile: true }),
        },
      });
    }
  }
  const version = packageVersion();
  const root = pathToFileURL(report.path).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'empathy',
            fullName: 'empathy-framework release-prep',
            ...(version ? { version, semanticVersion: version } : {}),
            rules: rules.list(),
          },
          extensions: [...extensions.values()],
        },
        invocations: [invocation(report, analyses)],
        originalUriBaseIds: { SRCROOT: { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          approved: report.approved,
          confidence: report.confidence,
          analyzers:
            options.analyzers === 'all' ? 'all' : [...(options.analyzers ?? DEFAULT_SARIF_ANALYZERS)],
        },
      },
    ],
  };
}
