/**
 * Core types shared by every layer: tiers, agent templates, agent results, strategy
 * results and the "means" through which an agent gets its work done.
 *
 * TypeScript names are camelCase; anything serialised (reports, `aggregated_output`,
 * store files) uses the spec's snake_case names, converted in one place per format.
 *
 * @module
 */
import type { ModelCaller } from './providers/model-client.js';

/** A tier is a budget: how deep the tools dig and, with a provider, which model reasons. */
export type Tier = 'CHEAP' | 'CAPABLE' | 'PREMIUM';

/** All tiers, cheapest first. */
export const TIERS: readonly Tier[] = ['CHEAP', 'CAPABLE', 'PREMIUM'];

/** Resource limits of an agent template. */
export interface ResourceRequirements {
  /** Smallest token budget the agent needs when a model is used. */
  minTokens: number;
  /** Largest token budget the agent may use when a model is used. */
  maxTokens: number;
  /** Deadline of one run of the agent, in seconds. */
  timeoutSeconds: number;
  /** Memory the agent's tools may use, in MiB (applied to child processes). */
  memoryMb: number;
}

/** A quality gate threshold of a template, e.g. `{ min_coverage: 80 }`. Keys are the spec's snake_case names. */
export type QualityGates = Record<string, number>;

/** A reusable agent archetype (spec section "Agent Templates"). */
export interface AgentTemplate {
  /** Unique identifier, e.g. `security_auditor`. */
  id: string;
  /** Human-readable role, e.g. `Security Auditor`. */
  role: string;
  /** What the agent can do, e.g. `vulnerability_scan`. */
  capabilities: string[];
  /** Preferred tier. */
  tierPreference: Tier;
  /** Tools (means) the agent needs, e.g. `security_scan`; each must be registered to run the agent. */
  tools: string[];
  /** The agent's instructions: what it measures and what it returns. */
  defaultInstructions: string;
  /** Quality gate thresholds (spec snake_case keys). */
  qualityGates: QualityGates;
  /** Resource limits. */
  resourceRequirements: ResourceRequirements;
}

/** Token usage and cost of one agent run (or a sum of them). */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Model calls made. */
  calls: number;
  /** US dollars; `null` when a model without a known price was used ("cost unknown"). */
  costUsd: number | null;
}

/** The result of one agent run. A failed agent is a result with `success: false` and a non-empty `error`. */
export interface AgentResult {
  agentId: string;
  success: boolean;
  /** The agent's structured output (measurements, findings). Empty object when it failed before producing any. */
  output: Record<string, unknown>;
  /** 0..1: how sure the agent is of its own verdict. */
  confidence: number;
  durationSeconds: number;
  /** The real error message when `success` is false, else `null`. */
  error: string | null;
  tier: Tier;
  usage: Usage;
}

/** The six composition patterns. */
export type StrategyName = 'sequential' | 'parallel' | 'debate' | 'teaching' | 'refinement' | 'adaptive';

/** All strategy names, in the spec's order. */
export const STRATEGY_NAMES: readonly StrategyName[] = [
  'sequential',
  'parallel',
  'debate',
  'teaching',
  'refinement',
  'adaptive',
];

/** What a strategy returns. `aggregatedOutput` uses the spec's snake_case keys. */
export interface StrategyResult {
  success: boolean;
  outputs: AgentResult[];
  aggregatedOutput: Record<string, unknown>;
  /** Wall time of the whole strategy, in seconds. */
  totalDuration: number;
  /** One message per failed agent (never empty strings). */
  errors: string[];
}

/** The context handed to a team: free-form keys from the user plus well-known ones. */
export interface ExecutionContext {
  /** Root of the project the agents work on. Defaults to the current directory only in the CLI. */
  path?: string;
  [key: string]: unknown;
}

/** Complexity classes of a task. */
export type TaskComplexity = 'simple' | 'moderate' | 'complex';

/** Domains a task may touch. */
export type TaskDomain =
  | 'testing'
  | 'security'
  | 'code_quality'
  | 'documentation'
  | 'performance'
  | 'architecture'
  | 'refactoring'
  | 'general';

/** What a means receives when the agent runner calls it. */
export interface MeansInput {
  /** The template of the agent being run (with the tier chosen for this run). */
  template: AgentTemplate;
  /** The tier of this run (decides analysis depth and, with a provider, the model). */
  tier: Tier;
  /** The team's context (including `path`, the project root, and earlier agents' outputs). */
  context: ExecutionContext;
  /** Aborted when the agent's deadline passes or the run is cancelled. Means must stop promptly. */
  signal: AbortSignal;
  /** Services shared by every agent of one run (project index, cache, ...), keyed by name. */
  services: RunServices;
}

/** Services shared by the agents of one run. Later layers add typed entries (e.g. `projectIndex`). */
export interface RunServices {
  [name: string]: unknown;
}

/** What a means returns. A means that cannot do its work throws (the runner turns that into a failed result). */
export interface MeansOutput {
  /** Structured output (measurements, findings). */
  output: Record<string, unknown>;
  /** 0..1 confidence in this output. */
  confidence: number;
  /** Set to false when the means ran but its verdict is a failure (e.g. the tool could not measure). */
  success?: boolean;
  /** Error message when `success` is false. */
  error?: string;
  /** Model usage, when a model was called. */
  usage?: Partial<Usage>;
}

/**
 * A means is how an agent gets its work done: an analysis tool, a test generator or a
 * model, registered under a tool name that templates list in `tools`.
 */
export interface Means {
  /** The tool name this means provides, e.g. `security_scan`. */
  tool: string;
  /** One line: what it measures or does. */
  description: string;
  run(input: MeansInput): Promise<MeansOutput>;
  /**
   * For a means that consults the model itself (e.g. `code_fix`): the means to run when a model
   * is configured, used instead of the generic wrapper that adds model notes.
   */
  withModel?: (model: MeansModel) => Means;
}

/** The run's model, as a means that consults it itself receives it. */
export interface MeansModel {
  client: ModelCaller;
  /** Globs of files never sent to the provider (config `exclude`; the provider's own are in `client.settings`). */
  exclude: readonly string[];
}
