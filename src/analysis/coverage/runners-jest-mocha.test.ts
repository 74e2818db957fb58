/**
 * The coverage analyser running real jest and mocha (with and without c8) on the js-jest and
 * js-mocha fixtures. Both fixtures hold the same two source files, so the figures of the two
 * kinds of data can be compared line by line:
 *
 * src/cart.js (27 lines): `total` (4-10) and `discount` (13-18) are tested, but not discount's
 * RangeError branch (15); `formatPrice` (21-25) is never called. src/tax.js (10 lines) is never
 * loaded by any test.
 *
 * - jest's default babel/istanbul data counts the lines where a statement starts: cart.js 5, 6,
 *   7, 9, 14, 15, 17, 22, 23, 24, 27 (11; no statement starts on the `'use strict'` directive, a
 *   function declaration line or a closing brace), of which 15, 22, 23, 24 never ran -> 7/11;
 *   tax.js 3, 7, 10 -> 0/3 (collectCoverageFrom brings in the unloaded file). 7/14 = 50%.
 * - V8 data (c8, NODE_V8_COVERAGE, jest's coverageProvider 'v8') counts every line that holds
 *   code, after the analyser drops blank and comment lines: cart.js 1, 4-10, 13-18, 21-25, 27 (20),
 *   of which 15 and 16 (the never-entered `if` block, its closing brace included, is one V8 range
 *   with count 0) and 21-25 (the never-called function, from its `function` keyword to its brace)
 *   are uncovered -> 13/20; tax.js 1, 3, 6, 7, 8, 10 -> 0/6 (added by the analyser as never
 *   loaded). 13/26 = 50%. The extra lines are the directive, the three declaration lines and the
 *   closing braces: a difference of the tools' models, not of the analyser.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';
import { JEST_WORKER_MEMORY_LIMIT, jsRunWorkers } from './runners/run-workers.js';
import type { CoverageFigures } from './types.js';

afterAll(cleanupCopies);

/** Files in the copy other than node_modules, to prove nothing was left in the repository. */
async function listing(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true });
  return entries.filter((e) => !e.startsWith('node_modules')).sort();
}

async function editPackage(root: string, edit: (pkg: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(root, 'package.json');
  const pkg = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  edit(pkg);
  await fs.writeFile(file, JSON.stringify(pkg, null, 2));
}

function rows(f: CoverageFigures): unknown[] {
  return f.files.map((r) => [r.path, r.lines_total, r.lines_covered, r.pct, r.uncovered_lines]);
}

function functionGaps(f: CoverageFigures): unknown[] {
  return f.gaps.functions.map((g) => [g.path, g.name, g.start_line, g.end_line, g.uncovered_lines, g.calls]);
}

const ISTANBUL_ROWS = [
  ['src/cart.js', 11, 7, 63.64, [15, 22, 23, 24]],
  ['src/tax.js', 3, 0, 0, [3, 7, 10]],
];
const V8_ROWS = [
  ['src/cart.js', 20, 13, 65, [15, 16, 21, 22, 23, 24, 25]],
  ['src/tax.js', 6, 0, 0, [1, 3, 6, 7, 8, 10]],
];
// istanbul's fnMap lists tax.js's `vat` too (jest instruments the unloaded file); V8 data has no
// functions of a file never loaded, so its uncovered lines show only in the file gaps.
const ISTANBUL_FUNCTION_GAPS = [
  ['src/cart.js', 'formatPrice', 21, 25, [22, 23, 24], 0],
  ['src/cart.js', 'discount', 13, 18, [15], 1],
  ['src/tax.js', 'vat', 6, 8, [7], 0],
];
const V8_FUNCTION_GAPS = [
  ['src/cart.js', 'formatPrice', 21, 25, [21, 22, 23, 24, 25], 0],
  ['src/cart.js', 'discount', 13, 18, [15, 16], 1],
];
const JEST = { name: 'jest', version: '30.5.2' };
const MOCHA = { name: 'mocha', version: '12.0.3' };
const C8 = { name: 'c8', version: '12.0.0' };

describe('coverage analyser running jest (CAPABLE tier)', () => {
  it('js-jest via jest: 7/14 statement lines, the never-loaded src/tax.js through collectCoverageFrom, nothing left in the repo', async () => {
    const root = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
    const before = await listing(root);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_total, f.lines_covered, f.source, f.tests_failed]).toEqual([50, 14, 7, 'run:jest', false]);
    expect(rows(f)).toEqual(ISTANBUL_ROWS);
    // tax.js is in jest's data (0 hits), so it is measured, not "never loaded" by the analyser's count.
    expect([f.unloaded_files, f.unmeasured_files]).toEqual([[], []]);
    expect(f.gaps.files.map((g) => [g.path, g.uncovered])).toEqual([
      ['src/cart.js', 4],
      ['src/tax.js', 3],
    ]);
    expect(functionGaps(f)).toEqual(ISTANBUL_FUNCTION_GAPS);
    expect(report.tools).toEqual([JEST]);
    expect(report.findings).toEqual([]);
    expect(await listing(root)).toEqual(before);
    // The command reads the same on every run (its temporary directory shown as <tmp>); jest 29+ gets a memory bound
    // for its workers when it has several, or one on a machine short of memory (run-workers.ts).
    const ran = f.notes.find((n) => n.startsWith('ran ')) ?? '';
    expect(ran).toMatch(/ --coverageDirectory=<tmp>\/jest /);
    expect(ran.includes(`--workerIdleMemoryLimit=${JEST_WORKER_MEMORY_LIMIT}`)).toBe(jsRunWorkers('jest', [], JEST.version).args.length > 0);
  });

  it('a failing jest test: coverage of that run, tests_failed and a finding, as with vitest', async () => {
    const root = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
    await fs.writeFile(path.join(root, '__tests__', 'fail.test.js'), "test('fails', () => { expect(1).toBe(2); });\n");
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.tests_failed]).toEqual([50, true]);
    expect(rows(report.figures)).toEqual(ISTANBUL_ROWS);
    expect(report.findings.map((x) => [x.rule, x.tool])).toEqual([['coverage/failing-tests', 'jest']]);
  });

  it.each([
    ['jest', 'js-jest', '__tests__', ['jest']],
    ['mocha', 'js-mocha', 'test', ['mocha', 'c8']],
  ])('a %s project without any test file: 0 %% of the 26 code lines, "no tests" (test generation starts from there)', async (_tool, fixture, tests, link) => {
    const root = await copyFixtures([fixture], { linkTools: link });
    await fs.rm(path.join(root, tests), { recursive: true });
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    // Nothing runs: every code line of src/cart.js (20) and src/tax.js (6) is uncovered (V8 line rules).
    expect([f.coverage, f.lines_total, f.lines_covered, f.tests_failed, f.source]).toEqual([0, 26, 0, false, 'run:none']);
    expect(report.notMeasured).toEqual([]);
    expect(f.notes.some((n) => n.startsWith('no tests:'))).toBe(true);
  });

  it("the project's coverageThreshold does not turn passing tests into failing ones", async () => {
    const root = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
    await editPackage(root, (pkg) => (pkg['jest'] = { coverageThreshold: { global: { lines: 90 } } }));
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.tests_failed, report.findings]).toEqual([50, false, []]);
  });

  it("the project's coverageProvider 'v8': every line in jest's data, blank and comment lines dropped -> V8 figures", async () => {
    const root = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
    await editPackage(root, (pkg) => (pkg['jest'] = { coverageProvider: 'v8' }));
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect([f.coverage, f.lines_total, f.lines_covered, f.source, f.tests_failed]).toEqual([50, 26, 13, 'run:jest', false]);
    expect(rows(f)).toEqual(V8_ROWS);
  });
});

describe('coverage analyser running mocha (CAPABLE tier)', () => {
  it('js-mocha via c8 + mocha: 13/26 V8 code lines, the never-loaded src/tax.js added, nothing left in the repo', async () => {
    const root = await copyFixtures(['js-mocha'], { linkTools: ['mocha', 'c8'] });
    const before = await listing(root);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_total, f.lines_covered, f.source, f.tests_failed]).toEqual([50, 26, 13, 'run:mocha', false]);
    expect(rows(f)).toEqual(V8_ROWS);
    expect(f.unloaded_files).toEqual(['src/tax.js']);
    expect(f.gaps.files.map((g) => [g.path, g.uncovered])).toEqual([
      ['src/cart.js', 7],
      ['src/tax.js', 6],
    ]);
    expect(functionGaps(f)).toEqual(V8_FUNCTION_GAPS);
    expect(report.tools).toEqual([MOCHA, C8]);
    expect(report.findings).toEqual([]);
    expect(await listing(root)).toEqual(before);
  });

  // The same figures as c8's: c8 (v8-to-istanbul) gives a line the count of the innermost V8 range
  // holding the whole line, the analyser that of the innermost range around the line's first
  // non-blank character; no range of this fixture starts or ends inside a line's indentation.
  it("mocha without the project's c8: the same figures from NODE_V8_COVERAGE, converted by the analyser's own c8", async () => {
    const root = await copyFixtures(['js-mocha'], { linkTools: ['mocha'] });
    await editPackage(root, (pkg) => (pkg['devDependencies'] = { mocha: '12.0.3' }));
    const before = await listing(root);
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const f = report.figures;
    expect(report.notMeasured).toEqual([]);
    expect([f.coverage, f.lines_total, f.lines_covered, f.source, f.tests_failed]).toEqual([50, 26, 13, 'run:mocha', false]);
    expect(rows(f)).toEqual(V8_ROWS);
    expect(f.unloaded_files).toEqual(['src/tax.js']);
    expect(functionGaps(f)).toEqual(V8_FUNCTION_GAPS);
    expect(report.tools).toEqual([MOCHA, { name: 'c8', version: '12.0.0' }]);
    expect(await listing(root)).toEqual(before);
  });

  it.each([
    ['c8', ['mocha', 'c8']],
    ['NODE_V8_COVERAGE', ['mocha']],
  ])('a failing mocha test (%s): coverage of that run, tests_failed and a finding', async (_, tools) => {
    const root = await copyFixtures(['js-mocha'], { linkTools: tools });
    await fs.writeFile(path.join(root, 'test', 'fail.spec.js'), "it('fails', () => { throw new Error('no'); });\n");
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.tests_failed]).toEqual([50, true]);
    expect(rows(report.figures)).toEqual(V8_ROWS);
    expect(report.findings.map((x) => [x.rule, x.tool])).toEqual([['coverage/failing-tests', 'mocha']]);
  });

  it("the project's c8 check-coverage does not turn passing tests into failing ones", async () => {
    const root = await copyFixtures(['js-mocha'], { linkTools: ['mocha', 'c8'] });
    await fs.writeFile(path.join(root, '.c8rc.json'), JSON.stringify({ 'check-coverage': true, lines: 90 }));
    const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect([report.figures.coverage, report.figures.tests_failed, report.findings]).toEqual([50, false, []]);
  });
});

describe('jest and mocha projects that cannot be run', () => {
  it('dependencies not installed: no node_modules, or no .bin/jest in it -> not measured with the fix', async () => {
    const bare = await copyFixtures(['js-mocha']);
    const none = await coverageAnalyzer.analyze(await indexRoot(bare), { tier: 'CAPABLE' });
    expect([none.figures.coverage, none.notMeasured]).toEqual([
      null,
      [{ what: 'coverage (JS/TS)', reason: 'dependencies not installed', fix: 'run npm ci (or npm install) in the project' }],
    ]);
    const partial = await copyFixtures(['js-jest']);
    await fs.mkdir(path.join(partial, 'node_modules'));
    const noJest = await coverageAnalyzer.analyze(await indexRoot(partial), { tier: 'CAPABLE' });
    expect([noJest.figures.coverage, noJest.notMeasured]).toEqual([
      null,
      [{ what: 'coverage (JS/TS)', reason: 'dependencies not installed (no node_modules/.bin/jest)', fix: 'run npm ci (or npm install) in the project' }],
    ]);
  });
});
