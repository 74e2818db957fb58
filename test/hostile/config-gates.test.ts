/**
 * Hostile repository: its config drops the release gates (`agents: ["documentation_writer"]`),
 * which issue 12 saw give READY with HIGH confidence. Now the report lists every dropped default
 * gate with what dropped it and the release is never approved without a critical gate; a
 * `--policy` file outside the repository wins over its gates and agents; `--no-repo-config`
 * ignores it; every threshold names its source in the JSON report; and a forged proven
 * composition that leaves out the gated agents is not reused.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentConfiguration } from '../../src/orchestration/learning/agent-configuration.js';
import { ConfigurationStore } from '../../src/orchestration/learning/config-store.js';
import {
  OrchestratedReleasePrepWorkflow,
  RELEASE_TASK_PATTERN,
} from '../../src/workflows/release-prep/release-prep.js';
import {
  cleanUp,
  hostileRepo,
  parseReport,
  runEmpathy,
  tempDir,
  writeFiles,
  type ReportJson,
} from './config.test-helper.js';

afterEach(cleanUp);

const RUN = ['orchestrate', 'release-prep', '--no-learn'];
const gatesOf = (report: ReportJson) =>
  Object.fromEntries(report.quality_gates.map((g) => [g.name, g.threshold_source]));

describe('a repository config dropping the release gates', () => {
  it('lists each dropped gate with its source and blocks the release', async () => {
    const root = hostileRepo({ 'empathy.config.json': { agents: ['documentation_writer'] } });
    const env = { EMPATHY_CONFIG_DIR: tempDir() };
    const json = await runEmpathy([...RUN, '--json'], root, env);
    expect(json.code).toBe(1);
    const report = parseReport(json.out);
    expect(report.approved).toBe(false);
    expect(report.configuration.disabled_gates).toEqual([
      expect.objectContaining({ name: 'Security', critical: true, source: 'empathy.config.json' }),
      expect.objectContaining({ name: 'Test Coverage', critical: true, source: 'empathy.config.json' }),
      expect.objectContaining({ name: 'Code Quality', critical: true, source: 'empathy.config.json' }),
    ]);
    expect(report.blockers).toContain(
      'no critical gate was evaluated: Security, Test Coverage, Code Quality did not run (disabled by empathy.config.json); a release needs at least one',
    );
    const text = await runEmpathy(RUN, root, env);
    expect(text.out).toContain('Security: not run, disabled by empathy.config.json');
    expect(text.out).toContain('RELEASE BLOCKED');
  });

  it('--policy wins over the repository for gates and agents; its source is named', async () => {
    const root = hostileRepo({
      'empathy.config.json': { agents: ['documentation_writer'], qualityGates: { min_doc_coverage: 0 } },
    });
    const policy = path.join(
      writeFiles(tempDir(), {
        'policy.json': {
          agents: ['security_auditor', 'documentation_writer'],
          qualityGates: { min_doc_coverage: 50, max_critical_issues: 0 },
        },
      }),
      'policy.json',
    );
    const run = await runEmpathy([...RUN, '--json', '--policy', policy], root, {
      EMPATHY_CONFIG_DIR: tempDir(),
    });
    const report = parseReport(run.out);
    expect(report.configuration.agents_source).toBe(policy);
    expect(report.configuration.files.policy).toBe(policy);
    expect(gatesOf(report)).toEqual({ Security: policy, Documentation: policy });
    expect(report.quality_gates.find((g) => g.name === 'Documentation')?.threshold).toBe(50);
    expect(report.configuration.disabled_gates.map((g) => g.message)).toEqual([
      `Test Coverage: not run, disabled by ${policy}`,
      `Code Quality: not run, disabled by ${policy}`,
    ]);
    // A dropped critical gate is never silent: confidence is not HIGH and the summary says so.
    expect(report.confidence_reasons).toContain(`Test Coverage (disabled by ${policy}) did not run`);
    expect(report.summary).toContain(`not run: Test Coverage (disabled by ${policy})`);
  });

  it('--no-repo-config ignores the repository config, even one that would not load', async () => {
    const root = hostileRepo({ 'empathy.config.json': '{ "agents": ["documentation_writer"], broken' });
    const args = [...RUN, '--json', '--agents', 'security_auditor,documentation_writer'];
    const broken = await runEmpathy(args, root, { EMPATHY_CONFIG_DIR: tempDir() });
    expect(broken.code).toBe(2);
    const run = await runEmpathy([...args, '--no-repo-config'], root, { EMPATHY_CONFIG_DIR: tempDir() });
    const report = parseReport(run.out);
    expect(report.configuration.files).toMatchObject({ repository: null, repository_ignored: true });
    expect(report.configuration.agents_source).toBe('--agents');
    expect(gatesOf(report)).toEqual({ Security: 'default', Documentation: 'default' });
  });

  it('names the source of each threshold: flag, policy, repository config, user config, default', async () => {
    const userDir = writeFiles(tempDir(), { 'config.json': { qualityGates: { min_coverage: 10 } } });
    const policyDir = writeFiles(tempDir(), { 'p.json': { qualityGates: { min_doc_coverage: 20 } } });
    const root = hostileRepo({
      'empathy.config.json': {
        agents: ['security_auditor', 'test_coverage_analyzer', 'code_reviewer', 'documentation_writer'],
        qualityGates: { min_quality_score: 1, min_coverage: 99, min_doc_coverage: 99 },
      },
    });
    const run = await runEmpathy(
      [...RUN, '--json', '--policy', path.join(policyDir, 'p.json'), '--min-coverage', '5'],
      root,
      { EMPATHY_CONFIG_DIR: userDir },
    );
    const report = parseReport(run.out);
    expect(gatesOf(report)).toEqual({
      Security: 'default',
      'Test Coverage': '--min-coverage',
      'Code Quality': 'empathy.config.json',
      Documentation: path.join(policyDir, 'p.json'),
    });
    const user = await runEmpathy([...RUN, '--json', '--agents', 'test_coverage_analyzer'], hostileRepo(), {
      EMPATHY_CONFIG_DIR: userDir,
    });
    expect(gatesOf(parseReport(user.out))).toEqual({
      'Test Coverage': path.join(userDir, 'config.json'),
    });
  });

  it('a forged proven composition that leaves out the gated agents is not reused', async () => {
    const root = hostileRepo();
    const store = new ConfigurationStore({ projectRoot: root, storageDir: tempDir() });
    const forged = new AgentConfiguration({
      taskPattern: RELEASE_TASK_PATTERN,
      agents: [{ role: 'documentation_writer', tier: 'CHEAP' }],
      strategy: 'parallel',
      qualityGates: {},
      tags: [RELEASE_TASK_PATTERN],
    });
    for (let i = 0; i < 5; i++) await store.recordOutcome(forged, true, 100);
    const report = await new OrchestratedReleasePrepWorkflow({ cache: false, store }).execute({ path: root });
    expect(report.composition?.reused).toBe(false);
    expect(report.qualityGates.map((g) => g.name)).toEqual([
      'Security',
      'Test Coverage',
      'Code Quality',
      'Documentation',
    ]);
    expect(report.warnings).toContain(
      `proven composition ${forged.id} not reused: it leaves out security_auditor, test_coverage_analyzer, code_reviewer, whose gates are required`,
    );
  });
});
