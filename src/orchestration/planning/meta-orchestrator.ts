/**
 * The meta-orchestrator: analyses a task, composes a team of agents, picks a composition
 * pattern with the spec's nine priority rules (first match wins), and estimates cost and
 * duration. See `task-analysis.ts` (keyword tables), `team-composer.ts` (team shapes and
 * the pattern rules) and `estimate.ts` (estimate rules).
 *
 * @module
 */
import { getLogger } from '../../core/logger.js';
import { UserError } from '../../errors.js';
import {
  STRATEGY_NAMES,
  type AgentTemplate,
  type ExecutionContext,
  type QualityGates,
  type StrategyName,
  type TaskComplexity,
  type TaskDomain,
} from '../../types.js';
import { defaultTemplateRegistry } from '../agents/agent-templates.js';
import { estimateCost, estimateDuration, type CostEstimate } from './estimate.js';
import { resolvePriceTable, type ModelPrice, type PriceTable } from './pricing.js';
import { analyzeTask } from './task-analysis.js';
import {
  composeBaseTeam,
  duplicateCapabilities,
  mergeQualityGates,
  neededCapabilities,
  selectStrategy,
  shapeTeam,
  type PatternRule,
  type RuleFacts,
  type Team,
} from './team-composer.js';
import { assertTier, withTier, type TemplateRegistry } from '../agents/template-registry.js';

const log = getLogger('orchestration.meta');

/** What {@link MetaOrchestrator.analyzeAndCompose} returns. */
export interface ExecutionPlan {
  task: string;
  /** The team, in execution order (frozen templates; the array itself is the caller's). */
  agents: AgentTemplate[];
  strategy: StrategyName;
  complexity: TaskComplexity;
  /** Every domain the task touches, the main one first. */
  domain: TaskDomain[];
  /** The agents' gates merged (strictest wins), then `context.quality_gates` on top. */
  qualityGates: QualityGates;
  /** What the plan would cost with models (worst case); offline runs cost $0. */
  estimatedCost: CostEstimate;
  /** Upper bound of the wall time, in seconds, from the agents' deadlines and the strategy. */
  estimatedDuration: number;
  /** The rule that chose the strategy; null when `context.strategy` forced it. */
  rule: PatternRule | null;
  /** Why: analysis signals, the rule that fired, why each agent was picked, estimate basis. */
  reasoning: string[];
}

/** Options of a {@link MetaOrchestrator}. */
export interface MetaOrchestratorOptions {
  /** Templates to compose from (default: the process-wide registry with the built-ins). */
  registry?: TemplateRegistry;
  /** Price overrides per tier, merged over the default table (see `pricing.ts`). */
  prices?: Partial<Record<string, Partial<ModelPrice>>>;
}

/** What {@link MetaOrchestrator.analyzeAndCompose} takes. */
export interface ComposeRequest {
  task: string;
  /**
   * Well-known keys: `strategy` (forces the pattern), `agents` (template ids or `{id, tier}`,
   * or a comma-separated string: forces the team), `quality_gates` (overrides gates), and
   * the hints read by `analyzeTask` (`complexity`, `parallelizable`, `files`,
   * `current_quality_score`, `current_coverage`, `target_coverage`, `priority_modules`,
   * `performance_baseline`).
   */
  context?: ExecutionContext;
}

const label = (t: AgentTemplate): string => `${t.id}@${t.tierPreference}`;

function parseStrategy(value: unknown): StrategyName | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(STRATEGY_NAMES as readonly string[]).includes(value)) {
    throw new UserError(
      `unknown strategy "${String(value)}"; known strategies: ${STRATEGY_NAMES.join(', ')}`,
    );
  }
  return value as StrategyName;
}

function parseAgents(value: unknown, registry: TemplateRegistry): AgentTemplate[] | undefined {
  if (value === undefined) return undefined;
  const items: unknown[] =
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : Array.isArray(value)
        ? value
        : [value];
  if (items.length === 0)
    throw new UserError('context.agents is empty; name at least one template id, e.g. security_auditor');
  return items.map((item) => {
    if (typeof item === 'string') return registry.get(item);
    if (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string') {
      const { id, tier } = item as { id: string; tier?: unknown };
      const template = registry.get(id);
      if (tier === undefined) return template;
      assertTier(tier, `context.agents entry "${id}"`);
      return withTier(template, tier);
    }
    throw new UserError(
      `context.agents entries must be template ids or {id, tier}; got ${JSON.stringify(item)}`,
    );
  });
}

/**
 * Analyses tasks and composes execution plans.
 *
 * @example
 * const plan = new MetaOrchestrator().analyzeAndCompose({
 *   task: 'Analyze the codebase for security issues and test gaps',
 *   context: { path: '.' },
 * });
 * plan.agents.map((a) => a.id); // ['security_auditor', 'test_coverage_analyzer']
 * plan.strategy;                // 'parallel'
 */
export class MetaOrchestrator {
  readonly #registry: TemplateRegistry;
  readonly #prices: PriceTable;

  constructor(options: MetaOrchestratorOptions = {}) {
    this.#registry = options.registry ?? defaultTemplateRegistry;
    this.#prices = resolvePriceTable(options.prices);
  }

  /** Analyses `task` (with `context`) and returns the execution plan. Bad input is a `UserError`. */
  analyzeAndCompose(request: ComposeRequest | string, context?: ExecutionContext): ExecutionPlan {
    const req: ComposeRequest =
      typeof request === 'string' ? { task: request, context } : (request ?? { task: '' });
    const ctx: ExecutionContext = req.context ?? {};
    if (ctx === null || typeof ctx !== 'object' || Array.isArray(ctx))
      throw new UserError('context must be an object');
    const forcedStrategy = parseStrategy(ctx['strategy']);
    const givenAgents = parseAgents(ctx['agents'], this.#registry);
    const analysis = analyzeTask(req.task, ctx);
    const reasoning = [...analysis.signals];

    const base: Team = givenAgents
      ? {
          agents: givenAgents,
          why: givenAgents.map((a) => `${label(a)} (${a.role}): given by context.agents`),
        }
      : composeBaseTeam(analysis, this.#registry);
    let strategy: StrategyName;
    let rule: PatternRule | null = null;
    if (forcedStrategy) {
      strategy = forcedStrategy;
      reasoning.push(`strategy ${strategy}: forced by context.strategy (the nine rules were not applied)`);
    } else {
      const needed = neededCapabilities(analysis, this.#registry);
      const facts: RuleFacts = {
        analysis,
        team: base.agents,
        given: !!givenAgents,
        duplicates: duplicateCapabilities(base.agents, needed),
      };
      const selected = selectStrategy(facts);
      ({ rule } = selected);
      strategy = selected.rule.strategy;
      reasoning.push(...selected.lines);
      if (analysis.decision && selected.rule.number < 6) {
        reasoning.push(
          `the task weighs options, but rule ${selected.rule.number} comes before rule 6 (debate); set context.strategy to "debate" for a synthesis of the opinions`,
        );
      }
    }

    const team = givenAgents ? { ...base, dropped: [] } : shapeTeam(strategy, base, analysis, this.#registry);
    reasoning.push(...team.why);
    if (team.dropped.length > 0) {
      reasoning.push(
        `not staffed by ${strategy}: ${team.dropped.join(', ')} (run them separately, or set context.agents / context.strategy)`,
      );
    }
    const estimatedCost = estimateCost(team.agents, strategy, this.#prices);
    const estimatedDuration = estimateDuration(team.agents, strategy);
    reasoning.push(
      `estimated cost $${estimatedCost.minUsd.toFixed(4)}-$${estimatedCost.usd.toFixed(4)} (${estimatedCost.tierUnits} tier units): what models would cost at the default list prices; an offline run makes no model calls and costs $0`,
      `estimated duration <= ${estimatedDuration}s: the agents' deadlines combined the ${strategy} way (worst case)`,
    );
    for (const line of reasoning) log.debug(line, { task: analysis.task });
    return {
      task: analysis.task,
      agents: [...team.agents],
      strategy,
      complexity: analysis.complexity,
      domain: [...analysis.domains],
      qualityGates: mergeQualityGates(team.agents, ctx['quality_gates']),
      estimatedCost,
      estimatedDuration,
      rule,
      reasoning,
    };
  }
}

/**
 * The plan in the wire form of the spec (snake_case), for `--json` output.
 *
 * @example
 * JSON.stringify(planToJSON(plan));
 */
export function planToJSON(plan: ExecutionPlan): Record<string, unknown> {
  const cost = plan.estimatedCost;
  return {
    task: plan.task,
    complexity: plan.complexity,
    domain: plan.domain,
    agents: plan.agents.map((a) => ({ id: a.id, role: a.role, tier: a.tierPreference })),
    strategy: plan.strategy,
    quality_gates: plan.qualityGates,
    estimated_cost: {
      usd: cost.usd,
      min_usd: cost.minUsd,
      tier_units: cost.tierUnits,
      breakdown: cost.breakdown.map((b) => ({
        agent_id: b.agentId,
        tier: b.tier,
        model: b.model,
        input_tokens: b.inputTokens,
        output_tokens: b.outputTokens,
        usd: b.usd,
        min_usd: b.minUsd,
        tier_units: b.tierUnits,
        seconds: b.seconds,
        counted: b.counted,
      })),
    },
    estimated_duration: plan.estimatedDuration,
    rule: plan.rule ? { number: plan.rule.number, description: plan.rule.description } : null,
    reasoning: plan.reasoning,
  };
}
