/**
 * Orchestration: agent templates, the meta-orchestrator, the agent runner and means,
 * the six strategies, the configuration store and the pattern library. The folders:
 * `planning/` (task -> team, strategy, estimate), `agents/` (templates, means, runner),
 * `strategies/` and `learning/` (the two stores, their schema and record directory).
 *
 * @module
 */
export * from './agents/agent-templates.js';
export {
  createTemplate,
  withTier,
  assertTier,
  TemplateRegistry,
  TIER_RESOURCES,
  type AgentTemplateSpec,
} from './agents/template-registry.js';
export {
  MetaOrchestrator,
  planToJSON,
  type ExecutionPlan,
  type MetaOrchestratorOptions,
  type ComposeRequest,
} from './planning/meta-orchestrator.js';
export { analyzeTask, type TaskAnalysis } from './planning/task-analysis.js';
export { estimateCost, estimateDuration, type CostEstimate, type AgentCostEstimate } from './planning/estimate.js';
export {
  DEFAULT_PRICE_TABLE,
  TIER_UNITS,
  tokenCostUsd,
  resolvePriceTable,
  type ModelPrice,
  type PriceTable,
} from './planning/pricing.js';
export {
  AgentRunner,
  defaultAgentRunner,
  type AgentRunnerOptions,
  type RunAgentOptions,
} from './agents/agent-runner.js';
export { MeansRegistry, defaultMeansRegistry, defineMeans, type MeansDefinition } from './agents/means-registry.js';
export {
  defineAgent,
  isDefinedAgent,
  templateOf,
  type AgentSpec,
  type DefinedAgent,
  type AgentRunFunction,
} from './agents/define-agent.js';
export {
  getStrategy,
  listStrategies,
  registerStrategy,
  unregisterStrategy,
  SequentialStrategy,
  ParallelStrategy,
  DebateStrategy,
  TeachingStrategy,
  RefinementStrategy,
  AdaptiveStrategy,
  type Strategy,
  type StrategyOptions,
  type StrategyExecuteOptions,
} from './strategies/index.js';
export {
  ConfigurationStore,
  DEFAULT_STORE_SUBDIR,
  type ConfigurationStoreOptions,
  type SearchOptions,
} from './learning/config-store.js';
export {
  AgentConfiguration,
  compositionId,
  type AgentConfigurationInit,
  type CompositionKey,
  type CompositionAgent,
} from './learning/agent-configuration.js';
export { wilsonLowerBound, compareByEvidence, WILSON_Z_95 } from './learning/wilson.js';
export { STORE_SCHEMA_VERSION, type StoredComposition, type StoredAgent } from './learning/store-schema.js';
export {
  PatternLibrary,
  PATTERN_MIN_USES,
  PATTERN_MIN_SUCCESS_RATE,
  STRONG_SUGGESTION_SCORE,
  type CompositionPattern,
  type PatternEvidence,
  type PatternSuggestion,
} from './learning/pattern-library.js';
export {
  COMPOSITIONS_SUBDIR,
  PATTERNS_SUBDIR,
  assertStoreDirNotLinked,
  defaultLearningStoreDir,
  learningStoreDirs,
  type LearningStoreDirs,
} from './learning/store-dir.js';
