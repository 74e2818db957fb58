import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentResult, gate, makeReport } from '../fixture-reports.test-helper.js';
import type { RunRecord } from '../../history/run-history.js';
import { formatReport } from '../index.js';
import { loadExcerpts } from './excerpts.js';
import { formatHtml } from './page.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-html-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function record(i: number, coverage: number | null): RunRecord {
  return {
    schema_version: 1,
    timestamp: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    duration_seconds: 100 + i,
    approved: i % 2 === 0,
    confidence: 'HIGH',
    coverage,
    quality_score: 7 + i / 2,
    critical_issues: i,
    doc_coverage: null,
    new_coverage: null,
    new_critical_issues: null,
    base_ref: null,
  };
}

const report = makeReport({
  approved: false,
  path: scratch,
  blockers: ['Security: critical_issues 1 is above the threshold 0'],
  qualityGates: [gate({ name: 'Security', actual: 1, threshold: 0, passed: false, message: 'critical <b>1</b>' })],
  agentResults: [
    agentResult({
      agentId: 'security_auditor',
      output: {
        analyzer: 'security',
        figures: { critical_issues: 1 },
        findings: [
          {
            file: 'src/app.js',
            line: 3,
            rule: 'security/detect-eval',
            severity: 'critical',
            message: 'eval of <script>alert(1)</script>',
            tool: 'eslint',
            flow: [
              { file: 'src/app.js', line: 1, label: 'req.query.code (source)' },
              { file: 'src/app.js', line: 3, label: 'eval (sink)' },
            ],
          },
        ],
        tools: [],
        not_measured: [],
      },
    }),
    agentResult({
      agentId: 'test_coverage_analyzer',
      output: {
        analyzer: 'coverage',
        figures: { coverage: 50, files: [{ path: 'src/app.js', lines_total: 4, lines_covered: 2, pct: 50, uncovered_lines: [3, 4], covered_lines: [1, 2] }] },
        findings: [],
      },
    }),
  ],
});

describe('html format', () => {
  it('is one self-contained page: no script, nothing loaded from the network, every text escaped', () => {
    const html = formatReport(report, 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(/i);
    const urls = html.match(/https?:\/\/[^\s"'<]*/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg'])); // the SVG namespace of the 4 charts, never fetched
    expect(html).toContain('eval of &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('critical &#60;b&#62;1&#60;/b&#62;');
    // the data flow, source first
    expect(html).toMatch(/<ol class="flow"><li><code>src\/app\.js:1<\/code> req\.query\.code \(source\)<\/li><li><code>src\/app\.js:3<\/code> eval \(sink\)<\/li><\/ol>/);
    // per-file coverage with the uncovered lines
    expect(html).toMatch(/data-figure="coverage:src\/app\.js">.*50\.0%<\/td><td class="missing">3-4<\/td>/);
  });

  it('draws one point per past run (a gap where a run had no figure), with titles and a table fallback', () => {
    const history = [record(0, 80), record(1, null), record(2, 90.5)];
    const html = formatHtml(report, { history });
    const coverageChart = /<svg class="chart" data-series="coverage"[^>]*>([\s\S]*?)<\/svg>/.exec(html)?.[1] ?? '';
    expect([...coverageChart.matchAll(/data-value="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([80, 90.5]);
    expect(coverageChart).toContain('<title id="chart-coverage-title">Coverage (%)</title>');
    expect(coverageChart).toContain('2 measured value(s) over 4 run(s); latest 90.5%.'); // + this run (no coverage gate)
    const critical = /data-series="critical"[^>]*>([\s\S]*?)<\/svg>/.exec(html)?.[1] ?? '';
    expect([...critical.matchAll(/data-value="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([0, 1, 2, 1]);
    expect(html).toContain('<caption>Past runs, oldest first</caption>');
    expect(html.match(/<tr><th scope="row">2026-01-0\d/g)).toHaveLength(4); // 3 past runs + this one
    expect(html).toContain('<span data-figure="runs">4</span>');
  });

  it('code excerpts: lines around the finding from files inside the project only', async () => {
    const root = path.join(scratch, 'proj');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src/app.js'), 'const a = 1;\nconst b = 2;\neval(code);\nconst c = 3;\nconst d = 4;\nconst e = 5;\n');
    writeFileSync(path.join(scratch, 'secret.txt'), 'outside\n');
    symlinkSync(path.join(scratch, 'secret.txt'), path.join(root, 'src/link.js'));
    const excerpts = await loadExcerpts(root, [
      { file: 'src/app.js', line: 3 },
      { file: 'src/link.js', line: 1 },
      { file: '../secret.txt', line: 1 },
      { file: 'src/app.js', line: 0 },
    ]);
    expect(excerpts).toEqual({ 'src/app.js:3': { startLine: 1, lines: ['const a = 1;', 'const b = 2;', 'eval(code);', 'const c = 3;', 'const d = 4;'] } });
    const html = formatHtml(report, { excerpts });
    expect(html).toContain('<span class="hit"><span class="ln">3</span>eval(code);</span>');
  });
});
