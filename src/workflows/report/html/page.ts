/**
 * The `html` report format: one self-contained page (inline CSS and SVG, no script, no
 * external resource; a Content-Security-Policy forbids loading any), readable without
 * JavaScript: status, gates, new code, trend charts over the project's past runs (coverage,
 * quality score, critical findings, duration) with a data table, findings with code excerpts
 * and data flows, coverage per file, blockers, warnings and agents.
 *
 * @module
 */
import type { ReleaseReadinessReport } from '../../release-prep/report.js';
import { runRecordOf, type RunRecord } from '../../history/run-history.js';
import { trendChart, trendTable, type TrendSeries } from './charts.js';
import { escapeHtml as e } from './escape.js';
import type { ExcerptMap } from './excerpts.js';
import { coverageSection, findingsSection, gatesSection, newCodeSection } from './sections.js';
import { HTML_STYLE } from './style.js';

/** Options of {@link formatHtml}. */
export interface HtmlOptions {
  /** The project's past runs, oldest first (see history/run-history.ts); the report's own run is added when missing. */
  history?: readonly RunRecord[];
  /** Code excerpts around the findings (see excerpts.ts); none when not given. */
  excerpts?: ExcerptMap;
}

/** The trend series drawn from the history, in page order. */
export function trendSeries(records: readonly RunRecord[]): TrendSeries[] {
  const points = (pick: (r: RunRecord) => number | null) => records.map((r) => ({ timestamp: r.timestamp, value: pick(r) }));
  return [
    { id: 'coverage', title: 'Coverage (%)', unit: '%', points: points((r) => r.coverage), range: { min: 0, max: 100 } },
    { id: 'quality', title: 'Quality score (0-10)', unit: '', points: points((r) => r.quality_score), range: { min: 0, max: 10 } },
    { id: 'critical', title: 'Critical findings', unit: '', points: points((r) => r.critical_issues) },
    { id: 'duration', title: 'Duration (s)', unit: ' s', points: points((r) => Math.round(r.duration_seconds * 100) / 100) },
  ];
}

function runsWithReport(report: ReleaseReadinessReport, history: readonly RunRecord[]): RunRecord[] {
  const own = runRecordOf(report);
  const present = history.some((r) => r.timestamp === own.timestamp);
  return present ? [...history] : [...history, own];
}

function list(id: string, title: string, items: readonly string[]): string {
  if (items.length === 0) return '';
  return `<section id="${id}"><h2>${e(title)}</h2><ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul></section>`;
}

/**
 * The report as one self-contained HTML page (ends with a newline).
 *
 * @example
 * const { records } = await readRunHistory(report.path);
 * writeFileSync('report.html', formatHtml(report, { history: records }));
 */
export function formatHtml(report: ReleaseReadinessReport, options: HtmlOptions = {}): string {
  const runs = runsWithReport(report, options.history ?? []);
  const series = trendSeries(runs);
  const status = report.approved ? '✅ READY FOR RELEASE' : '❌ RELEASE BLOCKED';
  const agents = report.agentResults
    .map((r) => `<tr><th scope="row"><code>${e(r.agentId)}</code></th><td>${r.success ? '✅ done' : '❌ failed'}</td><td>${e(r.tier)}</td><td>${r.durationSeconds.toFixed(2)} s</td><td>${e(r.error ?? '')}</td></tr>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Release readiness: ${report.approved ? 'ready' : 'blocked'} (${e(report.path)})</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header>
<h1 class="${report.approved ? 'approved' : 'blocked'}" data-figure="approved" data-value="${report.approved}">Release readiness: ${status}</h1>
<p><strong>Confidence:</strong> <span data-figure="confidence">${e(report.confidence)}</span> · <strong>Generated:</strong> ${e(report.timestamp)} · <strong>Duration:</strong> <span data-figure="total_duration">${report.totalDuration.toFixed(2)}</span> s · <strong>Path:</strong> <code>${e(report.path)}</code></p>
<nav aria-label="Sections"><a href="#gates">Gates</a> · ${report.newCode ? '<a href="#new-code">New code</a> · ' : ''}<a href="#trends">Trends</a> · <a href="#findings">Findings</a> · <a href="#coverage">Coverage</a> · <a href="#agents">Agents</a></nav>
</header>
<main>
${gatesSection(report)}
${list('blockers', 'Release blockers', report.blockers)}
${list('warnings', 'Warnings', report.warnings)}
${report.newCode ? newCodeSection(report.newCode, report) : ''}
<section id="trends"><h2>Trends over <span data-figure="runs">${runs.length}</span> run(s)</h2>
<div class="charts">${series.map((s) => `<figure>${trendChart(s)}<figcaption>${e(s.title)}</figcaption></figure>`).join('')}</div>
<details><summary>Data table of the charts</summary>${trendTable(series)}</details>
</section>
<section id="summary"><h2>Executive summary</h2><pre class="summary">${e(report.summary)}</pre></section>
${findingsSection(report, options.excerpts ?? {})}
${coverageSection(report)}
<section id="agents"><h2>Agents executed (${report.agentResults.length})</h2><table><thead><tr><th scope="col">Agent</th><th scope="col">Status</th><th scope="col">Tier</th><th scope="col">Duration</th><th scope="col">Error</th></tr></thead><tbody>${agents}</tbody></table></section>
</main>
</body>
</html>
`;
}
