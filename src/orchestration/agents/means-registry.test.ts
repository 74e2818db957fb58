import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { MeansRegistry, defaultMeansRegistry, defineMeans } from './means-registry.js';

const run = async () => ({ output: {}, confidence: 1 });

describe('defineMeans', () => {
  it('returns a means with the given fields', () => {
    const means = defineMeans({ tool: 'security_scan', description: 'Scans', run });
    expect(means).toEqual({ tool: 'security_scan', description: 'Scans', run });
  });

  it.each([
    [{ tool: '', description: 'x', run }, /invalid means tool name ""/],
    [{ tool: 'Has Space', description: 'x', run }, /invalid means tool name/],
    [{ tool: 'ok_tool', description: '  ', run }, /non-empty description/],
    [{ tool: 'ok_tool', description: 'x', run: 42 }, /run\(input\) function/],
  ])('rejects %o', (definition, message) => {
    expect(() => defineMeans(definition as never)).toThrow(UserError);
    expect(() => defineMeans(definition as never)).toThrow(message);
  });
});

describe('MeansRegistry', () => {
  it('registers, finds, lists sorted and reports missing tools', () => {
    const registry = new MeansRegistry()
      .register(defineMeans({ tool: 'zeta', description: 'z', run }))
      .register(defineMeans({ tool: 'alpha', description: 'a', run }));
    expect(registry.has('alpha')).toBe(true);
    expect(registry.has('beta')).toBe(false);
    expect(registry.get('zeta')?.description).toBe('z');
    expect(registry.get('beta')).toBeUndefined();
    expect(registry.list().map((m) => m.tool)).toEqual(['alpha', 'zeta']);
    expect(registry.missing(['alpha', 'beta', 'gamma', 'beta'])).toEqual(['beta', 'gamma']);
  });

  it('refuses a duplicate tool unless replace is set', () => {
    const registry = new MeansRegistry().register(defineMeans({ tool: 'lint', description: 'first', run }));
    expect(() => registry.register(defineMeans({ tool: 'lint', description: 'second', run }))).toThrow(
      'means for tool lint is already registered; pass { replace: true } to replace it',
    );
    registry.register(defineMeans({ tool: 'lint', description: 'second', run }), { replace: true });
    expect(registry.get('lint')?.description).toBe('second');
    expect(registry.unregister('lint')).toBe(true);
    expect(registry.has('lint')).toBe(false);
  });

  it('validates what is registered', () => {
    expect(() => new MeansRegistry().register({ tool: 'x', description: '', run })).toThrow(UserError);
  });

  it('has a process-wide default registry', () => {
    expect(defaultMeansRegistry).toBeInstanceOf(MeansRegistry);
  });
});
