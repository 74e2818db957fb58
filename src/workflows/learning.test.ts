import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationStore } from '../orchestration/learning/config-store.js';
import { MetaOrchestrator } from '../orchestration/planning/meta-orchestrator.js';
import { PatternLibrary } from '../orchestration/learning/pattern-library.js';
import { getTemplate, withTier } from '../orchestration/index.js';
import { compositionFor, planWithLearning, qualityScoreFromGates, taskPatternOf } from './learning.js';
import {
  OrchestratedReleasePrepWorkflow,
  RELEASE_AGENT_IDS,
  RELEASE_TASK_PATTERN,
} from './release-prep/release-prep.js';
import type { QualityGateResult } from './release-prep/gates.js';

const dirs: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-learning-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stores(root: string) {
  const patterns = new PatternLibrary({ projectRoot: root });
  return { patterns, store: new ConfigurationStore({ projectRoot: root, patternLibrary: patterns }) };
}

const debateTeam = [
  withTier(getTemplate('architecture_analyst'), 'CAPABLE'),
  withTier(getTemplate('code_reviewer'), 'PREMIUM'),
];

describe('planWithLearning', () => {
  it('composes afresh when there is no evidence', async () => {
    const { store, patterns } = stores(tempRoot());
    const learned = await planWithLearning(
      new MetaOrchestrator(),
      { task: 'audit security' },
      store,
      patterns,
    );
    expect(learned.source).toBe('composed');
    expect(learned.plan.agents.map((a) => a.id)).toEqual(['security_auditor']);
  });

  it("reuses the task's own proven composition (>= 0.8 over >= 3 uses)", async () => {
    const { store, patterns } = stores(tempRoot());
    const config = compositionFor(taskPatternOf('audit security'), debateTeam, 'debate', {});
    for (let i = 0; i < 3; i++) await store.recordOutcome(config, true, 90);
    const learned = await planWithLearning(
      new MetaOrchestrator(),
      { task: 'audit security' },
      store,
      patterns,
    );
    expect(learned.source).toBe('record');
    expect(learned.plan.strategy).toBe('debate');
    expect(learned.plan.agents.map((a) => `${a.id}@${a.tierPreference}`)).toEqual([
      'architecture_analyst@CAPABLE',
      'code_reviewer@PREMIUM',
    ]);
    expect(learned.plan.reasoning.at(-1)).toMatch(
      /reused proven composition comp_audit_security_\w+ of this task \(3\/3 successes/,
    );
  });

  it("uses a similar task's strong pattern when the task has no record of its own", async () => {
    const { store, patterns } = stores(tempRoot());
    const config = compositionFor(
      taskPatternOf('security audit of the payment service'),
      debateTeam,
      'debate',
      {},
    );
    for (let i = 0; i < 4; i++) await store.recordOutcome(config, true, 80);
    const learned = await planWithLearning(
      new MetaOrchestrator(),
      { task: 'security audit of the billing service' },
      store,
      patterns,
    );
    expect(learned.source).toBe('pattern');
    expect(learned.plan.strategy).toBe('debate');
    expect(learned.plan.reasoning.at(-1)).toMatch(
      /reused the team of pattern orchestration_comp_security_audit_of_the_payment_service_\w+ .*4\/4 successes.*no record of its own/,
    );
  });

  it('never overrides a team or strategy given in the context', async () => {
    const { store, patterns } = stores(tempRoot());
    const config = compositionFor(taskPatternOf('audit security'), debateTeam, 'debate', {});
    for (let i = 0; i < 3; i++) await store.recordOutcome(config, true, 90);
    const learned = await planWithLearning(
      new MetaOrchestrator(),
      { task: 'audit security', context: { strategy: 'parallel' } },
      store,
      patterns,
    );
    expect(learned.source).toBe('composed');
    expect(learned.plan.strategy).toBe('parallel');
  });
});

describe('qualityScoreFromGates', () => {
  const gate = (
    name: string,
    threshold: number,
    actual: number | null,
    passed: boolean,
  ): QualityGateResult => ({
    name,
    threshold,
    actual,
    passed,
    critical: true,
    message: '',
    source: '',
    agentId: 'x',
  });
  it('scores passed gates 100, failed ones by closeness, unmeasured 0', () => {
    const directions = new Map<string, 'min' | 'max'>([
      ['Coverage', 'min'],
      ['Security', 'max'],
      ['Quality', 'min'],
    ]);
    const gates = [
      gate('Coverage', 80, 60, false),
      gate('Security', 0, 3, false),
      gate('Quality', 7, null, false),
    ];
    // (75 + 25 + 0) / 3
    expect(qualityScoreFromGates(gates, directions)).toBe(33.33);
    expect(qualityScoreFromGates([gate('Coverage', 80, 90, true)], directions)).toBe(100);
  });
});

describe('release-prep learning loop', () => {
  it('reuses the proven default composition and records the run on it', async () => {
    const root = path.join(tempRoot(), 'js-lib');
    cpSync(path.resolve(import.meta.dirname, '../../test/fixtures/js-lib'), root, { recursive: true });
    const { store } = stores(root);
    const agents = RELEASE_AGENT_IDS.map((id) => getTemplate(id));
    const thresholds = {
      max_critical_issues: 0,
      min_coverage: 60,
      min_quality_score: 7,
      min_doc_coverage: 100,
    };
    const config = compositionFor(RELEASE_TASK_PATTERN, agents, 'parallel', thresholds);
    for (let i = 0; i < 3; i++) await store.recordOutcome(config, true, 100);

    const report = await new OrchestratedReleasePrepWorkflow({
      qualityGates: { min_coverage: 60 },
      cache: false,
      store,
    }).execute({ path: root });
    expect(report.composition).toMatchObject({ id: config.id, reused: true, usageCount: 4 });
    expect(report.approved).toBe(true);
    expect((await store.load(config.id))?.successCount).toBe(4);

    const off = await new OrchestratedReleasePrepWorkflow({
      qualityGates: { min_coverage: 60 },
      cache: false,
      learn: false,
    }).execute({ path: root });
    expect(off.composition).toBeNull();
    expect((await store.load(config.id))?.usageCount).toBe(4);
  });
});

describe('test-coverage learning loop', () => {
  it('reuses the proven test-coverage composition and records the run on it', async () => {
    const { TestCoverageBoostWorkflow, TEST_COVERAGE_TASK_PATTERN } =
      await import('./test-coverage/workflow.js');
    const root = path.join(tempRoot(), 'js-lib');
    cpSync(path.resolve(import.meta.dirname, '../../test/fixtures/js-lib'), root, { recursive: true });
    const { store } = stores(root);
    const agents = ['test_coverage_analyzer', 'test_generator', 'test_validator'].map((id) =>
      getTemplate(id),
    );
    const config = compositionFor(TEST_COVERAGE_TASK_PATTERN, agents, 'sequential', { min_coverage: 70 });
    for (let i = 0; i < 3; i++) await store.recordOutcome(config, true, 100);

    const result = await new TestCoverageBoostWorkflow({
      targetCoverage: 70,
      projectRoot: root,
      savePatterns: true,
      maxFiles: 1,
    }).execute();
    expect(result.composition).toMatchObject({ id: config.id, reused: true, usageCount: 4 });
    expect(result.toJSON()['composition']).toMatchObject({ id: config.id, reused: true, usage_count: 4 });
  });
});
