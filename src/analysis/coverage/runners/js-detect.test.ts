import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures } from '../fixture-copy.test-helper.js';
import { detectJsRunner, nodeTestArgs } from './js-detect.js';

afterAll(cleanupCopies);

async function withPackage(pkg: unknown): Promise<string> {
  const root = await copyFixtures(['js-lib']);
  await fs.writeFile(path.join(root, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
  return root;
}

describe('detectJsRunner', () => {
  it('node:test from the test script, keeping its paths, dropping flags Node 20 rejects', async () => {
    expect(await detectJsRunner(await copyFixtures(['js-lib']))).toEqual({ kind: 'node:test', args: ['test/'], testScript: 'node --test test/' });
    expect(nodeTestArgs('node --experimental-test-isolation=none --test test/a.test.js')).toEqual(['test/a.test.js']);
    expect(nodeTestArgs('node --test && echo hi')).toBeNull();
  });

  it('jest, mocha and other scripts; declared dependencies without node_modules are not installed', async () => {
    expect(await detectJsRunner(await withPackage({ scripts: { test: 'jest --ci' } }))).toMatchObject({ kind: 'jest' });
    expect(await detectJsRunner(await withPackage({ scripts: { test: 'tape test/*.js' } }))).toMatchObject({ kind: 'script' });
    expect(await detectJsRunner(await withPackage({ devDependencies: { mocha: '10.0.0' }, scripts: { test: 'mocha' } }))).toEqual({
      notMeasured: { what: 'coverage (JS/TS)', reason: 'dependencies not installed', fix: 'run npm ci (or npm install) in the project' },
    });
  });

  it('no runner / invalid package.json -> not measured with a fix', async () => {
    const none = await detectJsRunner(await withPackage({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }));
    expect(none).toMatchObject({ notMeasured: { reason: expect.stringMatching(/no test runner found/) } });
    const broken = await detectJsRunner(await withPackage('{"name": '));
    expect(broken).toMatchObject({ notMeasured: { reason: 'package.json is not valid JSON' } });
  });
});
