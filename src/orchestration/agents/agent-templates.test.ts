import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import type { Tier } from '../../types.js';
import {
  BUILT_IN_TEMPLATE_IDS,
  getAllTemplates,
  getTemplate,
  getTemplatesByCapability,
  getTemplatesByTier,
  registerTemplate,
  unregisterTemplate,
} from './agent-templates.js';
import {
  TIER_RESOURCES,
  TemplateRegistry,
  createTemplate,
  withTier,
  type AgentTemplateSpec,
} from './template-registry.js';

const spec = (over: Partial<AgentTemplateSpec> = {}): AgentTemplateSpec => ({
  id: 'data_pipeline_expert',
  role: 'Data Pipeline Specialist',
  capabilities: ['pipeline_design', 'data_validation'],
  tierPreference: 'CAPABLE',
  tools: ['dbt'],
  defaultInstructions: 'Design scalable data pipelines.',
  qualityGates: { min_data_quality: 99 },
  resourceRequirements: { minTokens: 3000, maxTokens: 20000, timeoutSeconds: 900, memoryMb: 2048 },
  ...over,
});

describe('built-in templates', () => {
  // id, tier, tools, gates, a spec capability: exactly what other modules rely on.
  const table: [string, Tier, string[], Record<string, number>, string][] = [
    ['test_coverage_analyzer', 'CAPABLE', ['coverage_analysis'], { min_coverage: 80 }, 'analyze_gaps'],
    [
      'security_auditor',
      'PREMIUM',
      ['security_scan'],
      { max_critical: 0, max_high: 0 },
      'vulnerability_scan',
    ],
    ['code_reviewer', 'CAPABLE', ['quality_analysis'], { min_quality: 7, max_complexity: 15 }, 'code_review'],
    ['documentation_writer', 'CHEAP', ['doc_coverage'], { min_doc_coverage: 100 }, 'generate_docs'],
    ['performance_optimizer', 'CAPABLE', ['performance_scan'], { max_regression: 5 }, 'profile_code'],
    [
      'architecture_analyst',
      'PREMIUM',
      ['architecture_analysis'],
      { max_circular: 0 },
      'analyze_architecture',
    ],
    [
      'refactoring_specialist',
      'CAPABLE',
      ['refactoring_scan'],
      { max_duplication: 5, max_complexity: 10 },
      'identify_code_smells',
    ],
    ['test_generator', 'CAPABLE', ['test_generation'], {}, 'generate_tests'],
    [
      'test_validator',
      'CAPABLE',
      ['test_validation'],
      { min_consecutive_passes: 3, max_flaky_tests: 0 },
      'validate_tests',
    ],
    ['code_fixer', 'CAPABLE', ['code_fix'], {}, 'fix_issues'],
  ];

  it.each(table)('%s: tier %s, tools %j, gates %j', (id, tier, tools, gates, capability) => {
    const t = getTemplate(id);
    expect(t.id).toBe(id);
    expect(t.tierPreference).toBe(tier);
    expect(t.tools).toEqual(tools);
    expect(t.qualityGates).toEqual(gates);
    expect(t.capabilities).toContain(capability);
    expect(t.defaultInstructions.length).toBeGreaterThan(200);
    const r = t.resourceRequirements;
    expect(r.timeoutSeconds).toBeGreaterThanOrEqual(300);
    expect(r.timeoutSeconds).toBeLessThanOrEqual(900);
    expect(r.timeoutSeconds).toBeGreaterThanOrEqual(TIER_RESOURCES[tier].timeoutSeconds);
    expect(r.minTokens).toBeLessThan(r.maxTokens);
    expect(r.memoryMb).toBeGreaterThan(0);
  });

  it('lists the ten built-ins in order, with the spec role of the coverage analyzer', () => {
    expect(
      getAllTemplates()
        .slice(0, 10)
        .map((t) => t.id),
    ).toEqual(table.map((row) => row[0]));
    expect(BUILT_IN_TEMPLATE_IDS).toHaveLength(10);
    expect(getTemplate('test_coverage_analyzer').role).toBe('Test Coverage Expert');
  });

  it('finds templates by capability and by tier', () => {
    expect(getTemplatesByCapability('vulnerability_scan').map((t) => t.id)).toEqual(['security_auditor']);
    expect(getTemplatesByCapability('evaluate_tradeoffs').map((t) => t.id)).toEqual([
      'code_reviewer',
      'performance_optimizer',
      'architecture_analyst',
    ]);
    expect(getTemplatesByCapability('no_such_capability')).toEqual([]);
    expect(getTemplatesByTier('CHEAP').map((t) => t.id)).toEqual(['documentation_writer']);
    expect(getTemplatesByTier('PREMIUM').map((t) => t.id)).toEqual([
      'security_auditor',
      'architecture_analyst',
    ]);
  });

  it('rejects an unknown id with a UserError that lists the known ids', () => {
    expect(() => getTemplate('securty_auditor')).toThrow(UserError);
    expect(() => getTemplate('securty_auditor')).toThrow(
      /unknown agent template "securty_auditor"; known templates: test_coverage_analyzer, security_auditor/,
    );
  });

  it('rejects an unknown tier', () => {
    expect(() => getTemplatesByTier('CHEEP' as Tier)).toThrow(
      /unknown tier "CHEEP"; known tiers: CHEAP, CAPABLE, PREMIUM/,
    );
  });

  it('hands out frozen templates that callers cannot corrupt', () => {
    const t = getTemplate('security_auditor');
    expect(() => {
      (t as { tierPreference: string }).tierPreference = 'CHEAP';
    }).toThrow(TypeError);
    expect(() => (t.tools as string[]).push('x')).toThrow(TypeError);
    expect(() => {
      t.qualityGates['max_critical'] = 5;
    }).toThrow(TypeError);
    const all = getAllTemplates();
    all.length = 0;
    expect(getAllTemplates().length).toBeGreaterThanOrEqual(9);
    expect(getTemplate('security_auditor').tierPreference).toBe('PREMIUM');
  });
});

describe('custom templates', () => {
  afterEach(() => {
    unregisterTemplate('data_pipeline_expert');
  });

  it('registers a custom template in the default registry and finds it', () => {
    const t = registerTemplate(spec());
    expect(getTemplate('data_pipeline_expert')).toBe(t);
    expect(getTemplatesByCapability('pipeline_design')).toEqual([t]);
    expect(() => registerTemplate(spec())).toThrow(
      /a template with id "data_pipeline_expert" is already registered/,
    );
    expect(unregisterTemplate('data_pipeline_expert')).toBe(true);
    expect(unregisterTemplate('data_pipeline_expert')).toBe(false);
    expect(() => getTemplate('data_pipeline_expert')).toThrow(UserError);
  });

  it('refuses to unregister a built-in', () => {
    expect(() => unregisterTemplate('code_reviewer')).toThrow(
      /built-in template "code_reviewer" cannot be unregistered/,
    );
  });

  it('fills left-out parts from the tier defaults', () => {
    const t = createTemplate({
      ...spec(),
      tools: undefined,
      qualityGates: undefined,
      resourceRequirements: { timeoutSeconds: 1800 },
    });
    expect(t.tools).toEqual([]);
    expect(t.qualityGates).toEqual({});
    expect(t.resourceRequirements).toEqual({ ...TIER_RESOURCES.CAPABLE, timeoutSeconds: 1800 });
  });

  const invalid: [string, Partial<AgentTemplateSpec>, RegExp][] = [
    ['empty id', { id: '  ' }, /template id must be a non-empty string/],
    ['id with a space', { id: 'data pipeline' }, /may hold only letters, digits/],
    [
      'unknown tier',
      { tierPreference: 'GOLD' as Tier },
      /template "data_pipeline_expert": unknown tier "GOLD"; known tiers/,
    ],
    ['empty role', { role: '' }, /role must be a non-empty string/],
    ['no capabilities', { capabilities: [] }, /capabilities must be a non-empty list/],
    ['repeated capability', { capabilities: ['a', 'a'] }, /capabilities lists "a" twice/],
    ['empty instructions', { defaultInstructions: ' ' }, /defaultInstructions must be a non-empty string/],
    [
      'zero timeout',
      { resourceRequirements: { timeoutSeconds: 0 } },
      /timeoutSeconds must be a positive number, got 0/,
    ],
    [
      'negative timeout',
      { resourceRequirements: { timeoutSeconds: -5 } },
      /timeoutSeconds must be a positive number/,
    ],
    ['NaN memory', { resourceRequirements: { memoryMb: Number.NaN } }, /memoryMb must be a positive integer/],
    [
      'fractional tokens',
      { resourceRequirements: { maxTokens: 10.5 } },
      /maxTokens must be a positive integer/,
    ],
    [
      'min over max tokens',
      { resourceRequirements: { minTokens: 9000, maxTokens: 100 } },
      /minTokens \(9000\) is larger than maxTokens \(100\)/,
    ],
    [
      'camelCase gate',
      { qualityGates: { minCoverage: 80 } },
      /quality gate "minCoverage" must be a snake_case name/,
    ],
    [
      'non-number gate',
      { qualityGates: { min_coverage: '80' as unknown as number } },
      /quality gate min_coverage must be a number/,
    ],
  ];

  it.each(invalid)('rejects %s with a one-line UserError', (_name, over, message) => {
    let thrown: unknown;
    try {
      createTemplate(spec(over));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('validates templates registered into a separate registry too', () => {
    const registry = new TemplateRegistry([spec()]);
    expect(registry.ids()).toEqual(['data_pipeline_expert']);
    expect(() => registry.register(spec({ role: 'Other' }))).toThrow(/already registered/);
    expect(() => registry.register(spec({ id: 'x', resourceRequirements: { timeoutSeconds: 0 } }))).toThrow(
      UserError,
    );
    expect(registry.has('x')).toBe(false);
  });
});

describe('withTier', () => {
  it('returns a frozen copy at another tier; the registry copy is unchanged', () => {
    const doc = getTemplate('documentation_writer');
    const expert = withTier(doc, 'PREMIUM');
    expect(expert).not.toBe(doc);
    expect(expert.tierPreference).toBe('PREMIUM');
    expect(expert.resourceRequirements).toEqual(TIER_RESOURCES.PREMIUM);
    expect(Object.isFrozen(expert) && Object.isFrozen(expert.resourceRequirements)).toBe(true);
    expect({ ...expert, tierPreference: 'CHEAP', resourceRequirements: doc.resourceRequirements }).toEqual(
      doc,
    );
    expect(getTemplate('documentation_writer').tierPreference).toBe('CHEAP');
    expect(withTier(doc, 'CHEAP')).toBe(doc);
  });

  it('keeps a custom limit that is already above the new tier and lowers limits when moving down', () => {
    const slow = createTemplate(spec({ resourceRequirements: { timeoutSeconds: 1800 } }));
    expect(withTier(slow, 'PREMIUM').resourceRequirements.timeoutSeconds).toBe(1800);
    const cheap = withTier(getTemplate('security_auditor'), 'CHEAP');
    expect(cheap.resourceRequirements).toEqual(TIER_RESOURCES.CHEAP);
    expect(() => withTier(slow, 'TOP' as Tier)).toThrow(/unknown tier "TOP"/);
  });
});
