import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_AWS_KEY_ID, FAKE_AWS_SECRET, FAKE_GITHUB_TOKEN } from './fake-secrets.test-helper.js';
import { AgentRunner } from '../orchestration/agents/agent-runner.js';
import { ParallelStrategy } from '../orchestration/strategies/index.js';
import { LoopbackServer, type LoopbackServerOptions } from '../testing/loopback-server.js';
import { createModelRuntime, type RuntimeHooks } from './runtime.js';
import type { ProviderConfig } from './settings.js';
import { measuredRegistry, NOTES_JSON, template } from './test-support.test-helper.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  serverOptions: LoopbackServerOptions,
  provider: Partial<ProviderConfig> = {},
  hooks: RuntimeHooks = {},
) {
  const server = await LoopbackServer.start({ defaultText: NOTES_JSON, ...serverOptions });
  servers.push(server);
  const runtime = createModelRuntime(
    { provider: { name: 'anthropic', baseURL: server.baseURL, ...provider } },
    {},
    { ANTHROPIC_API_KEY: 'test-key-not-real' },
    { retry: { baseDelayMs: 5, random: () => 0.5 }, ...hooks },
  );
  if (!runtime) throw new Error('runtime expected');
  return { server, runtime };
}

function team(count: number, tier: 'CHEAP' | 'CAPABLE' | 'PREMIUM' = 'CHEAP') {
  return Array.from({ length: count }, (_, i) => template(`agent_${i}`, tier));
}

describe('against the loopback server', () => {
  it('cost accounting equals the usage the server reported times the price table', async () => {
    const { server, runtime } = await setup({});
    const runner = new AgentRunner({ registry: runtime.wrapRegistry(measuredRegistry()) });
    const agents = [template('a', 'CHEAP'), template('b', 'CAPABLE'), template('c', 'PREMIUM')];
    const result = await new ParallelStrategy({ runner }).execute(agents, { path: '.' });
    expect(result.success).toBe(true);
    const prices = runtime.settings.prices;
    let expected = 0;
    for (const [model, used] of Object.entries(server.usage.perModel)) {
      const price = prices[model]!;
      expected +=
        (used.inputTokens * price.inputPerMillion + used.outputTokens * price.outputPerMillion) / 1e6;
    }
    expect(Object.keys(server.usage.perModel).sort()).toEqual([
      'claude-haiku-4-5',
      'claude-opus-4-5',
      'claude-sonnet-4-5',
    ]);
    const total = runtime.usage().total;
    expect(total.costUsd).toBeCloseTo(expected, 12);
    expect(total.inputTokens).toBe(server.usage.inputTokens);
    expect(total.outputTokens).toBe(server.usage.outputTokens);
    expect(total.calls).toBe(server.requests.length);
    // Per agent usage is in every result and sums to the total.
    const perAgent = result.outputs.reduce((sum, r) => sum + (r.usage.costUsd ?? Number.NaN), 0);
    expect(perAgent).toBeCloseTo(expected, 12);
    expect(runtime.report().usage.cost_usd).toBeCloseTo(expected, 12);
  });

  it('never exceeds the budget across a run that would need three times it', async () => {
    const full = await setup({});
    const runner = new AgentRunner({ registry: full.runtime.wrapRegistry(measuredRegistry()) });
    await new ParallelStrategy({ runner }).execute(team(30), { path: '.' });
    const needed = full.runtime.usage().total.costUsd!;
    expect(full.runtime.usage().total.calls).toBe(30);

    const budget = needed / 3;
    const { server, runtime } = await setup({}, { maxCostUsd: budget, concurrency: 4 });
    const limited = new AgentRunner({ registry: runtime.wrapRegistry(measuredRegistry()) });
    const result = await new ParallelStrategy({ runner: limited }).execute(team(30), { path: '.' });
    const price = runtime.settings.prices['claude-haiku-4-5']!;
    const billed =
      (server.usage.inputTokens * price.inputPerMillion +
        server.usage.outputTokens * price.outputPerMillion) /
      1e6;
    expect(billed).toBeLessThanOrEqual(budget);
    expect(runtime.budget().spentUsd).toBeLessThanOrEqual(budget);
    expect(runtime.budget().spentUsd).toBeCloseTo(billed, 12);
    expect(server.usage.answers).toBeGreaterThan(0);
    expect(runtime.budget().skippedCalls).toBeGreaterThan(0);
    // The tool results stand for every agent; skipped ones say why.
    expect(
      result.outputs.every(
        (r) => r.success && (r.output['figures'] as { critical_issues: number }).critical_issues === 1,
      ),
    ).toBe(true);
    const skipped = result.outputs.filter(
      (r) => (r.output['model_notes'] as { status: string }).status === 'skipped',
    );
    expect(skipped.length).toBe(runtime.budget().skippedCalls);
    expect((skipped[0]!.output['model_notes'] as { reason: string }).reason).toMatch(
      /would cross --max-cost/,
    );
    expect(runtime.report().skipped.every((s) => s.reason === 'budget')).toBe(true);
  });

  it('honours Retry-After on a 429 before retrying', async () => {
    const { server, runtime } = await setup({ script: [{ kind: 'rate_limit', retryAfterSeconds: 1 }] });
    const outcome = await runtime.client.call({
      tier: 'CHEAP',
      system: 's',
      prompt: 'p',
      maxOutputTokens: 50,
      agentId: 'x',
    });
    expect(outcome.status).toBe('ok');
    expect(outcome.status === 'ok' && outcome.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    // The backoff alone would be ~5 ms; the server asked for 1 s.
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  it('retries 500s with backoff and gives up after maxRetries', async () => {
    const { server, runtime } = await setup({ fallback: { kind: 'server_error' } }, { maxRetries: 2 });
    const outcome = await runtime.client.call({
      tier: 'CHEAP',
      system: 's',
      prompt: 'p',
      maxOutputTokens: 50,
      agentId: 'x',
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.message).toMatch(/HTTP 500/);
    expect(server.requests).toHaveLength(3);
    expect(runtime.usage().total).toEqual({ inputTokens: 0, outputTokens: 0, calls: 3, costUsd: 0 });
  });

  it('opens the breaker after repeated failures, stops calling, and the run still finishes with the tool results', async () => {
    const { server, runtime } = await setup(
      { fallback: { kind: 'server_error', status: 503 } },
      { maxRetries: 1, breakerThreshold: 2, concurrency: 1 },
    );
    const runner = new AgentRunner({ registry: runtime.wrapRegistry(measuredRegistry()) });
    const result = await new ParallelStrategy({ runner }).execute(team(5), { path: '.' });
    expect(result.success).toBe(true);
    expect(
      result.outputs.map((r) => (r.output['figures'] as { critical_issues: number }).critical_issues),
    ).toEqual([1, 1, 1, 1, 1]);
    expect(server.requests).toHaveLength(2);
    const statuses = result.outputs.map((r) => (r.output['model_notes'] as { status: string }).status).sort();
    expect(statuses).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(runtime.breaker()).toMatchObject({ state: 'open', opened: 1 });
    expect(runtime.report().skipped.map((s) => s.reason)).toEqual([
      'breaker',
      'breaker',
      'breaker',
      'breaker',
    ]);
    // Without a model answer the agents keep the tool confidence.
    expect(result.outputs.every((r) => r.confidence === 0.9)).toBe(true);
  });

  it('times out a slow answer and retries it', async () => {
    const { server, runtime } = await setup(
      // The first answer never comes (the client hangs up at its deadline); the retry gets a
      // prompt answer, with a deadline generous enough for a loaded machine.
      { script: [{ kind: 'slow', delayMs: 3_600_000 }] },
      { timeoutSeconds: 5, maxRetries: 1 },
    );
    const outcome = await runtime.client.call({
      tier: 'CHEAP',
      system: 's',
      prompt: 'p',
      maxOutputTokens: 50,
      agentId: 'x',
    });
    expect(outcome.status).toBe('ok');
    expect(server.requests).toHaveLength(2);
    // The timed-out attempt may be billed by the provider: its cost is unknown, not zero.
    expect(runtime.usage().total.costUsd).toBeNull();
  });

  it('never sends a planted secret of the fixture repository', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'empathy-redact-'));
    try {
      cpSync(path.resolve('test/fixtures/insecure-app'), root, { recursive: true });
      const { createAnalysisRegistry, createAnalysisServices } =
        await import('../workflows/analysis-means.js');
      const { getTemplate } = await import('../orchestration/agents/agent-templates.js');
      const { server, runtime } = await setup({});
      const runner = new AgentRunner({
        registry: runtime.wrapRegistry(createAnalysisRegistry()),
        services: createAnalysisServices(root, { cache: false }),
      });
      const result = await runner.run(getTemplate('security_auditor'), { path: root }, { tier: 'CHEAP' });
      expect(result.success).toBe(true);
      expect(
        (result.output['figures'] as { critical_issues: number }).critical_issues,
      ).toBeGreaterThanOrEqual(3);
      expect(server.requests.length).toBeGreaterThan(0);
      const bodies = server.requests.map((r) => r.body).join('\n');
      // Not vacuous: real code excerpts were sent.
      expect(bodies).toMatch(/Excerpt src\//);
      for (const secret of [FAKE_AWS_KEY_ID, FAKE_AWS_SECRET, FAKE_GITHUB_TOKEN, 'PRIVATE KEY-----']) {
        expect(bodies).not.toContain(secret);
        expect(JSON.stringify(result)).not.toContain(secret);
      }
      expect((result.output['model_notes'] as { status: string }).status).toBe('answered');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
