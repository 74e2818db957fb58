/**
 * Worker-thread entry of the architecture analyser: builds the import graph, cycles and
 * coupling from the texts sent by the main thread (see `worker-index.ts`).
 *
 * @module
 */
import { computeArchitecture } from './analyzer.js';
import { memoryIndex, type WorkerIndexData } from '../shared/worker-index.js';

/** Computes the architecture figures of the texts in `request.data`. */
export function handle(request: { data: WorkerIndexData; maxCycles: number }) {
  return computeArchitecture(memoryIndex(request.data), request.maxCycles);
}
