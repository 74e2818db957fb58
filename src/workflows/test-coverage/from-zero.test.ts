/**
 * test-coverage on a project whose tests were all removed starts from the measured 0 % (not
 * from "not measured") and writes its tests where the project's test command looks.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import { TestCoverageBoostWorkflow } from './workflow.js';

afterAll(cleanupCopies);

describe('TestCoverageBoostWorkflow from no tests', () => {
  it('mocha with `mocha tests/*.js` and no test left: from 0 % to 100 %, the tests written in tests/', { timeout: 300_000 }, async () => {
    const root = await copyFixtures(['js-mocha-tests-dir'], { linkNodeModules: true });
    await fs.rm(path.join(root, 'tests'), { recursive: true });
    const r = await new TestCoverageBoostWorkflow({ targetCoverage: 90, projectRoot: root, maxTimeSeconds: 240 }).execute();
    expect(r.coverageBefore).toBe(0);
    expect(r.coverageAfter).toBe(100);
    expect(r.validation.suitePassed).toBe(true);
    expect(r.writtenFiles).toEqual(['tests/math.generated.test.js']);
  });
});
