import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { AgentConfiguration } from './agent-configuration.js';
import { ConfigurationStore } from './config-store.js';
import { PatternLibrary, STRONG_SUGGESTION_SCORE } from './pattern-library.js';
import { learningStoreDirs } from './store-dir.js';
import { captureLogs, useTempDirs } from '../../core/temp-dir.test-helper.js';

const makeTempDir = useTempDirs();
captureLogs();

function setup() {
  const root = makeTempDir();
  const patterns = new PatternLibrary({ projectRoot: root });
  const store = new ConfigurationStore({ projectRoot: root, patternLibrary: patterns });
  return { root, patterns, store };
}

const releaseTeam = () =>
  new AgentConfiguration({
    taskPattern: 'release_prep',
    strategy: 'parallel',
    agents: [
      { role: 'security_auditor', tier: 'PREMIUM' },
      { role: 'test_coverage_analyzer', tier: 'CAPABLE' },
    ],
    qualityGates: { min_coverage: 80 },
  });

const securityTeam = () =>
  new AgentConfiguration({
    taskPattern: 'security_audit',
    strategy: 'teaching',
    agents: [
      { role: 'security_auditor', tier: 'CHEAP' },
      { role: 'security_auditor', tier: 'PREMIUM' },
    ],
    tags: ['security'],
  });

describe('PatternLibrary fed by the store', () => {
  it("defaults to the project's patterns directory in the user data directory, beside its compositions", () => {
    const { root, patterns, store } = setup();
    expect(patterns.storageDir).toBe(learningStoreDirs(root).patterns);
    expect(join(store.storageDir, '..', 'patterns')).toBe(patterns.storageDir);
  });

  it('contributes a pattern at 3 uses and >= 70% success, updates it, and withdraws it below the bar', async () => {
    const { patterns, store } = setup();
    const cfg = releaseTeam();
    const pid = PatternLibrary.patternId(cfg.id);
    await store.recordOutcome(cfg, true, 80);
    await store.recordOutcome(cfg, true, 90);
    expect(await patterns.get(pid)).toBeUndefined(); // 2 uses: not yet
    await store.recordOutcome(cfg, false, 70); // 3 uses, 0.667: still below 0.7
    expect(await patterns.get(pid)).toBeUndefined();
    await store.recordOutcome(cfg, true, 100); // 4 uses, 0.75
    const first = await patterns.get(pid);
    expect(first).toMatchObject({
      id: `orchestration_${cfg.id}`,
      pattern_type: 'agent_composition',
      agent_id: 'meta_orchestrator',
      name: 'release_prep',
      confidence: 0.75,
      evidence: {
        composition_id: cfg.id,
        usage_count: 4,
        success_count: 3,
        task_pattern: 'release_prep',
        strategy: 'parallel',
      },
    });
    expect(first!.evidence.agents).toEqual(cfg.agents);
    expect(first!.domains).toContain('security');
    await store.recordOutcome(cfg, true, 100); // 5 uses, 0.8: updated, not frozen
    const second = await patterns.get(pid);
    expect(second!.confidence).toBe(0.8);
    expect(second!.evidence.usage_count).toBe(5);
    expect(second!.created_at).toBe(first!.created_at);
    await store.recordOutcome(cfg, false, 10);
    await store.recordOutcome(cfg, false, 10); // 7 uses, 4/7 = 0.571: withdrawn
    expect(await patterns.get(pid)).toBeUndefined();
    expect(readdirSync(patterns.storageDir)).toEqual([]);
  });

  it('save() of an already proven configuration contributes, delete() withdraws', async () => {
    const { patterns, store } = setup();
    const cfg = securityTeam();
    for (let i = 0; i < 3; i++) cfg.recordOutcome(true, 90);
    await store.save(cfg);
    expect((await patterns.list()).map((p) => p.id)).toEqual([PatternLibrary.patternId(cfg.id)]);
    expect(await patterns.syncComposition(cfg)).toBe('updated');
    await store.delete(cfg.id);
    expect(await patterns.list()).toEqual([]);
  });

  it('suggest() finds patterns of similar tasks with their evidence and a score', async () => {
    const { patterns, store } = setup();
    for (const cfg of [releaseTeam(), securityTeam()])
      for (let i = 0; i < 4; i++) await store.recordOutcome(cfg, true, 85);
    const forAudit = await patterns.suggest('Audit the authentication code for security vulnerabilities');
    expect(forAudit[0]?.pattern.name).toBe('security_audit');
    expect(forAudit[0]?.pattern.evidence.strategy).toBe('teaching');
    expect(forAudit[0]?.pattern.evidence.usage_count).toBe(4);
    expect(forAudit[0]?.strong).toBe(forAudit[0]!.score >= STRONG_SUGGESTION_SCORE);
    const forRelease = await patterns.suggest('prepare the release', { limit: 1 });
    expect(forRelease.map((s) => s.pattern.name)).toEqual(['release_prep']);
    expect(forRelease[0]?.strong).toBe(true);
    expect(forRelease[0]?.domainOverlap).toBe(1);
    // Given domains steer the match: a security task prefers the security pattern.
    const byDomain = await patterns.suggest('review everything', { domains: ['security'] });
    expect(byDomain[0]?.pattern.name).toBe('security_audit');
    expect(await patterns.suggest('render the marketing website', { minScore: 0.2 })).toEqual([]);
    await expect(patterns.suggest('')).rejects.toBeInstanceOf(UserError);
    await expect(patterns.suggest('x', { limit: 0 })).rejects.toBeInstanceOf(UserError);
  });

  it('sets an unreadable pattern file aside and keeps suggesting from the others', async () => {
    const { patterns, store } = setup();
    const cfg = securityTeam();
    for (let i = 0; i < 3; i++) await store.recordOutcome(cfg, true, 85);
    writeFileSync(join(patterns.storageDir, 'orchestration_broken.json'), '{"id":');
    expect((await patterns.suggest('security audit')).map((s) => s.pattern.name)).toEqual(['security_audit']);
    expect(existsSync(join(patterns.storageDir, 'orchestration_broken.json.corrupt'))).toBe(true);
  });

  it('a pattern library that cannot be written does not fail the store write', async () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'file'), 'x');
    const store = new ConfigurationStore({
      projectRoot: root,
      patternLibrary: new PatternLibrary({ storageDir: join(root, 'file', 'p') }),
    });
    const cfg = securityTeam();
    for (let i = 0; i < 3; i++) await store.recordOutcome(cfg, true, 85);
    const saved = JSON.parse(readFileSync(store.filePath(cfg.id), 'utf8'));
    expect(saved.usage_count).toBe(3);
  });
});
