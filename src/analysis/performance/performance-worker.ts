/**
 * Worker-thread entry of the performance analyser: finds the static smells in the sources sent
 * by the main thread (see `worker-index.ts`).
 *
 * @module
 */
import { memoryIndex, type WorkerIndexData } from '../architecture/worker-index.js';
import { serveWorkerRequests } from '../shared/worker-host.js';
import { computeStaticSmells } from './performance-analyzer.js';

serveWorkerRequests((request: { data: WorkerIndexData }) => computeStaticSmells(memoryIndex(request.data)));
