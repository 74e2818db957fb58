/**
 * The architecture analyser (id `architecture`): import graph, circular dependencies and
 * coupling per module, for JS/TS and Python.
 *
 * @module
 */
export {
  architectureAnalyzer,
  computeArchitecture,
  type ArchitectureComputed,
  type ArchitectureFigures,
  type ArchitectureOptions,
} from './analyzer.js';
export { computeCoupling, type ModuleCoupling } from './coupling.js';
export { findCycles, stronglyConnectedComponents, type CycleLimits, type CycleReport } from './cycles.js';
export {
  adjacency,
  buildImportGraph,
  type ImportEdge,
  type ImportGraph,
  type UnresolvedImport,
} from './import-graph.js';
export { isNonApiPath, isTestPath, sourceFiles, type SourceFileFilter } from '../shared/source-files.js';
