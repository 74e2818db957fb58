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

/**
 * Escapes text for one line of Markdown: characters that start inline markup or HTML
 * (`\\`, backticks, `*`, `_` outside words, brackets, `<`, `>`, `~`, `&`), pipes (table
 * cells), a block marker at the start (`# `, `- `, `+ `, `1. `, a line of `-` or `=`),
 * line breaks (as `<br>`), and `@name` (a zero-width space after `@`, so a package such
 * as `@org/team` in a message does not mention a GitHub team).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, all: string) =>
      /[A-Za-z0-9]/.test(all[at - 1] ?? '') && /[A-Za-z0-9]/.test(all[at + 1] ?? '') ? c : `\\${c}`,
    )
    .replace(/^(\s*)(#{1,6}|[+-]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))/, (_m, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    )
    .replace(/^(\s*)([-=])(?=[\s\-=]*$)/, '$1\\$2')
    .replace(/@(?=\w)/g, '@\u200b')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A code span that holds any text (longer fences around backticks); pipes escaped for tables. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

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
  return `${out.join('\n').trimEnd()}\n`;
}
