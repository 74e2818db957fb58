import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { restrictConfig } from '../workflows/config/trust.js';
import { baselineFlags } from './baseline-flags.js';

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
    const root = mkdtempSync(path.join(os.tmpdir(), 'empathy-baseline-trust-'));
    try {
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
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
