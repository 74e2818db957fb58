import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, formatMarkdown } from './markdown.js';
import { agentResult, gate, makeReport } from './fixture-reports.test-helper.js';

describe('escapeMarkdown', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line one\nline two\r\nthree', 'line one<br>line two<br>three'],
    ['**bold** and `code` and [link](x)', '\\*\\*bold\\*\\* and \\`code\\` and \\[link\\](x)'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['&lt; stays text', '\\&lt; stays text'],
    ['critical_issues stays readable', 'critical_issues stays readable'],
    ['_emphasis_', '\\_emphasis\\_'],
    ['# not a heading', '\\# not a heading'],
    ['### not a heading', '\\### not a heading'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['9.9 is a number', '9.9 is a number'],
    ['---', '\\---'],
    ['npm-audit/@babel/core: advisory', 'npm-audit/@\u200bbabel/core: advisory'],
    ['a ~~strike~~', 'a \\~\\~strike\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('codeSpan', () => {
  it('wraps plain text, escapes pipes for tables and flattens newlines', () => {
    expect(codeSpan('lib/parse.js:20')).toBe('`lib/parse.js:20`');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
    expect(codeSpan('a\nb')).toBe('`a b`');
  });

  it('uses a longer fence around backticks', () => {
    expect(codeSpan('we`ird')).toBe('``we`ird``');
    expect(codeSpan('`start')).toBe('`` `start ``');
  });
});

describe('formatMarkdown', () => {
  const blocked = makeReport({
    approved: false,
    confidence: 'LOW',
    confidenceReasons: ['Test Coverage not measured'],
    qualityGates: [
      gate({
        name: 'Security',
        actual: 2,
        message: 'critical_issues 2 is above the threshold 0',
        passed: false,
      }),
      gate({
        name: 'Test Coverage',
        actual: null,
        threshold: 80,
        passed: false,
        message: 'not measured: no runner',
        source: 'none',
        agentId: 'test_coverage_analyzer',
      }),
      gate({ name: 'Code Quality', actual: 8.25, threshold: 7, agentId: 'code_reviewer' }),
      gate({
        name: 'Documentation',
        actual: 50,
        threshold: 100,
        passed: false,
        critical: false,
        message: 'doc_coverage 50 is below the threshold 100',
        source: 'tool | with pipe\nand newline',
        agentId: 'documentation_writer',
      }),
    ],
    blockers: [
      'Security: critical_issues 2 is above the threshold 0',
      'Test Coverage: not measured: no runner',
    ],
    warnings: ['Documentation: doc_coverage 50 is below the threshold 100'],
    topFixes: [
      { gate: 'Security', file: 'src/a|b.js', line: 3, what: 'critical rule-x: <bad> *thing*' },
      { gate: 'Test Coverage', file: '.', line: 0, what: 'make Test Coverage measurable: no runner' },
    ],
    summary: [
      'Release blocked by Security (critical_issues 2 is above the threshold 0), Test Coverage (not measured). 1 of 4 gate(s) passed.',
      'Warnings: Documentation below threshold.',
      'Fix first:',
      '  1. src/a|b.js:3: critical rule-x: <bad> *thing* [Security]',
      '  2. .: make Test Coverage measurable: no runner [Test Coverage]',
    ].join('\n'),
    agentResults: [
      agentResult({ agentId: 'security_auditor', durationSeconds: 4.567 }),
      agentResult({
        agentId: 'test_coverage_analyzer',
        success: false,
        error: 'agent test_coverage_analyzer timed out after 5s',
        durationSeconds: 5,
      }),
    ],
  });

  it('renders every section in order', () => {
    const md = formatMarkdown(blocked);
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '## ❌ Release readiness: RELEASE BLOCKED',
      '### Quality gates',
      '### Release blockers',
      '### Warnings',
      '### Configuration',
      '### Executive summary',
      '### Fix first',
      '### Agents executed (2)',
    ]);
    expect(md).toContain(
      '**Confidence:** LOW · **Generated:** 2026-01-02T03:04:05.678Z · **Duration:** 2.50s',
    );
    expect(md).toContain('- Test Coverage not measured');
    expect(md).toContain('- Threshold of Test Coverage: 80 from default');
    expect(md).toContain('- Agents from: default');
  });

  it('shows each gate as one table row with status, figures and an escaped source', () => {
    const rows = formatMarkdown(blocked)
      .split('\n')
      .filter((l) => /^\| (Security|Test Coverage|Code Quality|Documentation) \|/.test(l));
    expect(rows).toEqual([
      '| Security | ❌ fail | 2 | 0 | a tool 1.0 over 1 file(s) |',
      '| Test Coverage | ❌ not measured | not measured | 80 | none |',
      '| Code Quality | ✅ pass | 8.3 | 7 | a tool 1.0 over 1 file(s) |',
      '| Documentation | ⚠️ warning | 50 | 100 | tool \\| with pipe<br>and newline |',
    ]);
  });

  it('lists fixes once, as a table with file:line, and keeps the rest of the summary', () => {
    const md = formatMarkdown(blocked);
    expect(md).toContain('| 1 | `src/a\\|b.js:3` | Security | critical rule-x: \\<bad\\> \\*thing\\* |');
    expect(md).toContain('| 2 | `.` | Test Coverage | make Test Coverage measurable: no runner |');
    expect(md).not.toContain('Fix first:');
    expect(md).toContain('Warnings: Documentation below threshold.');
  });

  it('keeps the summary whole when its fix list is not the one of topFixes', () => {
    const report = makeReport({
      summary: 'Release approved.\nFix first:\n  1. something else',
      topFixes: [{ gate: 'Docs', file: 'a.ts', line: 1, what: 'document it' }],
    });
    const md = formatMarkdown(report);
    expect(md).toContain('Fix first:');
    expect(md).toContain('1\\. something else');
  });

  it('shows agents with status, tier, duration and the real error', () => {
    const md = formatMarkdown(blocked);
    expect(md).toContain('| `security_auditor` | ✅ done | CAPABLE | 4.57s |  |');
    expect(md).toContain(
      '| `test_coverage_analyzer` | ❌ error | CAPABLE | 5.00s | agent test_coverage_analyzer timed out after 5s |',
    );
  });

  it('an approved report has the ready heading and no blocker section', () => {
    const md = formatMarkdown(makeReport({ qualityGates: [gate({ name: 'Security' })] }));
    expect(md.startsWith('## ✅ Release readiness: READY FOR RELEASE\n')).toBe(true);
    expect(md).not.toContain('Release blockers');
    expect(md).not.toContain('Fix first');
  });

  it('takes the heading level from the options (clamped to 1..6)', () => {
    expect(formatMarkdown(blocked, { headingLevel: 1 })).toMatch(/^# ❌/);
    expect(formatMarkdown(blocked, { headingLevel: 1 })).toContain('\n## Quality gates\n');
    expect(formatMarkdown(blocked, { headingLevel: 9 })).toMatch(/^###### ❌/);
  });
});
