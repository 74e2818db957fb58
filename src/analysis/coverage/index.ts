/**
 * The coverage analyser (see `analyzer.ts`), its report readers and interpreters.
 *
 * @module
 */
export { coverageAnalyzer, cacheRule, COVERAGE_ANALYZER_VERSION, DEFAULT_COVERAGE_TIMEOUT_SECONDS } from './analyzer.js';
export type * from './types.js';
export type { CoveragePart } from './paths.js';
export { isTestOrConfigFile } from './paths.js';
export { findCoverageReports, readCoverageReport, REPORT_LOCATIONS } from './readers/index.js';
export type { ReportCandidate } from './readers/index.js';
export type { RawCoverage, RawFileCoverage, RawFunction, ReportFormat } from './model.js';
export { defaultPythonCandidates, findPythonWithCoverage } from './interpreter.js';
export type { PythonInterpreter } from './interpreter.js';

