import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERRUPT_BUDGET, INTERRUPT_BUDGET, jitTieringFlag } from './jit-tiering.js';

describe('V8 tier-up of the CLI', () => {
  it('raises the interrupt budget unless turned off or set on the command line', () => {
    expect(INTERRUPT_BUDGET).toBe(8 * DEFAULT_INTERRUPT_BUDGET);
    expect(jitTieringFlag({}, [])).toBe(`--interrupt-budget=${INTERRUPT_BUDGET}`);
    expect(jitTieringFlag({}, ['--max-old-space-size=4096'])).toBe(`--interrupt-budget=${INTERRUPT_BUDGET}`);
    expect(jitTieringFlag({ EMPATHY_JIT_TIERING: '0' }, [])).toBeNull();
    expect(jitTieringFlag({}, ['--interrupt-budget=1000'])).toBeNull();
    expect(jitTieringFlag({}, ['--interrupt_budget=1000'])).toBeNull();
  });
});
