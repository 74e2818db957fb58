/**
 * The test-coverage boost workflow: `TestCoverageBoostWorkflow`, its result and its means.
 *
 * @module
 */
export {
  TestCoverageBoostWorkflow,
  TEST_COVERAGE_AGENT_IDS,
  TEST_COVERAGE_TASK_PATTERN,
  type TestCoverageBoostOptions,
  type TestCoverageBoostRequest,
  type TestCoverageProgressEvent,
} from './workflow.js';
export {
  TestCoverageBoostResult,
  type BoostAnalysis,
  type BoostGeneration,
  type BoostValidation,
  type PossibleBugRecord,
} from './result.js';
export {
  testGenerationMeans,
  testValidationMeans,
  type TestgenServices,
  type TestCoverageServices,
} from './means.js';
