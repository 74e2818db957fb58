/**
 * bench/real-suite.ts's by-hand Python test run (bench/python-by-hand.ts): with what `pip install
 * -e .` gives (src/ and the distribution metadata on PYTHONPATH) the suite runs; without, conftest
 * fails to import the package and the step is FAILED, not a baseline (pallets/click before the fix).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installedEnv, pytestStep, pytestVerdict } from '../../bench/python-by-hand.js';
import { skipNote, testPython as python } from '../../src/core/optional-programs.test-helper.js';
import { cleanupCopies, copyFixtures } from '../../src/analysis/coverage/fixture-copy.test-helper.js';

afterAll(cleanupCopies);

/** Runs the step as bench/real-suite.ts does (cwd = the checkout, its env added); returns its verdict. */
function runStep(root: string, work: string, installed: { env: Record<string, string>; note: string }): string {
  const step = pytestStep(python.interpreter!.path, work, installed);
  const r = spawnSync(step.command, step.args, { cwd: root, env: { ...process.env, ...step.env }, encoding: 'utf8' });
  expect(r.error).toBeUndefined();
  return step.check(r.status);
}

describe.skipIf(!python.interpreter)(`by-hand pytest + coverage.py of bench/real-suite.ts${skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '))}`, () => {
  it('a src-layout package that reads its own version: runs with src/ and its metadata on PYTHONPATH, FAILED without', async () => {
    const root = await copyFixtures(['py-src-metadata']);
    const work = await copyFixtures([]);
    const installed = await installedEnv(python.interpreter!.path, root, work);
    expect(installed.note).toBe('src/ on PYTHONPATH, shapes-demo 2.1.0 metadata on PYTHONPATH');
    expect(installed.env.PYTHONPATH?.split(path.delimiter)).toEqual([path.join(root, 'src'), path.join(work, 'site')]);
    expect(existsSync(path.join(work, 'site', 'shapes_demo-2.1.0.dist-info', 'METADATA'))).toBe(true);

    expect(runStep(root, work, installed)).toBe('pytest exit 0');
    const report = JSON.parse(await fs.readFile(path.join(work, 'coverage.json'), 'utf8')) as { files: Record<string, { executed_lines: number[] }> };
    // Both tests ran: every statement of the package (lines 1, 3, 6, 7) executed.
    expect(report.files['src/shapes_demo/__init__.py']?.executed_lines).toEqual([1, 3, 6, 7]);

    // As the bench ran click before: nothing on PYTHONPATH, conftest cannot import the package.
    await fs.rm(path.join(work, 'coverage.json'));
    expect(runStep(root, work, { env: {}, note: 'nothing added' })).toMatch(/^FAILED \(pytest exit [^01]/);
  });
});

describe('pytestVerdict', () => {
  it('exit 0 and 1 ran the suite; 2, 5 and no exit code did not', async () => {
    const dir = await copyFixtures([]);
    const file = path.join(dir, 'pytest-exit');
    expect(pytestVerdict(file)).toBe('FAILED (pytest did not finish: no exit code)');
    const verdicts: string[] = [];
    for (const code of ['0', '1', '2', '5']) {
      await fs.writeFile(file, `${code}\n`);
      verdicts.push(pytestVerdict(file));
    }
    expect(verdicts).toEqual(['pytest exit 0', 'pytest exit 1', 'FAILED (pytest exit 2: the suite did not run, e.g. a collection error)', 'FAILED (pytest exit 5: the suite did not run, e.g. a collection error)']);
  });
});
