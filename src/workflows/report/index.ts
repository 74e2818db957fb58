/**
 * Report formats of the release-prep workflow, behind an explicit registry
 * ({@link REPORT_FORMATS}): `console` (the spec's layout), `json` (the snake_case wire form,
 * `schemas/release-report.schema.json`), `markdown` (PR comments, `$GITHUB_STEP_SUMMARY`),
 * `sarif` (SARIF 2.1.0 for code scanning) and `junit` (one test case per gate).
 *
 * Every format is a pure function of the report: the same report always gives the same
 * text (the only times in it are the report's own timestamp and durations). Every output
 * ends with a newline, ready for stdout or `--output FILE`.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { ReleaseReadinessReport } from '../release-prep/report.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown, type MarkdownOptions } from './markdown.js';
import { formatSarif, type SarifOptions } from './sarif.js';

export { formatJson, RELEASE_REPORT_SCHEMA_PATH } from './json.js';
export { formatMarkdown, escapeMarkdown, codeSpan, type MarkdownOptions } from './markdown.js';
export {
  formatSarif,
  buildSarif,
  sarifLevel,
  DEFAULT_SARIF_ANALYZERS,
  type SarifOptions,
  type SarifLevel,
} from './sarif.js';
export { formatJunit, escapeXmlText, escapeXmlAttr, JUNIT_CLASSNAME, JUNIT_SUITE_NAME } from './junit.js';
export { analysesOf, agentErrored, gateStatus, type GateStatus, type OutputAnalysis } from './report-data.js';

/** Names of the report formats. */
export type ReportFormatName = 'console' | 'json' | 'markdown' | 'sarif' | 'junit';

/** Options of {@link formatReport}; each format reads the part it knows. */
export interface ReportFormatOptions {
  /** ANSI colours in `console` output (the CLI sets it only on a TTY without `NO_COLOR`). */
  color?: boolean;
  /** Options of the `markdown` format. */
  markdown?: MarkdownOptions;
  /** Options of the `sarif` format. */
  sarif?: SarifOptions;
}

/** A report format. */
export interface ReportFormat {
  name: ReportFormatName;
  /** One line for `--help`. */
  description: string;
  /** Usual file extension for `--output`, with the dot. */
  extension: string;
  /** Media type of the output. */
  mediaType: string;
  /** Renders the report; deterministic; the text ends with a newline. */
  render(report: ReleaseReadinessReport, options: ReportFormatOptions): string;
}

/** Defines a report format (identity with type checking, the `defineX` convention). */
export function defineReportFormat(format: ReportFormat): ReportFormat {
  return format;
}

/** The explicit registry of report formats, in `--help` order. */
export const REPORT_FORMATS: Readonly<Record<ReportFormatName, ReportFormat>> = {
  console: defineReportFormat({
    name: 'console',
    description: "the spec's console layout (colour only when asked)",
    extension: '.txt',
    mediaType: 'text/plain',
    render: (report, options) => {
      const text = report.formatConsoleOutput({ color: options.color ?? false });
      return text.endsWith('\n') ? text : `${text}\n`;
    },
  }),
  json: defineReportFormat({
    name: 'json',
    description: 'the report in snake_case JSON (schemas/release-report.schema.json)',
    extension: '.json',
    mediaType: 'application/json',
    render: (report) => formatJson(report),
  }),
  markdown: defineReportFormat({
    name: 'markdown',
    description: 'GitHub-flavoured Markdown for pull-request comments and $GITHUB_STEP_SUMMARY',
    extension: '.md',
    mediaType: 'text/markdown',
    render: (report, options) => formatMarkdown(report, options.markdown),
  }),
  sarif: defineReportFormat({
    name: 'sarif',
    description: 'SARIF 2.1.0 with the security and quality findings, for code scanning',
    extension: '.sarif',
    mediaType: 'application/sarif+json',
    render: (report, options) => formatSarif(report, options.sarif),
  }),
  junit: defineReportFormat({
    name: 'junit',
    description: 'JUnit XML, one test case per quality gate',
    extension: '.xml',
    mediaType: 'application/xml',
    render: (report) => formatJunit(report),
  }),
};

/** The format names, in registry order. */
export const REPORT_FORMAT_NAMES: readonly ReportFormatName[] = Object.keys(
  REPORT_FORMATS,
) as ReportFormatName[];

/** True when `name` is a known report format. */
export function isReportFormatName(name: unknown): name is ReportFormatName {
  return typeof name === 'string' && Object.hasOwn(REPORT_FORMATS, name);
}

/** The format called `name`; an unknown name is a one-line `UserError` listing the formats. */
export function getReportFormat(name: string): ReportFormat {
  if (!isReportFormatName(name)) {
    throw new UserError(
      `unknown report format ${JSON.stringify(name)}; use one of ${REPORT_FORMAT_NAMES.join(', ')}`,
    );
  }
  return REPORT_FORMATS[name];
}

/**
 * Renders a release report in one of the formats.
 *
 * @example
 * const report = await new OrchestratedReleasePrepWorkflow().execute({ path: '.' });
 * process.stdout.write(formatReport(report, 'markdown'));
 * writeFileSync('empathy.sarif', formatReport(report, 'sarif'));
 */
export function formatReport(
  report: ReleaseReadinessReport,
  format: ReportFormatName | string,
  options: ReportFormatOptions = {},
): string {
  return getReportFormat(format).render(report, options);
}
