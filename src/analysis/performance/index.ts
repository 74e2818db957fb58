/**
 * The performance analyser (id `performance`): static smells (JS/TS and Python) and the
 * project's benchmark command against a stored baseline (`regression_pct`).
 *
 * @module
 */
export {
  computeStaticSmells,
  performanceAnalyzer,
  type PerformanceFigures,
  type PerformanceOptions,
  type SmellCounts,
  type StaticSmells,
} from './analyzer.js';
export {
  parseBenchmarkOutput,
  runBenchmark,
  type BenchmarkOptions,
  type BenchmarkResult,
  type BenchmarkSample,
} from './benchmark.js';
export { regexRisk, type RegexRisk } from './regex-risk.js';
