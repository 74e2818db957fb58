/**
 * Team composition: which agents a task needs (the base team), and the team shape each
 * composition pattern needs (a junior and an expert for teaching; drafter, reviewer and
 * polisher for refinement; a classifier and specialists for adaptive; several opinions on
 * one capability for debate), and the spec's nine pattern-selection rules that pick the
 * strategy ({@link selectStrategy}).
 *
 * @module
 */
import { InternalError, UserError } from '../../errors.js';
import {
  TIERS,
  type AgentTemplate,
  type QualityGates,
  type StrategyName,
  type TaskDomain,
  type Tier,
} from '../../types.js';
import type { TaskAnalysis } from './task-analysis.js';
import { withTier, type TemplateRegistry } from '../agents/template-registry.js';

/** The specialist template of each domain (`general` gets a general code review). */
export const DOMAIN_TEMPLATE: Readonly<Record<TaskDomain, string>> = {
  testing: 'test_coverage_analyzer',
  security: 'security_auditor',
  code_quality: 'code_reviewer',
  documentation: 'documentation_writer',
  performance: 'performance_optimizer',
  architecture: 'architecture_analyst',
  refactoring: 'refactoring_specialist',
  general: 'code_reviewer',
};

/** The spec's test-coverage team: Coverage Analyzer -> Test Generator -> Test Validator. */
export const TEST_PIPELINE: readonly string[] = [
  'test_coverage_analyzer',
  'test_generator',
  'test_validator',
];

/** The capability a decision task needs; templates offering it are the debate's perspectives. */
export const DECISION_CAPABILITY = 'evaluate_tradeoffs';

/** A composed team plus one reasoning line per agent (why it was picked). */
export interface Team {
  agents: AgentTemplate[];
  why: string[];
}

const label = (t: AgentTemplate): string => `${t.id}@${t.tierPreference}`;

/**
 * The capabilities a task needs: every capability of its domains' specialists (and of the
 * test pipeline when it asks for new tests), plus {@link DECISION_CAPABILITY} for a decision.
 */
export function neededCapabilities(analysis: TaskAnalysis, registry: TemplateRegistry): Set<string> {
  const ids = analysis.domains.map((d) => DOMAIN_TEMPLATE[d]);
  if (analysis.generation) ids.push(...TEST_PIPELINE);
  const needed = new Set<string>();
  for (const id of ids) {
    for (const capability of registry.get(id).capabilities) {
      if (capability !== DECISION_CAPABILITY) needed.add(capability);
    }
  }
  if (analysis.decision) needed.add(DECISION_CAPABILITY);
  return needed;
}

/**
 * Capabilities the task needs that two or more agents of `agents` offer (pattern rule 6,
 * "duplicate capabilities"), sorted.
 */
export function duplicateCapabilities(
  agents: readonly AgentTemplate[],
  needed: ReadonlySet<string>,
): string[] {
  const counts = new Map<string, number>();
  for (const agent of agents) {
    for (const capability of new Set(agent.capabilities))
      counts.set(capability, (counts.get(capability) ?? 0) + 1);
  }
  return [...counts]
    .filter(([capability, n]) => n >= 2 && needed.has(capability))
    .map(([c]) => c)
    .sort();
}

/**
 * The agents a task needs before a pattern shapes the team: one specialist per domain, the
 * whole test pipeline when the testing part asks for new tests, and for a decision every
 * template offering {@link DECISION_CAPABILITY} (the touched domains' first), after the main
 * domain's specialist when that one offers no opinion of its own.
 */
export function composeBaseTeam(analysis: TaskAnalysis, registry: TemplateRegistry): Team {
  const agents: AgentTemplate[] = [];
  const why: string[] = [];
  const add = (id: string, reason: string) => {
    if (agents.some((a) => a.id === id)) return;
    const template = registry.get(id);
    agents.push(template);
    why.push(`${label(template)} (${template.role}): ${reason}`);
  };
  const main = analysis.domains[0] ?? 'general';
  if (analysis.decision) {
    const perspectives = registry.byCapability(DECISION_CAPABILITY);
    const touched = (t: AgentTemplate) => analysis.domains.some((d) => DOMAIN_TEMPLATE[d] === t.id);
    if (!perspectives.some((t) => t.id === DOMAIN_TEMPLATE[main])) {
      add(DOMAIN_TEMPLATE[main], `specialist of the main domain ${main}`);
    }
    for (const t of [...perspectives.filter(touched), ...perspectives.filter((t) => !touched(t))]) {
      add(t.id, `one opinion on the decision (offers ${DECISION_CAPABILITY})`);
    }
    return { agents, why };
  }
  for (const domain of analysis.domains) {
    if (domain === 'testing' && analysis.generation) {
      add('test_coverage_analyzer', 'finds the coverage gaps (step 1 of the test pipeline)');
      add('test_generator', 'writes candidate tests for those gaps (step 2)');
      add('test_validator', 'keeps only tests that pass 3 runs and raise coverage (step 3)');
    } else if (domain === 'general') {
      add(DOMAIN_TEMPLATE.general, 'no domain matched, so a general code review');
    } else {
      add(DOMAIN_TEMPLATE[domain], `specialist of the ${domain} domain${domain === main ? ' (main)' : ''}`);
    }
  }
  if (analysis.fix)
    add('code_fixer', 'fixes what the tools can fix, verified in a scratch copy (the fix stage)');
  return { agents, why };
}

/** `template` at each of `tiers`, with one reasoning line per step. */
function ladder(template: AgentTemplate, steps: { tier: Tier; as: string }[]): Team {
  const agents = steps.map((s) => withTier(template, s.tier));
  return { agents, why: agents.map((a, i) => `${label(a)} (${a.role}) as ${steps[i]?.as ?? ''}`) };
}

const higher = (a: Tier, b: Tier): Tier => (TIERS.indexOf(a) >= TIERS.indexOf(b) ? a : b);

/**
 * Reshapes a composed base team for `strategy`:
 * - teaching: the main specialist as junior at CHEAP and as expert at CAPABLE (PREMIUM for
 *   a complex task, or when the template prefers PREMIUM);
 * - refinement: the main specialist as drafter (CHEAP), reviewer (CAPABLE), polisher (PREMIUM);
 * - adaptive: the main specialist as classifier (CHEAP), then as specialists at CAPABLE and PREMIUM;
 * - debate: the base team when it holds two or more opinions, else the main specialist at the three tiers;
 * - parallel: the base team, with the test pipeline cut to the coverage analyzer (its later
 *   steps need the analyzer's output, so they cannot run alongside it);
 * - sequential: the base team as it is.
 * Domains other than the main one are not staffed by teaching, refinement and adaptive
 * (each works on one capability); `dropped` names them.
 */
export function shapeTeam(
  strategy: StrategyName,
  base: Team,
  analysis: TaskAnalysis,
  registry: TemplateRegistry,
): Team & { dropped: string[] } {
  const main = registry.get(DOMAIN_TEMPLATE[analysis.domains[0] ?? 'general']);
  const others = base.agents.filter((a) => a.id !== main.id).map((a) => a.id);
  if (strategy === 'teaching') {
    const expert = higher(
      higher(main.tierPreference, 'CAPABLE'),
      analysis.complexity === 'complex' ? 'PREMIUM' : 'CAPABLE',
    );
    const team = ladder(main, [
      { tier: 'CHEAP', as: 'junior: attempts the task at the cheapest depth' },
      { tier: expert, as: 'expert: takes over when the junior is not confident enough' },
    ]);
    return { ...team, dropped: others };
  }
  if (strategy === 'refinement' || strategy === 'adaptive') {
    const roles =
      strategy === 'refinement'
        ? [
            'drafter: a first, fast pass',
            'reviewer: checks and deepens the draft',
            'polisher: the final, deepest pass',
          ]
        : [
            'classifier: a fast pass whose confidence says how hard the task is',
            'specialist for moderate cases',
            'specialist for complex cases',
          ];
    const team = ladder(
      main,
      TIERS.map((tier, i) => ({ tier, as: roles[i] ?? '' })),
    );
    return { ...team, dropped: others };
  }
  if (strategy === 'debate' && base.agents.length < 2) {
    const team = ladder(
      main,
      TIERS.map((tier) => ({ tier, as: `one opinion at ${tier} depth` })),
    );
    return { ...team, dropped: [] };
  }
  if (
    strategy === 'parallel' &&
    base.agents.some((a) => a.id === 'test_generator' || a.id === 'test_validator')
  ) {
    const keep = base.agents
      .map((a, i) => ({ a, why: base.why[i] ?? '' }))
      .filter((x) => x.a.id !== 'test_generator' && x.a.id !== 'test_validator');
    return {
      agents: keep.map((x) => x.a),
      why: keep.map((x) => x.why),
      dropped: ['test_generator', 'test_validator'],
    };
  }
  return { ...base, dropped: [] };
}

/** The rule of "Pattern Selection Rules" that chose the strategy. */
export interface PatternRule {
  /** 1..9, the spec's priority order. */
  number: number;
  description: string;
  strategy: StrategyName;
}

/** The spec's nine rules, in priority order. */
export const PATTERN_RULES: readonly PatternRule[] = [
  { number: 1, description: 'task is parallelizable', strategy: 'parallel' },
  { number: 2, description: 'security/architecture domain', strategy: 'parallel' },
  { number: 3, description: 'documentation domain', strategy: 'teaching' },
  { number: 4, description: 'refactoring domain', strategy: 'refinement' },
  { number: 5, description: 'single agent', strategy: 'sequential' },
  { number: 6, description: 'duplicate capabilities', strategy: 'debate' },
  { number: 7, description: 'testing domain', strategy: 'sequential' },
  { number: 8, description: 'complex task', strategy: 'adaptive' },
  { number: 9, description: 'default', strategy: 'sequential' },
];

/** Merges the agents' gates (min_* keeps the largest, max_* the smallest), then the user's overrides. */
export function mergeQualityGates(agents: readonly AgentTemplate[], overrides?: unknown): QualityGates {
  const gates: QualityGates = {};
  for (const agent of agents) {
    for (const [key, value] of Object.entries(agent.qualityGates)) {
      const current = gates[key];
      if (current === undefined) gates[key] = value;
      else if (key.startsWith('min_')) gates[key] = Math.max(current, value);
      else if (key.startsWith('max_')) gates[key] = Math.min(current, value);
    }
  }
  if (overrides === undefined) return gates;
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new UserError('context.quality_gates must be an object such as {"min_coverage": 90}');
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new UserError(`context.quality_gates.${key} must be a number, got ${JSON.stringify(value)}`);
    }
    gates[key] = value;
  }
  return gates;
}

/** Facts the pattern rules read. */
export interface RuleFacts {
  analysis: TaskAnalysis;
  team: readonly AgentTemplate[];
  /** The team was given by `context.agents` (no reshaping). */
  given: boolean;
  duplicates: string[];
}

/** Whether rule `n` matches; a string explains a match, `null` means no match; `notes` collects skips. */
function matchRule(n: number, f: RuleFacts, notes: string[]): string | null {
  const main = f.analysis.domains[0] ?? 'general';
  const size = f.team.length;
  switch (n) {
    case 1:
      return f.analysis.parallelizable ? 'its parts are independent checks' : null;
    case 2:
      return main === 'security' || main === 'architecture' ? `the main domain is ${main}` : null;
    case 3:
    case 4: {
      const domain = n === 3 ? 'documentation' : 'refactoring';
      if (main !== domain) return null;
      const fits = !f.given || (n === 3 ? size === 2 : size >= 2);
      if (!fits)
        notes.push(
          `rule ${n} skipped: ${n === 3 ? 'teaching needs exactly two agents (junior, expert)' : 'refinement needs two or more stages'}; the given team has ${size}`,
        );
      return fits ? `the main domain is ${domain}` : null;
    }
    case 5:
      if (size !== 1) return null;
      if (!f.given && f.analysis.complexity === 'complex') {
        notes.push(
          'rule 5 skipped: one specialist, but a complex task is multi-phase by definition (see rule 8)',
        );
        return null;
      }
      return `one agent (${f.team[0]?.id ?? ''}) does the whole task`;
    case 6:
      return f.duplicates.length > 0
        ? `${f.duplicates.join(', ')} offered by several agents: their opinions are weighed`
        : null;
    case 7:
      return main === 'testing'
        ? "the main domain is testing: each step needs the previous one's output"
        : null;
    case 8:
      if (f.analysis.complexity !== 'complex') return null;
      if (f.given && size < 2) return null;
      return 'the task is complex: a fast classifier decides how deep the specialist must go';
    default:
      return 'no earlier rule matched';
  }
}

/**
 * Applies the nine rules in order (first match wins); returns the rule and the reasoning
 * lines (skipped rules, then the one that fired).
 */
export function selectStrategy(facts: RuleFacts): { rule: PatternRule; lines: string[] } {
  const notes: string[] = [];
  for (const rule of PATTERN_RULES) {
    const why = matchRule(rule.number, facts, notes);
    if (why !== null) {
      return {
        rule,
        lines: [...notes, `rule ${rule.number} (${rule.description} -> ${rule.strategy}) fired: ${why}`],
      };
    }
  }
  throw new InternalError('no pattern rule matched, but rule 9 always matches');
}
