import { describe, expect, it } from 'vitest';
import { defaultTemplateRegistry, getTemplate } from '../agents/agent-templates.js';
import { analyzeTask } from './task-analysis.js';
import {
  PATTERN_RULES,
  composeBaseTeam,
  duplicateCapabilities,
  mergeQualityGates,
  neededCapabilities,
  selectStrategy,
  shapeTeam,
} from './team-composer.js';
import { withTier } from '../agents/template-registry.js';

const registry = defaultTemplateRegistry;
const ids = (agents: { id: string; tierPreference: string }[]) =>
  agents.map((a) => `${a.id}@${a.tierPreference}`);

describe('pattern rules', () => {
  it('keeps the spec order and strategies', () => {
    expect(PATTERN_RULES.map((r) => `${r.number}:${r.strategy}`)).toEqual([
      '1:parallel',
      '2:parallel',
      '3:teaching',
      '4:refinement',
      '5:sequential',
      '6:debate',
      '7:sequential',
      '8:adaptive',
      '9:sequential',
    ]);
  });

  it('first match wins: a parallelizable documentation task is parallel, not teaching', () => {
    const analysis = analyzeTask('Check the docs for missing examples');
    const { rule, lines } = selectStrategy({
      analysis,
      team: [getTemplate('documentation_writer')],
      given: false,
      duplicates: [],
    });
    expect(rule.number).toBe(1);
    expect(lines).toHaveLength(1);
  });

  it('skips rule 5 for a complex one-specialist task and says why', () => {
    const analysis = analyzeTask('Rewrite the request pipeline to cut latency across the codebase');
    const { rule, lines } = selectStrategy({
      analysis,
      team: [getTemplate('performance_optimizer')],
      given: false,
      duplicates: [],
    });
    expect(rule.number).toBe(8);
    expect(lines[0]).toMatch(/^rule 5 skipped: one specialist, but a complex task is multi-phase/);
  });

  it('a given single agent stays sequential even for a complex task', () => {
    const analysis = analyzeTask('Rewrite the request pipeline to cut latency across the codebase');
    const { rule } = selectStrategy({
      analysis,
      team: [getTemplate('performance_optimizer')],
      given: true,
      duplicates: [],
    });
    expect(rule.number).toBe(5);
  });
});

describe('capabilities', () => {
  it('counts only shared capabilities the task needs as duplicates', () => {
    const team = [getTemplate('code_reviewer'), getTemplate('performance_optimizer')];
    const plain = neededCapabilities(analyzeTask('Improve code quality and performance'), registry);
    expect(plain.has('evaluate_tradeoffs')).toBe(false);
    expect(duplicateCapabilities(team, plain)).toEqual([]);
    const decision = neededCapabilities(analyzeTask('Compare two caching approaches'), registry);
    expect(duplicateCapabilities(team, decision)).toEqual(['evaluate_tradeoffs']);
    const twice = [getTemplate('code_reviewer'), withTier(getTemplate('code_reviewer'), 'PREMIUM')];
    expect(duplicateCapabilities(twice, plain)).toEqual([
      'best_practices_check',
      'code_review',
      'quality_assessment',
    ]);
  });
});

describe('team shapes', () => {
  it('builds one specialist per domain, and the pipeline for new tests', () => {
    const base = composeBaseTeam(analyzeTask('Add tests for the cache and speed it up'), registry);
    expect(ids(base.agents)).toEqual([
      'performance_optimizer@CAPABLE',
      'test_coverage_analyzer@CAPABLE',
      'test_generator@CAPABLE',
      'test_validator@CAPABLE',
    ]);
    expect(base.why).toHaveLength(4);
  });

  it('teaching gets a PREMIUM expert for a template that prefers PREMIUM', () => {
    const analysis = analyzeTask('Check for secrets');
    const shaped = shapeTeam('teaching', composeBaseTeam(analysis, registry), analysis, registry);
    expect(ids(shaped.agents)).toEqual(['security_auditor@CHEAP', 'security_auditor@PREMIUM']);
  });

  it('refinement staffs the main domain and names the dropped ones', () => {
    const analysis = analyzeTask('Refactor the duplicated docs generator code and tidy its readme');
    const shaped = shapeTeam('refinement', composeBaseTeam(analysis, registry), analysis, registry);
    expect(ids(shaped.agents)).toEqual([
      'refactoring_specialist@CHEAP',
      'refactoring_specialist@CAPABLE',
      'refactoring_specialist@PREMIUM',
    ]);
    expect(shaped.dropped).toEqual(['documentation_writer']);
    expect(shaped.why[2]).toMatch(/polisher/);
  });
});

describe('mergeQualityGates', () => {
  it('keeps the strictest min_ and max_ values and lets overrides win', () => {
    const agents = [getTemplate('code_reviewer'), getTemplate('refactoring_specialist')];
    expect(mergeQualityGates(agents)).toEqual({ min_quality: 7, max_complexity: 10, max_duplication: 5 });
    expect(mergeQualityGates(agents, { max_complexity: 20 })).toEqual({
      min_quality: 7,
      max_complexity: 20,
      max_duplication: 5,
    });
    expect(() => mergeQualityGates(agents, 'strict')).toThrow(/context.quality_gates must be an object/);
  });
});
