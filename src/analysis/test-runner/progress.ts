/**
 * Follows a test run's own progress from the runner's output as it arrives (for a live display
 * on a terminal): the runner's own words only, nothing added to its command line, so the run and
 * its figures are the same whether anyone watches or not.
 *
 * What each runner says while it runs (outside a terminal, as our runs see it):
 * - pytest: `collected N items`, then `[ 45%]` at the end of each progress line;
 * - node:test (TAP), tape, and tsx/borp: one `ok N - name` / `not ok N - name` point per test
 *   (a describe block's point carries `type: 'suite'` and is not counted);
 * - tap: one top-level point per test file;
 * - vitest: one line per finished test file, `✓ file (N tests)`;
 * - jest: one `PASS file` / `FAIL file` line per finished test file;
 * - mocha, ava: one `✔ name` line per passing test, `N) name` / `✘ name` per failing one.
 *
 * Only pytest says the total before the end; for the others the display shows what is done.
 *
 * @module
 */
import { stripVTControlCharacters } from 'node:util';

/** Where a test run is, as its runner said it so far. */
export interface TestProgress {
  /** Tests finished so far (null when the runner reports files, or only a percentage). */
  testsDone: number | null;
  /** Test files finished so far (runners that report per file). */
  filesDone: number | null;
  /** Tests the runner said it will run (pytest's `collected N items`), else null. */
  total: number | null;
  /** The runner's own percentage (pytest), else null. */
  percent: number | null;
}

/** Runners whose progress can be followed (the JS runners of the test-runner library, plus pytest and unittest). */
export type TestProgressRunner = 'vitest' | 'jest' | 'mocha' | 'node:test' | 'ava' | 'tap' | 'script' | 'pytest' | 'unittest' | 'no-tests';

/** A parser fed with output chunks; `feed` returns the progress when it changed, else null. */
export interface TestProgressParser {
  feed(text: string, stream: 'stdout' | 'stderr'): TestProgress | null;
}

type State = TestProgress & { summaryReached: boolean };
/** A rule applied to each complete line (and, for `partial` rules, to the line still being written). */
type LineRule = { partial?: boolean; apply(line: string, s: State): void };

const POINT = /^(\s*)(?:not )?ok \d+\b/;
const PYTEST_COLLECTED = /\bcollected (\d+) items?\b/;
const PYTEST_PERCENT = /\[\s*(\d{1,3})%\]\s*$/;

const count = (key: 'testsDone' | 'filesDone', s: State, by = 1) => {
  s[key] = (s[key] ?? 0) + by;
};

const RULES: Record<string, LineRule[]> = {
  pytest: [
    { partial: true, apply: (line, s) => void (PYTEST_COLLECTED.test(line) && (s.total = Number(PYTEST_COLLECTED.exec(line)![1]))) },
    {
      partial: true,
      apply: (line, s) => {
        const m = PYTEST_PERCENT.exec(line);
        if (m) s.percent = Math.max(s.percent ?? 0, Math.min(100, Number(m[1])));
      },
    },
  ],
  tapTests: [
    { apply: (line, s) => void (POINT.test(line) && count('testsDone', s)) },
    // A describe block (node:test) is a point too; its YAML block says so.
    { apply: (line, s) => void (/^\s+type: 'suite'\s*$/.test(line) && count('testsDone', s, -1)) },
  ],
  tapFiles: [{ apply: (line, s) => void (POINT.exec(line)?.[1] === '' && count('filesDone', s)) }],
  vitest: [
    {
      apply: (line, s) => {
        const m = /^\s*[✓❯×↓√]\s+\S.*?\((\d+) tests?\b/.exec(line);
        if (!m) return;
        count('filesDone', s);
        count('testsDone', s, Number(m[1]));
      },
    },
  ],
  jest: [{ apply: (line, s) => void (/^(PASS|FAIL)\s+\S/.test(line) && count('filesDone', s)) }],
  mocha: [
    { apply: (line, s) => void (/^\s*\d+ (passing|failing|pending)\b/.test(line) && (s.summaryReached = true)) },
    { apply: (line, s) => void (!s.summaryReached && /^\s+(?:[✔✓√]\s|\d+\) \S)/.test(line) && count('testsDone', s)) },
  ],
  ava: [{ apply: (line, s) => void (/^\s+(?:[✔✘✖]\s|- \[skip\])/.test(line) && count('testsDone', s)) }],
};

const RULES_OF: Record<TestProgressRunner, LineRule[]> = {
  pytest: RULES['pytest']!,
  'node:test': RULES['tapTests']!,
  script: RULES['tapTests']!,
  tap: RULES['tapFiles']!,
  vitest: RULES['vitest']!,
  jest: RULES['jest']!,
  mocha: RULES['mocha']!,
  ava: RULES['ava']!,
  unittest: [],
  'no-tests': [],
};

/**
 * A progress parser for `runner`'s output.
 *
 * @example
 * const parser = createTestProgressParser('pytest');
 * parser.feed('collected 120 items\n\ntests/test_a.py ....   [  3%]', 'stdout'); // { total: 120, percent: 3, ... }
 */
export function createTestProgressParser(runner: TestProgressRunner): TestProgressParser {
  const rules = RULES_OF[runner];
  const state: State = { testsDone: null, filesDone: null, total: null, percent: null, summaryReached: false };
  const pending = { stdout: '', stderr: '' };
  let shown = '';
  return {
    feed(text, stream) {
      if (rules.length === 0) return null;
      const lines = (pending[stream] + text).split(/\r?\n/);
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) {
        const plain = stripVTControlCharacters(line);
        for (const rule of rules) rule.apply(plain, state);
      }
      const partial = stripVTControlCharacters(pending[stream]);
      for (const rule of rules) if (rule.partial) rule.apply(partial, state);
      const { summaryReached: _, ...progress } = state;
      const key = JSON.stringify(progress);
      if (key === shown || Object.values(progress).every((v) => v === null)) return null;
      shown = key;
      return progress;
    },
  };
}

/**
 * One short phrase for a display, e.g. `tests 45% of 120`, `12 test files done (340 tests)`, `87 tests done`.
 *
 * @example
 * formatTestProgress({ testsDone: 87, filesDone: null, total: null, percent: null }); // '87 tests done'
 */
export function formatTestProgress(p: TestProgress): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (p.percent !== null) return `tests ${p.percent}%${p.total !== null ? ` of ${p.total}` : ''}`;
  if (p.filesDone !== null) return `${plural(p.filesDone, 'test file')} done${p.testsDone !== null ? ` (${plural(p.testsDone, 'test')})` : ''}`;
  if (p.testsDone !== null && p.total !== null) return `tests ${p.testsDone}/${p.total}`;
  if (p.testsDone !== null) return `${plural(p.testsDone, 'test')} done`;
  return p.total !== null ? `${plural(p.total, 'test')} collected` : '';
}
