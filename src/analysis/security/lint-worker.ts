/**
 * Entry of the JS/TS lint worker thread. It receives one request in `workerData`, lints,
 * posts one {@link LintWorkerReply} and ends. Started by lint-in-worker.ts; compiled to
 * `dist/analysis/security/lint-worker.js` by the build like every other module.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import type { Tier } from '../../types.js';
import { lintJsFiles, type LintInput, type LintOutput } from './eslint-lint.js';

/** The request a lint worker receives as `workerData`. */
export interface LintWorkerRequest {
  root: string;
  files: LintInput[];
  tier: Tier;
}

/** The one message a lint worker posts back. */
export type LintWorkerReply = { ok: true; output: LintOutput } | { ok: false; error: string };

async function main(): Promise<void> {
  const request = workerData as LintWorkerRequest;
  let reply: LintWorkerReply;
  try {
    reply = { ok: true, output: await lintJsFiles(request.root, request.files, request.tier) };
  } catch (error) {
    reply = { ok: false, error: errorMessage(error) };
  }
  parentPort?.postMessage(reply);
}

if (parentPort) void main();
