import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './e2e/cli.test-helper.js';

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  exports: Record<string, { import: string } | string>;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
};

describe('package.json', () => {
  it('declares the binary, engines and published files', () => {
    // `npx empathy` runs an unrelated npm package: `npx empathy-framework` must reach ours.
    expect(pkg.bin).toEqual({ empathy: 'bin/empathy.js', 'empathy-framework': 'bin/empathy.js' });
    expect(pkg.engines.node).toMatch(/^>=20/);
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'dist', 'schemas']));
  });

  it.each(['.', './orchestration', './workflows', './analysis', './providers', './testing'])(
    'subpath export %s loads from dist',
    async (subpath) => {
      const name = subpath === '.' ? 'empathy-framework' : `empathy-framework/${subpath.slice(2)}`;
      const module = (await import(name)) as Record<string, unknown>;
      expect(Object.keys(module).length).toBeGreaterThan(3);
    },
  );

  it('the root export carries the spec API', async () => {
    const api = (await import('empathy-framework')) as Record<string, unknown>;
    for (const name of [
      'MetaOrchestrator',
      'getStrategy',
      'getTemplate',
      'getAllTemplates',
      'ConfigurationStore',
      'OrchestratedReleasePrepWorkflow',
      'UserError',
    ]) {
      expect(api[name], name).toBeDefined();
    }
  });
});
