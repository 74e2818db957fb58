import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { STRATEGY_NAMES, type ExecutionContext, type StrategyName } from '../../types.js';
import { BUILT_IN_TEMPLATE_IDS } from '../agents/agent-templates.js';
import { MetaOrchestrator, planToJSON, type ExecutionPlan } from './meta-orchestrator.js';

const orchestrator = new MetaOrchestrator();
const plan = (task: string, context?: ExecutionContext): ExecutionPlan =>
  orchestrator.analyzeAndCompose({ task, context });
const team = (p: ExecutionPlan): string[] => p.agents.map((a) => `${a.id}@${a.tierPreference}`);

type Row = [
  task: string,
  context: ExecutionContext | undefined,
  agents: string[],
  strategy: StrategyName,
  rule: number,
];

const TCA = 'test_coverage_analyzer@CAPABLE';
const PIPELINE = [TCA, 'test_generator@CAPABLE', 'test_validator@CAPABLE'];
const ladder = (id: string, tiers = ['CHEAP', 'CAPABLE', 'PREMIUM']) => tiers.map((t) => `${id}@${t}`);
const PERSPECTIVES = [
  'code_reviewer@CAPABLE',
  'performance_optimizer@CAPABLE',
  'architecture_analyst@PREMIUM',
];

const TABLE: Row[] = [
  // rule 1: parallelizable
  [
    'Analyze the codebase for security issues and test gaps',
    undefined,
    ['security_auditor@PREMIUM', TCA],
    'parallel',
    1,
  ],
  [
    'Prepare the v1.2 release',
    undefined,
    ['security_auditor@PREMIUM', TCA, 'code_reviewer@CAPABLE', 'documentation_writer@CHEAP'],
    'parallel',
    1,
  ],
  ['Audit the code for hard-coded secrets', undefined, ['security_auditor@PREMIUM'], 'parallel', 1],
  [
    'Review the architecture for circular imports',
    undefined,
    ['architecture_analyst@PREMIUM'],
    'parallel',
    1,
  ],
  [
    'Analyze performance and documentation coverage',
    undefined,
    ['performance_optimizer@CAPABLE', 'documentation_writer@CHEAP'],
    'parallel',
    1,
  ],
  ['Check test coverage and code quality', undefined, [TCA, 'code_reviewer@CAPABLE'], 'parallel', 1],
  // rule 2: security/architecture domain
  [
    'Redesign the data layer for a microservices migration',
    undefined,
    ['architecture_analyst@PREMIUM'],
    'parallel',
    2,
  ],
  [
    'Fix the XSS and CSRF holes in the login form',
    undefined,
    ['security_auditor@PREMIUM', 'code_fixer@CAPABLE'],
    'parallel',
    2,
  ],
  [
    'Harden password storage and add tests for it',
    undefined,
    ['security_auditor@PREMIUM', TCA],
    'parallel',
    2,
  ],
  // rule 3: documentation domain -> teaching (junior CHEAP, expert CAPABLE, PREMIUM when complex)
  [
    'Write API documentation for the public modules',
    undefined,
    ladder('documentation_writer', ['CHEAP', 'CAPABLE']),
    'teaching',
    3,
  ],
  [
    'Update the README and fix the broken usage examples',
    undefined,
    ladder('documentation_writer', ['CHEAP', 'CAPABLE']),
    'teaching',
    3,
  ],
  [
    'Document the public API ahead of the storage migration',
    undefined,
    ladder('documentation_writer', ['CHEAP', 'PREMIUM']),
    'teaching',
    3,
  ],
  // rule 4: refactoring domain -> refinement (drafter, reviewer, polisher)
  [
    'Refactor the payment module to remove duplicated code',
    undefined,
    ladder('refactoring_specialist'),
    'refinement',
    4,
  ],
  [
    'Clean up dead code and simplify the config loader',
    undefined,
    ladder('refactoring_specialist'),
    'refinement',
    4,
  ],
  // rule 5: single agent
  ['Improve code quality', undefined, ['code_reviewer@CAPABLE'], 'sequential', 5],
  [
    'Find the performance bottlenecks in the request handler',
    undefined,
    ['performance_optimizer@CAPABLE'],
    'sequential',
    5,
  ],
  ['Measure the test coverage of the auth module', undefined, [TCA], 'sequential', 5],
  [
    'Build an ETL pipeline for customer data',
    { data_sources: ['postgres', 's3'] },
    ['code_reviewer@CAPABLE'],
    'sequential',
    5,
  ],
  // rule 6: duplicate capabilities -> debate
  [
    'Compare two caching approaches for the API and weigh the trade-offs',
    undefined,
    ['performance_optimizer@CAPABLE', 'code_reviewer@CAPABLE', 'architecture_analyst@PREMIUM'],
    'debate',
    6,
  ],
  ['Decide between PostgreSQL and MongoDB for the orders service', undefined, PERSPECTIVES, 'debate', 6],
  ['Choose between vitest and jest for our test suite', undefined, [TCA, ...PERSPECTIVES], 'debate', 6],
  // rule 7: testing domain -> the coverage pipeline
  ['Boost test coverage to 90%', { current_coverage: 75 }, PIPELINE, 'sequential', 7],
  ['Generate unit tests for the parser module', undefined, PIPELINE, 'sequential', 7],
  [
    'Write more tests for the queue and make it faster',
    undefined,
    [...PIPELINE, 'performance_optimizer@CAPABLE'],
    'sequential',
    7,
  ],
  // rule 8: complex -> adaptive (classifier CHEAP, specialists CAPABLE and PREMIUM)
  [
    'Redesign the caching layer to cut response times',
    undefined,
    ladder('performance_optimizer'),
    'adaptive',
    8,
  ],
  [
    'Rewrite the request pipeline to cut latency across the codebase',
    undefined,
    ladder('performance_optimizer'),
    'adaptive',
    8,
  ],
  ['Migrate the build scripts to the new bundler', undefined, ladder('code_reviewer'), 'adaptive', 8],
  // rule 9: default
  [
    'Improve code quality and performance',
    { current_quality_score: 6.5, performance_baseline: '10s' },
    ['code_reviewer@CAPABLE', 'performance_optimizer@CAPABLE'],
    'sequential',
    9,
  ],
  [
    'Fix the bugs in the slow date parser',
    undefined,
    ['code_reviewer@CAPABLE', 'performance_optimizer@CAPABLE', 'code_fixer@CAPABLE'],
    'sequential',
    9,
  ],
];

describe('analyzeAndCompose: task sentences', () => {
  it.each(TABLE)('%s', (task, context, agents, strategy, rule) => {
    const p = plan(task, context);
    expect(team(p)).toEqual(agents);
    expect(p.strategy).toBe(strategy);
    expect(p.rule?.number).toBe(rule);
    expect(p.reasoning.some((line) => line.startsWith(`rule ${rule} (`))).toBe(true);
    for (const agent of p.agents)
      expect(p.reasoning.join('\n')).toContain(`${agent.id}@${agent.tierPreference}`);
  });

  it('covers all six strategies, all nine rules and all ten templates', () => {
    expect(new Set(TABLE.map((row) => row[3]))).toEqual(new Set(STRATEGY_NAMES));
    expect(new Set(TABLE.map((row) => row[4]))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const ids = new Set(TABLE.flatMap((row) => row[2].map((a) => a.split('@')[0])));
    expect(ids).toEqual(new Set(BUILT_IN_TEMPLATE_IDS));
  });
});

describe('plan contents', () => {
  it('lists every domain touched, the main one first, and explains the analysis', () => {
    const p = plan('Analyze the codebase for security issues and test gaps');
    expect(p.domain).toEqual(['security', 'testing']);
    expect(p.complexity).toBe('moderate');
    expect(p.reasoning).toContain('domain security: the task says "security"');
    expect(p.reasoning).toContain(
      'rule 1 (task is parallelizable -> parallel) fired: its parts are independent checks',
    );
  });

  it("merges the agents' gates, the strictest winning, and applies context.quality_gates on top", () => {
    expect(plan('Prepare the v1.2 release').qualityGates).toEqual({
      max_critical: 0,
      max_high: 0,
      min_coverage: 80,
      min_quality: 7,
      max_complexity: 15,
      min_doc_coverage: 100,
    });
    const gates = plan('Improve code quality and clean up duplication', {
      agents: ['code_reviewer', 'refactoring_specialist'],
      quality_gates: { min_quality: 6 },
    }).qualityGates;
    expect(gates).toEqual({ min_quality: 6, max_complexity: 10, max_duplication: 5 });
  });

  it('estimates duration by strategy: sum for sequential, max for parallel', () => {
    const pipeline = plan('Boost test coverage to 90%');
    expect(pipeline.estimatedDuration).toBe(600 + 900 + 900);
    const release = plan('Prepare the v1.2 release');
    expect(release.estimatedDuration).toBe(900);
    const teaching = plan('Write API documentation for the public modules');
    expect(teaching.estimatedDuration).toBe(300 + 600);
    const adaptive = plan('Redesign the caching layer to cut response times');
    expect(adaptive.estimatedDuration).toBe(300 + 900);
  });

  it('estimates cost from the token budgets at list prices and says offline runs cost $0', () => {
    const p = plan('Improve code quality');
    // CAPABLE: 16,000 tokens = 12,800 in x $3/M + 3,200 out x $15/M
    expect(p.estimatedCost.usd).toBeCloseTo(0.0864, 9);
    expect(p.estimatedCost.minUsd).toBeCloseTo((1_600 * 3 + 400 * 15) / 1e6, 9);
    expect(p.estimatedCost.tierUnits).toBe(3);
    expect(p.reasoning.join('\n')).toMatch(/offline run makes no model calls and costs \$0/);
    const adaptive = plan('Redesign the caching layer to cut response times').estimatedCost;
    expect(adaptive.breakdown.map((b) => b.counted)).toEqual([true, false, true]);
  });

  it('says which domains a single-capability pattern leaves unstaffed', () => {
    const p = plan('Redesign the caching layer to cut response times');
    expect(p.domain).toEqual(['performance', 'architecture']);
    expect(p.reasoning).toContain(
      'not staffed by adaptive: architecture_analyst (run them separately, or set context.agents / context.strategy)',
    );
  });

  it('explains when a decision lands before the debate rule', () => {
    const p = plan('Should we split the monolith into microservices?');
    expect(p.strategy).toBe('parallel');
    expect(p.reasoning.join('\n')).toMatch(/rule 2 comes before rule 6 \(debate\)/);
  });

  it("serialises to the spec's snake_case wire form", () => {
    const json = planToJSON(plan('Boost test coverage to 90%'));
    expect(json).toMatchObject({
      complexity: 'moderate',
      domain: ['testing'],
      strategy: 'sequential',
      quality_gates: { min_coverage: 80, min_consecutive_passes: 3, max_flaky_tests: 0 },
      estimated_duration: 2400,
      rule: { number: 7, description: 'testing domain' },
    });
    const cost = json['estimated_cost'] as { breakdown: Record<string, unknown>[]; tier_units: number };
    expect(cost.tier_units).toBe(9);
    expect(Object.keys(cost.breakdown[0] ?? {})).toContain('input_tokens');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('returns an agents array the caller may extend without touching the registry', () => {
    const p = plan('Improve code quality');
    p.agents.push(p.agents[0]!);
    expect(plan('Improve code quality').agents).toHaveLength(1);
  });
});

describe('overrides', () => {
  it('context.strategy forces the pattern and the composer shapes the team for it', () => {
    const teaching = plan('Improve code quality', { strategy: 'teaching' });
    expect(teaching.strategy).toBe('teaching');
    expect(teaching.rule).toBeNull();
    expect(team(teaching)).toEqual(['code_reviewer@CHEAP', 'code_reviewer@CAPABLE']);
    expect(teaching.reasoning).toContain(
      'strategy teaching: forced by context.strategy (the nine rules were not applied)',
    );
    expect(team(plan('Improve code quality', { strategy: 'debate' }))).toEqual(ladder('code_reviewer'));
    expect(team(plan('Boost test coverage', { strategy: 'parallel' }))).toEqual([TCA]);
  });

  it('context.agents forces the team (ids, {id, tier} or a comma list); the rules still pick the strategy', () => {
    const p = plan('Improve code quality', {
      agents: ['security_auditor', { id: 'code_reviewer', tier: 'CHEAP' }],
    });
    expect(team(p)).toEqual(['security_auditor@PREMIUM', 'code_reviewer@CHEAP']);
    expect(p.strategy).toBe('sequential');
    expect(p.reasoning).toContain('code_reviewer@CHEAP (Code Quality Reviewer): given by context.agents');
    expect(team(plan('Improve code quality', { agents: 'security_auditor, code_reviewer' }))).toEqual([
      'security_auditor@PREMIUM',
      'code_reviewer@CAPABLE',
    ]);
    const debate = plan('Improve code quality', {
      agents: ['code_reviewer', { id: 'code_reviewer', tier: 'PREMIUM' }],
    });
    expect(debate.strategy).toBe('debate');
  });

  it('does not reshape a given team: a pattern whose shape does not fit is skipped', () => {
    const p = plan('Write the docs', {
      agents: ['documentation_writer', 'code_reviewer', 'security_auditor'],
    });
    expect(p.strategy).toBe('sequential');
    expect(p.reasoning[p.reasoning.findIndex((l) => l.startsWith('rule 3 skipped'))]).toMatch(
      /teaching needs exactly two agents \(junior, expert\); the given team has 3/,
    );
    expect(
      plan('Write the docs', {
        agents: ['documentation_writer', { id: 'documentation_writer', tier: 'PREMIUM' }],
      }).strategy,
    ).toBe('teaching');
  });

  it('applies both overrides together', () => {
    const p = plan('Anything at all', { strategy: 'adaptive', agents: ['documentation_writer'] });
    expect(p.strategy).toBe('adaptive');
    expect(team(p)).toEqual(['documentation_writer@CHEAP']);
  });
});

describe('bad input', () => {
  it.each([
    ['an empty task', { task: '' }, /task must be a non-empty sentence/],
    [
      'an unknown strategy',
      { task: 'x', context: { strategy: 'swarm' } },
      /unknown strategy "swarm"; known strategies: sequential, parallel, debate, teaching, refinement, adaptive/,
    ],
    [
      'an unknown agent',
      { task: 'x', context: { agents: ['code_reviewr'] } },
      /unknown agent template "code_reviewr"; known templates: test_coverage_analyzer/,
    ],
    [
      'an unknown tier',
      { task: 'x', context: { agents: [{ id: 'code_reviewer', tier: 'TOP' }] } },
      /context.agents entry "code_reviewer": unknown tier "TOP"/,
    ],
    ['an empty agent list', { task: 'x', context: { agents: [] } }, /context.agents is empty/],
    [
      'a malformed agent entry',
      { task: 'x', context: { agents: [42] } },
      /context.agents entries must be template ids or \{id, tier\}; got 42/,
    ],
    [
      'non-numeric gates',
      { task: 'x', context: { quality_gates: { min_coverage: 'high' } } },
      /context.quality_gates.min_coverage must be a number/,
    ],
    [
      'an array context',
      { task: 'x', context: [] as unknown as ExecutionContext },
      /context must be an object/,
    ],
  ])('%s is a one-line UserError', (_name, request, message) => {
    let thrown: unknown;
    try {
      orchestrator.analyzeAndCompose(request as { task: string; context?: ExecutionContext });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('accepts the (task, context) call form too', () => {
    expect(orchestrator.analyzeAndCompose('Improve code quality', { strategy: 'parallel' }).strategy).toBe(
      'parallel',
    );
  });

  it('rejects a bad price override when constructed', () => {
    expect(() => new MetaOrchestrator({ prices: { CHEAP: { inputPerMillion: Number.NaN } } })).toThrow(
      UserError,
    );
  });
});
