/**
 * empathy-framework: meta-orchestration of AI agent teams. Named re-exports only.
 *
 * Subpaths: `empathy-framework/orchestration`, `empathy-framework/workflows`,
 * `empathy-framework/analysis`, `empathy-framework/testing`.
 *
 * @module
 */
export * from './errors.js';
export * from './types.js';
export * from './orchestration/index.js';
export * from './workflows/index.js';
export { createModelRuntime, providerConfigSchema, type ModelRuntime } from './providers/index.js';
export {
  TestCoverageBoostWorkflow,
  TestCoverageBoostResult,
  type TestCoverageBoostOptions,
  type TestCoverageBoostRequest,
} from './workflows/test-coverage/index.js';
export {
  TestGeneratorRegistry,
  createDefaultGeneratorRegistry,
  rankGaps,
  type TestGenerator,
  type Gap,
  type GenerationContext,
  type GeneratorResult,
} from './testgen/index.js';
export {
  runContained,
  configureSandbox,
  sandboxPolicy,
  probeBubblewrap,
  scrubEnv,
  SANDBOX_MODES,
  type SandboxMode,
  type SandboxPolicy,
  type Containment,
  type ContainedRunOptions,
  type ContainedRunResult,
  type EnvPolicy,
} from './core/sandbox/index.js';
