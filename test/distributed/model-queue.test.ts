/**
 * Model calls of a distributed run, against the loopback provider: calls made on workers
 * travel on the run's per-tier queues and are made by the coordinator, whose budget holds
 * across workers and whose tier queues carry BullMQ's limiter. Skips with one line without
 * redis-server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqExecutor } from '../../src/distributed/bullmq-executor.js';
import { bullmqConnection } from '../../src/distributed/connection.js';
import { modelQueueName, RemoteModelClient, startModelGateway } from '../../src/distributed/model-gateway.js';
import { QUEUE_PREFIX } from '../../src/distributed/names.js';
import { parseQueueUrl } from '../../src/distributed/queue-url.js';
import { worstCaseCostUsd } from '../../src/providers/prices.js';
import { createModelRuntime } from '../../src/providers/runtime.js';
import type { ProviderConfig } from '../../src/providers/settings.js';
import { LoopbackServer } from '../../src/testing/loopback-server.js';
import { TestCoverageBoostWorkflow } from '../../src/workflows/test-coverage/index.js';
import { copyFixture, removeCopies } from '../e2e/cli.test-helper.js';
import { RedisServer, redisMissing, startWorkerProcess, type Child } from './queue.test-helper.js';

const missing = redisMissing();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-dist-model-'));
const cleanup: (() => Promise<unknown>)[] = [];
let redis: RedisServer | undefined;
let started: Promise<void> | undefined;

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  await redis?.stop();
  removeCopies();
  rmSync(scratch, { recursive: true, force: true });
});

async function setup(provider: Partial<ProviderConfig>) {
  redis ??= new RedisServer();
  started ??= redis.start();
  await started;
  const server = await LoopbackServer.start({});
  cleanup.push(() => server.close());
  const runtime = createModelRuntime(
    { provider: { name: 'anthropic', baseURL: server.baseURL, ...provider } },
    {},
    { ANTHROPIC_API_KEY: 'test-key-not-real' },
    { retry: { baseDelayMs: 5, random: () => 0.5 } },
  );
  if (!runtime) throw new Error('runtime expected');
  return { server, runtime, address: parseQueueUrl(redis.url) };
}

const REQUEST = { system: 'Be brief.', prompt: 'Say ok.', maxOutputTokens: 64, agentId: 'test_generator' } as const;

describe.skipIf(missing !== null)(`model calls on the queue${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('two workers\' calls share the coordinator\'s budget: never crossed, the rest skipped, every call counted once', async () => {
    const probe = await setup({});
    const worst = worstCaseCostUsd(probe.runtime.settings.prices['claude-haiku-4-5'] ?? null, REQUEST.system, REQUEST.prompt, REQUEST.maxOutputTokens) ?? 0;
    expect(worst).toBeGreaterThan(0);
    const limit = worst * 2.5; // room for two calls' worst case at a time
    const { server, runtime, address } = await setup({ maxCostUsd: limit, concurrency: 4 });
    const runId = 'budget-run';
    const gateway = await startModelGateway(address, runId, runtime.client);
    cleanup.push(() => gateway.close());
    const workers = [new RemoteModelClient(address, runId), new RemoteModelClient(address, runId)];
    cleanup.push(...workers.map((w) => () => w.close()));
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (workers[i % 2] as RemoteModelClient).call({ ...REQUEST, tier: 'CHEAP' })),
    );
    const ok = outcomes.filter((o) => o.status === 'ok');
    const skipped = outcomes.filter((o) => o.status === 'skipped');
    expect(ok.length + skipped.length).toBe(12);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((o) => o.status === 'skipped' && o.reason === 'budget')).toBe(true);
    // The coordinator made every call: its ledger holds them all, the provider billed no more than the limit.
    expect(server.requests.length).toBe(ok.length);
    expect(runtime.usage().total.calls).toBe(server.requests.length);
    expect(runtime.budget().spentUsd).toBeLessThanOrEqual(limit);
    expect(runtime.budget().skippedCalls).toBe(skipped.length);
    expect(server.requests.every((r) => r.keyReceived === 'test-key-not-real')).toBe(true);
  });

  it('a tier with provider.requestsPerMinute gets BullMQ\'s limiter on its queue; a tier without does not', async () => {
    const { server, runtime, address } = await setup({ requestsPerMinute: { CHEAP: 1 } });
    const runId = 'limit-run';
    const gateway = await startModelGateway(address, runId, runtime.client);
    cleanup.push(() => gateway.close());
    const worker = new RemoteModelClient(address, runId);
    cleanup.push(() => worker.close());
    expect((await worker.call({ ...REQUEST, tier: 'CHEAP' })).status).toBe('ok');
    expect((await worker.call({ ...REQUEST, tier: 'CAPABLE' })).status).toBe('ok');
    const ttl = async (tier: 'CHEAP' | 'CAPABLE') => {
      const queue = new Queue(modelQueueName(runId, tier), { connection: bullmqConnection(address), prefix: QUEUE_PREFIX });
      try {
        return await queue.getRateLimitTtl(1);
      } finally {
        await queue.close();
      }
    };
    // One CHEAP call used the minute's allowance: the queue is rate limited for up to 60 s.
    const cheap = await ttl('CHEAP');
    expect(cheap).toBeGreaterThan(0);
    expect(cheap).toBeLessThanOrEqual(60_000);
    expect(await ttl('CAPABLE')).toBeLessThanOrEqual(0);
    expect(server.requests.length).toBe(2);
  });

  it('test-coverage through a worker process with a provider: the model generator runs there, its calls are made here within --max-cost', async () => {
    const { server, runtime, address } = await setup({ maxCostUsd: 1 });
    const worker: Child = await startWorkerProcess((redis as RedisServer).url, path.join(scratch, 'ws'));
    cleanup.push(async () => {
      worker.kill('SIGKILL');
      await worker.exited;
    });
    const executor = await BullmqExecutor.connect({ address });
    cleanup.push(() => executor.close());
    const root = copyFixture('js-lib');
    const result = await new TestCoverageBoostWorkflow({ projectRoot: root, maxTimeSeconds: 300, dryRun: true, modelRuntime: runtime, executor }).execute();
    expect(worker.lines.filter((l) => /started: test-coverage module/.test(l))).toHaveLength(3);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(runtime.usage().total.calls).toBe(server.requests.length);
    expect(runtime.budget().spentUsd).toBeLessThanOrEqual(1);
    expect(result.notes.some((n) => /^model anthropic: \d+ call\(s\)/.test(n))).toBe(true);
    expect(result.coverageAfter).toBe(100); // the offline candidates are decided as in-process
  }, 600_000);
});
