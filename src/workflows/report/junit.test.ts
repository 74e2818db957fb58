import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXmlAttr, escapeXmlText, formatJunit } from './junit.js';
import { agentResult, gate, makeReport, type Parsed } from './fixture-reports.test-helper.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => name === 'testcase' || name === 'property',
});

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { testsuites: Record<string, Parsed> };
  const suite = doc.testsuites['testsuite'] as Record<string, Parsed>;
  const cases = suite['testcase'] as Array<Record<string, Parsed>>;
  return { doc, suite, cases, byName: Object.fromEntries(cases.map((c) => [c['name'], c])) };
}

describe('XML escaping', () => {
  it('escapes text and attributes', () => {
    expect(escapeXmlText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeXmlAttr(`say "hi" & 'bye'\nnext\tcol`)).toBe(
      'say &quot;hi&quot; &amp; &apos;bye&apos;&#10;next&#9;col',
    );
  });

  it('replaces characters XML 1.0 cannot hold, keeps valid astral characters', () => {
    expect(escapeXmlText('bell\u0007 nul\u0000 lone\ud800 ok😀')).toBe(
      'bell\ufffd nul\ufffd lone\ufffd ok😀',
    );
  });
});

describe('formatJunit', () => {
  const security = agentResult({
    agentId: 'security_auditor',
    durationSeconds: 1.2345,
    output: { figures: {} },
  });
  const coverage = agentResult({
    agentId: 'test_coverage_analyzer',
    success: false,
    error: 'agent test_coverage_analyzer timed out after 5s',
    durationSeconds: 5,
  });
  const extra = agentResult({
    agentId: 'performance_optimizer',
    success: false,
    error: 'worker crashed: <oom> & "died"',
    durationSeconds: 0.5,
  });
  const report = makeReport({
    approved: false,
    confidence: 'LOW',
    qualityGates: [
      gate({
        name: 'Security',
        actual: 3,
        passed: false,
        message: 'critical_issues 3 is above the threshold 0 <&>',
      }),
      gate({
        name: 'Test Coverage',
        actual: null,
        threshold: 80,
        passed: false,
        message: 'not measured: agent test_coverage_analyzer timed out after 5s',
        agentId: 'test_coverage_analyzer',
      }),
      gate({
        name: 'Code Quality',
        actual: 8,
        threshold: 7,
        message: 'quality_score 8 >= 7',
        agentId: 'code_reviewer',
      }),
      gate({
        name: 'Documentation',
        actual: 50,
        threshold: 100,
        passed: false,
        critical: false,
        message: 'doc_coverage 50 is below the threshold 100',
        agentId: 'documentation_writer',
      }),
    ],
    agentResults: [security, coverage, agentResult({ agentId: 'code_reviewer', durationSeconds: 2 }), extra],
    blockers: [
      'Security: critical_issues 3 is above the threshold 0 <&>',
      'performance_optimizer failed: worker crashed',
    ],
    warnings: ['Documentation: doc_coverage 50 is below the threshold 100'],
    topFixes: [{ gate: 'Security', file: 'src/x.js', line: 7, what: 'critical eval: "eval" of input' }],
    summary: 'Release blocked by Security.\nFix first:\n  1. src/x.js:7: critical eval [Security]',
  });

  it('is well-formed XML with one test case per gate plus one per errored agent without a gate', () => {
    const { suite, cases } = parse(formatJunit(report));
    expect(suite['name']).toBe('release-prep');
    expect(cases.map((c) => c['name'])).toEqual([
      'Security',
      'Test Coverage',
      'Code Quality',
      'Documentation',
      'agent performance_optimizer',
    ]);
    expect(cases.every((c) => c['classname'] === 'empathy.release-prep')).toBe(true);
    expect(suite).toMatchObject({ tests: '5', failures: '1', errors: '2', skipped: '0', time: '2.500' });
    expect(suite['timestamp']).toBe('2026-01-02T03:04:05');
  });

  it('a failed critical gate is a failure with the gate message, figures, source and its fixes', () => {
    const { byName } = parse(formatJunit(report));
    const failure = byName['Security']['failure'];
    expect(failure.type).toBe('gate_failed');
    expect(failure.message).toBe('Security: critical_issues 3 is above the threshold 0 <&>');
    expect(failure['#text']).toContain('actual: 3, threshold: 0, critical: true');
    expect(failure['#text']).toContain('fix: src/x.js:7: critical eval: "eval" of input');
    expect(byName['Security']['time']).toBe('1.234');
  });

  it('a gate whose agent errored is an error with the real message', () => {
    const { byName } = parse(formatJunit(report));
    expect(byName['Test Coverage']['failure']).toBeUndefined();
    expect(byName['Test Coverage']['error'].type).toBe('agent_error');
    expect(byName['Test Coverage']['error'].message).toBe(
      'test_coverage_analyzer failed: agent test_coverage_analyzer timed out after 5s',
    );
    expect(byName['agent performance_optimizer']['error'].message).toBe(
      'performance_optimizer failed: worker crashed: <oom> & "died"',
    );
    expect(byName['agent performance_optimizer']['time']).toBe('0.500');
  });

  it('a failed non-critical gate passes with a WARNING in system-out; a passed gate shows its message', () => {
    const { byName } = parse(formatJunit(report));
    const docs = byName['Documentation'];
    expect(docs['failure']).toBeUndefined();
    expect(docs['error']).toBeUndefined();
    expect(docs['skipped']).toBeUndefined();
    expect(docs['system-out']).toMatch(
      /^WARNING: Documentation: doc_coverage 50 is below the threshold 100\n/,
    );
    expect(docs['time']).toBe('0.000');
    expect(byName['Code Quality']['system-out']).toMatch(/^Code Quality: quality_score 8 >= 7\n/);
  });

  it('a not-measured gate whose agent produced figures is a failure of type not_measured', () => {
    const measuredButMissing = makeReport({
      approved: false,
      qualityGates: [
        gate({
          name: 'Test Coverage',
          actual: null,
          passed: false,
          message: 'not measured: no runner',
          agentId: 'c',
        }),
      ],
      agentResults: [
        agentResult({ agentId: 'c', success: false, error: 'no runner', output: { figures: {} } }),
      ],
      blockers: ['Test Coverage: not measured: no runner'],
    });
    const { suite, byName } = parse(formatJunit(measuredButMissing));
    expect(byName['Test Coverage']['failure'].type).toBe('not_measured');
    expect(suite).toMatchObject({ failures: '1', errors: '0' });
  });

  it('carries the verdict, blockers and warnings as suite properties', () => {
    const { suite } = parse(formatJunit(report));
    const props = (suite['properties'].property as Array<{ name: string; value: string }>).map((p) => [
      p.name,
      p.value,
    ]);
    expect(props).toEqual([
      ['approved', 'false'],
      ['confidence', 'LOW'],
      ['path', '/repo'],
      ['blocker', 'Security: critical_issues 3 is above the threshold 0 <&>'],
      ['blocker', 'performance_optimizer failed: worker crashed'],
      ['warning', 'Documentation: doc_coverage 50 is below the threshold 100'],
    ]);
  });

  it('an approved report has no failures or errors', () => {
    const { suite } = parse(
      formatJunit(makeReport({ qualityGates: [gate({ name: 'Security' })], agentResults: [security] })),
    );
    expect(suite).toMatchObject({ tests: '1', failures: '0', errors: '0' });
  });
});
