/**
 * test-coverage across processes: each module's generation and candidate trials run as a job
 * on `empathy worker` child processes, the coordinator decides and writes. Same report and
 * same written files as in-process. Skips with one line without redis-server.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeCopies } from '../e2e/cli.test-helper.js';
import { RedisServer, redisMissing, runCliChild, startWorkerProcess, withoutTimings, type Child } from './queue.test-helper.js';

const missing = redisMissing();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-dist-tc-'));
const workers: Child[] = [];
let redis: RedisServer | undefined;

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  removeCopies();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every file under `root` (node_modules and .git left out) with its text. */
function files(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (entry.isFile() && !/(^|\/)(node_modules|\.git)\//.test(rel)) out[rel] = readFileSync(full, 'utf8');
  }
  return out;
}

const ARGS = ['--json', '--no-learn', '--max-time', '300'];

describe.skipIf(missing !== null)(`test-coverage on workers${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('through 2 workers: one job per module, the same report and the same written files as in-process', async () => {
    const local = copyFixture('js-lib');
    const before = files(local);
    const inProcess = await runCliChild(['orchestrate', 'test-coverage', '--path', local, ...ARGS]);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const expected = JSON.parse(inProcess.stdout) as { written_files: string[]; validation: { failures: { reason: string }[] } };
    // js-lib: three gap files, two tests kept, the third adds nothing over the first two (decided in order).
    expect(expected.written_files).toHaveLength(2);
    expect(expected.validation.failures.map((f) => f.reason)).toEqual(['no_coverage_gain']);

    redis = new RedisServer();
    await redis.start();
    const url = redis.url;
    workers.push(...(await Promise.all([0, 1].map((n) => startWorkerProcess(url, path.join(scratch, `ws-${n}`))))));
    const queued = copyFixture('js-lib');
    const run = await runCliChild(['orchestrate', 'test-coverage', '--path', queued, '--queue', url, ...ARGS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(withoutTimings(JSON.parse(run.stdout))).toEqual(withoutTimings(expected));
    const after = files(queued);
    expect(after).toEqual(files(local));
    // Existing files untouched, the written ones the only new files.
    for (const [file, text] of Object.entries(before)) expect(after[file], file).toBe(text);
    expect(Object.keys(after).filter((f) => !(f in before)).sort()).toEqual([...expected.written_files].sort());
    const modules = workers.flatMap((w) => w.lines).filter((l) => /started: test-coverage module/.test(l));
    expect(modules.map((l) => l.replace(/.*module /, '')).sort()).toEqual(['lib/index.js', 'lib/parse.js', 'lib/queue.js']);
  }, 600_000);

  it('--max-files through 2 workers: the same modules chosen and left out, the same report as in-process', async () => {
    // js-lib with its entry point covered by a test: two gap files (lib/parse.js, lib/queue.js);
    // with --max-files 2 the entry point's exploration takes the room of the second, which the
    // module unit of lib/queue.js must leave out as the in-process run does.
    const args = ['--max-files', '2', '--dry-run', ...ARGS];
    const local = copyFixture('js-lib');
    writeFileSync(
      path.join(local, 'test', 'index.test.js'),
      "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert/strict');\nconst api = require('../lib/index.js');\ntest('exports', () => { assert.equal(typeof api.Queue, 'function'); });\n",
    );
    const inProcess = await runCliChild(['orchestrate', 'test-coverage', '--path', local, ...args]);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const expected = JSON.parse(inProcess.stdout) as { notes: string[] };
    expect(expected.notes).toContain('lib/queue.js: left out (--max-files 2: the entry points came first)');

    if (!redis) {
      redis = new RedisServer();
      await redis.start();
      workers.push(...(await Promise.all([0, 1].map((n) => startWorkerProcess((redis as RedisServer).url, path.join(scratch, `ws-${n}`))))));
    }
    const run = await runCliChild(['orchestrate', 'test-coverage', '--path', local, '--queue', redis.url, ...args]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(withoutTimings(JSON.parse(run.stdout))).toEqual(withoutTimings(expected));
  }, 600_000);
});
