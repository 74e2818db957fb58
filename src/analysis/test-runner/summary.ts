/**
 * Reads how many tests ran, passed, failed and were skipped from a runner's own summary, and
 * the first useful error lines of a run in which no test executed.
 *
 * @module
 */
import { stripVTControlCharacters } from 'node:util';
import type { JsRunner, TestCounts } from './types.js';

const num = (text: string, re: RegExp): number | null => {
  let total: number | null = null;
  for (const m of text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')))
    total = (total ?? 0) + Number(m[1]);
  return total;
};

function finish(
  passed: number | null,
  failed: number | null,
  skipped: number | null,
  run: number | null = null,
): TestCounts {
  const total = run ?? (passed === null && failed === null ? null : (passed ?? 0) + (failed ?? 0));
  return {
    run: total,
    passed: passed ?? (total === null ? null : Math.max(0, total - (failed ?? 0))),
    failed: failed ?? (total === null ? null : 0),
    skipped: skipped ?? (total === null ? null : 0),
  };
}

/**
 * Parses the summary of `runner`'s output (stdout and stderr together).
 *
 * @example
 * parseTestCounts('mocha', '  3 passing (5ms)\n  1 failing'); // { run: 4, passed: 3, failed: 1, skipped: 0 }
 */
export function parseTestCounts(runner: JsRunner, output: string): TestCounts {
  const text = stripVTControlCharacters(output);
  // node:test (tap and spec reporters), also what tsx --test and borp print
  const nodeTests = /^(?:# |ℹ )tests\s+(\d+)$/m.exec(text);
  if (runner === 'node:test' || nodeTests) {
    if (!nodeTests) return finish(null, null, null);
    const last = (re: RegExp) => Number([...text.matchAll(re)].pop()?.[1] ?? 0);
    const skipped = last(/^(?:# |ℹ )(?:skipped|skip) (\d+)$/gm) + last(/^(?:# |ℹ )todo (\d+)$/gm);
    return {
      run: last(/^(?:# |ℹ )tests\s+(\d+)$/gm) - skipped,
      passed: last(/^(?:# |ℹ )pass\s+(\d+)$/gm),
      failed: last(/^(?:# |ℹ )fail\s+(\d+)$/gm),
      skipped,
    };
  }
  if (runner === 'jest') {
    const line = /^Tests:\s+(.*)$/m.exec(text)?.[1];
    if (!line) return finish(null, null, null);
    const part = (w: string) => Number(new RegExp(`(\\d+) ${w}`).exec(line)?.[1] ?? 0);
    return {
      run: part('total') - part('skipped') - part('todo'),
      passed: part('passed'),
      failed: part('failed'),
      skipped: part('skipped') + part('todo'),
    };
  }
  if (runner === 'vitest') {
    const line = /^\s*Tests\s+(.*\(\d+\))\s*$/m.exec(text)?.[1];
    if (!line) return finish(null, null, null);
    const part = (w: string) => Number(new RegExp(`(\\d+) ${w}`).exec(line)?.[1] ?? 0);
    const skipped = part('skipped') + part('todo');
    return {
      run: Number(/\((\d+)\)/.exec(line)?.[1] ?? 0) - skipped,
      passed: part('passed'),
      failed: part('failed'),
      skipped,
    };
  }
  if (runner === 'ava') {
    const passed = num(text, /^\s*(\d+) tests? passed/m);
    const failed = num(text, /^\s*(\d+) (?:tests? failed|uncaught exceptions?|unhandled rejections?)/m);
    const skipped = num(text, /^\s*(\d+) (?:tests? skipped|tests? todo|known failures?)/m);
    return finish(passed, failed, skipped);
  }
  if (runner === 'tap') {
    const total = /^# \{ total: (\d+)(?:, pass: (\d+))?(?:, fail: (\d+))?(?:, skip: (\d+))?/m.exec(text);
    if (total)
      return {
        run: Number(total[1]),
        passed: Number(total[2] ?? 0),
        failed: Number(total[3] ?? 0),
        skipped: Number(total[4] ?? 0),
      };
    // Raw TAP (tap 16 outside a terminal): the top-level points, one per test file.
    const points = [...text.matchAll(/^(not )?ok \d+\b(.*)$/gm)];
    if (points.length === 0) return finish(null, null, null);
    const skipped = points.filter((p) => /#\s*(SKIP|TODO)\b/i.test(p[2] ?? '')).length;
    const failed = points.filter((p) => p[1]).length;
    return { run: points.length - skipped, passed: points.length - skipped - failed, failed, skipped };
  }
  // mocha and anything printing mocha-style or tap-style (tape) summaries
  const passing = num(text, /^\s*(\d+) passing\b/m);
  if (passing !== null || /^\s*\d+ failing\b/m.test(text))
    return finish(passing ?? 0, num(text, /^\s*(\d+) failing\b/m), num(text, /^\s*(\d+) pending\b/m));
  return finish(
    num(text, /^# pass\s+(\d+)$/m),
    num(text, /^# fail\s+(\d+)$/m),
    num(text, /^# skip\s+(\d+)$/m),
  );
}

const NOISE =
  /^(npm (ERR!|error) (code|path|errno|A complete log|command|Lifecycle|Exit status)|at |\s*at |> |node:internal|Node\.js v\d|\^+$|[-=⎯─]+$)/;

/**
 * The first useful error lines of a failed run's output (for "no test executed" reports):
 * error and option lines first, stack frames and npm boilerplate left out.
 */
export function firstErrorLines(output: string, max = 3): string {
  const lines = stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !NOISE.test(l));
  const errors = lines.filter((l) =>
    /error|bad option|not found|cannot|unknown|invalid|no tests?|unexpected|failed|missing|ENOENT|EROFS/i.test(
      l,
    ),
  );
  return (errors.length > 0 ? errors : lines).slice(0, max).join(' | ').slice(0, 500);
}

/**
 * Names of failing tests in a runner's output (node:test and tap's TAP, mocha, jest, vitest, ava,
 * pytest), at most 10.
 *
 * @example
 * failingTestNames('not ok 3 - setup ran\n'); // ['setup ran']
 */
export function failingTestNames(output: string): string[] {
  const names = new Set<string>();
  const patterns = [
    /^\s*not ok \d+ - (.+?)(?:\s+#.*)?$/, // TAP: node:test, tap
    /^\s*\d+\) (.+)$/, // mocha
    /^\s*(?:×|✗|✖) (.+?)(?:\s+\d+ms)?$/, // vitest, ava, node:test spec
    /^\s*● (.+)$/, // jest
    /^\s*FAIL\s+(\S+ > .+)$/, // vitest summary
    /^FAILED (\S+::\S+)/, // pytest
  ];
  for (const line of output.split('\n')) {
    for (const pattern of patterns) {
      const m = pattern.exec(line);
      if (m?.[1]) names.add(m[1].trim());
    }
  }
  return [...names].slice(0, 10);
}
