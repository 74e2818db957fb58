/**
 * Report formats of the release-prep workflow, behind an explicit registry
 * ({@link REPORT_FORMATS}): `console` (the spec's layout), `json` (the snake_case wire form,
 * `schemas/release-report.schema.json`), `markdown` (PR comments, `$GITHUB_STEP_SUMMARY`),
 * `sarif` (SARIF 2.1.0 for code scanning), `junit` (one test case per gate), `html` (one
 * self-contained page with trend charts) and `github` (GitHub Actions annotations).
 *
 * Every format is a pure function of the report: the same report always gives the same
 * text (the only times in it are the report's own timestamp and durations). Every output
 * ends with a newline, ready for stdout or `--output FILE`.
 *
 * @module
 */
import type { ReleaseReadinessReport } from '../release-prep/report.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown, type MarkdownOptions } from './markdown.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatHtml, type HtmlOptions } from './html/page.js';
import { formatGithub, type GithubOptions } from './github.js';
import {
  formatNamesOf,
  formatOf,
  type FormatOptions,
  type FormatRegistry,
  type OutputFormat,
} from './registry.js';

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
export { formatHtml, trendSeries, type HtmlOptions } from './html/page.js';
export { loadExcerpts, type ExcerptMap, type CodeExcerpt } from './html/excerpts.js';
export { formatGithub, escapeCommandData, escapeCommandProperty, type GithubOptions } from './github.js';
export { MARKDOWN_REPORT_MARKER } from './markdown.js';
export { formatJunit, escapeXmlText, escapeXmlAttr, JUNIT_CLASSNAME, JUNIT_SUITE_NAME } from './junit.js';
export {
  defineFormat,
  formatNamesOf,
  formatOf,
  textAndJsonFormats,
  type FormatOptions,
  type FormatRegistry,
  type OutputFormat,
} from './registry.js';
export { analysesOf, agentErrored, gateStatus, type GateStatus, type OutputAnalysis } from './report-data.js';

/** Options of {@link formatReport}; each format reads the part it knows. */
export interface ReportFormatOptions extends FormatOptions {
  /** Options of the `markdown` format. */
  markdown?: MarkdownOptions;
  /** Options of the `sarif` format. */
  sarif?: SarifOptions;
  /** Options of the `html` format: the run history for the trend charts and the code excerpts. */
  html?: HtmlOptions;
  /** Options of the `github` format. */
  github?: GithubOptions;
}

/** A report format of the release-prep report. */
export type ReportFormat = OutputFormat<ReleaseReadinessReport, ReportFormatOptions>;

/** Defines a report format (identity with type checking, the `defineX` convention). */
export function defineReportFormat(format: ReportFormat): ReportFormat {
  return format;
}

/** The explicit registry of report formats, in `--help` order. */
export const REPORT_FORMATS = {
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
  html: defineReportFormat({
    name: 'html',
    description: 'one self-contained HTML page with trend charts over past runs (no script, no network)',
    extension: '.html',
    mediaType: 'text/html',
    render: (report, options) => formatHtml(report, options.html),
  }),
  github: defineReportFormat({
    name: 'github',
    description: 'GitHub Actions annotations (::error file=,line=::) for critical findings and uncovered changed lines',
    extension: '.annotations',
    mediaType: 'text/plain',
    render: (report, options) => formatGithub(report, options.github),
  }),
} as const satisfies FormatRegistry<ReleaseReadinessReport, ReportFormatOptions>;

/** Names of the report formats (the keys of {@link REPORT_FORMATS}). */
export type ReportFormatName = keyof typeof REPORT_FORMATS;

/** The format names, in registry order. */
export const REPORT_FORMAT_NAMES = formatNamesOf(REPORT_FORMATS) as readonly ReportFormatName[];

/** True when `name` is a known report format. */
export function isReportFormatName(name: unknown): name is ReportFormatName {
  return typeof name === 'string' && Object.hasOwn(REPORT_FORMATS, name);
}

/** The format called `name`; an unknown name is a one-line `UserError` listing the formats. */
export function getReportFormat(name: string): ReportFormat {
  return formatOf<ReleaseReadinessReport, ReportFormatOptions>(REPORT_FORMATS, name);
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
