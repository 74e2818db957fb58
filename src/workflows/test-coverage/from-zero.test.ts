/**
 * test-coverage on a project whose tests were all removed, or that never had any, starts from
 * the measured 0 % (not from "not measured") and writes its tests where the project's test
 * command looks; the same in JavaScript and Python.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import { findPythonWithCoverage } from '../../analysis/coverage/index.js';
import { TestCoverageBoostWorkflow } from './workflow.js';

const PY = '/usr/bin/python3';
const python = await findPythonWithCoverage([PY]);
if (!python.interpreter) process.stderr.write(`test-coverage from zero: skipping the Python case: ${python.tried.join('; ')}\n`);

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

  it.skipIf(!python.interpreter)('Python with no test file: from the measured 0 % ("no tests") to a figure measured with the written pytest file', { timeout: 300_000 }, async () => {
    const root = await copyFixtures(['py-no-tests']);
    const r = await new TestCoverageBoostWorkflow({ targetCoverage: 90, projectRoot: root, maxTimeSeconds: 240, pythonCandidates: [PY] }).execute();
    expect(r.coverageBefore).toBe(0);
    expect(r.writtenFiles.length).toBeGreaterThan(0);
    expect(r.writtenFiles.every((f) => /(^|\/)test_generated_[\w]+\.py$/.test(f))).toBe(true);
    expect(r.coverageAfter).toBe(100);
    expect(r.validation.suitePassed).toBe(true);
  });
});
