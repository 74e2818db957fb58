import { describe, expect, it } from 'vitest';
import { failingTestNames } from './summary.js';

describe('failingTestNames', () => {
  it.each([
    ['TAP (node:test, tap)', 'ok 1 - a\nnot ok 2 - setup ran\n  ---\n', ['setup ran']],
    ['mocha', '  2 passing\n  1 failing\n\n  1) parser\n       handles empty input:\n', ['parser']],
    ['vitest', ' FAIL  src/a.test.ts > sum > adds\n', ['src/a.test.ts > sum > adds']],
    ['jest', '  ● sum › adds two numbers\n', ['sum › adds two numbers']],
    ['ava', '  ✘ [fail]: adds\n  ✖ parses dates\n', ['parses dates']],
    ['pytest', 'FAILED tests/test_a.py::test_add - assert 1 == 2\n', ['tests/test_a.py::test_add']],
    ['a passing run', 'ok 1 - a\n# pass 1\n# fail 0\n', []],
  ])('%s', (_name, output, names) => {
    expect(failingTestNames(output)).toEqual(names);
  });
});
