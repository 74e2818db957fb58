import { describe, expect, it } from 'vitest';
import { scripted, type CallLog } from './agents.test-helper.js';
import { AdaptiveStrategy, pickSpecialist } from './adaptive.js';

function team(classifierConfidence: number | 'throw', log: CallLog) {
  const classifier =
    classifierConfidence === 'throw'
      ? scripted('classifier', { kind: 'throw', message: 'classifier crashed' }, { log })
      : scripted(
          'classifier',
          { kind: 'ok', confidence: classifierConfidence, output: { files: 12 } },
          { log },
        );
  return [
    classifier,
    scripted('capable_fixer', { kind: 'ok' }, { tier: 'CAPABLE', log }),
    scripted('cheap_fixer', { kind: 'ok' }, { tier: 'CHEAP', log }),
    scripted('premium_fixer', { kind: 'ok' }, { tier: 'PREMIUM', log }),
  ];
}

describe('AdaptiveStrategy', () => {
  it('routes a confident classification (> 0.8) to the cheapest specialist only', async () => {
    const log: CallLog = { calls: [] };
    const result = await new AdaptiveStrategy().execute(team(0.81, log), { path: '.' });
    expect(log.calls.map((c) => c.id)).toEqual(['classifier', 'cheap_fixer']);
    expect(result.success).toBe(true);
    expect(result.aggregatedOutput).toMatchObject({
      classification: {
        complexity: 'simple',
        confidence: 0.81,
        classifier: 'classifier',
        classifier_success: true,
        classifier_output: { files: 12 },
      },
      selected_specialist: 'cheap_fixer',
      specialist_tier: 'CHEAP',
    });
    expect(log.calls[1]?.input.context['classification']).toMatchObject({ complexity: 'simple' });
  });

  it('routes confidence 0.8 or less to the highest-tier specialist', async () => {
    const log: CallLog = { calls: [] };
    const result = await new AdaptiveStrategy().execute(team(0.8, log), {});
    expect(result.aggregatedOutput['selected_specialist']).toBe('premium_fixer');
    expect((result.aggregatedOutput['classification'] as { complexity: string }).complexity).toBe('complex');
    expect(result.aggregatedOutput['routing_reason']).toBe(
      'classifier confidence 0.8 <= 0.8: complex task, highest-tier specialist',
    );
  });

  it('treats a failed classifier as complex and still succeeds through the specialist', async () => {
    const log: CallLog = { calls: [] };
    const result = await new AdaptiveStrategy().execute(team('throw', log), {});
    expect(result.aggregatedOutput['selected_specialist']).toBe('premium_fixer');
    expect(result.success).toBe(true);
    expect(result.errors).toEqual(['classifier crashed']);
  });

  it('honours a custom routing threshold', async () => {
    const log: CallLog = { calls: [] };
    const result = await new AdaptiveStrategy({ routingThreshold: 0.5 }).execute(team(0.6, log), {});
    expect(result.aggregatedOutput['selected_specialist']).toBe('cheap_fixer');
  });

  it('breaks tier ties by team order and needs a specialist', async () => {
    const a = scripted('a', { kind: 'ok' }, { tier: 'CAPABLE' });
    const b = scripted('b', { kind: 'ok' }, { tier: 'CAPABLE' });
    expect(pickSpecialist([a, b], 'simple')).toBe(a);
    expect(pickSpecialist([a, b], 'complex')).toBe(a);
    await expect(new AdaptiveStrategy().execute([a], {})).rejects.toThrow(
      /a classifier and at least one specialist/,
    );
  });
});
