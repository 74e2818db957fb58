import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from '../fixture-copy.test-helper.js';
import { skipNote, testPython as python } from '../../../core/optional-programs.test-helper.js';
import { makeTempDir } from './outcome.js';
import { runPythonCoverage } from './python.js';
import { reportOmissions } from './python-report.js';

afterAll(cleanupCopies);

describe('reportOmissions', () => {
  it('lists the Python test and configuration files (absolute), not the sources, docs or names holding a glob character', async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, 'tests', 'conftest.py'), '');
    await fs.writeFile(path.join(root, 'tests', 'test_[odd].py'), 'def test_x():\n    pass\n');
    const omitted = reportOmissions(await indexRoot(root));
    expect(omitted.sort()).toEqual([path.join(root, 'tests', 'conftest.py'), path.join(root, 'tests', 'test_ops.py')]);
  });
});

// The run's report is what the figure is computed from: these read it (`raw`) directly.
describe.skipIf(!python.interpreter)(`the JSON report of a Python run${skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '))}`, () => {
  async function run(root: string) {
    const tmpDir = await makeTempDir();
    try {
      const outcome = await runPythonCoverage(await indexRoot(root), [python.interpreter!.path], { timeoutMs: RUN_DEADLINE_SECONDS * 1000, tmpDir, branches: false });
      if (!outcome.ok) throw new Error(`not measured: ${'nothingToMeasure' in outcome ? outcome.nothingToMeasure : outcome.notMeasured.reason}`);
      return outcome.raw.files.map((f) => [f.reportPath, f.linesCovered, f.linesTotal]).sort();
    } finally {
      await fs.rm(tmpDir, { recursive: true, force: true });
    }
  }

  it('a configuration whose source lists the tests (click): the test files are not analysed, the package files are as before', async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, '.coveragerc'), '[run]\nsource = calc, tests\n');
    // Before: tests/test_ops.py (5 of 5) was in the report too, and dropped by mapCoverage.
    expect(await run(root)).toEqual([
      ['calc/__init__.py', 1, 1],
      ['calc/ops.py', 5, 8],
    ]);
  });

  it("the project's own [report] omit still applies (added to, not replaced)", async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, '.coveragerc'), '[run]\nsource = calc, tests\n\n[report]\nomit = calc/__init__.py\n');
    expect(await run(root)).toEqual([['calc/ops.py', 5, 8]]);
  });

  it('a report that would hold only test files (the project omits its package): the report coverage json writes, as before', async () => {
    const root = await copyFixtures(['py-cov-addopts']);
    await fs.writeFile(path.join(root, '.coveragerc'), '[run]\nsource = calc, tests\n\n[report]\nomit = calc/*\n');
    expect(await run(root)).toEqual([['tests/test_ops.py', 5, 5]]);
  });
});
