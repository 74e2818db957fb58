/**
 * Coupling per module (Robert C. Martin's package metrics applied to modules):
 * fan-in Ca = distinct modules importing it, fan-out Ce = distinct modules it imports,
 * instability I = Ce / (Ca + Ce), `null` for a module with no edges at all (undefined ratio).
 * Type-only edges count: they are dependencies for coupling even though they are erased at run time.
 *
 * @module
 */
import type { ImportEdge } from './import-graph.js';

/** Coupling of one module (serialised with these snake_case names). */
export interface ModuleCoupling {
  module: string;
  fan_in: number;
  fan_out: number;
  /** Ce / (Ca + Ce), rounded to 3 decimals; null when the module has no edges. */
  instability: number | null;
}

/**
 * Coupling of every module, in the order of `modules`.
 *
 * @example
 * computeCoupling(['a', 'b'], [{ from: 'a', to: 'b', line: 1, typeOnly: false }]);
 * // [{ module: 'a', fan_in: 0, fan_out: 1, instability: 1 }, { module: 'b', fan_in: 1, fan_out: 0, instability: 0 }]
 */
export function computeCoupling(modules: readonly string[], edges: readonly ImportEdge[]): ModuleCoupling[] {
  const fanIn = new Map<string, number>();
  const fanOut = new Map<string, number>();
  for (const edge of edges) {
    fanOut.set(edge.from, (fanOut.get(edge.from) ?? 0) + 1);
    fanIn.set(edge.to, (fanIn.get(edge.to) ?? 0) + 1);
  }
  return modules.map((module) => {
    const ca = fanIn.get(module) ?? 0;
    const ce = fanOut.get(module) ?? 0;
    const instability = ca + ce === 0 ? null : Math.round((ce / (ca + ce)) * 1000) / 1000;
    return { module, fan_in: ca, fan_out: ce, instability };
  });
}
