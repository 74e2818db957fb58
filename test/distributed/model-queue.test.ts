/**
 * Model calls of a distributed run, against the loopback provider: calls made on workers
 * travel on the run's per-tier queues and are made by the coordinator, whose budget holds
 * across workers and whose tier queues carry BullMQ's limiter. Skips with one line without
 * redis-server.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BullmqExecutor } from '../../src/distributed/bullmq-executor.js';
import { bullmqConnection } from '../../src/distributed/connection.js';
import { modelQueueName, RemoteModelClient, startModelGateway } from '../../src/distributed/model-gateway.js';
import { QUEUE_PREFIX } from '../../src/distributed/names.js';
import { parseQueueUrl } from '../../src/distributed/queue-url.js';
import { worstCaseCostUsd } from '../../src/providers/prices.js';
import { createModelRuntime } from '../../src/providers/runtime.js';
import type { ProviderConfig } from '../../src/providers/settings.js';
import { LoopbackServer, type LoopbackBehaviour, type RecordedRequest } from '../../src/testing/loopback-server.js';
import { OrchestratedReleasePrepWorkflow } from '../../src/workflows/release-prep/release-prep.js';
import { TestCoverageBoostWorkflow } from '../../src/workflows/test-coverage/index.js';
import { copyFixture, removeCopies } from '../e2e/cli.test-helper.js';
import { RedisServer, redisMissing, runCliChild, startCli, startWorkerProcess, waitFor, withoutTimings, type Child } from './queue.test-helper.js';

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

async function setup(provider: Partial<ProviderConfig>, fallback?: (request: RecordedRequest) => LoopbackBehaviour) {
  redis ??= new RedisServer();
  started ??= redis.start();
  await started;
  const server = await LoopbackServer.start(fallback ? { fallback } : {});
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

/**
 * Model notes that depend on the request only, not on the order of the calls: one finding naming
 * a digest of the request without what differs between two runs of the same code (the random
 * ids of the data frames, the tools' durations); fixed token counts for the same reason.
 */
function notesOf(request: RecordedRequest): LoopbackBehaviour {
  const stable = request.body.replaceAll(/id=[0-9a-f]{12}/g, 'id=').replaceAll(/\\"duration_seconds\\":[0-9.e-]+/g, '');
  const digest = createHash('sha256').update(stable).digest('hex').slice(0, 12);
  const text = JSON.stringify({ findings: [{ summary: `prompt ${digest}`, severity: 'info' }], recommendations: [`look at ${digest}`], confidence: 0.7 });
  return { kind: 'ok', text, inputTokens: 1000, outputTokens: 40 };
}

const running = new Set<Child>();

/** A worker process on the file's server; stopped by {@link stopWorkers} at the end of its test (the next test's jobs are not its). */
async function workerProcess(name: string): Promise<Child> {
  const worker = await startWorkerProcess((redis as RedisServer).url, path.join(scratch, name));
  running.add(worker);
  return worker;
}

async function stopWorkers(): Promise<void> {
  for (const worker of running) worker.kill('SIGKILL');
  await Promise.all([...running].map((w) => w.exited));
  running.clear();
}

afterEach(stopWorkers);

/** The Redis keys of a run's model queues (empty once the run is over). */
async function modelQueueKeys(runId: string): Promise<string[]> {
  const client = new Redis({ path: (redis as RedisServer).socket });
  try {
    return await client.keys(`${QUEUE_PREFIX}:model-*-${runId}*`);
  } finally {
    client.disconnect();
  }
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

  it('release-prep through 2 worker processes with a provider: the agents add the same model notes there, the report is the in-process one', async () => {
    const agentIds = ['security_auditor', 'code_reviewer', 'documentation_writer'];
    const root = copyFixture('js-lib');
    const release = async (executor?: BullmqExecutor) => {
      const { server, runtime } = await setup({}, notesOf);
      const report = await new OrchestratedReleasePrepWorkflow({ agentIds, cache: false, learn: false, modelRuntime: runtime, ...(executor ? { executor } : {}) }).execute({ path: root });
      return { report: withoutTimings(report.toJSON()) as { model: { usage: { calls: number } } }, server };
    };
    const inProcess = await release();
    const answered = JSON.stringify(inProcess.report).match(/"status":"answered"/g) ?? [];
    expect(answered.length).toBe(agentIds.length); // every agent consulted the model in-process
    expect(inProcess.report.model.usage.calls).toBe(inProcess.server.requests.length);

    const workers = [await workerProcess('ws-release-0'), await workerProcess('ws-release-1')];
    const executor = await BullmqExecutor.connect({ address: parseQueueUrl((redis as RedisServer).url) });
    cleanup.push(() => executor.close());
    const queued = await release(executor);
    expect(workers.flatMap((w) => w.lines).filter((l) => /started: agent /.test(l))).toHaveLength(agentIds.length);
    expect(queued.server.requests.length).toBe(inProcess.server.requests.length); // made here, by the coordinator
    expect(queued.server.requests.every((r) => r.keyReceived === 'test-key-not-real')).toBe(true);
    expect(queued.report).toEqual(inProcess.report);
    expect(await modelQueueKeys(executor.runId)).toEqual([]); // the gateway removed the run's model queues at its end
  }, 600_000);

  it('test-coverage through a worker process with a provider: the model generator runs there, its calls are made here within --max-cost', async () => {
    const { server, runtime, address } = await setup({ maxCostUsd: 1 });
    const worker = await workerProcess('ws');
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

  it('a coordinator killed while a worker waits for its model answer: the worker cancels the job when the run\'s heartbeat ends, and takes the next run', async () => {
    // The provider never answers in time, so the call is in flight on the coordinator when it dies.
    const { server } = await setup({}, () => ({ kind: 'slow', delayMs: 600_000 }));
    const worker = await workerProcess('ws-orphan');
    const root = copyFixture('js-lib');
    const url = (redis as RedisServer).url;
    const agent = ['--agents', 'documentation_writer', '--no-learn', '--no-cache', '--json', '--queue', url];
    const coordinator = startCli(
      ['orchestrate', 'release-prep', '--path', root, ...agent, '--timeout', '3600', '--provider', 'anthropic', '--base-url', server.baseURL],
      root,
      { ANTHROPIC_API_KEY: 'test-key-not-real' },
    );
    cleanup.push(async () => {
      coordinator.kill('SIGKILL');
      await coordinator.exited;
    });
    await worker.line(/started: agent documentation_writer/);
    await waitFor('the model call to reach the provider', () => server.requests.length > 0, 240_000);
    coordinator.kill('SIGKILL');
    await coordinator.exited;
    // Not the agent's deadline (an hour) nor the old answer wait (an hour): the run's heartbeat.
    const cancelled = await worker.line(/cancelled: the coordinator of run .* is gone/, 240_000);
    expect(cancelled).toMatch(/^worker: job \S+ cancelled: the coordinator/);
    // The dead coordinator's model queue (its call still on it) is removed by the worker.
    const runId = /of run (\S+) is gone/.exec(cancelled)?.[1] ?? '';
    for (let tries = 0; (await modelQueueKeys(runId)).length > 0; tries++) {
      if (tries > 600) throw new Error(`the model queues of run ${runId} are still there: ${(await modelQueueKeys(runId)).join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await worker.line(/failed: agent documentation_writer: .*the coordinator of run .* is gone/, 240_000)).toBeTruthy();
    // The worker is free: the next run's job runs on it and the run completes.
    const next = await runCliChild(['orchestrate', 'release-prep', '--path', root, ...agent]);
    expect(next.stderr).toBe('');
    expect([0, 1]).toContain(next.code);
    expect(worker.lines.filter((l) => /started: agent documentation_writer/.test(l))).toHaveLength(2);
  }, 600_000);
});
