import { describe, expect, it } from 'vitest';
import { formatSarif } from './sarif.js';
import { agentResult, makeReport } from './fixture-reports.test-helper.js';
import { sarifValidator } from './validators.test-helper.js';

const flowFinding = {
  file: 'src/server.js',
  line: 9,
  column: 3,
  rule: 'taint/command-injection',
  severity: 'critical',
  message: 'OS command injection (CWE-78): req.query (line 5) reaches child_process.exec (line 9)',
  tool: 'empathy-taint',
  flow: [
    { file: 'src/server.js', line: 5, label: 'source: req.query' },
    { file: 'src/lib/run.js', line: 12, label: 'argument 1 of run()' },
    { file: 'src/server.js', line: 9, label: 'sink: child_process.exec' },
  ],
};

const security = agentResult({
  agentId: 'security_auditor',
  output: {
    analyzer: 'security',
    version: '2.0.0',
    tier: 'PREMIUM',
    root: '/repo',
    figures: {},
    findings: [flowFinding, { ...flowFinding, line: 20, rule: 'python/eval', flow: undefined }],
    tools: [{ name: 'eslint', version: '9.39.5' }],
    files_counted: 2,
    not_measured: [],
    duration_seconds: 0.1,
    cached: false,
  },
});

describe('SARIF code flows', () => {
  const log = JSON.parse(formatSarif(makeReport({ agentResults: [security] }))) as {
    runs: Array<{ results: Array<Record<string, unknown>> }>;
  };

  it('validates against the SARIF 2.1.0 schema with a code flow', () => {
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries the flow from source to sink, each step located and labelled', () => {
    const [withFlow, without] = log.runs[0]!.results;
    const flows = withFlow!['codeFlows'] as Array<{
      threadFlows: Array<{ locations: Array<{ location: Record<string, unknown> }> }>;
    }>;
    const steps = flows[0]!.threadFlows[0]!.locations.map((l) => {
      const at = l.location as {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        message: { text: string };
      };
      return `${at.physicalLocation.artifactLocation.uri}:${at.physicalLocation.region.startLine} ${at.message.text}`;
    });
    expect(steps).toEqual([
      'src/server.js:5 source: req.query',
      'src/lib/run.js:12 argument 1 of run()',
      'src/server.js:9 sink: child_process.exec',
    ]);
    expect(without!['codeFlows']).toBeUndefined();
  });
});
