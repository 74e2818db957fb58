import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { qualityEslintConsumer } from '../quality/lint-runner.js';
import { securityEslintConsumer } from '../security/eslint-lint.js';
import type { EslintPassResult } from './eslint-pass.js';
import { lintFor, mergePassResults, planEslintPass } from './eslint-plan.js';
import { splitIntoChunks } from './shared-pass.js';
import { reserveCores, workerPoolState } from './worker-host.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-eslint-plan-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A small project whose files exercise what differs between the consumers. */
function project(name: string): string {
  const root = path.join(temp, name);
  mkdirSync(path.join(root, 'src'), { recursive: true });
  const files: Record<string, string> = {
    // security honours the reviewed suppression; quality ignores inline comments
    'src/a.js': [
      '// eslint-disable-next-line security/detect-eval-with-expression',
      'eval(process.argv[2]);',
      'eval(process.argv[3]); // eslint-disable-line no-empty',
      'try { run(); } catch (e) {} // eslint-disable-line no-empty',
      '',
    ].join('\n'),
    // a rule-configuration comment: quality must still report no-empty (it ignores inline config)
    'src/b.cjs':
      "/* eslint no-empty: off */\nconst cp = require('child_process');\ncp.exec(process.argv[2]);\nif (cp) {}\n",
    'src/c.ts':
      'export function f(p: string): boolean {\n  if (p) {}\n  return new RegExp(p).test("x");\n}\n',
    'src/types.d.ts': 'export declare const html: string;\n',
    'src/bad.js': 'function (\n',
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, file), text);
  return root;
}

const security = securityEslintConsumer('PREMIUM');
const quality = qualityEslintConsumer('CAPABLE');
const rulesOf = (messages: Record<string, { line: number; rule: string | null }[]>) =>
  Object.entries(messages).flatMap(([file, list]) =>
    list.map((m) => `${file}:${m.line}:${m.rule ?? 'parse-error'}`),
  );

describe('the shared ESLint pass', () => {
  it('gives each planned consumer exactly what a pass of its own gives, from one pass in a worker', async () => {
    const alone = await buildProjectIndex(project('alone'), { cache: false });
    const [securityAlone, qualityAlone] = await Promise.all([
      lintFor(alone, security),
      lintFor(alone, quality),
    ]);
    expect(securityAlone.consumers).toEqual(['security:PREMIUM']);
    expect(qualityAlone.consumers).toEqual(['quality:CAPABLE']);

    const shared = await buildProjectIndex(project('shared'), { cache: false });
    planEslintPass(shared, [security, quality]);
    const [securityShared, qualityShared] = await Promise.all([
      lintFor(shared, security),
      lintFor(shared, quality),
    ]);
    expect(securityShared.consumers).toEqual(['security:PREMIUM', 'quality:CAPABLE']);
    expect(securityShared.threadId).not.toBe(threadId);
    expect(securityShared.messages).toEqual(securityAlone.messages);
    expect(qualityShared.messages).toEqual(qualityAlone.messages);

    expect(rulesOf(securityShared.messages)).toEqual([
      'src/a.js:2:empathy-taint/flows',
      'src/a.js:3:security/detect-eval-with-expression',
      'src/a.js:3:empathy-taint/flows',
      'src/b.cjs:3:security/detect-child-process',
      'src/b.cjs:3:empathy-taint/flows',
      'src/bad.js:1:parse-error',
      'src/c.ts:3:security/detect-non-literal-regexp',
    ]);
    expect(rulesOf(qualityShared.messages)).toEqual([
      'src/a.js:4:no-empty',
      'src/b.cjs:4:no-empty',
      'src/bad.js:1:parse-error',
      'src/c.ts:2:no-empty',
    ]);
  });

  it('lints a one-file change on the calling thread, as a pass in a worker over the whole tree does', async () => {
    const root = project('one-change');
    const cacheDir = path.join(temp, 'one-change-cache');
    const consumers = [security, quality];
    const lintAll = async (options: Parameters<typeof buildProjectIndex>[1]) => {
      const index = await buildProjectIndex(root, options);
      planEslintPass(index, consumers);
      const [first, second] = await Promise.all(consumers.map((c) => lintFor(index, c)));
      return [first!, second!] as const;
    };
    const [cold] = await lintAll({ cacheDir });
    expect(cold.threadId).not.toBe(threadId);
    // A worker that has the pass loaded would take the change: a suite's reservation sends the
    // idle workers (none has the heap cap) away, as at the start of a run.
    reserveCores(1)();
    expect(workerPoolState().workers).toBe(0);
    writeFileSync(path.join(root, 'src/a.js'), 'eval(process.argv[4]);\ntry { run(); } catch (e) {}\n', { flag: 'a' });
    const changed = await lintAll({ cacheDir });
    const reference = await lintAll({ cache: false });
    expect(changed[0].threadId).toBe(threadId);
    expect(reference[0].threadId).not.toBe(threadId);
    expect(changed.map((s) => s.messages)).toEqual(reference.map((s) => s.messages));
    expect(rulesOf(changed[1].messages)).toContain('src/a.js:6:no-empty');
  });

  it("keeps the pass running for the others when one consumer's run is aborted", async () => {
    const index = await buildProjectIndex(project('abort-one'), { cache: false });
    planEslintPass(index, [security, quality]);
    const controller = new AbortController();
    const aborted = lintFor(index, security, controller.signal);
    const kept = lintFor(index, quality);
    controller.abort(new Error('security deadline'));
    await expect(aborted).rejects.toThrow('security deadline');
    expect(rulesOf((await kept).messages)).toContain('src/b.cjs:4:no-empty');
  });

  it('stops the pass when every consumer is aborted, and a later request starts a new one', async () => {
    const index = await buildProjectIndex(project('abort-all'), { cache: false });
    planEslintPass(index, [security, quality]);
    const controller = new AbortController();
    const first = lintFor(index, security, controller.signal);
    const second = lintFor(index, quality, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(first).rejects.toThrow('interrupted');
    await expect(second).rejects.toThrow('interrupted');
    const again = await lintFor(index, quality);
    expect(again.consumers).toEqual(['security:PREMIUM', 'quality:CAPABLE']);
  });

  it('stops a pass run on the calling thread when its signal aborts, as one in a worker', async () => {
    const root = path.join(temp, 'abort-inline');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src/a.js'), 'try { run(); } catch (e) {}\n');
    const index = await buildProjectIndex(root, { cache: false });
    reserveCores(1)(); // no idle worker has the pass loaded: one file is linted on this thread
    expect(workerPoolState().workers).toBe(0);
    // The abort comes once the pass has read its file, so before it lints it.
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const read = index.read.bind(index);
    index.read = async (file) => {
      const text = await read(file);
      controller.abort(reason);
      return text;
    };
    await expect(lintFor(index, quality, controller.signal)).rejects.toBe(reason);
    expect(workerPoolState().workers).toBe(0);
    expect(rulesOf((await lintFor(index, quality)).messages)).toEqual(['src/a.js:1:no-empty']);
  });

  it('splits a large pass into chunks of similar size and merges their results', () => {
    const file = (path: string, chars: number) => ({ path, text: 'x'.repeat(chars), consumers: ['q'] });
    const parts = splitIntoChunks([file('a', 10), file('b', 60), file('c', 30), file('d', 25)], 2);
    expect(parts.map((p) => p.map((f) => f.path))).toEqual([['b'], ['c', 'd', 'a']]);
    expect(splitIntoChunks([file('a', 1)], 4)).toHaveLength(1);
    expect(splitIntoChunks([], 2)).toEqual([[]]);
    const part = (byFile: Record<string, never[]>, relinted: number): EslintPassResult => ({
      eslintVersion: '9',
      byConsumer: { q: byFile, s: {} },
      relinted,
      threadId: 1,
    });
    const merged = mergePassResults([part({ 'a.js': [] }, 1), part({ 'b.js': [] }, 2)]);
    expect(Object.keys(merged.byConsumer['q'] ?? {})).toEqual(['a.js', 'b.js']);
    expect(merged.relinted).toBe(3);
  });
});
