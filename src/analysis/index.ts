/**
 * The analysers behind the agents' tools, and the project index they share.
 *
 * @module
 */
export type {
  AnalysisReport,
  AnalyzeOptions,
  Analyzer,
  Finding,
  NotMeasured,
  Severity,
  ToolUsed,
} from './types.js';
export { securityAnalyzer } from './security/index.js';
export { coverageAnalyzer } from './coverage/index.js';
export { qualityAnalyzer } from './quality/index.js';
export { documentationAnalyzer } from './documentation/documentation-analyzer.js';
export { architectureAnalyzer } from './architecture/architecture-analyzer.js';
export { refactoringAnalyzer } from './refactoring/index.js';
export { performanceAnalyzer } from './performance/index.js';
export { planJsTestRun, isPlan, collectCoverage, parseTestCounts, measuredFileSet } from './test-runner/index.js';
export type { JsTestPlan, JsTestPlanRefusal, JsRunner, MeasuredFileSet, Neutralised, TestCounts, PlanOptions } from './test-runner/index.js';
export { buildProjectIndex, type BuildProjectIndexOptions } from '../project/index.js';
export type { ProjectIndex, ProjectFile } from '../project/types.js';
