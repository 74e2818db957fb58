/**
 * Worker-thread entry of the performance analyser: finds the static smells in the sources sent
 * by the main thread (see `worker-index.ts`).
 *
 * @module
 */
import { memoryIndex, type WorkerIndexData } from '../shared/worker-index.js';
import { computeStaticSmells } from './analyzer.js';

/** Finds the static smells of the texts in `request.data`. */
export function handle(request: { data: WorkerIndexData }) {
  return computeStaticSmells(memoryIndex(request.data));
}
