/**
 * Sections of the HTML report: gates, new code, findings (with code excerpts and data flows)
 * and per-file coverage. Every text from the report is escaped; figures carry a
 * `data-figure` attribute naming the JSON field they show.
 *
 * @module
 */
import type { ReleaseReadinessReport } from '../../release-prep/report.js';
import type { NewCodeFigures } from '../../new-code/figures.js';
import { lineRanges, newCodeHeadline, newCodeNotes, newCodeRows } from '../../new-code/lines.js';
import { analysesOf, figure, gateStatus, type OutputFinding } from '../report-data.js';
import { escapeHtml as e } from './escape.js';
import { excerptKey, type ExcerptMap } from './excerpts.js';

const STATUS: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', not_measured: '❌ not measured', warning: '⚠️ warning' };
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** The quality gates table. */
export function gatesSection(report: ReleaseReadinessReport): string {
  const rows = report.qualityGates
    .map((g) => {
      const status = gateStatus(g);
      return `<tr class="gate ${status}"><th scope="row">${e(g.name)}</th><td>${STATUS[status]}</td><td data-figure="gate:${e(g.name)}">${e(figure(g.actual))}</td><td>${e(figure(g.threshold))}</td><td>${e(g.message)}</td><td class="source">${e(g.source)}</td></tr>`;
    })
    .join('');
  return `<section id="gates"><h2>Quality gates</h2><table><thead><tr><th scope="col">Gate</th><th scope="col">Status</th><th scope="col">Actual</th><th scope="col">Threshold</th><th scope="col">Message</th><th scope="col">Source</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The new-code section: figures beside the overall ones, uncovered changed lines, notes. */
export function newCodeSection(figures: NewCodeFigures, report: ReleaseReadinessReport): string {
  const ids = ['new_code.coverage', 'new_code.critical_issues', 'new_code.quality_score'];
  const rows = newCodeRows(figures, report.qualityGates)
    .map((r, i) => `<tr><th scope="row">${e(r.label)}</th><td data-figure="${ids[i]}">${e(r.newCode)}</td><td>${e(r.overall)}</td></tr>`)
    .join('');
  const uncovered = figures.uncovered
    .map((u) => `<li><code>${e(u.file)}</code>: ${e(lineRanges(u.lines))}</li>`)
    .join('');
  const notes = newCodeNotes(figures).map((n) => `<li>${e(n)}</li>`).join('');
  return [
    '<section id="new-code"><h2>New code</h2>',
    `<p>${e(newCodeHeadline(figures))}</p>`,
    `<table><thead><tr><th scope="col"></th><th scope="col">New code</th><th scope="col">Overall</th></tr></thead><tbody>${rows}</tbody></table>`,
    uncovered ? `<h3>Uncovered changed lines</h3><ul class="uncovered">${uncovered}</ul>` : '',
    notes ? `<ul class="notes">${notes}</ul>` : '',
    '</section>',
  ].join('');
}

function excerptHtml(finding: OutputFinding, excerpts: ExcerptMap): string {
  const excerpt = excerpts[excerptKey(finding.file, finding.line)];
  if (!excerpt) return '';
  const lines = excerpt.lines
    .map((text, i) => {
      const n = excerpt.startLine + i;
      return `<span class="${n === finding.line ? 'hit' : 'ctx'}"><span class="ln">${n}</span>${e(text)}</span>`;
    })
    .join('\n');
  return `<pre class="excerpt">${lines}</pre>`;
}

function flowHtml(finding: OutputFinding): string {
  if (!finding.flow || finding.flow.length === 0) return '';
  const steps = finding.flow.map((s) => `<li><code>${e(s.file)}:${s.line}</code> ${e(s.label)}</li>`).join('');
  return `<details open><summary>Data flow (${finding.flow.length} steps, source first)</summary><ol class="flow">${steps}</ol></details>`;
}

/** At most this many findings are shown (most severe first); the JSON report has them all. */
export const MAX_HTML_FINDINGS = 200;

/** Findings of every analysis, most severe first, with excerpts and data flows. */
export function findingsSection(report: ReleaseReadinessReport, excerpts: ExcerptMap): string {
  const all = analysesOf(report.agentResults).flatMap((a) => a.findings.map((f) => ({ ...f, analyzer: a.analyzer })));
  all.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
  const shown = all.slice(0, MAX_HTML_FINDINGS);
  const items = shown
    .map(
      (f) =>
        `<li class="finding ${e(f.severity)}"><p><span class="sev">${e(f.severity)}</span> <code>${e(f.file)}:${f.line}</code> <code>${e(f.rule)}</code> (${e(f.tool)}, ${e(f.analyzer)}): ${e(f.message)}</p>${excerptHtml(f, excerpts)}${flowHtml(f)}</li>`,
    )
    .join('');
  const more = all.length - shown.length;
  return `<section id="findings"><h2>Findings (<span data-figure="findings.count">${all.length}</span>)</h2>${all.length === 0 ? '<p>No findings.</p>' : `<ol class="findings">${items}</ol>`}${more > 0 ? `<p>${more} more finding(s) in the JSON report.</p>` : ''}</section>`;
}

/** The places the findings section shows, to load their excerpts. */
export function findingPlaces(report: ReleaseReadinessReport): Array<{ file: string; line: number }> {
  const all = analysesOf(report.agentResults).flatMap((a) => a.findings);
  all.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return all.slice(0, MAX_HTML_FINDINGS).map((f) => ({ file: f.file, line: f.line }));
}

interface FileRow {
  path: string;
  lines_total: number;
  lines_covered: number;
  pct: number | null;
  uncovered_lines: number[] | null;
}

function coverageRows(report: ReleaseReadinessReport): FileRow[] | null {
  for (const result of report.agentResults) {
    const outputs = result.output['analyzer'] === 'coverage' ? [result.output] : Object.values(result.output);
    for (const output of outputs) {
      const o = output as { analyzer?: unknown; figures?: { files?: unknown } };
      if (o?.analyzer === 'coverage' && Array.isArray(o.figures?.files)) return o.figures.files as FileRow[];
    }
  }
  return null;
}

/** Per-file line coverage with the uncovered lines. */
export function coverageSection(report: ReleaseReadinessReport): string {
  const rows = coverageRows(report);
  if (!rows) return '<section id="coverage"><h2>Coverage per file</h2><p>Coverage was not measured in this run.</p></section>';
  const body = rows
    .map((r) => {
      const pct = r.pct === null ? 'n/a' : `${r.pct.toFixed(1)}%`;
      const width = r.pct === null ? 0 : Math.max(0, Math.min(100, r.pct));
      const missing = r.uncovered_lines ? lineRanges(r.uncovered_lines) : 'per-line data not available';
      return `<tr><th scope="row"><code>${e(r.path)}</code></th><td>${r.lines_covered} / ${r.lines_total}</td><td data-figure="coverage:${e(r.path)}"><span class="bar" aria-hidden="true"><span style="width:${width}%"></span></span> ${pct}</td><td class="missing">${e(missing)}</td></tr>`;
    })
    .join('');
  return `<section id="coverage"><h2>Coverage per file (${rows.length} files)</h2><table><thead><tr><th scope="col">File</th><th scope="col">Lines covered</th><th scope="col">Coverage</th><th scope="col">Uncovered lines</th></tr></thead><tbody>${body}</tbody></table></section>`;
}
