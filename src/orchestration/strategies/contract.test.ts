/**
 * The shared contract every strategy passes: success, failure, throw, timeout, abort,
 * result shape (usage included), durations, and template agents run through means.
 */
import { describe, expect, it } from 'vitest';
import { STRATEGY_NAMES, TIERS } from '../../types.js';
import type { AgentResult, StrategyName, StrategyResult, Tier } from '../../types.js';
import { AgentRunner } from '../agents/agent-runner.js';
import type { AgentSpec } from '../agents/define-agent.js';
import { MeansRegistry, defineMeans } from '../agents/means-registry.js';
import { makeTemplate, scripted, type Behaviour, type CallLog } from './agents.test-helper.js';
import { getStrategy } from './index.js';

/** Team size and tiers that fit each strategy's shape. */
const SHAPES: Record<StrategyName, Tier[]> = {
  sequential: ['CHEAP', 'CAPABLE', 'PREMIUM'],
  parallel: ['CHEAP', 'CAPABLE', 'PREMIUM'],
  debate: ['CAPABLE', 'CAPABLE', 'CAPABLE'],
  teaching: ['CHEAP', 'PREMIUM'],
  refinement: ['CHEAP', 'CAPABLE', 'PREMIUM'],
  adaptive: ['CHEAP', 'CHEAP', 'PREMIUM'],
};

/** Agents that run when every agent succeeds with confidence 0.9. */
const RUN_WHEN_ALL_SUCCEED: Record<StrategyName, number> = {
  sequential: 3,
  parallel: 3,
  debate: 3,
  teaching: 1,
  refinement: 3,
  adaptive: 2,
};

/** The strategy's `success` when the first agent throws and the others succeed. */
const SUCCESS_WHEN_FIRST_THROWS: Record<StrategyName, boolean> = {
  sequential: false, // every agent must succeed
  parallel: false, // every agent must succeed
  debate: true, // 2 of 3 votes: a strict majority
  teaching: true, // the expert takes over and succeeds
  refinement: false, // every stage must succeed
  adaptive: true, // routed to the highest-tier specialist, which succeeds
};

function team(
  name: StrategyName,
  behaviour: (index: number) => Behaviour,
  extra: { timeoutSeconds?: number; log?: CallLog } = {},
) {
  return SHAPES[name].map((tier, index) => scripted(`agent_${index}`, behaviour(index), { tier, ...extra }));
}

function expectWellFormed(result: StrategyResult): void {
  expect(Object.keys(result).sort()).toEqual([
    'aggregatedOutput',
    'errors',
    'outputs',
    'success',
    'totalDuration',
  ]);
  expect(result.outputs.length).toBeGreaterThan(0);
  for (const output of result.outputs) expectAgentResult(output);
  expect(result.totalDuration).toBeGreaterThanOrEqual(
    Math.max(...result.outputs.map((o) => o.durationSeconds)),
  );
  expect(result.errors).toEqual(result.outputs.filter((o) => !o.success).map((o) => o.error));
  for (const key of Object.keys(result.aggregatedOutput)) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(typeof result.success).toBe('boolean');
}

function expectAgentResult(result: AgentResult): void {
  expect(typeof result.agentId).toBe('string');
  expect(TIERS).toContain(result.tier);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  expect(result.durationSeconds).toBeGreaterThanOrEqual(0);
  expect(typeof result.output).toBe('object');
  expect(Object.keys(result.usage).sort()).toEqual(['calls', 'costUsd', 'inputTokens', 'outputTokens']);
  if (result.success) expect(result.error).toBeNull();
  else expect(result.error).toMatch(/\S/);
}

describe.each(STRATEGY_NAMES.map((name) => [name] as const))('strategy contract: %s', (name) => {
  it('succeeds when every agent succeeds, with zero usage for agents that called no model', async () => {
    const result = await getStrategy(name).execute(
      team(name, () => ({ kind: 'ok', confidence: 0.9 })),
      { path: '.' },
    );
    expectWellFormed(result);
    expect(result.success).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.outputs).toHaveLength(RUN_WHEN_ALL_SUCCEED[name]);
    for (const output of result.outputs) {
      expect(output.success).toBe(true);
      expect(output.usage).toEqual({ inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 });
    }
  });

  it('fails when every agent reports a failure, carrying each real message', async () => {
    const result = await getStrategy(name).execute(
      team(name, (i) => ({ kind: 'fail', message: `nothing measured by ${i}` })),
      {},
    );
    expectWellFormed(result);
    expect(result.success).toBe(false);
    expect(result.errors.length).toBe(result.outputs.length);
    result.outputs.forEach((output) => expect(output.error).toMatch(/^nothing measured by \d$/));
  });

  it('turns a throwing agent into a failed result and keeps going', async () => {
    const result = await getStrategy(name).execute(
      team(name, (i) =>
        i === 0 ? { kind: 'throw', message: 'disk on fire' } : { kind: 'ok', confidence: 0.5 },
      ),
      {},
    );
    expectWellFormed(result);
    const first = result.outputs[0] as AgentResult;
    expect(first.agentId).toBe('agent_0');
    expect(first.success).toBe(false);
    expect(first.error).toBe('disk on fire');
    expect(result.errors).toContain('disk on fire');
    expect(result.outputs.length).toBeGreaterThan(1);
    expect(result.success).toBe(SUCCESS_WHEN_FIRST_THROWS[name]);
  });

  it('stops agents that never resolve at their deadline and reports them failed', async () => {
    const result = await getStrategy(name).execute(
      team(name, () => ({ kind: 'hang' }), { timeoutSeconds: 0.2 }),
      {},
    );
    expectWellFormed(result);
    expect(result.success).toBe(false);
    for (const output of result.outputs) {
      expect(output.error).toMatch(/timed out after 0\.2s/);
      expect(output.durationSeconds).toBeGreaterThanOrEqual(0.19);
    }
  });

  it('returns promptly with failed results when aborted, aborting the running agents', async () => {
    const log: CallLog = { calls: [] };
    const controller = new AbortController();
    // Abort once the first agent has been called (not after a delay). The agents hang: without
    // the abort they would end at their own deadline (60 s) with a timeout, not the abort reason.
    const push = log.calls.push.bind(log.calls);
    log.calls.push = (...items) => {
      queueMicrotask(() => controller.abort(new Error('user pressed ctrl-c')));
      return push(...items);
    };
    const result = await getStrategy(name).execute(
      team(name, () => ({ kind: 'hang' }), { log }),
      {},
      { signal: controller.signal },
    );
    expectWellFormed(result);
    expect(result.success).toBe(false);
    for (const output of result.outputs) expect(output.error).toMatch(/user pressed ctrl-c/);
    expect(log.calls.length).toBeGreaterThan(0);
    for (const call of log.calls) expect(call.input.signal.aborted).toBe(true);
  });

  it('runs no agent when the signal is already aborted', async () => {
    const log: CallLog = { calls: [] };
    const result = await getStrategy(name).execute(
      team(name, () => ({ kind: 'ok' }), { log }),
      {},
      { signal: AbortSignal.abort() },
    );
    expectWellFormed(result);
    expect(result.success).toBe(false);
    expect(log.calls).toEqual([]);
    for (const output of result.outputs) expect(output.error).toMatch(/was not run/);
  });

  it('passes the usage a means reports through to the results', async () => {
    const usage = { inputTokens: 120, outputTokens: 30, calls: 1, costUsd: 0.0004 };
    const result = await getStrategy(name).execute(
      team(name, () => ({ kind: 'ok', usage })),
      {},
    );
    expectWellFormed(result);
    for (const output of result.outputs) expect(output.usage).toEqual(usage);
  });

  it('runs template agents through registered means, and fails clearly for unregistered ones', async () => {
    const registry = new MeansRegistry().register(
      defineMeans({
        tool: 'count_keys',
        description: 'Counts context keys',
        run: async ({ context }) => ({ output: { keys: Object.keys(context).length }, confidence: 1 }),
      }),
    );
    const runner = new AgentRunner({ registry });
    const templates: AgentSpec[] = SHAPES[name].map((tier, i) =>
      makeTemplate(`tpl_${i}`, tier, { tools: ['count_keys'] }),
    );
    const ok = await getStrategy(name, { runner }).execute(templates, { path: '.' });
    expectWellFormed(ok);
    expect(ok.success).toBe(true);
    expect(typeof ok.outputs[0]?.output['keys']).toBe('number');

    const missing = SHAPES[name].map((tier, i) => makeTemplate(`tpl_${i}`, tier, { tools: ['not_there'] }));
    const failed = await getStrategy(name).execute(missing, {}, { runner });
    expectWellFormed(failed);
    expect(failed.success).toBe(false);
    for (const output of failed.outputs)
      expect(output.error).toMatch(/no means registered for tool not_there/);
  });
});
