import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../errors.js';
import { FIXTURES } from '../fixture-copy.test-helper.js';
import type { RawCoverage } from '../model.js';
import { detectFormat, readCoverageReport } from './index.js';

const REPORTS = path.join(FIXTURES, 'cov-reports');
const read = (name: string) => readCoverageReport(path.join(REPORTS, name), name);
const file = (raw: RawCoverage, reportPath: string) => raw.files.find((f) => f.reportPath === reportPath)!;
const uncovered = (lines: Map<number, number> | null) => [...(lines ?? [])].filter(([, h]) => h === 0).map(([l]) => l).sort((a, b) => a - b);

describe('coverage report readers (real reports of the fixture repos)', () => {
  it('istanbul coverage-final.json: statement lines, functions and branches per file', async () => {
    const raw = await read('ts-lib.coverage-final.json');
    expect(raw.format).toBe('istanbul');
    expect(raw.files.map((f) => f.reportPath).sort()).toEqual(['src/index.ts', 'src/math.ts', 'src/strings.ts']);
    const math = file(raw, 'src/math.ts');
    expect([math.linesTotal, math.linesCovered]).toEqual([9, 3]);
    expect(uncovered(math.lines)).toEqual([12, 18, 19, 21, 22, 24]);
    expect(math.functions.map((f) => [f.name, f.startLine, f.endLine, f.hits])).toEqual([
      ['add', 2, 4, 1],
      ['divide', 10, 15, 1],
      ['clamp', 17, 25, 0],
    ]);
    expect(math.branches).toEqual({ total: 6, covered: 1 });
    const strings = file(raw, 'src/strings.ts');
    expect([strings.linesTotal, strings.linesCovered]).toEqual([8, 1]);
    expect(uncovered(strings.lines)).toEqual([11, 13, 19, 22, 23, 24, 28]);
    expect(file(raw, 'src/index.ts').linesTotal).toBe(0);
  });

  it('coverage-summary.json: per-file totals, no line numbers, and says so', async () => {
    const raw = await read('ts-lib.coverage-summary.json');
    expect(raw.format).toBe('istanbul-summary');
    const math = file(raw, 'src/math.ts');
    expect([math.linesTotal, math.linesCovered, math.lines]).toEqual([9, 3, null]);
    expect(file(raw, 'src/strings.ts').linesCovered).toBe(1);
    expect(raw.notes[0]).toMatch(/no uncovered line numbers/);
  });

  it('lcov from vitest: DA lines and FN start lines', async () => {
    const raw = await read('ts-lib.lcov.info');
    const math = file(raw, 'src/math.ts');
    expect([math.linesTotal, math.linesCovered]).toEqual([9, 3]);
    expect(math.functions.map((f) => [f.name, f.startLine, f.endLine, f.hits])).toEqual([
      ['add', 2, null, 1],
      ['divide', 10, null, 1],
      ['clamp', 17, null, 0],
    ]);
  });

  it('lcov from node:test: every line listed (V8 style), BRDA branches', async () => {
    const raw = await read('js-lib.node-test.lcov.info');
    const parse = file(raw, 'lib/parse.js');
    expect([parse.linesTotal, parse.linesCovered]).toEqual([30, 19]);
    expect(parse.branches).toEqual({ total: 3, covered: 2 });
    expect(parse.functions.map((f) => [f.name, f.hits])).toEqual([
      ['parseDuration', 1],
      ['formatDuration', 0],
    ]);
    expect(file(raw, 'test/queue.test.js').linesTotal).toBe(18);
  });

  it('coverage.py json: line coverage from covered_lines/num_statements, not percent_covered', async () => {
    const raw = await read('py-pkg.coverage.json');
    expect(raw.format).toBe('coverage.py');
    expect(raw.generator).toEqual({ name: 'coverage.py', version: '6.5.0' });
    const area = file(raw, 'shapes/area.py');
    // percent_covered in the report is 72.73 (lines and branches mixed); lines alone are 7/9.
    expect([area.linesTotal, area.linesCovered]).toEqual([9, 7]);
    expect(uncovered(area.lines)).toEqual([9, 19]);
    expect(area.branches).toEqual({ total: 2, covered: 1 });
    const polygon = file(raw, 'shapes/polygon.py');
    expect([polygon.linesTotal, polygon.linesCovered]).toEqual([17, 11]);
    expect(uncovered(polygon.lines)).toEqual([19, 22, 23, 24, 25, 26]);
  });

  it('Cobertura from coverage.py: lines, condition-coverage branches, source roots', async () => {
    const raw = await read('py-pkg.coverage.xml');
    expect(raw.format).toBe('cobertura');
    expect(raw.sourceRoots).toEqual([FIXTURES]);
    const polygon = file(raw, 'shapes/polygon.py');
    expect([polygon.linesTotal, polygon.linesCovered]).toEqual([17, 11]);
    expect(polygon.branches).toEqual({ total: 4, covered: 2 });
    expect(file(raw, 'shapes/__init__.py').linesTotal).toBe(3);
  });

  it('Cobertura from istanbul: methods become functions', async () => {
    const raw = await read('ts-lib.cobertura-coverage.xml');
    const math = file(raw, 'src/math.ts');
    expect([math.linesTotal, math.linesCovered]).toEqual([9, 3]);
    expect(math.functions.map((f) => f.name)).toEqual(['add', 'divide', 'clamp']);
  });

  it.each([
    ['truncated.coverage-final.json', /not valid JSON \(truncated or corrupt\?\)/],
    ['wrong-schema.json', /no readable entry \(.*entry "reports" left out: not istanbul file coverage/],
    ['truncated.coverage.xml', /not well-formed XML/],
    ['truncated.lcov.info', /has no end_of_record \(truncated\?\)/],
  ])('%s -> one-line ToolError', async (name, message) => {
    const error = await read(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a coverage.json that is not coverage.py -> clear error; an empty file -> clear error', async () => {
    const text = readFileSync(path.join(REPORTS, 'wrong-schema.json'), 'utf8');
    expect(detectFormat('coverage.json', '{"meta": {"x": 1}}')).toBe('coverage.py');
    expect(detectFormat('coverage.json', text)).toBe('istanbul');
    await expect(readCoverageReport(path.join(REPORTS, 'README.md.missing'))).rejects.toThrow(/cannot read \(ENOENT\)/);
  });
});
