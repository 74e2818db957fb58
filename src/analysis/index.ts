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
export { defineAnalyzer, checkTier } from './define-analyzer.js';
export type { AnalysisBody, AnalyzerContext, AnalyzerDefinition, AnalyzerMeta, DefinedAnalyzer } from './define-analyzer.js';
export { ANALYZERS, loadAnalyzer, type AnalyzerLoader } from './registry.js';
export { securityAnalyzer } from './security/analyzer.js';
export { coverageAnalyzer } from './coverage/analyzer.js';
export { qualityAnalyzer } from './quality/analyzer.js';
export { documentationAnalyzer } from './documentation/analyzer.js';
export { architectureAnalyzer } from './architecture/analyzer.js';
export { refactoringAnalyzer } from './refactoring/analyzer.js';
export { performanceAnalyzer } from './performance/analyzer.js';
export { planJsTestRun, isPlan, collectCoverage, parseTestCounts, measuredFileSet } from './test-runner/index.js';
export type { JsTestPlan, JsTestPlanRefusal, JsRunner, MeasuredFileSet, Neutralised, TestCounts, PlanOptions } from './test-runner/index.js';
export { buildProjectIndex, type BuildProjectIndexOptions } from '../project/index.js';
export type { ProjectIndex, ProjectFile } from '../project/types.js';
