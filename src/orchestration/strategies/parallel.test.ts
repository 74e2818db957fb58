import { describe, expect, it } from 'vitest';
import type { MeansOutput } from '../../types.js';
import { defineAgent } from '../agents/define-agent.js';
import { makeTemplate, scripted, type CallLog } from './agents.test-helper.js';
import { ParallelStrategy } from './parallel.js';
import { SequentialStrategy } from './sequential.js';

/**
 * Four agents that each wait until all four have started (a barrier): they can only finish
 * when they run at once. Proves concurrency by what happened, not by how long it took.
 */
function barrierTeam(size: number) {
  let started = 0;
  let running = 0;
  let peak = 0;
  let open!: () => void;
  const allStarted = new Promise<void>((resolve) => (open = resolve));
  const team = Array.from({ length: size }, (_, i) =>
    defineAgent({
      template: makeTemplate(`w${i + 1}`),
      run: async (): Promise<MeansOutput> => {
        running += 1;
        peak = Math.max(peak, running);
        if (++started === size) open();
        await allStarted;
        running -= 1;
        return { output: {}, confidence: 1 };
      },
    }),
  );
  return { team, peak: () => peak };
}

describe('ParallelStrategy', () => {
  it('runs four agents at once (each waits for all four to start); sequential runs one at a time', async () => {
    const together = barrierTeam(4);
    const parallel = await new ParallelStrategy().execute(together.team, {});
    expect(parallel.success).toBe(true);
    expect(together.peak()).toBe(4);
    let running = 0;
    let peak = 0;
    const oneByOne = ['s1', 's2', 's3', 's4'].map((id) =>
      defineAgent({
        template: makeTemplate(id),
        run: async (): Promise<MeansOutput> => {
          peak = Math.max(peak, ++running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
          return { output: {}, confidence: 1 };
        },
      }),
    );
    const sequential = await new SequentialStrategy().execute(oneByOne, {});
    expect(sequential.success).toBe(true);
    expect(peak).toBe(1);
  });

  it('gives every agent the same initial context and aggregates by agent', async () => {
    const log: CallLog = { calls: [] };
    const context = { path: '/repo', release: '1.2.0' };
    const team = [
      scripted('security', { kind: 'ok', output: { critical: 0 }, confidence: 1 }, { log }),
      scripted('docs', { kind: 'fail', message: 'no exported symbols found', confidence: 0.5 }, { log }),
    ];
    const result = await new ParallelStrategy().execute(team, context);
    for (const call of log.calls) expect(call.input.context).toBe(context);
    expect(result.success).toBe(false);
    expect(result.aggregatedOutput).toEqual({
      results: { security: { critical: 0 }, docs: { partial: true } },
      succeeded: ['security'],
      failed: ['docs'],
      avg_confidence: 0.75,
    });
  });

  it('never runs more agents at once than the concurrency limit, and keeps team order', async () => {
    let running = 0;
    let peak = 0;
    const agent = (id: string) =>
      defineAgent({
        template: makeTemplate(id),
        run: async (): Promise<MeansOutput> => {
          running++;
          peak = Math.max(peak, running);
          // a few turns of the event loop, no wall-clock time: the others start or wait meanwhile
          for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
          running--;
          return { output: { id }, confidence: 1 };
        },
      });
    const team = ['a', 'b', 'c', 'd', 'e'].map(agent);
    const limited = await new ParallelStrategy().execute(team, {}, { concurrency: 2 });
    expect(peak).toBe(2);
    expect(limited.outputs.map((o) => o.agentId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    peak = 0;
    await new ParallelStrategy().execute(team, {});
    expect(peak).toBe(5);
  });

  it('rejects an invalid concurrency with a UserError', async () => {
    expect(() => new ParallelStrategy({ concurrency: 0 })).toThrow(
      'concurrency must be a positive integer (got 0)',
    );
    await expect(
      new ParallelStrategy().execute([scripted('x', { kind: 'ok' })], {}, { concurrency: 1.5 }),
    ).rejects.toThrow(/positive integer/);
  });
});
