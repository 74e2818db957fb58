import { describe, expect, it } from 'vitest';
import type { ProjectFile } from '../../project/types.js';
import { functionGaps } from './figures.js';
import { judgeFreshness } from './measure.js';
import type { MeasuredFile } from './measure.js';

const file = (p: string, mtimeMs: number) => ({ path: p, mtimeMs }) as ProjectFile;

describe('judgeFreshness', () => {
  it('fresh only when the report is strictly newer than every source of the part', () => {
    expect(judgeFreshness(2000, [file('a.js', 1000), file('b.js', 1999)])).toMatchObject({ fresh: true, newest_source: 'b.js' });
    expect(judgeFreshness(2000, [file('a.js', 1000), file('b.js', 2000)])).toMatchObject({ fresh: false, newest_source: 'b.js' });
    expect(judgeFreshness(2000, [file('a.js', 3000)])).toEqual({
      fresh: false,
      measured_at: new Date(2000).toISOString(),
      newest_source: 'a.js',
      newest_source_at: new Date(3000).toISOString(),
    });
  });
});

describe('functionGaps', () => {
  const base: MeasuredFile = { path: 'a.js', lines: null, linesTotal: 0, linesCovered: 0, functions: [], branches: null };

  it('gives each uncovered line to the innermost function around it', () => {
    const gaps = functionGaps(
      {
        ...base,
        functions: [
          { name: 'outer', startLine: 1, endLine: 10, lines: null, hits: 1 },
          { name: 'inner', startLine: 3, endLine: 5, lines: null, hits: 0 },
        ],
      },
      [2, 4, 5, 9, 20],
    );
    expect(gaps.map((g) => [g.name, g.uncovered_lines])).toEqual([
      ['outer', [2, 9]],
      ['inner', [4, 5]],
    ]);
  });

  it('without end lines (lcov FN), a function runs up to the next one', () => {
    const gaps = functionGaps(
      {
        ...base,
        functions: [
          { name: 'first', startLine: 1, endLine: null, lines: null, hits: 1 },
          { name: 'second', startLine: 6, endLine: null, lines: null, hits: 0 },
        ],
      },
      [5, 6, 40],
    );
    expect(gaps.map((g) => [g.name, g.uncovered_lines, g.end_line])).toEqual([
      ['first', [5], null],
      ['second', [6, 40], null],
    ]);
  });
});
