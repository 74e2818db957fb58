import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../../types.js';
import { scripted, type CallLog } from './agents.test-helper.js';
import { TeachingStrategy } from './teaching.js';

const expert = (log?: CallLog) =>
  scripted(
    'expert_writer',
    { kind: 'ok', confidence: 0.95, output: { doc_coverage: 100 } },
    { tier: 'CAPABLE', ...(log ? { log } : {}) },
  );

describe('TeachingStrategy', () => {
  it('keeps the junior work at exactly the threshold: junior_success, the expert never runs', async () => {
    const log: CallLog = { calls: [] };
    const junior = scripted(
      'junior_writer',
      { kind: 'ok', confidence: 0.7, output: { doc_coverage: 92 } },
      { log },
    );
    const result = await new TeachingStrategy().execute([junior, expert(log)], {});
    expect(result.success).toBe(true);
    expect(log.calls.map((c) => c.id)).toEqual(['junior_writer']);
    expect(result.aggregatedOutput).toEqual({
      outcome: 'junior_success',
      quality_threshold: 0.7,
      junior: 'junior_writer',
      junior_output: { doc_coverage: 92 },
      junior_confidence: 0.7,
      expert: null,
      final_output: { doc_coverage: 92 },
      reason: 'junior succeeded with confidence 0.7 >= 0.7',
    });
  });

  it('lets the expert take over below the threshold, with the junior work in its context', async () => {
    const log: CallLog = { calls: [] };
    const junior = scripted(
      'junior_writer',
      { kind: 'ok', confidence: 0.69, output: { doc_coverage: 60 } },
      { log },
    );
    const result = await new TeachingStrategy().execute([junior, expert(log)], { path: '.' });
    expect(result.success).toBe(true);
    const out = result.aggregatedOutput;
    expect(out['outcome']).toBe('expert_takeover');
    expect(out['expert_output']).toEqual({ doc_coverage: 100 });
    expect(out['final_output']).toEqual({ doc_coverage: 100 });
    expect(out['reason']).toBe('junior confidence 0.69 < 0.7');
    const expertContext = log.calls[1]?.input.context ?? {};
    expect(expertContext['junior_output']).toEqual({ doc_coverage: 60 });
    expect((expertContext['junior_result'] as AgentResult).confidence).toBe(0.69);
    expect(expertContext['path']).toBe('.');
  });

  it('rescues a failed junior: success, but the junior error is still reported', async () => {
    const junior = scripted('junior_writer', { kind: 'throw', message: 'parser crashed' });
    const result = await new TeachingStrategy().execute([junior, expert()], {});
    expect(result.success).toBe(true);
    expect(result.aggregatedOutput['outcome']).toBe('expert_takeover');
    expect(result.aggregatedOutput['reason']).toBe('junior failed: parser crashed');
    expect(result.errors).toEqual(['parser crashed']);
  });

  it('fails when the expert fails too, with no final output', async () => {
    const junior = scripted('junior_writer', { kind: 'ok', confidence: 0.1 });
    const failing = scripted(
      'expert_writer',
      { kind: 'fail', message: 'expert found no sources' },
      { tier: 'PREMIUM' },
    );
    const result = await new TeachingStrategy().execute([junior, failing], {});
    expect(result.success).toBe(false);
    expect(result.aggregatedOutput['final_output']).toBeNull();
  });

  it('honours a custom threshold and validates it and the team size', async () => {
    const junior = scripted('junior_writer', { kind: 'ok', confidence: 0.8 });
    const strict = await new TeachingStrategy({ qualityThreshold: 0.85 }).execute([junior, expert()], {});
    expect(strict.aggregatedOutput['outcome']).toBe('expert_takeover');
    expect(() => new TeachingStrategy({ qualityThreshold: 1.5 })).toThrow(
      'qualityThreshold must be a number between 0 and 1 (got 1.5)',
    );
    await expect(new TeachingStrategy().execute([junior], {})).rejects.toThrow(
      /exactly two agents: \[junior, expert\]; got 1 agent/,
    );
  });
});
