import { describe, expect, it } from 'vitest';
import { computeCoupling } from './coupling.js';

describe('computeCoupling', () => {
  it('computes fan-in, fan-out and instability; null for isolated modules', () => {
    const edge = (from: string, to: string) => ({ from, to, line: 1, typeOnly: false });
    expect(computeCoupling(['a', 'b', 'c', 'd'], [edge('a', 'b'), edge('a', 'c'), edge('c', 'b')])).toEqual([
      { module: 'a', fan_in: 0, fan_out: 2, instability: 1 },
      { module: 'b', fan_in: 2, fan_out: 0, instability: 0 },
      { module: 'c', fan_in: 1, fan_out: 1, instability: 0.5 },
      { module: 'd', fan_in: 0, fan_out: 0, instability: null },
    ]);
  });
});
