import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { AgentConfiguration, compositionId } from './agent-configuration.js';

const base = {
  taskPattern: 'release_prep',
  strategy: 'parallel',
  agents: [
    { role: 'security_auditor', tier: 'PREMIUM' },
    { role: 'test_coverage_analyzer', tier: 'CAPABLE' },
  ],
  qualityGates: { min_coverage: 80, max_critical_issues: 0 },
} as const;

describe('compositionId', () => {
  it('is a content hash: same team -> same id, whatever the key order or case', () => {
    const id = compositionId({ ...base, agents: [...base.agents] });
    expect(id).toMatch(/^comp_release_prep_[0-9a-f]{12}$/);
    expect(
      compositionId({
        taskPattern: 'release_prep',
        strategy: 'PARALLEL',
        qualityGates: { max_critical_issues: 0, min_coverage: 80 },
        agents: [
          { tier: 'premium', role: 'security_auditor' },
          { role: 'test_coverage_analyzer', tier: 'CAPABLE' },
        ],
      }),
    ).toBe(id);
    // Pinned: the id must not change between versions or machines (outcomes accumulate on it).
    // Cross-checked with Python: sha256(json.dumps(key, sort_keys=True, separators=(',', ':')))[:12].
    expect(id).toBe('comp_release_prep_fc9051551555');
  });

  it('changes with the agents order, a tier, the strategy, a gate or the task pattern', () => {
    const id = compositionId({ ...base, agents: [...base.agents] });
    const variants = [
      { ...base, agents: [...base.agents].reverse() },
      { ...base, agents: [base.agents[0], { role: 'test_coverage_analyzer', tier: 'CHEAP' }] },
      { ...base, agents: [...base.agents], strategy: 'sequential' },
      { ...base, agents: [...base.agents], qualityGates: { min_coverage: 90, max_critical_issues: 0 } },
      { ...base, agents: [...base.agents], taskPattern: 'release_preparation' },
    ];
    const ids = new Set(variants.map((v) => compositionId(v)));
    expect(ids.size).toBe(variants.length);
    expect(ids.has(id)).toBe(false);
  });

  it('slugs odd task patterns into a safe id', () => {
    expect(compositionId({ ...base, agents: [...base.agents], taskPattern: '../Évil Task/..' })).toMatch(
      /^comp_vil_task_[0-9a-f]{12}$/,
    );
    expect(compositionId({ ...base, agents: [...base.agents], taskPattern: '!!!' })).toMatch(
      /^comp_[0-9a-f]{12}$/,
    );
  });
});

describe('AgentConfiguration', () => {
  it('records outcomes: counts, success rate, running mean quality, last used', () => {
    const cfg = new AgentConfiguration({ ...base, agents: [...base.agents] });
    expect(cfg.id).toBe(compositionId({ ...base, agents: [...base.agents] }));
    const t1 = new Date('2025-06-01T10:00:00Z');
    cfg.recordOutcome(true, 90, t1);
    cfg.recordOutcome(false, 60, new Date('2025-06-02T10:00:00Z'));
    cfg.recordOutcome(true, 81);
    expect([cfg.usageCount, cfg.successCount, cfg.failureCount]).toEqual([3, 2, 1]);
    expect(cfg.successRate).toBeCloseTo(2 / 3, 12);
    expect(cfg.avgQualityScore).toBeCloseTo(77, 12);
    expect(cfg.lastUsed!.getTime()).toBeGreaterThan(t1.getTime());
    expect(cfg.wilsonLowerBound).toBeGreaterThan(0);
  });

  it.each([
    ['yes', 50],
    [1, 50],
    [true, -0.1],
    [true, 100.01],
    [true, Number.NaN],
    [true, '80'],
  ])('rejects success=%j quality=%j with a UserError and changes nothing', (success, quality) => {
    const cfg = new AgentConfiguration({ ...base, agents: [...base.agents] });
    expect(() => cfg.recordOutcome(success as boolean, quality as number)).toThrow(UserError);
    expect(cfg.usageCount).toBe(0);
  });

  it('accepts the bounds 0 and 100', () => {
    const cfg = new AgentConfiguration({ ...base, agents: [...base.agents] });
    cfg.recordOutcome(false, 0);
    cfg.recordOutcome(true, 100);
    expect(cfg.avgQualityScore).toBe(50);
  });

  it('round-trips through the snake_case file form', () => {
    const cfg = new AgentConfiguration({
      ...base,
      agents: [{ role: 'x', tier: 'CHEAP', tools: ['lint'] }],
      tags: ['t'],
    });
    cfg.recordOutcome(true, 70);
    const json = cfg.toJSON();
    expect(Object.keys(json)).toEqual([
      'schema_version',
      'id',
      'task_pattern',
      'agents',
      'strategy',
      'quality_gates',
      'success_rate',
      'avg_quality_score',
      'usage_count',
      'success_count',
      'failure_count',
      'created_at',
      'last_used',
      'tags',
    ]);
    expect(AgentConfiguration.fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
    const copy = cfg.clone();
    copy.tags.push('changed');
    copy.agents[0]!.role = 'changed';
    expect(cfg.tags).toEqual(['t']);
    expect(cfg.agents[0]!.role).toBe('x');
  });

  it('rejects a bad team with one-line UserErrors', () => {
    expect(() => new AgentConfiguration({ ...base, agents: [] })).toThrow(/at least one agent/);
    expect(() => new AgentConfiguration({ ...base, agents: [{ role: 'x', tier: 'GOLD' }] })).toThrow(
      /tier must be one of/,
    );
    expect(() => new AgentConfiguration({ ...base, agents: [...base.agents], strategy: 'magic' })).toThrow(
      /strategy must be one of/,
    );
    expect(() => new AgentConfiguration({ ...base, agents: [...base.agents], taskPattern: ' ' })).toThrow(
      UserError,
    );
    expect(() => AgentConfiguration.fromJSON({ id: 'x' })).toThrow(/invalid composition: task_pattern/);
  });
});
