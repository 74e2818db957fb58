/**
 * Worker-thread entry that measures complexity (started by {@link measureComplexityInWorker}).
 * Each request is `{ inputs }`; the reply is the list of {@link FileMetrics}.
 *
 * @module
 */
import { measureFiles } from './complexity.js';
import type { ComplexityInput } from './complexity-types.js';

/** Measures the complexity of `data.inputs`. */
export function handle(data: { inputs: ComplexityInput[] }) {
  return measureFiles(data.inputs);
}
