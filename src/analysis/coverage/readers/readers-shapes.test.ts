import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../fixture-copy.test-helper.js';
import type { RawCoverage } from '../model.js';
import { readCoverageReport } from './index.js';

const REPORTS = path.join(FIXTURES, 'cov-reports');
const read = (name: string) => readCoverageReport(path.join(REPORTS, name), name);
const file = (raw: RawCoverage, reportPath: string) => raw.files.find((f) => f.reportPath === reportPath)!;
const summary = (raw: RawCoverage) => raw.files.map((f) => [f.reportPath, f.linesCovered, f.linesTotal]);
const uncovered = (lines: Map<number, number> | null) => [...(lines ?? [])].filter(([, h]) => h === 0).map(([l]) => l).sort((a, b) => a - b);

// The coverage.py reports are real: `coverage run [--branch] --source=pkg run.py` then `coverage json`
// on pkg/__init__.py (empty), pkg/empty.py (empty) and pkg/mod.py (f(1) runs lines 1, 2, 3, 7; 4 and 8 do not),
// with coverage.py 5.5, 6.5.0 and 7.9.2 (see cov-reports/README.md).
describe('coverage.py JSON shapes, 5.5 to 7.9', () => {
  it.each([
    ['coverage-py/5.5-lines.json', '5.5', null],
    ['coverage-py/6.5-lines.json', '6.5.0', null],
    ['coverage-py/6.5-branch.json', '6.5.0', { total: 2, covered: 1 }],
    ['coverage-py/7.9.2-lines.json', '7.9.2', null],
    ['coverage-py/7.9.2-branch.json', '7.9.2', { total: 2, covered: 1 }],
  ])('%s: 4 of 6 statements, line 0 of the empty files ignored, empty files 0 of 0', async (name, version, branches) => {
    const raw = await read(name);
    expect(raw.generator).toEqual({ name: 'coverage.py', version });
    expect(raw.notes).toEqual([]);
    expect(summary(raw)).toEqual([
      ['pkg/__init__.py', 0, 0],
      ['pkg/empty.py', 0, 0],
      ['pkg/mod.py', 4, 6],
    ]);
    expect(uncovered(file(raw, 'pkg/mod.py').lines)).toEqual([4, 8]);
    expect(file(raw, 'pkg/__init__.py').lines?.size).toBe(0);
    expect(file(raw, 'pkg/mod.py').branches).toEqual(branches);
  });

  it('coverage.py 7 functions (regions) become functions; the module-level "" region does not', async () => {
    const raw = await read('coverage-py/7.9.2-lines.json');
    expect(file(raw, 'pkg/mod.py').functions.map((f) => [f.name, f.startLine, f.endLine, f.hits])).toEqual([
      ['f', 2, 4, null],
      ['g', 8, 8, 0],
    ]);
  });

  it('a malformed file entry loses that file with a note, not the report', async () => {
    const raw = await read('coverage-py/6.5-one-malformed.json');
    expect(summary(raw)).toEqual([
      ['pkg/__init__.py', 0, 0],
      ['pkg/mod.py', 4, 6],
    ]);
    expect(raw.notes).toEqual(['coverage-py/6.5-one-malformed.json: file "pkg/empty.py" left out: it lacks executed_lines/missing_lines/summary']);
  });
});

describe('lcov shapes', () => {
  it('a record with functions only (no DA) has no measured line, keeps its functions, and says so', async () => {
    const raw = await read('lcov/function-only.lcov.info');
    expect(summary(raw)).toEqual([
      ['src/math.ts', 0, 0],
      ['src/strings.ts', 1, 2],
    ]);
    expect(file(raw, 'src/math.ts').functions.map((f) => [f.name, f.startLine, f.hits])).toEqual([
      ['add', 2, 1],
      ['divide', 10, 1],
      ['clamp', 17, 0],
    ]);
    expect(raw.notes).toEqual(['lcov/function-only.lcov.info: record of src/math.ts has functions only (no DA lines): no line is measured in it']);
  });

  it('lcov 2 FNL/FNA function records: start, end, hits and name', async () => {
    const raw = await read('lcov/lcov2-fnl.info');
    const math = file(raw, 'src/math.ts');
    expect([math.linesCovered, math.linesTotal]).toEqual([3, 9]);
    expect(math.functions.map((f) => [f.name, f.startLine, f.endLine, f.hits])).toEqual([
      ['add', 2, 4, 1],
      ['divide', 10, 15, 1],
      ['clamp', 17, 25, 0],
    ]);
  });

  it('a record with a malformed DA line is left out with a note; the other records count', async () => {
    const raw = await read('lcov/one-bad-record.lcov.info');
    expect(summary(raw)).toEqual([['src/math.ts', 2, 3]]);
    expect(raw.notes).toEqual(['lcov/one-bad-record.lcov.info: record of src/strings.ts left out: line 12: malformed DA record']);
  });
});

describe('istanbul shapes', () => {
  // Real: src/math.ts compiled by TypeScript to dist/math.js with a source map (sources: ../src/math.ts),
  // instrumented by istanbul-lib-instrument with that map as its input, then add(1, 2) and clamp(5, 0, 10) run.
  it('an entry with an inputSourceMap is mapped back to the original file: 5 of 6 lines, `return lo` (line 8) uncovered', async () => {
    const raw = await read('ts-dist.source-map.coverage-final.json');
    expect(summary(raw)).toEqual([['src/math.ts', 5, 6]]);
    const math = file(raw, 'src/math.ts');
    expect(uncovered(math.lines)).toEqual([8]);
    expect(math.functions.map((f) => [f.name, f.startLine, f.endLine, f.hits])).toEqual([
      ['add', 2, 4, 1],
      ['clamp', 6, 11, 1],
    ]);
    // `if (x < lo)` and `x > hi ? hi : x`: one arm of each taken.
    expect(math.branches).toEqual({ total: 4, covered: 2 });
    expect(raw.notes[0]).toMatch(/dist\/math\.js mapped to its original source/);
  });

  it('a malformed entry loses that file with a note; the other files count', async () => {
    const raw = await read('istanbul-one-malformed.coverage-final.json');
    expect(summary(raw).map(([p]) => p)).toEqual(['src/index.ts', 'src/math.ts']);
    expect(file(raw, 'src/math.ts').linesCovered).toBe(3);
    expect(raw.notes).toHaveLength(1);
    expect(raw.notes[0]).toMatch(/entry ".*strings\.ts" left out: not istanbul file coverage/);
  });
});

describe('Cobertura shapes', () => {
  it('a class with a malformed <line> loses its file with a note; the other files count', async () => {
    const raw = await read('cobertura-one-malformed.coverage.xml');
    expect(summary(raw)).toEqual([
      ['shapes/__init__.py', 3, 3],
      ['shapes/polygon.py', 11, 17],
    ]);
    expect(raw.notes).toEqual(['cobertura-one-malformed.coverage.xml: shapes/area.py left out: <line> without a valid number/hits']);
  });
});
