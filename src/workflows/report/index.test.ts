import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import {
  formatReport,
  getReportFormat,
  isReportFormatName,
  REPORT_FORMAT_NAMES,
  REPORT_FORMATS,
} from './index.js';
import { agentErrored, analysesOf, gateStatus } from './report-data.js';
import { agentResult, gate, makeReport } from './fixture-reports.test-helper.js';

const report = makeReport({
  approved: false,
  confidence: 'MEDIUM',
  qualityGates: [
    gate({
      name: 'Security',
      actual: 1,
      passed: false,
      message: 'critical_issues 1 is above the threshold 0',
    }),
  ],
  blockers: ['Security: critical_issues 1 is above the threshold 0'],
  agentResults: [
    agentResult({
      agentId: 'security_auditor',
      output: {
        analyzer: 'security',
        findings: [{ file: 'a.js', line: 2, rule: 'r', severity: 'critical', message: 'm', tool: 'eslint' }],
        tools: [],
        not_measured: [],
      },
    }),
  ],
  summary: 'Release blocked by Security.',
});

describe('the report format registry', () => {
  it('has exactly the seven formats, each under its own name', () => {
    expect(REPORT_FORMAT_NAMES).toEqual(['console', 'json', 'markdown', 'sarif', 'junit', 'html', 'github']);
    for (const name of REPORT_FORMAT_NAMES) {
      expect(REPORT_FORMATS[name].name).toBe(name);
      expect(REPORT_FORMATS[name].extension).toMatch(/^\.\w+$/);
    }
  });

  it('an unknown format is a one-line UserError listing the formats', () => {
    expect(() => getReportFormat('pdf')).toThrow(UserError);
    expect(() => formatReport(report, 'pdf')).toThrow(
      'unknown report format "pdf"; use one of console, json, markdown, sarif, junit, html, github',
    );
    expect(isReportFormatName('toString')).toBe(false);
    expect(isReportFormatName('sarif')).toBe(true);
  });

  it('renders each format from the report, deterministically, ending with a newline', () => {
    for (const name of REPORT_FORMAT_NAMES) {
      const text = formatReport(report, name);
      expect(text.endsWith('\n'), name).toBe(true);
      const copy = makeReport({ ...report });
      expect(formatReport(copy, name), name).toBe(text);
    }
  });

  it('console is the report layout, coloured only when asked', () => {
    const plain = formatReport(report, 'console');
    expect(plain).toBe(report.formatConsoleOutput({ color: false }));
    expect(plain).not.toContain('\u001b[');
    expect(formatReport(report, 'console', { color: true })).toContain('\u001b[31m');
  });

  it('json is the wire form; sarif and junit pass their options through', () => {
    expect(JSON.parse(formatReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report.toJSON())));
    const sarif = JSON.parse(formatReport(report, 'sarif', { sarif: { analyzers: ['quality'] } }));
    expect(sarif.runs[0].results).toHaveLength(0);
    expect(JSON.parse(formatReport(report, 'sarif')).runs[0].results).toHaveLength(1);
    expect(formatReport(report, 'markdown', { markdown: { headingLevel: 1 } })).toMatch(/^# /);
  });
});

describe('report data helpers', () => {
  it('gateStatus: pass, fail, not measured, warning', () => {
    expect(gateStatus(gate({ name: 'a' }))).toBe('pass');
    expect(gateStatus(gate({ name: 'a', passed: false, actual: 3 }))).toBe('fail');
    expect(gateStatus(gate({ name: 'a', passed: false, actual: null }))).toBe('not_measured');
    expect(gateStatus(gate({ name: 'a', passed: false, critical: false, actual: null }))).toBe('warning');
  });

  it('agentErrored: failed without figures only', () => {
    expect(agentErrored(agentResult({ agentId: 'a' }))).toBe(false);
    expect(agentErrored(agentResult({ agentId: 'a', success: false, error: 'x' }))).toBe(true);
    expect(
      agentErrored(agentResult({ agentId: 'a', success: false, error: 'x', output: { figures: {} } })),
    ).toBe(false);
  });

  it('analysesOf: direct and tool-keyed outputs; drops malformed findings', () => {
    const found = analysesOf([
      agentResult({
        agentId: 'x',
        output: {
          analyzer: 'quality',
          findings: [{ file: 'a', line: 1, rule: 'r', severity: 'low', message: 'm' }, { nonsense: true }],
        },
      }),
      agentResult({ agentId: 'y', output: { scan: { analyzer: 'security', findings: [] }, other: 3 } }),
      agentResult({ agentId: 'z', output: {} }),
    ]);
    expect(found.map((a) => [a.agentId, a.analyzer, a.findings.length])).toEqual([
      ['x', 'quality', 1],
      ['y', 'security', 0],
    ]);
    expect(found[0]?.findings[0]?.tool).toBe('quality');
  });
});
