import { describe, expect, it } from 'vitest';
import { scripted, type CallLog } from './agents.test-helper.js';
import { DebateStrategy } from './debate.js';

describe('DebateStrategy', () => {
  it('counts votes and confidence, and merges what the participants agree and dispute', async () => {
    const team = [
      scripted(
        'architect',
        { kind: 'ok', confidence: 0.9, output: { verdict: 'split', services: 4, cost: 'high' } },
        { tier: 'PREMIUM' },
      ),
      scripted(
        'architect',
        { kind: 'ok', confidence: 0.6, output: { verdict: 'split', services: 2 } },
        { tier: 'PREMIUM' },
      ),
      scripted('simplifier', { kind: 'fail', message: 'no dependency graph', confidence: 0 }),
    ];
    const result = await new DebateStrategy().execute(team, {});
    expect(result.success).toBe(true);
    const out = result.aggregatedOutput;
    expect(out['debate_participants']).toEqual(['architect', 'architect#2', 'simplifier']);
    expect(out['consensus']).toEqual({
      consensus_reached: true,
      success_votes: 2,
      total_votes: 3,
      avg_confidence: 0.5,
    });
    expect(out['opinions']).toEqual([
      {
        agent_id: 'architect',
        tier: 'PREMIUM',
        success: true,
        confidence: 0.9,
        output: { verdict: 'split', services: 4, cost: 'high' },
        error: null,
      },
      {
        agent_id: 'architect#2',
        tier: 'PREMIUM',
        success: true,
        confidence: 0.6,
        output: { verdict: 'split', services: 2 },
        error: null,
      },
      {
        agent_id: 'simplifier',
        tier: 'CHEAP',
        success: false,
        confidence: 0,
        output: { partial: true },
        error: 'no dependency graph',
      },
    ]);
    const synthesis = out['synthesis'] as Record<string, unknown>;
    expect(synthesis['method']).toBe('merge');
    expect(synthesis['sources']).toEqual(['architect', 'architect#2']);
    expect(synthesis['agreed']).toEqual({ verdict: 'split' });
    expect(synthesis['disputed']).toEqual({
      services: {
        values: { architect: 4, 'architect#2': 2 },
        min: 2,
        max: 4,
        mean: 3,
        weighted_mean: (0.9 * 4 + 0.6 * 2) / 1.5,
      },
      cost: { values: { architect: 'high' } },
    });
    expect(result.errors).toEqual(['no dependency graph']);
  });

  it('reaches no consensus without a strict majority of successes', async () => {
    const team = [
      scripted('a', { kind: 'ok', confidence: 1 }),
      scripted('b', { kind: 'throw', message: 'b broke' }),
    ];
    const result = await new DebateStrategy().execute(team, {});
    expect(result.success).toBe(false);
    expect(result.aggregatedOutput['consensus']).toEqual({
      consensus_reached: false,
      success_votes: 1,
      total_votes: 2,
      avg_confidence: 0.5,
    });
  });

  it('hands the opinions and consensus to a synthesizer agent and uses its output', async () => {
    const log: CallLog = { calls: [] };
    const synthesizer = scripted(
      'synthesizer',
      { kind: 'ok', output: { decision: 'modular monolith' } },
      { log, tier: 'PREMIUM' },
    );
    const team = [
      scripted('p1', { kind: 'ok', output: { x: 1 } }),
      scripted('p2', { kind: 'ok', output: { x: 2 } }),
    ];
    const result = await new DebateStrategy({ synthesizer }).execute(team, { path: '.' });
    expect(result.success).toBe(true);
    expect(result.outputs.map((o) => o.agentId)).toEqual(['p1', 'p2', 'synthesizer']);
    const context = log.calls[0]?.input.context ?? {};
    expect((context['debate_opinions'] as { agent_id: string }[]).map((o) => o.agent_id)).toEqual([
      'p1',
      'p2',
    ]);
    expect(context['consensus']).toMatchObject({ consensus_reached: true, success_votes: 2 });
    expect(result.aggregatedOutput['synthesis']).toEqual({
      method: 'agent',
      synthesizer: 'synthesizer',
      success: true,
      output: { decision: 'modular monolith' },
      error: null,
    });
  });

  it('fails when the synthesizer fails, even with consensus', async () => {
    const synthesizer = scripted('synthesizer', { kind: 'throw', message: 'model budget exhausted' });
    const team = [scripted('p1', { kind: 'ok' }), scripted('p2', { kind: 'ok' })];
    const result = await new DebateStrategy({ synthesizer }).execute(team, {});
    expect(result.success).toBe(false);
    expect(result.errors).toEqual(['model budget exhausted']);
  });

  it('needs at least two participants', async () => {
    await expect(new DebateStrategy().execute([scripted('solo', { kind: 'ok' })], {})).rejects.toThrow(
      'debate strategy needs at least two participants; got 1 agent',
    );
  });
});
