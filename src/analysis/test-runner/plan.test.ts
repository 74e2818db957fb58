/**
 * The test-runner library's parts on their own: scripts read as a maintainer reads them, runner
 * summaries, first error lines, and Node flags probed against this Node.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { firstErrorLines, measuredFileSet, parseScript, parseTestCounts, readScripts, rejectedNodeFlags } from './index.js';
import { workflowEnv } from './evidence.js';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => fs.rm(d, { recursive: true, force: true })));
});

const runnerOf = (scripts: Record<string, string>, start?: string) => {
  const r = readScripts(scripts, start);
  return [r.runner?.words.map((w) => w.text).join(' ') ?? null, r.skipped.map((s) => `${s.kind}:${s.command}`)];
};

describe('readScripts', () => {
  it.each([
    [{ test: 'mocha tests/*.js' }, ['mocha tests/*.js', []]],
    [{ test: 'npm run lint && node --test test/', lint: 'eslint .' }, ['node --test test/', ['lint:eslint .']]],
    [{ test: 'tsc --noEmit && vitest run' }, ['vitest run', ['type-check:tsc --noEmit']]],
    [{ test: 'npm run build && npm run test:unit', build: 'tsc', 'test:unit': 'NODE_ENV=test jest --ci' }, ['jest --ci', ['build:tsc']]],
    [{ test: 'run-s lint test:*', lint: 'xo', 'test:node': 'c8 --include src ava' }, ['ava', ['lint:xo']]],
    [{ test: 'cross-env TZ=UTC npx mocha -r ts-node/register "test/**/*.ts"' }, ['mocha -r ts-node/register test/**/*.ts', []]],
    [{ test: 'prettier --check . && tap', pretest: 'npm run build', build: 'rollup -c' }, ['tap', ['build:rollup -c', 'format:prettier --check .']]],
    [{ test: 'node scripts/build.js && node test/index.js' }, ['node test/index.js', ['other:node scripts/build.js']]],
    [{ test: 'echo "Error: no test specified" && exit 1' }, [null, ['clean:echo Error: no test specified', 'other:exit 1']]],
  ])('%j -> runner %j', (scripts, expected) => {
    expect(runnerOf(scripts as Record<string, string>)).toEqual(expected);
  });

  it('keeps the variables of the script and the coverage wrapper with its options', () => {
    const r = readScripts({ test: 'NODE_ENV=test c8 --reporter=lcov --include src mocha' });
    expect([r.runner?.env, r.runner?.wrapper]).toEqual([{ NODE_ENV: 'test' }, { tool: 'c8', args: ['--reporter=lcov', '--include', 'src'] }]);
  });

  it('carries variables and a coverage wrapper into the scripts they run', () => {
    const r = readScripts({ 'test-ci': 'nyc --include lib npm test', test: 'NODE_ENV=test npm run unit', unit: 'mocha' }, 'test-ci');
    expect([r.runner?.words[0]?.text, r.runner?.env, r.runner?.wrapper]).toEqual(['mocha', { NODE_ENV: 'test' }, { tool: 'nyc', args: ['--include', 'lib'] }]);
  });

  it('parses quotes and refuses shell syntax it does not model', () => {
    const p = parseScript(`mocha 'test/**/*.js' --ui tdd`);
    expect(p.ok && p.commands[0]?.words).toEqual([{ text: 'mocha', quoted: false }, { text: 'test/**/*.js', quoted: true }, { text: '--ui', quoted: false }, { text: 'tdd', quoted: false }]);
    expect(parseScript('jest $(cat list)')).toEqual({ ok: false, reason: 'shell syntax "$" is not supported' });
  });
});

describe('parseTestCounts', () => {
  it.each([
    ['mocha', '  3 passing (5ms)\n  1 pending\n  2 failing\n', { run: 5, passed: 3, failed: 2, skipped: 1 }],
    ['node:test', '# tests 4\n# suites 0\n# pass 2\n# fail 1\n# cancelled 0\n# skipped 1\n# todo 0\n', { run: 3, passed: 2, failed: 1, skipped: 1 }],
    ['node:test', 'ℹ tests 2\nℹ pass 2\nℹ fail 0\nℹ skipped 0\nℹ todo 0\n', { run: 2, passed: 2, failed: 0, skipped: 0 }],
    ['jest', 'Tests:       1 failed, 1 skipped, 3 passed, 5 total\n', { run: 4, passed: 3, failed: 1, skipped: 1 }],
    ['vitest', ' Test Files  2 passed (2)\n      Tests  1 failed | 4 passed | 1 skipped (6)\n', { run: 5, passed: 4, failed: 1, skipped: 1 }],
    ['ava', '  ✔ a\n  - b\n  ─\n\n  1 test passed\n  1 test skipped\n', { run: 1, passed: 1, failed: 0, skipped: 1 }],
    ['tap', '# { total: 3, pass: 2, fail: 1 }\n', { run: 3, passed: 2, failed: 1, skipped: 0 }],
    ['tap', 'ok 1 - test/a.js # time=5ms\nnot ok 2 - test/b.js\nok 3 - test/c.js # SKIP\n1..3\n', { run: 2, passed: 1, failed: 1, skipped: 1 }],
    ['script', 'ok 1 should be equal\n\n1..1\n# tests 1045\n# pass  1045\n\n# ok\n', { run: 1045, passed: 1045, failed: 0, skipped: 0 }],
    ['mocha', 'Error: No test files found: "test"\n', { run: null, passed: null, failed: null, skipped: null }],
  ] as const)('%s summary', (runner, output, counts) => {
    expect(parseTestCounts(runner, output)).toEqual(counts);
  });
});

describe('firstErrorLines and Node flags', () => {
  it('keeps the runner error, drops stack frames and npm boilerplate', () => {
    const out = 'node: bad option: --experimental-test-isolation=none\nnpm error code 9\nnpm error A complete log of this run\n    at foo (x.js:1:1)\n';
    expect(firstErrorLines(out)).toBe('node: bad option: --experimental-test-isolation=none');
  });

  it('finds the flags this Node rejects by asking it', async () => {
    const bad = '--experimental-test-isolation=none';
    const rejected = await rejectedNodeFlags(['--enable-source-maps', bad, '--test-concurrency=1']);
    expect(rejected).toEqual(Number(process.versions.node.split('.')[0]) < 22 ? [bad] : []);
  });
});

describe('measuredFileSet', () => {
  const project = async (files: Record<string, string>, runner = 'mocha') => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-fileset-'));
    made.push(root);
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await fs.writeFile(path.join(root, file), text);
    }
    return measuredFileSet(await buildProjectIndex(root, { cache: false }), { runner, wrapper: null });
  };
  const code = 'module.exports = 1;\n';

  it('a top-level entry point without `files`: every source npm packs, never type tests, docs, bench or scripts', async () => {
    const set = await project({ 'package.json': '{"main":"index.js"}', 'index.js': code, 'lib/a.js': code, 'types/index.tst.ts': code, 'bench/b.js': code, 'scripts/release.js': code, 'docs/x.js': code, 'test/a.test.js': code });
    expect([set.files, set.configured]).toEqual([['index.js', 'lib/a.js'], false]);
  });

  it('`files` naming built output: traced back to src/', async () => {
    const set = await project({ 'package.json': '{"files":["dist","lib"]}', 'src/index.ts': 'export const a = 1;\n', 'lib/shim.cjs': code, 'deno.ts': code });
    expect([set.rule, set.files]).toEqual(['shipped sources (package.json files, built output traced to src/)', ['lib/shim.cjs', 'src/index.ts']]);
  });

  it('a shipped top-level file a release build writes (absent from the tree): its twin under src/, not every script', async () => {
    // dataloader: files = index.js (built from src/index.js by its release script, gitignored)
    const set = await project({ 'package.json': '{"main":"index.js","files":["index.js","index.d.ts","README.md"]}', 'src/index.js': code, 'src/__tests__/a.test.js': code, 'resources/watch.js': code, 'flow-typed/npm/jest.js': code });
    expect([set.rule, set.files]).toEqual(['shipped sources (package.json files, built output traced to src/)', ['src/index.js']]);
  });

  it("vitest: only the coverage block's own include/exclude, a spread in it skipped, a bare name excluding its directory", async () => {
    // As hono's vitest.config.ts: coverage has an exclude (with a spread of vitest's defaults and a
    // comment) but no include; a test project further down has `include` (test files, not coverage).
    const config = [
      "import { configDefaults, defineConfig } from 'vitest/config'",
      'export default defineConfig({',
      '  test: {',
      "    coverage: { enabled: true, reporter: ['json', 'text'],",
      "      exclude: [...(configDefaults.coverage.exclude ?? []), 'benchmarks', 'src/test-utils',",
      "        // types are compile-time only: their coverage can't be measured",
      "        'src/**/types.ts'],",
      '    },',
      "    projects: [{ test: { include: ['src/**/(*.)+(spec|test).+(ts|tsx|js)'], name: 'main' } }],",
      '  },',
      '})',
    ].join('\n');
    const ts = 'export const a = 1;\n';
    const set = await project({ 'package.json': '{"type":"module"}', 'vitest.config.ts': config, 'src/index.ts': ts, 'src/types.ts': ts, 'src/test-utils/setup.ts': ts, 'benchmarks/b.ts': ts, 'src/index.test.ts': ts }, 'vitest');
    expect([set.rule, set.files, set.include, set.exclude, set.configured]).toEqual(['vitest coverage.include/exclude in vitest.config.ts', ['src/index.ts'], [], ['benchmarks', 'src/test-utils', 'src/**/types.ts'], true]);
  });

  it('jest: collectCoverageFrom in jest.config.js', async () => {
    const config = "module.exports = { roots: ['test'], collectCoverageFrom: ['src/**/*.js', '!src/zone.js'] };\n";
    const set = await project({ 'package.json': '{}', 'jest.config.js': config, 'src/a.js': code, 'src/zone.js': code, 'lib/b.js': code }, 'jest');
    expect([set.rule, set.files]).toEqual(['jest collectCoverageFrom', ['src/a.js']]);
  });

  it("the project's own coverage configuration wins, and may name scripts/", async () => {
    const set = await project({ 'package.json': '{"main":"index.js","c8":{"include":["scripts/**","index.js"]}}', 'index.js': code, 'lib/a.js': code, 'scripts/tool.js': code });
    expect([set.rule, set.files, set.configured]).toEqual(['c8 config in package.json', ['index.js', 'scripts/tool.js'], true]);
  });
});

describe('workflowEnv', () => {
  const workflow = [
    'name: Test',
    'env:',
    '  LANG: en_US.utf8',
    '  TZ: UTC',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      NODE_ENV: production',
    '    steps:',
    '      - run: npm publish',
    '  build-and-test:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      TZ: America/New_York # the tests assume it',
    '      LIMIT_JEST: yes',
    '      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: lint',
    '        run: npm run lint',
    '        env: { NODE_ENV: lint }',
    '      - name: tests',
    '        run: npm run test',
    '        env:',
    "          NODE_ENV: 'test'",
    '      - run: npm run site',
  ].join('\n');

  it('takes the time zone, locale and NODE_ENV of the workflow, the job and the step that run the script, nothing else', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-workflow-'));
    made.push(root);
    await fs.mkdir(path.join(root, '.github', 'workflows'), { recursive: true });
    await fs.writeFile(path.join(root, '.github', 'workflows', 'test.yml'), workflow);
    expect(await workflowEnv(root, 'test')).toEqual({ env: { LANG: 'en_US.utf8', TZ: 'America/New_York', NODE_ENV: 'test' }, file: '.github/workflows/test.yml' });
    expect(await workflowEnv(root, 'lint')).toEqual({ env: { LANG: 'en_US.utf8', TZ: 'America/New_York', NODE_ENV: 'lint' }, file: '.github/workflows/test.yml' });
    expect(await workflowEnv(root, 'coverage')).toBeNull();
  });
});
