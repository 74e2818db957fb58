/**
 * The coverage analyser on one small fixture per real-world JS/TS setup, each run by the
 * test-runner library the way its maintainers run it (figures hand-checked in each test; the V8
 * line model, see runners-jest-mocha.test.ts: every line holding code counts, a line is
 * uncovered when a never-run range holds the whole line).
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';
import type { CoverageFigures } from './types.js';

afterAll(cleanupCopies);


async function measure(fixture: string, sub = ''): Promise<{ f: CoverageFigures; notMeasured: unknown[] }> {
  const root = await copyFixtures([fixture], { linkNodeModules: true });
  const report = await coverageAnalyzer.analyze(await indexRoot(path.join(root, sub)), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
  return { f: report.figures, notMeasured: report.notMeasured };
}

function rows(f: CoverageFigures): unknown[] {
  return f.files.map((r) => [r.path, r.lines_covered, r.lines_total, r.uncovered_lines]);
}

describe('coverage of real-world JS/TS setups (CAPABLE tier)', () => {
  it('mocha with its tests in tests/ through the script glob `mocha tests/*.js`; bench/ never measured', async () => {
    const { f, notMeasured } = await measure('js-mocha-tests-dir');
    // lib/math.js: code lines 1, 3-5, 7-12, 14 (11); the never-entered `if` block (9-10) is uncovered -> 9/11.
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.source, f.tests_failed]).toEqual([81.82, 9, 11, 'run:mocha', false]);
    expect(rows(f)).toEqual([['lib/math.js', 9, 11, [9, 10]]]);
    const run = f.parts[0]?.test_run;
    expect(run?.command).toMatch(/mocha tests\/math\.js$/);
    expect(run?.tests).toEqual({ run: 2, passed: 2, failed: 0, skipped: 0 });
    expect(run?.file_set).toEqual({ rule: 'shipped sources (package.json main/exports/bin)', count: 1, configured: false });
  });

  it('the test run finds the project\'s own binaries by name, as under `npm test` (node_modules/.bin on PATH)', async () => {
    const root = await copyFixtures(['js-mocha-tests-dir'], { linkNodeModules: true });
    await fs.writeFile(
      path.join(root, 'tests/bin.js'),
      "'use strict';\nconst assert = require('node:assert');\nconst { execFileSync } = require('node:child_process');\n" +
        "it('runs a binary of node_modules/.bin by name', () => assert.match(execFileSync('mocha', ['--version'], { encoding: 'utf8' }), /^\\d+\\./));\n",
    );
    // npx and npm put node_modules/.bin on this process's PATH: leave it out, as a shell's PATH would.
    const saved = process.env['PATH'];
    process.env['PATH'] = (saved ?? '').split(path.delimiter).filter((d) => !d.includes('node_modules')).join(path.delimiter);
    try {
      const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
      expect(report.notMeasured).toEqual([]);
      expect(report.figures.parts[0]?.test_run?.tests).toEqual({ run: 3, passed: 3, failed: 0, skipped: 0 });
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('compound `npm test`: lint is not run, node:test runs without the flag Node 20 rejects', async () => {
    const { f, notMeasured } = await measure('js-compound-node');
    // src/index.js: code lines 1, 3-5, 7-9, 11 (8); shout (7-9) never called -> 5/8.
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.source, f.tests_failed]).toEqual([62.5, 5, 8, 'run:node:test', false]);
    expect(rows(f)).toEqual([['src/index.js', 5, 8, [7, 8, 9]]]);
    const run = f.parts[0]?.test_run;
    expect(run?.tests).toEqual({ run: 1, passed: 1, failed: 0, skipped: 1 });
    expect(run?.neutralised).toEqual([{ item: '--experimental-test-isolation=none', reason: `node ${process.versions.node} rejects it (node: bad option)` }]);
    expect(run?.skipped_steps).toEqual(['eslint . (lint, from scripts.lint)']);
    expect(run?.command).toMatch(/node --test test\/greet\.test\.js$/);
    expect(f.notes).toContain('neutralised --experimental-test-isolation=none: node 20.20.2 rejects it (node: bad option)'.replace('20.20.2', process.versions.node));
  });

  it('TypeScript through its own loader (`node --import tsx --test`): coverage mapped back to src/shape.ts', async () => {
    const { f, notMeasured } = await measure('js-ts-loader');
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.source]).toEqual(TS_FIGURES);
    expect(rows(f)).toEqual(TS_ROWS);
    expect(f.parts[0]?.test_run?.tests).toEqual({ run: 1, passed: 1, failed: 0, skipped: 0 });
  });

  it('ava (worker threads) under NODE_V8_COVERAGE, converted by c8', async () => {
    const { f, notMeasured } = await measure('js-ava');
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.source]).toEqual(AVA_FIGURES);
    expect(rows(f)).toEqual(AVA_ROWS);
    expect(f.parts[0]?.test_run?.tests).toEqual({ run: 1, passed: 1, failed: 0, skipped: 1 });
  });

  it('a monorepo package whose tests run from the workspace root: the root mocha on this package only', async () => {
    const { f, notMeasured } = await measure('js-monorepo', 'packages/b');
    // packages/b/lib/b.js: code lines 1, 3-5, 7-9, 11 (8); half (7-9) never called -> 5/8.
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.source]).toEqual([62.5, 5, 8, 'run:mocha']);
    expect(rows(f)).toEqual([['lib/b.js', 5, 8, [7, 8, 9]]]);
    const run = f.parts[0]?.test_run;
    expect(run?.tests).toEqual({ run: 2, passed: 2, failed: 0, skipped: 0 });
    expect(run?.command).toMatch(/mocha packages\/b\/test\/b\.test\.js$/);
    expect(run?.evidence.some((e) => e.includes('the workspace root'))).toBe(true);
  });

  it('tests that load built output (dist/ with a source map): measured on the source, the build step not run', async () => {
    const { f, notMeasured } = await measure('js-dist');
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.source]).toEqual(DIST_FIGURES);
    expect(rows(f)).toEqual(DIST_ROWS);
    const run = f.parts[0]?.test_run;
    expect(run?.built_output).toBe('dist/ (source maps followed)');
    expect(run?.skipped_steps).toEqual(['esbuild src/temp.ts --outfile=dist/temp.js --format=cjs --sourcemap (build, from scripts.build)']);
    expect(run?.file_set.rule).toBe('shipped sources (package.json files, built output traced to src/)');
  });

  it('a run in which no test executed (a test file that cannot load): not measured, with the error and the command, never a figure', async () => {
    const root = await copyFixtures(['js-mocha-tests-dir'], { linkNodeModules: true });
    await fs.writeFile(path.join(root, 'tests', 'broken.js'), "require('./no-such-helper');\n");
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.lines_total]).toEqual([null, null]);
    expect(report.notMeasured).toHaveLength(1);
    expect(report.notMeasured[0]?.reason).toMatch(/^no test executed \(exit 1\): .*Cannot find module '\.\/no-such-helper'.*; command: .*mocha tests\/broken\.js tests\/math\.js$/);
  });

  it('no test file at all: 0 % of the 8 code lines of src/ ("no tests"), docs/ never counted', async () => {
    const { f, notMeasured } = await measure('js-no-tests');
    expect(notMeasured).toEqual([]);
    expect([f.coverage, f.lines_covered, f.lines_total, f.tests_failed, f.source]).toEqual([0, 0, 8, false, 'run:none']);
    expect(rows(f)).toEqual(NO_TESTS_ROWS);
    expect(f.notes.some((n) => n.startsWith('no tests:'))).toBe(true);
  });
});

// src/shape.ts: code lines 1-4, 6-8, 10-12 (10). perimeter never runs, but c8 maps its zero range
// back from `function` (column 7): the `export` keyword before it keeps line 10 out of the range,
// so only 11-12 are uncovered; the interface (1-4) emits no JavaScript and counts as run -> 8/10.
const TS_FIGURES = [80, 8, 10, 'run:node:test'];
const TS_ROWS = [['src/shape.ts', 8, 10, [11, 12]]];
// src/stack.js: code lines 1, 3-6, 8-11, 13-19, 21 (17); pop's never-entered `if` block (15-16) -> 15/17.
const AVA_FIGURES = [88.24, 15, 17, 'run:ava'];
const AVA_ROWS = [['src/stack.js', 15, 17, [15, 16]]];
// src/index.js: 1, 2, 5-7, 9 (the comment line 4 is not code); src/util.js: 1, 3 -> 0/8.
// src/temp.ts through dist/temp.js.map: code lines 1-3, 5-7 (6); toCelsius never runs, its range
// maps back from `function` after `export` (as in js-ts-loader), so 6-7 are uncovered -> 4/6.
const DIST_FIGURES = [66.67, 4, 6, 'run:node:test'];
const DIST_ROWS = [['src/temp.ts', 4, 6, [6, 7]]];
const NO_TESTS_ROWS = [
  ['src/index.js', 0, 6, [1, 2, 5, 6, 7, 9]],
  ['src/util.js', 0, 2, [1, 3]],
];
