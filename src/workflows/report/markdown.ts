/**
 * The `markdown` report format, for pull-request comments and `$GITHUB_STEP_SUMMARY`
 * (GitHub-flavoured Markdown): a heading with the status, a gates table, blockers,
 * warnings, the configuration (files read, the source of every threshold, ignored settings),
 * the executive summary, the top fixes with `file:line`, and the agents with
 * their durations. Every text taken from the report is escaped, so a message holding `|`,
 * `*`, `<`, backticks or newlines cannot break a table or inject markup.
 *
 * @module
 */
import type { ReleaseReadinessReport } from '../release-prep/report.js';
import { where } from '../release-prep/summary.js';
import { configurationLines } from '../release-prep/configuration.js';
import { agentErrored, figure, gateStatus, type GateStatus } from './report-data.js';
import { codeSpan, escapeMarkdown, markdownTable as table } from './markdown-text.js';
import { newCodeMarkdown } from './new-code-markdown.js';

export { codeSpan, escapeMarkdown } from './markdown-text.js';

/**
 * A hidden marker on the last line of every Markdown report: the GitHub Action finds its
 * own pull-request comment by it and updates that comment in place (one sticky comment).
 */
export const MARKDOWN_REPORT_MARKER = '<!-- empathy-framework:release-report -->';

/** Options of {@link formatMarkdown}. */
export interface MarkdownOptions {
  /** Level of the top heading (1-6, default 2: fits under a PR comment or a step summary). */
  headingLevel?: number;
}

const STATUS_LABEL: Record<GateStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  not_measured: '❌ not measured',
  warning: '⚠️ warning',
};

function bullets(items: readonly string[]): string[] {
  return items.map((item) => `- ${escapeMarkdown(item)}`);
}

/**
 * The summary as paragraphs. Its "Fix first:" list is left out when every one of its lines
 * is exactly what `writeSummary` wrote for `topFixes` (the fixes get their own table);
 * otherwise the summary is kept whole, so nothing is ever lost.
 */
function summaryParagraphs(report: ReleaseReadinessReport): string[] {
  const lines = report.summary.split(/\r?\n/);
  const fixLines = report.topFixes.map((f, i) => `  ${i + 1}. ${where(f)}: ${f.what} [${f.gate}]`);
  const drop = new Set(fixLines);
  const duplicated =
    fixLines.length > 0 && fixLines.every((l) => lines.includes(l)) && lines.includes('Fix first:');
  if (duplicated) drop.add('Fix first:');
  return lines
    .filter((line) => !(duplicated && drop.has(line)) && line.trim() !== '')
    .map((line) => escapeMarkdown(line.trim()));
}

/**
 * The report as GitHub-flavoured Markdown (ends with a newline).
 *
 * @example
 * import { appendFileSync } from 'node:fs';
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY!, formatMarkdown(report));
 */
export function formatMarkdown(report: ReleaseReadinessReport, options: MarkdownOptions = {}): string {
  const level = Math.min(6, Math.max(1, Math.trunc(options.headingLevel ?? 2)));
  const h = (extra: number) => '#'.repeat(Math.min(6, level + extra));
  const out: string[] = [];
  out.push(
    `${h(0)} ${report.approved ? '✅ Release readiness: READY FOR RELEASE' : '❌ Release readiness: RELEASE BLOCKED'}`,
    '',
    `**Confidence:** ${escapeMarkdown(report.confidence)} · **Generated:** ${escapeMarkdown(report.timestamp)} · ` +
      `**Duration:** ${report.totalDuration.toFixed(2)}s · **Path:** ${codeSpan(report.path)}`,
    '',
  );
  if (report.confidenceReasons.length > 0) {
    out.push(
      `Confidence ${escapeMarkdown(report.confidence)} because:`,
      '',
      ...bullets(report.confidenceReasons),
      '',
    );
  }

  out.push(`${h(1)} Quality gates`, '');
  out.push(
    ...table(
      ['Gate', 'Status', 'Actual', 'Threshold', 'Source'],
      report.qualityGates.map((g) => [
        escapeMarkdown(g.name),
        STATUS_LABEL[gateStatus(g)],
        escapeMarkdown(figure(g.actual)),
        escapeMarkdown(figure(g.threshold)),
        escapeMarkdown(g.source),
      ]),
    ),
    '',
  );

  if (report.newCode) out.push(...newCodeMarkdown(report.newCode, report.qualityGates, h(1)));
  if (report.blockers.length > 0) out.push(`${h(1)} Release blockers`, '', ...bullets(report.blockers), '');
  if (report.warnings.length > 0) out.push(`${h(1)} Warnings`, '', ...bullets(report.warnings), '');
  out.push(
    `${h(1)} Configuration`,
    '',
    ...bullets(configurationLines(report.configuration, report.qualityGates)),
    '',
  );

  out.push(`${h(1)} Executive summary`, '');
  for (const paragraph of summaryParagraphs(report)) out.push(paragraph, '');

  if (report.topFixes.length > 0) {
    out.push(`${h(1)} Fix first`, '');
    out.push(
      ...table(
        ['#', 'Where', 'Gate', 'What'],
        report.topFixes.map((f, i) => [
          String(i + 1),
          codeSpan(where(f)),
          escapeMarkdown(f.gate),
          escapeMarkdown(f.what),
        ]),
      ),
      '',
    );
  }

  out.push(`${h(1)} Agents executed (${report.agentResults.length})`, '');
  out.push(
    ...table(
      ['Agent', 'Status', 'Tier', 'Duration', 'Error'],
      report.agentResults.map((r) => [
        codeSpan(r.agentId),
        r.success ? '✅ done' : agentErrored(r) ? '❌ error' : '❌ failed',
        escapeMarkdown(r.tier),
        `${r.durationSeconds.toFixed(2)}s`,
        r.error === null ? '' : escapeMarkdown(r.error),
      ]),
    ),
    '',
  );
  return `${out.join('\n').trimEnd()}\n\n${MARKDOWN_REPORT_MARKER}\n`;
}
