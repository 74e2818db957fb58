/**
 * The fleet summary in every report format of release-prep (the registry below has an entry
 * for each name of `REPORT_FORMATS`; a test keeps them in step): `console` and `markdown`
 * tables of repository, verdict, gate figures and duration; `json` (snake_case);
 * `sarif` (one result per failed gate or repository error, located at the repository);
 * `junit` (one test suite per repository, one case per gate); `html` (one self-contained page
 * with the table); `github` (one `::error` annotation per failed gate or repository error).
 *
 * @module
 */
import { defineFormat, type FormatOptions, type FormatRegistry } from '../workflows/report/registry.js';
import {
  escapeCommandData,
  escapeCommandProperty,
  escapeMarkdown,
  escapeXmlAttr,
  escapeXmlText,
} from '../workflows/report/index.js';
import { escapeHtml } from '../workflows/report/html/escape.js';
import type { FleetRow, FleetSummary } from './fleet.js';

/** Schema version of the fleet summary's JSON form. */
export const FLEET_SCHEMA_VERSION = 1;

function figure(actual: number | null): string {
  if (actual === null) return 'not measured';
  return Number.isInteger(actual) ? String(actual) : actual.toFixed(1);
}

/** Gate names over all rows, in order of first appearance. */
function gateNames(summary: FleetSummary): string[] {
  return [...new Set(summary.rows.flatMap((r) => r.gates.map((g) => g.name)))];
}

function cells(row: FleetRow, names: readonly string[]): string[] {
  return names.map((name) => {
    const gate = row.gates.find((g) => g.name === name);
    return gate ? `${figure(gate.actual)} ${gate.passed ? 'pass' : 'FAIL'}` : '-';
  });
}

function table(summary: FleetSummary): { header: string[]; rows: string[][] } {
  const names = gateNames(summary);
  return {
    header: ['Repository', 'Verdict', ...names, 'Duration'],
    rows: summary.rows.map((r) => [r.repository, r.verdict.toUpperCase(), ...cells(r, names), `${r.durationSeconds.toFixed(1)}s`]),
  };
}

function errors(summary: FleetSummary): string[] {
  return summary.rows.filter((r) => r.error !== null).map((r) => `${r.repository}: ${r.error}`);
}

function consoleText(summary: FleetSummary): string {
  const { header, rows } = table(summary);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const approved = summary.rows.filter((r) => r.verdict === 'approved').length;
  const out = [
    'RELEASE READINESS: FLEET',
    `${approved} of ${summary.rows.length} repositories approved; ${summary.queue ? `ran on ${summary.queue}` : 'ran in-process'}; ${summary.totalDuration.toFixed(1)}s`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  const failed = errors(summary);
  if (failed.length > 0) out.push('', 'ERRORS', ...failed.map((e) => `  ${e}`));
  return `${out.join('\n')}\n`;
}

function markdown(summary: FleetSummary): string {
  const { header, rows } = table(summary);
  const row = (r: string[]) => `| ${r.map((c) => escapeMarkdown(c)).join(' | ')} |`;
  const approved = summary.rows.filter((r) => r.verdict === 'approved').length;
  const out = [
    '## Release readiness: fleet',
    '',
    `${approved} of ${summary.rows.length} repositories approved.`,
    '',
    row(header),
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map(row),
  ];
  const failed = errors(summary);
  if (failed.length > 0) out.push('', '### Errors', '', ...failed.map((e) => `- ${escapeMarkdown(e)}`));
  return `${out.join('\n')}\n`;
}

function json(summary: FleetSummary): string {
  const value = {
    schema_version: FLEET_SCHEMA_VERSION,
    approved: summary.approved,
    total_duration: summary.totalDuration,
    queue: summary.queue,
    repositories: summary.rows.map((r) => ({
      repository: r.repository,
      verdict: r.verdict,
      gates: r.gates.map((g) => ({ name: g.name, actual: g.actual, threshold: g.threshold, passed: g.passed })),
      blockers: r.blockers,
      duration_seconds: r.durationSeconds,
      worker: r.worker,
      error: r.error,
    })),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

function sarif(summary: FleetSummary): string {
  const results = summary.rows.flatMap((r) => {
    const location = [{ physicalLocation: { artifactLocation: { uri: r.repository } } }];
    if (r.error !== null)
      return [{ ruleId: 'fleet/error', level: 'error', message: { text: `${r.repository} could not be checked: ${r.error}` }, locations: location }];
    return r.gates
      .filter((g) => !g.passed)
      .map((g) => ({
        ruleId: `gate/${g.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        level: 'error',
        message: { text: `${r.repository}: ${g.name} ${figure(g.actual)} (threshold ${figure(g.threshold)})` },
        locations: location,
      }));
  });
  const ruleIds = [...new Set(results.map((r) => r.ruleId))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'empathy-fleet', rules: ruleIds.map((id) => ({ id })) } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function junit(summary: FleetSummary): string {
  const suites = summary.rows.map((r) => {
    const name = escapeXmlAttr(r.repository);
    if (r.error !== null)
      return `  <testsuite name="${name}" tests="1" failures="0" errors="1" time="${r.durationSeconds.toFixed(3)}">\n    <testcase classname="empathy.fleet" name="release-prep"><error message="${escapeXmlAttr(r.error)}">${escapeXmlText(r.error)}</error></testcase>\n  </testsuite>`;
    const failures = r.gates.filter((g) => !g.passed).length;
    const cases = r.gates.map((g) => {
      const head = `    <testcase classname="empathy.fleet.${name}" name="${escapeXmlAttr(g.name)}"`;
      const text = `${g.name}: ${figure(g.actual)} (threshold ${figure(g.threshold)})`;
      return g.passed ? `${head}/>` : `${head}><failure message="${escapeXmlAttr(text)}"/></testcase>`;
    });
    return `  <testsuite name="${name}" tests="${r.gates.length}" failures="${failures}" errors="0" time="${r.durationSeconds.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="empathy release-prep fleet">\n${suites.join('\n')}\n</testsuites>\n`;
}

function html(summary: FleetSummary): string {
  const { header, rows } = table(summary);
  const approved = summary.rows.filter((r) => r.verdict === 'approved').length;
  const head = header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const failed = errors(summary).map((e) => `<li>${escapeHtml(e)}</li>`).join('');
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Release readiness: fleet</title><style>body{font:14px system-ui,sans-serif;margin:16px}table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:4px 8px}</style></head><body><h1>Release readiness: fleet</h1><p>${approved} of ${summary.rows.length} repositories approved.</p><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${failed ? `<h2>Errors</h2><ul>${failed}</ul>` : ''}</body></html>\n`;
}

function github(summary: FleetSummary): string {
  const lines = summary.rows.flatMap((r) => {
    const title = `title=${escapeCommandProperty(`release-prep: ${r.repository}`)}`;
    if (r.error !== null) return [`::error ${title}::${escapeCommandData(`could not be checked: ${r.error}`)}`];
    return r.gates
      .filter((g) => !g.passed)
      .map((g) => `::error ${title}::${escapeCommandData(`${g.name} ${figure(g.actual)} (threshold ${figure(g.threshold)})`)}`);
  });
  return `${[...lines, `::notice title=empathy release-prep fleet::${summary.rows.filter((r) => r.verdict === 'approved').length} of ${summary.rows.length} repositories approved`].join('\n')}\n`;
}

const format = (name: string, extension: string, mediaType: string, render: (s: FleetSummary) => string) =>
  defineFormat<FleetSummary, FormatOptions>({ name, description: `the fleet summary as ${name}`, extension, mediaType, render });

/** The fleet summary's formats: the same names as release-prep's report formats. */
export const FLEET_FORMATS: FormatRegistry<FleetSummary> = {
  console: format('console', '.txt', 'text/plain', consoleText),
  json: format('json', '.json', 'application/json', json),
  markdown: format('markdown', '.md', 'text/markdown', markdown),
  sarif: format('sarif', '.sarif', 'application/sarif+json', sarif),
  junit: format('junit', '.xml', 'application/xml', junit),
  html: format('html', '.html', 'text/html', html),
  github: format('github', '.annotations', 'text/plain', github),
};
