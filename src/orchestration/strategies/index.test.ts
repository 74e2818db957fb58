import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import type { StrategyResult } from '../../types.js';
import { scripted } from './agents.test-helper.js';
import {
  AdaptiveStrategy,
  DebateStrategy,
  ParallelStrategy,
  RefinementStrategy,
  SequentialStrategy,
  TeachingStrategy,
  getStrategy,
  listStrategies,
  registerStrategy,
  unregisterStrategy,
  type Strategy,
} from './index.js';

describe('getStrategy', () => {
  it.each([
    ['sequential', SequentialStrategy],
    ['parallel', ParallelStrategy],
    ['debate', DebateStrategy],
    ['teaching', TeachingStrategy],
    ['refinement', RefinementStrategy],
    ['adaptive', AdaptiveStrategy],
  ] as const)('builds %s', (name, cls) => {
    const strategy = getStrategy(name);
    expect(strategy).toBeInstanceOf(cls);
    expect(strategy.name).toBe(name);
  });

  it('passes options on', () => {
    expect((getStrategy('teaching', { qualityThreshold: 0.9 }) as TeachingStrategy).qualityThreshold).toBe(
      0.9,
    );
    expect((getStrategy('teaching') as TeachingStrategy).qualityThreshold).toBe(0.7);
  });

  it('rejects an unknown name with a UserError listing the known ones', () => {
    expect(() => getStrategy('hierarchical')).toThrow(UserError);
    expect(() => getStrategy('hierarchical')).toThrow(
      'unknown strategy "hierarchical"; known strategies: sequential, parallel, debate, teaching, refinement, adaptive',
    );
  });
});

describe('registerStrategy', () => {
  class FirstOnly implements Strategy {
    readonly name = 'first-only';
    async execute(
      agents: Parameters<Strategy['execute']>[0],
      context: Parameters<Strategy['execute']>[1],
    ): Promise<StrategyResult> {
      return new SequentialStrategy().execute(agents.slice(0, 1), context);
    }
  }

  it('registers a custom strategy that getStrategy then returns', async () => {
    registerStrategy('first-only', () => new FirstOnly());
    try {
      expect(listStrategies()).toContain('first-only');
      const result = await getStrategy('first-only').execute(
        [scripted('a', { kind: 'ok' }), scripted('b', { kind: 'ok' })],
        {},
      );
      expect(result.outputs.map((o) => o.agentId)).toEqual(['a']);
      expect(() => registerStrategy('first-only', () => new FirstOnly())).toThrow(
        /already registered; pass \{ replace: true \}/,
      );
      registerStrategy('first-only', () => new FirstOnly(), { replace: true });
    } finally {
      expect(unregisterStrategy('first-only')).toBe(true);
    }
    expect(listStrategies()).not.toContain('first-only');
  });

  it('validates names, factories, built-ins and what a factory returns', () => {
    expect(() => registerStrategy('Bad Name', () => new FirstOnly())).toThrow(
      /invalid strategy name "Bad Name"/,
    );
    expect(() => registerStrategy('x', 'nope' as never)).toThrow(/needs a factory function/);
    expect(() => registerStrategy('parallel', () => new FirstOnly())).toThrow(
      'strategy parallel is built in and cannot be replaced',
    );
    expect(unregisterStrategy('parallel')).toBe(false);
    registerStrategy('broken', () => ({}) as Strategy);
    try {
      expect(() => getStrategy('broken')).toThrow(/did not return an object with an execute/);
    } finally {
      unregisterStrategy('broken');
    }
  });
});
