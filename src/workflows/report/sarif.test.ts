import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import type { AgentResult } from '../../types.js';
import { buildSarif, formatSarif, sarifLevel } from './sarif.js';
import { agentResult, makeReport, type Parsed } from './fixture-reports.test-helper.js';
import { sarifValidator } from './validators.test-helper.js';

type Finding = {
  file: string;
  line: number;
  column?: number;
  rule: string;
  severity: string;
  message: string;
  tool: string;
};

function analysis(analyzer: string, findings: Finding[], extra: Record<string, unknown> = {}) {
  return {
    analyzer,
    version: '1.0.0',
    tier: 'CAPABLE',
    root: '/repo',
    figures: {},
    findings,
    tools: [{ name: 'eslint', version: '9.39.5' }],
    files_counted: 3,
    not_measured: [],
    duration_seconds: 0.1,
    cached: false,
    ...extra,
  };
}

const f = (over: Partial<Finding> & { rule: string }): Finding => ({
  file: 'src/a.js',
  line: 1,
  severity: 'high',
  message: 'a message',
  tool: 'eslint',
  ...over,
});

function runOf(results: AgentResult[], options = {}) {
  const log = buildSarif(makeReport({ agentResults: results }), options) as {
    runs: Array<Record<string, Parsed>>;
  };
  return log.runs[0]!;
}

let validate: ValidateFunction;
beforeAll(() => {
  validate = sarifValidator();
});

describe('sarifLevel', () => {
  it.each([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['info', 'note'],
    ['bogus', 'warning'],
  ])('%s -> %s', (severity, level) => expect(sarifLevel(severity)).toBe(level));
});

describe('formatSarif', () => {
  const security = agentResult({
    agentId: 'security_auditor',
    output: analysis(
      'security',
      [
        f({ rule: 'security/detect-eval', file: 'src/my file.js', line: 4, column: 7, severity: 'medium' }),
        f({ rule: 'security/detect-eval', file: 'src\\win\\path.js', line: 9, severity: 'critical' }),
        f({
          rule: 'npm-audit/@scope/pkg',
          file: 'package-lock.json',
          line: 0,
          severity: 'info',
          tool: 'npm-audit',
        }),
        f({ rule: 'odd', file: '/repo/abs/inside.js', line: 2, severity: 'low' }),
        f({ rule: 'odd', file: '/elsewhere/outside.js', line: 2, severity: 'low' }),
        f({ rule: 'project-wide', file: '.', line: 0, severity: 'high' }),
      ],
      { not_measured: [{ what: 'dependency audit (npm audit)', reason: 'registry 405', fix: 'run in CI' }] },
    ),
  });
  // An agent with several tools: its output is keyed by tool.
  const reviewer = agentResult({
    agentId: 'code_reviewer',
    output: { quality_analysis: analysis('quality', [f({ rule: 'security/detect-eval', severity: 'low' })]) },
  });
  const docs = agentResult({
    agentId: 'documentation_writer',
    output: analysis('documentation', [f({ rule: 'documentation/undocumented-symbol', severity: 'low' })]),
  });
  const crashed = agentResult({ agentId: 'performance_optimizer', success: false, error: 'worker crashed' });

  it('is valid SARIF 2.1.0, including an empty report', () => {
    for (const log of [
      JSON.parse(formatSarif(makeReport({ agentResults: [security, reviewer, docs, crashed] }))),
      JSON.parse(formatSarif(makeReport())),
    ]) {
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('places results relative to SRCROOT with encoded, forward-slash URIs', () => {
    const run = runOf([security]);
    const places = (run['results'] as Array<Record<string, Parsed>>).map(
      (r) => r['locations'][0]?.physicalLocation,
    );
    expect(places[0]).toEqual({
      artifactLocation: { uri: 'src/my%20file.js', uriBaseId: 'SRCROOT' },
      region: { startLine: 4, startColumn: 7 },
    });
    expect(places[1].artifactLocation).toEqual({ uri: 'src/win/path.js', uriBaseId: 'SRCROOT' });
    expect(places[2]).toEqual({
      artifactLocation: { uri: 'package-lock.json', uriBaseId: 'SRCROOT' },
      region: { startLine: 1 },
    });
    expect(places[3].artifactLocation).toEqual({ uri: 'abs/inside.js', uriBaseId: 'SRCROOT' });
    expect(places[4].artifactLocation).toEqual({ uri: 'file:///elsewhere/outside.js' });
    expect(places[5]).toBeUndefined();
    expect(run['originalUriBaseIds']).toEqual({ SRCROOT: { uri: 'file:///repo/' } });
  });

  it('marks whole-file findings and keeps severity, tool and agent in properties', () => {
    const results = runOf([security])['results'] as Array<Record<string, Parsed>>;
    expect(results[2]).toMatchObject({
      ruleId: 'npm-audit/@scope/pkg',
      level: 'note',
      properties: {
        severity: 'info',
        tool: 'npm-audit',
        analyzer: 'security',
        agentId: 'security_auditor',
        wholeFile: true,
      },
    });
    expect(results[0]!['properties'].wholeFile).toBeUndefined();
  });

  it('has one rule per rule id, at the highest severity seen, with GitHub security severity', () => {
    const run = runOf([security, reviewer]);
    const rules = run['tool'].driver.rules as Array<Record<string, Parsed>>;
    expect(rules.map((r) => r['id'])).toEqual([
      'security/detect-eval',
      'npm-audit/@scope/pkg',
      'odd',
      'project-wide',
    ]);
    expect(rules[0]).toMatchObject({
      defaultConfiguration: { level: 'error' },
      properties: { severity: 'critical', 'security-severity': '9.5', tags: ['security', 'quality'] },
    });
    expect(rules[1]!['properties']['security-severity']).toBeUndefined();
    const results = run['results'] as Array<Record<string, Parsed>>;
    for (const result of results) expect(rules[result['ruleIndex']]?.['id']).toBe(result['ruleId']);
    // Each result keeps its own level.
    expect(results.map((r) => r['level'])).toEqual([
      'warning',
      'error',
      'note',
      'note',
      'note',
      'error',
      'note',
    ]);
  });

  it('a rule the security analyser also reports gets a security severity, whatever came first', () => {
    const rules = runOf([reviewer, security])['tool'].driver.rules as Array<Record<string, Parsed>>;
    expect(rules[0]).toMatchObject({
      id: 'security/detect-eval',
      properties: { severity: 'critical', 'security-severity': '9.5', tags: ['quality', 'security'] },
    });
    const qualityOnly = runOf([reviewer])['tool'].driver.rules as Array<Record<string, Parsed>>;
    expect(qualityOnly[0]!['properties']).toEqual({ tags: ['quality'], severity: 'low' });
  });

  it('holds security and quality findings by default, all analysers on request', () => {
    expect(runOf([security, reviewer, docs])['results']).toHaveLength(7);
    expect(runOf([security, reviewer, docs], { analyzers: 'all' })['results']).toHaveLength(8);
    expect(runOf([security, reviewer, docs], { analyzers: ['documentation'] })['results']).toHaveLength(1);
  });

  it('reports what was not measured and agent errors on the invocation', () => {
    const invocation = runOf([security, crashed])['invocations'][0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: 'security_auditor: dependency audit (npm audit) not measured: registry 405 (fix: run in CI)',
        },
        descriptor: { id: 'not-measured' },
      },
      {
        level: 'error',
        message: { text: 'performance_optimizer failed: worker crashed' },
        descriptor: { id: 'agent-error' },
      },
    ]);
    expect(invocation.startTimeUtc).toBe('2026-01-02T03:04:03.178Z');
    expect(invocation.endTimeUtc).toBe('2026-01-02T03:04:05.678Z');
  });

  it('names the tools that produced findings, deduplicated, and the driver version from package.json', () => {
    const run = runOf([security, reviewer]);
    expect(run['tool'].extensions).toEqual([{ name: 'eslint', version: '9.39.5' }]);
    expect(run['tool'].driver.name).toBe('empathy');
    expect(run['tool'].driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
