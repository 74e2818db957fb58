/**
 * The explicit registry of analysers: one line per analyser, keyed by the agent templates'
 * tool name, loading `analysis/<area>/analyzer.ts` on first use (an analyser's dependencies,
 * ESLint or the TypeScript compiler, load only when an agent needs it). Each analyser's meta
 * (id, description, gate figure, tiers) lives in its own file; a test checks that every key here
 * is its analyser's `meta.tool`.
 *
 * Adding an analyser: write `analysis/<area>/analyzer.ts` with `defineAnalyzer` and add its line.
 *
 * @module
 */
import type { DefinedAnalyzer } from './define-analyzer.js';

/** Loads one analyser. */
export type AnalyzerLoader = () => Promise<DefinedAnalyzer>;

/** Tool name -> analyser loader. */
export const ANALYZERS: ReadonlyMap<string, AnalyzerLoader> = new Map<string, AnalyzerLoader>([
  ['security_scan', async () => (await import('./security/analyzer.js')).securityAnalyzer],
  ['coverage_analysis', async () => (await import('./coverage/analyzer.js')).coverageAnalyzer],
  ['quality_analysis', async () => (await import('./quality/analyzer.js')).qualityAnalyzer],
  ['doc_coverage', async () => (await import('./documentation/analyzer.js')).documentationAnalyzer],
  ['architecture_analysis', async () => (await import('./architecture/analyzer.js')).architectureAnalyzer],
  ['refactoring_scan', async () => (await import('./refactoring/analyzer.js')).refactoringAnalyzer],
  ['performance_scan', async () => (await import('./performance/analyzer.js')).performanceAnalyzer],
]);

/**
 * The analyser behind `tool`, or undefined when no analyser serves it.
 *
 * @example
 * const analyzer = await loadAnalyzer('quality_analysis');
 * analyzer?.meta.primaryFigure; // 'quality_score'
 */
export async function loadAnalyzer(tool: string): Promise<DefinedAnalyzer | undefined> {
  return ANALYZERS.get(tool)?.();
}
