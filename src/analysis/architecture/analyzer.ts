/**
 * The architecture analyser (id `architecture`): the repository's import graph, its circular
 * dependencies and the coupling of each module. See `import-graph.ts` for what an edge is,
 * `cycles.ts` for how cycles are listed and `coupling.ts` for the coupling figures.
 *
 * Tier depths (a tier is a budget: see docs/architecture.md): the graph is the same at every tier (it is cheap to build);
 * the cycle enumeration is bounded at 20 cycles (CHEAP), 100 (CAPABLE), 1000 (PREMIUM), unless
 * `maxCycles` is given. Circular dependencies are runtime cycles only: an edge made only of
 * type-only imports (`import type`, Python `if TYPE_CHECKING:`) is erased before run time.
 *
 * Figures: `modules`, `edges`, `type_only_edges`, `circular_dependencies` (cycles listed),
 * `modules_in_cycles`, `cycles` (lists of module paths, canonical rotation), `max_fan_in`,
 * `max_fan_out`, `unresolved_imports`, `coupling` (per module: `module`, `fan_in`, `fan_out`,
 * `instability`). Findings: one `architecture/circular-dependency` (medium) per cycle and one
 * `architecture/unresolved-import` (low) per relative import that points at no file.
 *
 * @module
 */
import { sha256 } from '../../project/hashing.js';
import { TIERS, type Tier } from '../../types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import type { AnalyzeOptions, Finding, NotMeasured } from '../types.js';
import { computeCoupling, type ModuleCoupling } from './coupling.js';
import { findCycles } from './cycles.js';
import { workerEntry } from '../shared/worker-host.js';
import { adjacency, buildImportGraph } from './import-graph.js';
import { sourceFiles } from '../shared/source-files.js';
import { runIndexWorker, syntaxToolsUsed, type AnalysisIndex } from '../shared/worker-index.js';

/** Options of the architecture analyser. */
export interface ArchitectureOptions extends AnalyzeOptions {
  /** Most cycles listed (default by tier: 20 / 100 / 1000). */
  maxCycles?: number;
}

/** The figures of an architecture report (snake_case, as serialised). */
export interface ArchitectureFigures extends Record<string, unknown> {
  modules: number;
  edges: number;
  type_only_edges: number;
  /** Cycles found; null when there are no source modules (nothing measured). */
  circular_dependencies: number | null;
  modules_in_cycles: number;
  cycles: string[][];
  max_fan_in: number;
  max_fan_out: number;
  unresolved_imports: number;
  coupling: ModuleCoupling[];
}

const VERSION = '1.0.0';
const MAX_CYCLES: Record<Tier, number> = { CHEAP: 20, CAPABLE: 100, PREMIUM: 1000 };

/** The cacheable part of an architecture report. */
export interface ArchitectureComputed {
  figures: ArchitectureFigures;
  findings: Finding[];
  notMeasured: NotMeasured[];
  filesCounted: number;
}

/**
 * Computes the architecture figures (runs inside the analysis worker).
 *
 * @example
 * const computed = await computeArchitecture(memoryIndex(data), 100);
 */
export async function computeArchitecture(
  index: AnalysisIndex,
  maxCycles: number,
): Promise<ArchitectureComputed> {
  const modules = sourceFiles(index);
  const graph = await buildImportGraph(index, modules);
  const cycleReport = findCycles(adjacency(graph, true), { maxCycles });
  const coupling = computeCoupling(graph.modules, graph.edges);
  const edgeLine = new Map(graph.edges.map((e) => [`${e.from}\u0000${e.to}`, e.line]));

  const findings: Finding[] = cycleReport.cycles.map((cycle) => ({
    file: cycle[0]!,
    line: edgeLine.get(`${cycle[0]!}\u0000${cycle[1 % cycle.length]!}`) ?? 0,
    rule: 'architecture/circular-dependency',
    severity: 'medium',
    message: `circular import: ${[...cycle, cycle[0]].join(' -> ')}`,
    tool: 'empathy-architecture',
  }));
  for (const u of graph.unresolved) {
    findings.push({
      file: u.file,
      line: u.line,
      rule: 'architecture/unresolved-import',
      severity: 'low',
      message: `import '${u.specifier}' points at no file of the project`,
      tool: 'empathy-architecture',
    });
  }
  const notMeasured: NotMeasured[] = [];
  if (modules.length === 0) {
    notMeasured.push({
      what: 'import graph',
      reason: 'no JavaScript, TypeScript or Python source files outside tests',
      fix: 'point --path at the repository root, or check the include/exclude globs',
    });
  }
  if (cycleReport.truncated) {
    notMeasured.push({
      what: 'complete cycle list',
      reason: `cycle enumeration stopped after ${cycleReport.cycles.length} cycles (bound reached); modules_in_cycles is exact`,
      fix: 'raise maxCycles or use the PREMIUM tier',
    });
  }
  const figures: ArchitectureFigures = {
    modules: graph.modules.length,
    edges: graph.edges.length,
    type_only_edges: graph.edges.filter((e) => e.typeOnly).length,
    circular_dependencies: cycleReport.cycles.length,
    modules_in_cycles: cycleReport.components.reduce((n, c) => n + c.length, 0),
    cycles: cycleReport.cycles,
    max_fan_in: Math.max(0, ...coupling.map((c) => c.fan_in)),
    max_fan_out: Math.max(0, ...coupling.map((c) => c.fan_out)),
    unresolved_imports: graph.unresolved.length,
    coupling,
  };
  return { figures, findings, notMeasured, filesCounted: modules.length };
}

/**
 * The architecture analyser.
 *
 * @example
 * const index = await buildProjectIndex('path/to/repo');
 * const report = await architectureAnalyzer.analyze(index, { tier: 'CAPABLE' });
 * report.figures.circular_dependencies; // 2
 * report.figures.cycles; // [['pkg/a.py', 'pkg/b.py'], ['src/a.ts', 'src/b.ts', 'src/c.ts']]
 */
export const architectureAnalyzer = defineAnalyzer<ArchitectureFigures, ArchitectureOptions>({
  meta: {
    id: 'architecture',
    version: VERSION,
    tool: 'architecture_analysis',
    description: 'Import graph, circular dependencies and coupling per module',
    primaryFigure: 'circular_dependencies',
    tiers: TIERS,
  },
  async analyze(index, options, { tier, cached: throughCache }) {
    const maxCycles = options.maxCycles ?? MAX_CYCLES[tier];
    const modules = sourceFiles(index);
    const { value, cached } = await throughCache(
      {
        options: { maxCycles },
        files: modules,
        // Resolution depends on which paths exist (e.g. `./data.json`), not only on the modules.
        inputs: { '<indexed paths>': sha256(index.files.map((f) => f.path).join('\n')) },
      },
      () =>
        runIndexWorker<ArchitectureComputed>(
          workerEntry('analysis/architecture/architecture-worker'),
          index,
          modules.map((f) => f.path),
          { maxCycles },
          options.signal,
          'architecture',
        ),
    );
    // No modules is not "0 cycles": the max_circular gate must not pass on it.
    const empty = modules.length === 0;
    return {
      figures: empty ? { ...value.figures, circular_dependencies: null } : value.figures,
      findings: value.findings,
      tools: syntaxToolsUsed('empathy-architecture', VERSION),
      filesCounted: value.filesCounted,
      notMeasured:
        empty && value.notMeasured.length === 0
          ? [
              {
                what: 'import graph',
                reason: 'no JavaScript, TypeScript or Python source files under the root',
                fix: 'point --path at the repository root, or check the include/exclude globs',
              },
            ]
          : value.notMeasured,
      cached,
    };
  },
});
