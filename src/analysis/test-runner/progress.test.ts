import { describe, expect, it } from 'vitest';
import { createTestProgressParser, formatTestProgress, type TestProgress, type TestProgressRunner } from './progress.js';

/** Feeds `chunks` (as the runner wrote them) and returns every progress reported. */
function follow(runner: TestProgressRunner, chunks: [string, 'stdout' | 'stderr'][]): TestProgress[] {
  const parser = createTestProgressParser(runner);
  return chunks.map(([text, stream]) => parser.feed(text, stream)).filter((p): p is TestProgress => p !== null);
}

const none = { testsDone: null, filesDone: null, total: null, percent: null };

// The chunks below are the real output of each runner on a small suite, chunked as it arrived
// through a pipe (captured with runContained's onOutput; durations shortened).
describe('createTestProgressParser', () => {
  it('pytest: the total from "collected N items", the percentage from each progress line, also before its newline', () => {
    const seen = follow('pytest', [
      ['============================= test session starts ==============================', 'stdout'],
      ['\nplatform linux -- Python 3.11.2, pytest-7.2.1, pluggy-1.0.0+repack\n', 'stdout'],
      ['collected 40 items', 'stdout'],
      ['\n\ntests/test_a.py ....................', 'stdout'],
      ['                     [ 50%]', 'stdout'],
      ['\ntests/test_b.py ....................                     [100%]\n\n===== 40 passed in 0.06s =====\n', 'stdout'],
    ]);
    expect(seen).toEqual([
      { ...none, total: 40 },
      { ...none, total: 40, percent: 50 },
      { ...none, total: 40, percent: 100 },
    ]);
    expect(seen.map(formatTestProgress)).toEqual(['40 tests collected', 'tests 50% of 40', 'tests 100% of 40']);
  });

  it('pytest -v: one percentage per test; no total when -q hides the collection line', () => {
    const seen = follow('pytest', [['tests/test_a.py::test_one PASSED    [ 33%]\ntests/test_a.py::test_two FAILED    [ 66%]\n', 'stdout']]);
    expect(seen).toEqual([{ ...none, percent: 66 }]);
    expect(formatTestProgress(seen[0]!)).toBe('tests 66%');
  });

  it('node:test TAP: every point counts once, describe blocks (type: suite) do not; the final count is the runner\'s "# tests"', () => {
    const seen = follow('node:test', [
      ['TAP version 13\n', 'stdout'],
      ['# Subtest: suite A\n', 'stdout'],
      ['    # Subtest: one\n    ok 1 - one\n', 'stdout'],
      ['      ---\n      duration_ms: 26.3\n      ...\n    # Subtest: two\n    ok 2 - two\n      ---\n      duration_ms: 0.3\n      ...\n    # Subtest: inner\n', 'stdout'],
      ['        # Subtest: three\n        ok 1 - three\n          ---\n          duration_ms: 0.2\n          ...\n        1..1\n', 'stdout'],
      ["    ok 3 - inner\n      ---\n      duration_ms: 0.4\n      type: 'suite'\n      ...\n    1..3\nok 1 - suite A\n  ---\n  duration_ms: 29.4\n  type: 'suite'\n  ...\n# Subtest: top\nok 2 - top\n  ---\n  duration_ms: 0.1\n  ...\n# Subtest: fails\nnot ok 3 - fails\n  ---\n  duration_ms: 0.4\n  error: 'x'\n  ...\n", 'stdout'],
      ['# Subtest: b1\n', 'stdout'],
      ['    # Subtest: sub\n', 'stdout'],
      ['    ok 1 - sub\n', 'stdout'],
      ['      ---\n      duration_ms: 17.1\n      ...\n', 'stdout'],
      ['    1..1\n', 'stdout'],
      ['ok 4 - b1\n', 'stdout'],
      ['1..4\n# tests 7\n# suites 2\n# pass 6\n# fail 1\n', 'stdout'],
    ]);
    expect(seen.map((p) => p.testsDone)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(formatTestProgress(seen.at(-1)!)).toBe('7 tests done');
  });

  it('vitest: one line per finished test file with its test count (colours stripped)', () => {
    const seen = follow('vitest', [
      ['\n\u001b[1m\u001b[30m\u001b[46m RUN \u001b[49m\u001b[39m\u001b[22m \u001b[36mv4.1.12 \u001b[39m\u001b[90m/tmp/x\u001b[39m\n', 'stdout'],
      [' \u001b[32m✓\u001b[39m test/math.test.ts \u001b[2m(\u001b[22m\u001b[2m3 tests\u001b[22m\u001b[2m)\u001b[22m\u001b[32m 84\u001b[2mms\u001b[22m\u001b[39m\n', 'stdout'],
      [' \u001b[31m❯\u001b[39m test/strings.test.ts \u001b[2m(\u001b[22m\u001b[2m5 tests\u001b[22m\u001b[2m | \u001b[22m\u001b[31m1 failed\u001b[39m\u001b[2m)\u001b[22m\n', 'stdout'],
      ['\n\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[32m1 passed\u001b[39m\u001b[22m\u001b[90m (2)\u001b[39m\n\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[32m7 passed\u001b[39m\u001b[22m\u001b[90m (8)\u001b[39m\n', 'stdout'],
    ]);
    expect(seen).toEqual([
      { ...none, filesDone: 1, testsDone: 3 },
      { ...none, filesDone: 2, testsDone: 8 },
    ]);
    expect(formatTestProgress(seen[1]!)).toBe('2 test files done (8 tests)');
  });

  it('jest: PASS / FAIL per finished test file on stderr; the summary is not counted', () => {
    const seen = follow('jest', [
      ['PASS __tests__/cart.test.js\n', 'stderr'],
      ['  ✓ total adds price x quantity (3 ms)\n  ✓ discount takes a percentage off\n\n', 'stderr'],
      ['FAIL __tests__/tax.test.js\n', 'stderr'],
      ['Test Suites: 1 failed, 1 passed, 2 total\nTests:       1 failed, 3 passed, 4 total\n', 'stderr'],
    ]);
    expect(seen.map((p) => p.filesDone)).toEqual([1, 2]);
    expect(formatTestProgress(seen[0]!)).toBe('1 test file done');
  });

  it('mocha: ✔ per passing test and "N) name" per failing one, until the summary (whose failure list is not counted again)', () => {
    const seen = follow('mocha', [
      ['\n\n  cart\n', 'stdout'],
      ['    \u001b[32m✔\u001b[39m total adds price x quantity\n    \u001b[32m✔\u001b[39m discount takes a percentage off\n', 'stdout'],
      ['    1) rounds to cents\n', 'stdout'],
      ['\n\n  2 passing (7ms)\n  1 failing\n\n  1) cart\n       rounds to cents:\n     AssertionError\n', 'stdout'],
    ]);
    expect(seen.map((p) => p.testsDone)).toEqual([2, 3]);
  });

  it('ava: ✔, ✘ and [skip] lines', () => {
    const seen = follow('ava', [['\n  - [skip] pop on empty (not written yet)\n', 'stdout'], ['  ✔ push then pop\n  ✘ [fail]: peek\n', 'stdout'], ['  ─\n\n  1 test passed\n', 'stdout']]);
    expect(seen.map((p) => p.testsDone)).toEqual([1, 3]);
  });

  it('tap: top-level points are test files; nested points are not counted', () => {
    const seen = follow('tap', [['TAP version 14\n# Subtest: test/a.js\n    ok 1 - parses\n    1..1\nok 1 - test/a.js # time=12ms\n', 'stdout'], ['not ok 2 - test/b.js # time=3ms\n', 'stdout']]);
    expect(seen.map((p) => p.filesDone)).toEqual([1, 2]);
  });

  it('says nothing for output without progress (a runner that does not report it, or unittest)', () => {
    expect(follow('unittest', [['..F.\n', 'stderr']])).toEqual([]);
    expect(follow('jest', [['Determining test suites to run...\n', 'stderr']])).toEqual([]);
  });
});
