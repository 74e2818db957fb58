import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../errors.js';
import { tsxEsmApi, workerEntry } from '../shared/worker-host.js';
import { lintInWorker } from './lint-in-worker.js';

describe('lintInWorker', () => {
  it('lints in a worker thread, not the calling thread', async () => {
    const out = await lintInWorker(
      '/virtual',
      [{ path: 'a.js', text: 'const x = process.argv[2];\neval(x);\n' }],
      'CAPABLE',
    );
    expect(out.threadId).not.toBe(threadId);
    expect(out.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`)).toEqual([
      'a.js:2:security/detect-eval-with-expression:high',
    ]);
  });

  it('rejects with a ToolError when aborted, and terminates the worker', async () => {
    const controller = new AbortController();
    const pending = lintInWorker(
      '/virtual',
      [{ path: 'a.js', text: 'eval(x);\n' }],
      'CAPABLE',
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(ToolError);
  });

  it('surfaces a failure inside the worker as a ToolError (no in-thread fallback)', async () => {
    await expect(lintInWorker('/virtual', null as never, 'CAPABLE')).rejects.toThrow(ToolError);
  });

  it('starts the compiled sibling from the build and a tsx bootstrap from source', () => {
    expect(workerEntry('file:///app/dist/analysis/security/lint-in-worker.js', './lint-worker')).toEqual(
      new URL('file:///app/dist/analysis/security/lint-worker.js'),
    );
    const source = workerEntry(import.meta.url.replace(/\.test\.ts$/, '.ts'), './lint-worker');
    expect(source.pathname.endsWith('/src/analysis/security/lint-worker.ts')).toBe(true);
    expect(tsxEsmApi()).toContain('tsx/dist/esm/api/index.mjs');
  });
});
