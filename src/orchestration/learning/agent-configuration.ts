/**
 * `AgentConfiguration`: one saved agent team composition and its track record (spec
 * "Configuration Store"), and its stable id.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { UserError } from '../../errors.js';
import type { StrategyName, Tier } from '../../types.js';
import { STRATEGY_NAMES, TIERS } from '../../types.js';
import type { QualityGateValue, StoredAgent, StoredComposition } from './store-schema.js';
import {
  STORE_SCHEMA_VERSION,
  assertSafeId,
  describeSchemaError,
  parseTimestamp,
  storedCompositionSchema,
} from './store-schema.js';
import { wilsonLowerBound } from './wilson.js';

/** One agent of a team: its role (template id) and tier. Extra keys are kept as given. */
export type CompositionAgent = StoredAgent;

/** What defines a team: the input of {@link compositionId}. */
export interface CompositionKey {
  taskPattern: string;
  agents: ReadonlyArray<{ role: string; tier: Tier | string }>;
  strategy: StrategyName | string;
  qualityGates?: Record<string, QualityGateValue>;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The stable id of a team: `comp_<task pattern slug>_<12 hex>`, where the hex is the start
 * of the SHA-256 of a canonical JSON of `{task_pattern, agents: [{role, tier}] (in order),
 * strategy, quality_gates}` (keys sorted; tiers upper case, strategy lower case). The same
 * team for the same task pattern gets the same id in every process and on every machine,
 * so outcomes accumulate on one record. Extra agent keys do not change the id.
 *
 * @example
 * compositionId({ taskPattern: 'release_prep', strategy: 'parallel',
 *   agents: [{ role: 'security_auditor', tier: 'PREMIUM' }], qualityGates: { min_coverage: 80 } });
 * // 'comp_release_prep_<12 hex digits>'
 */
export function compositionId(key: CompositionKey): string {
  const canonical = canonicalJson({
    task_pattern: key.taskPattern,
    agents: key.agents.map((agent) => ({ role: agent.role, tier: String(agent.tier).toUpperCase() })),
    strategy: String(key.strategy).toLowerCase(),
    quality_gates: key.qualityGates ?? {},
  });
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  const slug = key.taskPattern
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return slug ? `comp_${slug}_${hash}` : `comp_${hash}`;
}

/**
 * Validates one outcome: `success` must be a boolean and `qualityScore` a finite number in 0..100.
 *
 * @throws UserError otherwise.
 */
export function checkOutcome(success: unknown, qualityScore: unknown): void {
  if (typeof success !== 'boolean')
    throw new UserError(`success must be true or false, got ${JSON.stringify(success)}`);
  if (
    typeof qualityScore !== 'number' ||
    !Number.isFinite(qualityScore) ||
    qualityScore < 0 ||
    qualityScore > 100
  ) {
    throw new UserError(`qualityScore must be a number from 0 to 100, got ${String(qualityScore)}`);
  }
}

/** What the {@link AgentConfiguration} constructor takes. Only the team is required. */
export interface AgentConfigurationInit {
  /** Default: {@link compositionId} of the team. */
  id?: string;
  taskPattern: string;
  agents: ReadonlyArray<{ role: string; tier: Tier | string; [key: string]: unknown }>;
  strategy: StrategyName | string;
  qualityGates?: Record<string, QualityGateValue>;
  successRate?: number;
  avgQualityScore?: number;
  usageCount?: number;
  successCount?: number;
  failureCount?: number;
  createdAt?: Date;
  lastUsed?: Date | null;
  tags?: string[];
}

function checkTeam(init: AgentConfigurationInit): { agents: CompositionAgent[]; strategy: StrategyName } {
  if (typeof init.taskPattern !== 'string' || init.taskPattern.trim() === '') {
    throw new UserError('taskPattern must be a non-empty string, e.g. "release_prep"');
  }
  if (!Array.isArray(init.agents) || init.agents.length === 0) {
    throw new UserError('a composition needs at least one agent ({ role, tier })');
  }
  const agents = init.agents.map((agent, index) => {
    const tier = String(agent?.tier ?? '').toUpperCase() as Tier;
    if (typeof agent?.role !== 'string' || agent.role === '')
      throw new UserError(`agents[${index}].role must be a non-empty string`);
    if (!TIERS.includes(tier))
      throw new UserError(
        `agents[${index}].tier must be one of ${TIERS.join(', ')}, got ${JSON.stringify(agent.tier)}`,
      );
    return { ...agent, role: agent.role, tier };
  });
  const strategy = String(init.strategy).toLowerCase() as StrategyName;
  if (!STRATEGY_NAMES.includes(strategy)) {
    throw new UserError(
      `strategy must be one of ${STRATEGY_NAMES.join(', ')}, got ${JSON.stringify(init.strategy)}`,
    );
  }
  return { agents, strategy };
}

/**
 * A saved agent team composition with its track record. Properties are camelCase;
 * {@link AgentConfiguration.toJSON} / {@link AgentConfiguration.fromJSON} convert to and from
 * the store's snake_case file format.
 *
 * @example
 * const cfg = new AgentConfiguration({
 *   taskPattern: 'release_prep', strategy: 'parallel',
 *   agents: [{ role: 'security_auditor', tier: 'PREMIUM' }, { role: 'test_coverage_analyzer', tier: 'CAPABLE' }],
 *   qualityGates: { min_coverage: 80 },
 * });
 * cfg.recordOutcome(true, 87.5);
 * cfg.usageCount; // 1
 */
export class AgentConfiguration {
  id: string;
  taskPattern: string;
  agents: CompositionAgent[];
  strategy: StrategyName;
  qualityGates: Record<string, QualityGateValue>;
  /** successCount / usageCount, 0..1. */
  successRate: number;
  /** Mean of every recorded quality score, 0..100. */
  avgQualityScore: number;
  usageCount: number;
  successCount: number;
  failureCount: number;
  createdAt: Date;
  lastUsed: Date | null;
  tags: string[];

  /** @throws UserError on an empty task pattern, no agents, an unknown tier or strategy, or an unsafe id. */
  constructor(init: AgentConfigurationInit) {
    const { agents, strategy } = checkTeam(init);
    this.taskPattern = init.taskPattern;
    this.agents = agents;
    this.strategy = strategy;
    this.qualityGates = { ...(init.qualityGates ?? {}) };
    this.id =
      init.id ??
      compositionId({ taskPattern: init.taskPattern, agents, strategy, qualityGates: this.qualityGates });
    assertSafeId(this.id);
    this.successRate = init.successRate ?? 0;
    this.avgQualityScore = init.avgQualityScore ?? 0;
    this.usageCount = init.usageCount ?? 0;
    this.successCount = init.successCount ?? 0;
    this.failureCount = init.failureCount ?? 0;
    this.createdAt = init.createdAt ?? new Date();
    this.lastUsed = init.lastUsed ?? null;
    this.tags = [...(init.tags ?? [])];
  }

  /** Lower bound of the 95% Wilson interval of the success rate (what the store ranks by). */
  get wilsonLowerBound(): number {
    return wilsonLowerBound(this.successCount, this.usageCount);
  }

  /**
   * Records one run: increments usage and success or failure counts, recomputes the success
   * rate, folds `qualityScore` into the running mean (`avg += (q - avg) / usageCount`) and sets
   * `lastUsed`. Not safe against other processes on its own: use
   * `ConfigurationStore.recordOutcome` for that.
   *
   * @throws UserError when `success` is not a boolean or `qualityScore` is not a number in 0..100.
   */
  recordOutcome(success: boolean, qualityScore: number, now: Date = new Date()): void {
    checkOutcome(success, qualityScore);
    this.usageCount += 1;
    if (success) this.successCount += 1;
    else this.failureCount += 1;
    this.successRate = this.successCount / this.usageCount;
    this.avgQualityScore =
      this.usageCount === 1
        ? qualityScore
        : this.avgQualityScore + (qualityScore - this.avgQualityScore) / this.usageCount;
    this.lastUsed = now;
  }

  /** A copy (arrays and objects of the record are new). */
  clone(): AgentConfiguration {
    return AgentConfiguration.fromStored(this.toJSON());
  }

  /** The store file form (snake_case, `schema_version`, ISO timestamps in UTC). */
  toJSON(): StoredComposition {
    return {
      schema_version: STORE_SCHEMA_VERSION,
      id: this.id,
      task_pattern: this.taskPattern,
      agents: this.agents.map((agent) => ({ ...agent })),
      strategy: this.strategy,
      quality_gates: { ...this.qualityGates },
      success_rate: this.successRate,
      avg_quality_score: this.avgQualityScore,
      usage_count: this.usageCount,
      success_count: this.successCount,
      failure_count: this.failureCount,
      created_at: this.createdAt.toISOString(),
      last_used: this.lastUsed ? this.lastUsed.toISOString() : null,
      tags: [...this.tags],
    };
  }

  /**
   * Builds a configuration from a store file's data (this tool's or the original Python
   * tool's), validated with the store schema.
   *
   * @throws UserError naming the first invalid fields.
   */
  static fromJSON(data: unknown): AgentConfiguration {
    const result = storedCompositionSchema.safeParse(data);
    if (!result.success) throw new UserError(`invalid composition: ${describeSchemaError(result.error)}`);
    return AgentConfiguration.fromStored(result.data as StoredComposition);
  }

  /** Builds a configuration from already validated store data. */
  static fromStored(stored: StoredComposition): AgentConfiguration {
    return new AgentConfiguration({
      id: stored.id,
      taskPattern: stored.task_pattern,
      agents: stored.agents,
      strategy: stored.strategy,
      qualityGates: stored.quality_gates,
      successRate: stored.success_rate,
      avgQualityScore: stored.avg_quality_score,
      usageCount: stored.usage_count,
      successCount: stored.success_count,
      failureCount: stored.failure_count,
      createdAt: parseTimestamp(stored.created_at) ?? new Date(0),
      lastUsed: stored.last_used === null ? null : parseTimestamp(stored.last_used),
      tags: stored.tags,
    });
  }
}
