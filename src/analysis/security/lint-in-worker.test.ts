import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { lintInWorker, lintWorkerEntry } from './lint-in-worker.js';

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
});
