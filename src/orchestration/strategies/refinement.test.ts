import { describe, expect, it } from 'vitest';
import type { MeansInput } from '../../types.js';
import { defineAgent } from '../agents/define-agent.js';
import { makeTemplate, scripted, type CallLog } from './agents.test-helper.js';
import { RefinementStrategy } from './refinement.js';

const stage = (id: string, tier: 'CHEAP' | 'CAPABLE' | 'PREMIUM') =>
  defineAgent({
    template: makeTemplate(id, tier),
    run: async ({ context }: MeansInput) => {
      const previous = context['previous_output'] as { text: string } | null;
      return { output: { text: `${previous?.text ?? 'draft'}+${id}` }, confidence: 0.8 };
    },
  });

describe('RefinementStrategy', () => {
  it('builds each stage on the previous one and returns the last as final_output', async () => {
    const result = await new RefinementStrategy().execute(
      [stage('drafter', 'CHEAP'), stage('reviewer', 'CAPABLE'), stage('polisher', 'PREMIUM')],
      {},
    );
    expect(result.success).toBe(true);
    expect(result.aggregatedOutput['final_output']).toEqual({ text: 'draft+drafter+reviewer+polisher' });
    expect(result.aggregatedOutput['final_stage']).toBe('polisher');
    expect(result.aggregatedOutput['stages']).toEqual([
      {
        stage: 1,
        agent_id: 'drafter',
        tier: 'CHEAP',
        success: true,
        confidence: 0.8,
        output: { text: 'draft+drafter' },
        error: null,
      },
      {
        stage: 2,
        agent_id: 'reviewer',
        tier: 'CAPABLE',
        success: true,
        confidence: 0.8,
        output: { text: 'draft+drafter+reviewer' },
        error: null,
      },
      {
        stage: 3,
        agent_id: 'polisher',
        tier: 'PREMIUM',
        success: true,
        confidence: 0.8,
        output: { text: 'draft+drafter+reviewer+polisher' },
        error: null,
      },
    ]);
  });

  it('passes the last good output past a failed stage, and reports failure', async () => {
    const log: CallLog = { calls: [] };
    const reviewer = scripted(
      'reviewer',
      { kind: 'throw', message: 'review timed out upstream' },
      { log, tier: 'CAPABLE' },
    );
    const polisher = scripted(
      'polisher',
      { kind: 'ok', output: { text: 'polished' } },
      { log, tier: 'PREMIUM' },
    );
    const result = await new RefinementStrategy().execute(
      [stage('drafter', 'CHEAP'), reviewer, polisher],
      {},
    );
    expect(result.success).toBe(false);
    const polishContext = log.calls[1]?.input.context ?? {};
    expect(polishContext['previous_output']).toEqual({ text: 'draft+drafter' });
    expect(polishContext['previous_stage']).toBe('drafter');
    expect(polishContext['stage']).toBe(3);
    expect(polishContext['total_stages']).toBe(3);
    expect(result.aggregatedOutput['final_output']).toEqual({ text: 'polished' });
    expect(result.errors).toEqual(['review timed out upstream']);
  });

  it('has no final output when every stage fails', async () => {
    const result = await new RefinementStrategy().execute(
      [scripted('d', { kind: 'fail', message: 'x' })],
      {},
    );
    expect(result.aggregatedOutput['final_output']).toBeNull();
    expect(result.aggregatedOutput['final_stage']).toBeNull();
  });
});
