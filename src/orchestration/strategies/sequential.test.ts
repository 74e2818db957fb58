import { describe, expect, it } from 'vitest';
import type { AgentResult, MeansInput } from '../../types.js';
import { defineAgent } from '../agents/define-agent.js';
import { makeTemplate, scripted, type CallLog } from './agents.test-helper.js';
import { SequentialStrategy } from './sequential.js';

describe('SequentialStrategy', () => {
  it('passes earlier outputs on: previous_outputs, previous_results and previous_output', async () => {
    const seen: Record<string, unknown>[] = [];
    const step = (id: string, value: number) =>
      defineAgent({
        template: makeTemplate(id),
        run: async ({ context }: MeansInput) => {
          const outputs = context['previous_outputs'] as Record<string, unknown>;
          seen.push({
            keys: Object.keys(outputs),
            previous: context['previous_output'],
            results: (context['previous_results'] as AgentResult[]).length,
          });
          return { output: { value }, confidence: 1 };
        },
      });
    const result = await new SequentialStrategy().execute(
      [step('analyzer', 1), step('generator', 2), step('validator', 3)],
      { path: '.' },
    );
    expect(result.success).toBe(true);
    expect(seen).toEqual([
      { keys: [], previous: null, results: 0 },
      { keys: ['analyzer'], previous: { value: 1 }, results: 1 },
      { keys: ['analyzer', 'generator'], previous: { value: 2 }, results: 2 },
    ]);
    expect(result.aggregatedOutput).toEqual({
      pipeline: ['analyzer', 'generator', 'validator'],
      outputs: { analyzer: { value: 1 }, generator: { value: 2 }, validator: { value: 3 } },
      final_output: { value: 3 },
      stopped_early: false,
    });
  });

  it('keeps running after a failure by default; later agents see it in previous_results only', async () => {
    const log: CallLog = { calls: [] };
    const agents = [
      scripted('a', { kind: 'ok', output: { a: 1 } }, { log }),
      scripted('b', { kind: 'fail', message: 'b could not measure' }, { log }),
      scripted('c', { kind: 'ok', output: { c: 1 } }, { log }),
    ];
    const result = await new SequentialStrategy().execute(agents, {});
    expect(result.success).toBe(false);
    expect(log.calls.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    const lastContext = log.calls[2]?.input.context;
    expect(Object.keys(lastContext?.['previous_outputs'] as object)).toEqual(['a']);
    expect(lastContext?.['previous_output']).toEqual({ a: 1 });
    expect((lastContext?.['previous_results'] as AgentResult[]).map((r) => r.success)).toEqual([true, false]);
    expect(result.errors).toEqual(['b could not measure']);
  });

  it('skips the agents after a failure with stopOnFailure, reporting them as not run', async () => {
    const log: CallLog = { calls: [] };
    const agents = [
      scripted('a', { kind: 'throw', message: 'no coverage report' }, { log }),
      scripted('b', { kind: 'ok' }, { log, tier: 'PREMIUM' }),
    ];
    const result = await new SequentialStrategy({ stopOnFailure: true }).execute(agents, {});
    expect(log.calls.map((c) => c.id)).toEqual(['a']);
    expect(result.outputs[1]).toMatchObject({
      agentId: 'b',
      success: false,
      tier: 'PREMIUM',
      error: 'agent b was not run: earlier agent a failed',
    });
    expect(result.aggregatedOutput['stopped_early']).toBe(true);
    expect(result.aggregatedOutput['final_output']).toBeNull();
  });

  it('keys a repeated agent id as id#2 so no output is lost', async () => {
    const agents = [
      scripted('same', { kind: 'ok', output: { n: 1 } }),
      scripted('same', { kind: 'ok', output: { n: 2 } }),
    ];
    const result = await new SequentialStrategy().execute(agents, {});
    expect(result.aggregatedOutput['outputs']).toEqual({ same: { n: 1 }, 'same#2': { n: 2 } });
  });

  it('refuses an empty team with a UserError', async () => {
    await expect(new SequentialStrategy().execute([], {})).rejects.toThrow(
      'sequential strategy needs at least one agent; got 0 agents',
    );
  });
});
