/**
 * The validator runs tests as the coverage analyser does (the same plans), keeps the project's
 * symbolic links in its scratch copy, and blames the generated tests only for failures they add.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coverageAnalyzer } from '../../analysis/coverage/index.js';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import type { CoveragePartFigures } from '../../analysis/coverage/types.js';
import { useTempDirs } from '../../core/temp-dir.test-helper.js';
import { buildProjectIndex } from '../../project/index.js';
import { detectJsStyle, generatedTestPath } from '../js/style.js';
import { runTests } from './run-tests.js';
import { copyLinks, createScratchCopy } from './scratch.js';
import { failsBeyondBaseline, validateCandidates } from './validator.js';

afterAll(cleanupCopies);
/** A scratch directory, removed after the file's tests. */
const tmpDir = useTempDirs('empathy-validate-test-');

const PY = '/usr/bin/python3';
function pythonMissing(): string | null {
  try {
    execFileSync(PY, ['-c', 'import coverage, pytest'], { stdio: 'ignore' });
    return null;
  } catch {
    return `${PY} with coverage.py and pytest`;
  }
}
const missing = pythonMissing();
if (missing) process.stderr.write(`validator tests: skipping the Python runs: missing ${missing}\n`);

const controller = new AbortController();
const runOptions = async (coverage: boolean) => ({ coverage, tmpDir: tmpDir(), timeoutMs: 120_000, memoryMb: 2048, signal: controller.signal });

describe.skipIf(missing !== null)('runTests with pytest (the analyser\'s Python plan)', () => {
  it('src layout: a candidate importing the package runs with src/ on PYTHONPATH and covers src/greet/core.py', async () => {
    const root = await copyFixtures(['py-src-layout']);
    await fs.writeFile(path.join(root, 'tests', 'test_generated_core.py'), 'from greet.core import shout\n\n\ndef test_shout():\n    assert shout("a") == "A!"\n');
    const index = await buildProjectIndex(root, { cache: false });
    const r = await runTests(index, { runner: 'pytest', python: PY }, ['tests/test_generated_core.py'], await runOptions(true));
    expect(r.passed, r.output).toBe(true);
    expect(r.failed).toBe(0);
    // shout's body (line 8) ran; hello's body (lines 2-4) did not: only the candidate ran.
    expect([...(r.covered?.get('src/greet/core.py') ?? [])].sort((a, b) => a - b)).toEqual([1, 7, 8]);
    expect(r.command).toMatch(/-m pytest .*tests\/test_generated_core\.py/);
  });

  it('the whole suite: the same covered lines as the coverage analyser measures', async () => {
    const root = await copyFixtures(['py-src-layout']);
    const index = await buildProjectIndex(root, { cache: false });
    const r = await runTests(index, { runner: 'pytest', python: PY }, null, await runOptions(true));
    const report = await coverageAnalyzer.analyze(index, { tier: 'CAPABLE', forceRun: true, pythonCandidates: [PY] });
    expect(r.passed, r.output).toBe(true);
    const covered = [...(r.covered?.values() ?? [])].reduce((n, lines) => n + lines.size, 0);
    expect(report.figures.lines_covered).not.toBeNull();
    expect(covered).toBe(report.figures.lines_covered);
  });

  it('a unittest project: the candidate runs with unittest, as the project runs its tests (a pytest-style file runs no test there)', async () => {
    const root = await copyFixtures(['py-unittest']);
    const tests = (await fs.readdir(root, { recursive: true })).map(String).filter((f) => /(^|\/)test_[^/]*\.py$/.test(f));
    const dir = path.posix.dirname(tests[0]!.split(path.sep).join('/'));
    const file = `${dir === '.' ? '' : `${dir}/`}test_generated_plain.py`;
    // As in the validator: the index of the copy is built before the candidate is written.
    const index = await buildProjectIndex(root, { cache: false });
    await fs.writeFile(path.join(root, file), 'def test_plain():\n    assert 1 + 1 == 2\n');
    const r = await runTests(index, { runner: 'pytest', python: PY }, [file], await runOptions(true));
    expect(r.passed).toBe(false);
    expect(r.command).toMatch(/-m unittest /);
  });

  it('a candidate that fails is not passed', async () => {
    const root = await copyFixtures(['py-src-layout']);
    await fs.writeFile(path.join(root, 'tests', 'test_generated_bad.py'), 'from greet.core import shout\n\n\ndef test_shout():\n    assert shout("a") == "nope"\n');
    const index = await buildProjectIndex(root, { cache: false });
    const r = await runTests(index, { runner: 'pytest', python: PY }, ['tests/test_generated_bad.py'], await runOptions(true));
    expect(r.passed).toBe(false);
    expect(r.failed).toBe(1);
  });
});

describe('generated JS tests follow the planned run', () => {
  it('mocha with `mocha tests/*.js`: written to tests/ and run by the project\'s mocha command', async () => {
    const root = await copyFixtures(['js-mocha-tests-dir'], { linkNodeModules: true });
    const index = await buildProjectIndex(root, { cache: false });
    const style = await detectJsStyle(index);
    if ('reason' in style) throw new Error(style.reason);
    expect(style.runner).toBe('mocha');
    const testFile = generatedTestPath('lib/math.js', style, new Set(index.files.map((f) => f.path)));
    expect(testFile).toBe('tests/math.generated.test.js');
    await fs.writeFile(path.join(root, testFile), "'use strict';\nconst assert = require('node:assert');\nconst { div } = require('../lib/math');\n\ndescribe('div', () => {\n  it('throws on 0', () => assert.throws(() => div(1, 0), RangeError));\n});\n");
    const r = await runTests(await buildProjectIndex(root, { cache: false }), { runner: style.runner }, [testFile], await runOptions(true));
    expect(r.passed, r.output).toBe(true);
    expect(r.command).toMatch(/mocha .*tests\/math\.generated\.test\.js/);
    expect(r.covered?.get('lib/math.js')?.has(9)).toBe(true); // the throw
  });

  it('a compound script (`npm run lint && node --test ...`): node:test, not "a runner the generator does not write for"', async () => {
    const root = await copyFixtures(['js-compound-node']);
    const style = await detectJsStyle(await buildProjectIndex(root, { cache: false }));
    expect('reason' in style ? style.reason : style.runner).toBe('node:test');
  });
});

describe('createScratchCopy keeps symbolic links', () => {
  it('a link inside the project stays a link with the same target; one leading out, and node_modules caches, are left out', async () => {
    const root = await copyFixtures(['js-lib']);
    const outside = tmpDir();
    await fs.mkdir(path.join(root, 'test', 'data'), { recursive: true });
    await fs.writeFile(path.join(root, 'test', 'data', 'sample.txt'), 'sample\n');
    await fs.symlink('data', path.join(root, 'test', 'shared'));
    await fs.symlink(path.join(root, 'test', 'data', 'sample.txt'), path.join(root, 'sample-abs.txt'));
    await fs.symlink(outside, path.join(root, 'test', 'escape'));
    await fs.mkdir(path.join(root, 'node_modules', 'dep'), { recursive: true });
    await fs.mkdir(path.join(root, 'node_modules', '.vite-temp'));
    const scratch = await createScratchCopy(await buildProjectIndex(root, { cache: false }));
    try {
      const link = path.join(scratch.root, 'test', 'shared');
      expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
      expect(await fs.readlink(link)).toBe('data');
      expect(await fs.readFile(path.join(link, 'sample.txt'), 'utf8')).toBe('sample\n');
      // An absolute link inside the project becomes relative, so it points into the copy.
      expect(await fs.readlink(path.join(scratch.root, 'sample-abs.txt'))).toBe('test/data/sample.txt');
      expect(existsSync(path.join(scratch.root, 'test', 'escape'))).toBe(false);
      // node_modules: one link per package, but not the project's own caches (vite would write through the link: EROFS).
      expect((await fs.lstat(path.join(scratch.root, 'node_modules', 'dep'))).isSymbolicLink()).toBe(true);
      expect(existsSync(path.join(scratch.root, 'node_modules', '.vite-temp'))).toBe(false);
    } finally {
      await scratch.remove();
      await fs.rm(outside, { recursive: true, force: true });
    }
    expect(await copyLinks(root, tmpDir())).toBe(1);
  });
});

describe('createScratchCopy indexes what the project indexes', () => {
  it('a tracked file that a .gitignore pattern matches (dataloader: `index.js` ignored, src/index.js committed) stays in the copy\'s index', async () => {
    const root = await copyFixtures(['js-lib']);
    await fs.writeFile(path.join(root, '.gitignore'), 'index.js\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('add', '-f', 'lib/index.js');
    const index = await buildProjectIndex(root, { cache: false });
    expect(index.files.map((f) => f.path)).toContain('lib/index.js');
    const scratch = await createScratchCopy(index);
    try {
      const copy = await buildProjectIndex(scratch.root, { cache: false });
      expect(copy.files.map((f) => f.path).sort()).toEqual(index.files.map((f) => f.path).sort());
    } finally {
      await scratch.remove();
    }
  });
});

describe('a suite that failed before generation', () => {
  const part = (failed: number | null, testsFailed = true): CoveragePartFigures => ({
    part: 'js',
    source: 'run:node:test',
    coverage: 50,
    lines_total: 2,
    lines_covered: 1,
    freshness: null,
    tests_failed: testsFailed,
    test_run: { runner: 'node:test', command: 'node --test', cwd: '/x', tests: { run: 3, passed: 3 - (failed ?? 0), failed, skipped: 0 }, file_set: { rule: 'r', count: 1, configured: false }, neutralised: [], skipped_steps: [], evidence: [], built_output: null },
  });

  it('counts only failures beyond its baseline', () => {
    const failingBefore = new Map([['js', { passed: false, failed: 1 }]] as const);
    expect(failsBeyondBaseline(part(1), new Map(failingBefore))).toBe(false);
    expect(failsBeyondBaseline(part(2), new Map(failingBefore))).toBe(true);
    expect(failsBeyondBaseline(part(1), new Map([['js', { passed: true, failed: 0 }]]))).toBe(true);
    expect(failsBeyondBaseline(part(null), new Map([['js', { passed: false, failed: null }]]))).toBe(false);
    expect(failsBeyondBaseline(part(0, false), new Map([['js', { passed: true, failed: 0 }]]))).toBe(false);
    // No candidate of this part: its failure is not the generated tests'.
    expect(failsBeyondBaseline(part(1), new Map())).toBe(false);
  });

  it('keeps a passing candidate and does not blame it for the existing failure', async () => {
    const root = await copyFixtures(['js-lib']);
    await fs.appendFile(path.join(root, 'test', 'queue.test.js'), "\nrequire('node:test')('fails before generation', () => { throw new Error('broken'); });\n");
    const index = await buildProjectIndex(root, { cache: false });
    // formatDuration is not covered by the existing tests: this candidate raises coverage.
    const content = "'use strict';\nconst { it } = require('node:test');\nconst assert = require('node:assert/strict');\nconst { formatDuration } = require('../lib/parse');\nit('formats', () => assert.equal(formatDuration(5), '5ms'));\n";
    const outcome = await validateCandidates(index, [{ id: 'c', generator: 'g', targetFile: 'lib/parse.js', testFile: 'test/zz.generated.test.js', runner: 'node:test', content, testCases: 1 }], {
      runners: { js: { runner: 'node:test' } },
      hasTests: { js: true, python: false },
      runTimeoutMs: 120_000,
      deadline: Date.now() + 600_000,
      memoryMb: 2048,
      signal: controller.signal,
    });
    expect(outcome.kept.map((k) => k.testFile)).toEqual(['test/zz.generated.test.js']);
    expect(outcome.baselinePassed).toBe(false);
    expect(outcome.suitePassed).toBe(false);
    expect(outcome.newFailure).toBe(false);
    expect(outcome.rejected.filter((r) => r.reason === 'suite_failed')).toEqual([]);
    expect(outcome.notes.some((n) => n.includes('fails before any generated test'))).toBe(true);
  });
});
