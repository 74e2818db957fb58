/**
 * Worker-thread entry of the architecture analyser: builds the import graph, cycles and
 * coupling from the texts sent by the main thread (see `worker-index.ts`).
 *
 * @module
 */
import { serveWorkerRequests } from '../shared/worker-host.js';
import { computeArchitecture } from './architecture-analyzer.js';
import { memoryIndex, type WorkerIndexData } from './worker-index.js';

serveWorkerRequests((request: { data: WorkerIndexData; maxCycles: number }) =>
  computeArchitecture(memoryIndex(request.data), request.maxCycles),
);
