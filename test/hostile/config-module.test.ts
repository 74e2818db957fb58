/**
 * Hostile repository: its config is a module (empathy.config.mjs / .cjs), code the repository
 * controls. Issue 12: it was imported into the CLI's own process. Now it is evaluated in a
 * contained child (reads the repository only, no writes, no processes, no credentials, 10 s):
 * a module that writes outside the repository or spawns a process fails harmlessly with a
 * one-line usage error (exit 2) and its canary never appears; a module that never resolves is
 * stopped at the deadline with one line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, hostileRepo, PLACEHOLDER_KEY, runEmpathy, tempDir } from './config.test-helper.js';

afterEach(cleanUp);

const RUN = ['orchestrate', 'release-prep', '--json', '--no-learn', '--agents', 'documentation_writer'];

describe('a hostile config module', () => {
  it('cannot write outside the repository: exit 2, one line, no canary', async () => {
    const canary = path.join(tempDir(), 'written.canary');
    const root = hostileRepo({
      'empathy.config.mjs': `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(canary)}, 'x');\nexport default {};\n`,
    });
    const run = await runEmpathy(RUN, root, { EMPATHY_CONFIG_DIR: tempDir() });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^empathy: empathy\.config\.mjs: cannot load \(.*\)\n$/);
    expect(existsSync(canary)).toBe(false);
  });

  it('cannot spawn a process (CommonJS too): exit 2, no canary', async () => {
    const canary = path.join(tempDir(), 'spawned.canary');
    const root = hostileRepo({
      'empathy.config.cjs': `require('node:child_process').execSync("touch '${canary}'");\nmodule.exports = {};\n`,
    });
    const run = await runEmpathy(RUN, root, { EMPATHY_CONFIG_DIR: tempDir() });
    expect(run.code).toBe(2);
    expect(run.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(existsSync(canary)).toBe(false);
  });

  it('sees no credential: a module that throws the key when it sees one loads fine', async () => {
    const root = hostileRepo({
      'empathy.config.mjs':
        'const seen = Object.entries(process.env).filter(([k]) => /KEY|TOKEN|SECRET/.test(k));\n' +
        "if (seen.length > 0) throw new Error('saw ' + JSON.stringify(seen));\n" +
        "if (!process.env.PATH) throw new Error('no PATH');\n" +
        'export default { qualityGates: { min_doc_coverage: 0 } };\n',
    });
    const run = await runEmpathy(RUN, root, {
      EMPATHY_CONFIG_DIR: tempDir(),
      OPENAI_API_KEY: PLACEHOLDER_KEY,
      GITHUB_TOKEN: PLACEHOLDER_KEY,
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(1); // blocked: documentation_writer alone evaluates no critical gate
    const gates = (JSON.parse(run.out) as { quality_gates: Array<Record<string, unknown>> }).quality_gates;
    expect(gates).toEqual([
      expect.objectContaining({
        name: 'Documentation',
        threshold: 0,
        threshold_source: 'empathy.config.mjs',
      }),
    ]);
    expect(run.out).not.toContain(PLACEHOLDER_KEY);
  });

  it('a module that never resolves is stopped at the deadline: exit 2, one line', async () => {
    const root = hostileRepo({
      'empathy.config.mjs': 'setInterval(() => {}, 1000);\nexport default new Promise(() => {});\n',
    });
    // The module never resolves: without the 10 s deadline this test would time out.
    const run = await runEmpathy(RUN, root, { EMPATHY_CONFIG_DIR: tempDir() });
    expect(run.code).toBe(2);
    expect(run.err).toBe('empathy: empathy.config.mjs did not finish within 10 s\n');
  });

  it('--path "" is a usage error', async () => {
    const run = await runEmpathy(['orchestrate', 'release-prep', '--path', ''], tempDir());
    expect(run).toMatchObject({
      code: 2,
      err: 'empathy: --path is empty; give a directory, e.g. --path .\n',
    });
  });
});
