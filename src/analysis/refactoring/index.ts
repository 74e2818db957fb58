/**
 * The refactoring analyser (see `analyzer.ts`).
 *
 * @module
 */
export { refactoringAnalyzer, REFACTORING_ANALYZER_VERSION, REFACTORING_DEFAULTS } from './analyzer.js';
export type { ComplexityMetric, RefactoringFigures, RefactoringOptions } from './types.js';
