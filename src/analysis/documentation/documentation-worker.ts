/**
 * Worker-thread entry of the documentation analyser: parses the sources sent by the main thread
 * (see `worker-index.ts`) and computes the documentation figures.
 *
 * @module
 */
import type { Tier } from '../../types.js';
import { memoryIndex, type WorkerIndexData } from '../shared/worker-index.js';
import { computeDocumentation, type DocumentationParts } from './compute.js';

/** Computes the documentation figures of the texts in `request.data` and the per-file parts `known`. */
export function handle(request: { data: WorkerIndexData; tier: Tier; known?: DocumentationParts }) {
  return computeDocumentation(memoryIndex(request.data), request.tier, request.known);
}
