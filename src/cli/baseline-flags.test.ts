import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../core/temp-dir.test-helper.js';
import { UserError } from '../errors.js';
import { restrictConfig } from '../workflows/config/trust.js';
import { baselineFlags } from './baseline-flags.js';

const tempDir = useTempDirs('empathy-baseline-trust-');

describe('--baseline and --write-baseline', () => {
  it('gives the security analyser an absolute baseline file, written on request', () => {
    expect(baselineFlags({}, '/repo')).toBeNull();
    expect(baselineFlags({ baseline: 'accepted.json' }, '/repo')).toEqual({
      baselineFile: '/repo/accepted.json',
    });
    expect(baselineFlags({ baseline: '/x/b.json', 'write-baseline': true }, '/repo')).toEqual({
      baselineFile: '/x/b.json',
      writeBaseline: true,
    });
  });

  it('refuses --write-baseline without a file, and an empty file name', () => {
    expect(() => baselineFlags({ 'write-baseline': true }, '/repo')).toThrow(UserError);
    expect(() => baselineFlags({ baseline: ' ' }, '/repo')).toThrow(UserError);
  });

  it("is never taken from the repository's config", () => {
    const root = tempDir();
    const { config, ignored } = restrictConfig(
      { analyzers: { security: { baselineFile: 'accepted.json', writeBaseline: true, toolTimeoutMs: 5 } } },
      root,
      'empathy.config.json',
    );
    expect(config).toEqual({ analyzers: { security: { toolTimeoutMs: 5 } } });
    expect(ignored.map((i) => i.key).sort()).toEqual([
      'analyzers.security.baselineFile',
      'analyzers.security.writeBaseline',
    ]);
    expect(ignored[0]?.reason).toMatch(/--baseline FILE/);
  });
});
