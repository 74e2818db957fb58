/**
 * Turns the runner command of a test script into the command to run here: the runner's own
 * arguments are kept (globs, `--require`, `--ui`, `--import`, `--config`, ...), except what this
 * environment cannot honour (Node flags this Node rejects, modules that are not installed,
 * watch modes, reporters that write into the repository, the project's own coverage options,
 * which ours replace), each removed with a note.
 *
 * @module
 */
import path from 'node:path';
import type { Word } from './shell-words.js';
import { isShellGlob } from './shell-words.js';
import { expandGlob, findBin, moduleAvailable, packageVersion, rejectedNodeFlags } from './environment.js';
import type { JsRunner, Neutralised } from './types.js';

/** The runner part of the plan, before coverage. */
export interface RunnerArgs {
  runner: JsRunner;
  command: string;
  args: string[];
  neutralised: Neutralised[];
  /** Test files named on the command line (globs expanded), or null when the runner finds them. */
  testFiles: string[] | null;
}

const LOADERS = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader']);
const NODE_VALUE_FLAGS = new Set([...LOADERS, '--test-reporter', '--test-reporter-destination', '--test-name-pattern', '--test-skip-pattern', '--conditions', '-C', '--env-file', '--input-type', '--stack-trace-limit', '--test-concurrency', '--test-timeout']);
const WATCH = /^(--watch|-w|--watchAll|--watch-path|--watch-files|--watch-ignore)(=|$)/;
const MOCHA_REPORTERS = new Set(['spec', 'dot', 'nyan', 'tap', 'landing', 'list', 'progress', 'json', 'json-stream', 'min', 'doc', 'xunit', 'markdown', 'html', 'base']);
const RUNNER_OF: Record<string, JsRunner> = { vitest: 'vitest', jest: 'jest', mocha: 'mocha', _mocha: 'mocha', ava: 'ava', tap: 'tap' };

/** The runner a command's first words name. */
export function runnerOf(words: string[]): JsRunner {
  const name = (words[0] ?? '').replace(/^.*\//, '');
  if (RUNNER_OF[name]) return RUNNER_OF[name]!;
  if ((name === 'node' || name === 'tsx') && words.includes('--test')) return 'node:test';
  return 'script';
}

/** Splits leading options with their values from the positional words (Node style). */
function nodeOptions(words: Word[]): { options: string[][]; rest: Word[] } {
  const options: string[][] = [];
  let i = 0;
  while (i < words.length && words[i]!.text.startsWith('-')) {
    const w = words[i]!.text;
    if (NODE_VALUE_FLAGS.has(w) && i + 1 < words.length) {
      options.push([w, words[i + 1]!.text]);
      i += 2;
    } else {
      options.push([w]);
      i += 1;
    }
  }
  return { options, rest: words.slice(i) };
}

/** Removes loader options whose module is not installed, noting each. */
function checkLoaders(options: string[][], cwd: string, neutralised: Neutralised[]): string[][] {
  return options.filter((o) => {
    const [flag, value] = o[0]!.includes('=') ? [o[0]!.split('=')[0]!, o[0]!.slice(o[0]!.indexOf('=') + 1)] : [o[0]!, o[1]];
    if (!LOADERS.has(flag) || value === undefined || moduleAvailable(value, cwd)) return true;
    neutralised.push({ item: o.join(' '), reason: `${value} is not installed` });
    return false;
  });
}

/** Expands the positional words that are globs (sh rules when unquoted; `always` for Node 20's --test). */
function expand(words: Word[], files: string[], always: boolean): string[] {
  return words.flatMap((w) => (isShellGlob(w) || (always && /[*?[]/.test(w.text)) ? expandGlob(w.text, files, !always) : [w.text]));
}

async function nodeArgs(words: Word[], cwd: string, files: string[], neutralised: Neutralised[]): Promise<{ args: string[]; testFiles: string[] }> {
  const { options, rest } = nodeOptions(words.slice(1));
  let kept = checkLoaders(options, cwd, neutralised).filter((o) => {
    const flag = o[0]!.split('=')[0]!;
    if (/^--(test-reporter|test-reporter-destination|experimental-test-coverage|test-coverage-)/.test(flag)) {
      neutralised.push({ item: o.join(' '), reason: 'reporters and coverage are set by the analyser (output read from stdout, coverage from NODE_V8_COVERAGE)' });
      return false;
    }
    return !WATCH.test(flag) || (neutralised.push({ item: o.join(' '), reason: 'watch mode never ends' }), false);
  });
  const rejected = await rejectedNodeFlags(kept.filter((o) => !LOADERS.has(o[0]!.split('=')[0]!)).map((o) => o.join('=')));
  for (const flag of rejected) neutralised.push({ item: flag, reason: `node ${process.versions.node} rejects it (node: bad option)` });
  kept = kept.filter((o) => !rejected.includes(o.join('=')));
  const testFiles = expand(rest, files, true);
  return { args: [...kept.flat(), ...testFiles], testFiles };
}

/**
 * Plans the runner part of a run from the runner command's words, in `cwd`.
 *
 * @example
 * await runnerArgs(words('mocha tests/*.js -r ./setup.js'), '/repo', ['tests/a.js', 'setup.js']);
 * // { runner: 'mocha', command: '/repo/node_modules/.bin/mocha', args: ['tests/a.js', '-r', './setup.js'], ... }
 */
export async function runnerArgs(words: Word[], cwd: string, files: string[]): Promise<RunnerArgs | { missing: string }> {
  const texts = words.map((w) => w.text);
  const runner = runnerOf(texts);
  const neutralised: Neutralised[] = [];
  const name = texts[0]!.replace(/^.*\//, '');
  if (name === 'node') {
    const { args, testFiles } = await nodeArgs(words, cwd, files, neutralised);
    return { runner, command: process.execPath, args, neutralised, testFiles: runner === 'node:test' && testFiles.length > 0 ? testFiles : null };
  }
  const bin = findBin(name, cwd);
  if (!bin) return { missing: name };
  let rest = words.slice(1);
  const kept: string[] = [];
  const drop = (item: string, reason: string) => neutralised.push({ item, reason });
  for (let i = 0; i < rest.length; i += 1) {
    const w = rest[i]!.text;
    const flag = w.split('=')[0]!;
    const value = w.includes('=') ? w.slice(w.indexOf('=') + 1) : rest[i + 1]?.text;
    const takesNext = !w.includes('=');
    if (WATCH.test(w) || (runner === 'vitest' && (w === 'watch' || w === 'dev') && i === 0)) {
      drop(w, 'watch mode never ends');
    } else if ((runner === 'vitest' || runner === 'jest') && /^--coverage/.test(flag)) {
      drop(w, 'the analyser sets the coverage options');
    } else if (/^--(outputFile|output-file)$/.test(flag)) {
      drop(w, 'writes into the repository, which the sandbox keeps read-only');
      if (takesNext) i += 1;
    } else if (LOADERS.has(flag) && value !== undefined && !moduleAvailable(value, cwd)) {
      drop(`${flag} ${value}`, `${value} is not installed`);
      if (takesNext) i += 1;
    } else if (runner === 'mocha' && (flag === '--reporter' || flag === '-R') && value && !MOCHA_REPORTERS.has(value) && !moduleAvailable(value, cwd)) {
      drop(`${flag} ${value}`, `reporter ${value} is not installed`);
      if (takesNext) i += 1;
    } else {
      kept.push(w);
    }
  }
  rest = rest.filter((r) => kept.includes(r.text));
  const positional = runner !== 'vitest' && runner !== 'jest';
  const args = positional ? expand(rest, files, false) : kept;
  if (runner === 'vitest' && args[0] !== 'run') args.unshift('run');
  if (runner === 'tap') {
    const major = Number((await packageVersion('tap', cwd))?.split('.')[0] ?? 0);
    args.push(major >= 18 ? '--disable-coverage' : '--no-coverage');
    drop('tap coverage', 'tap\'s own coverage (which fails a run under its threshold) is off; coverage comes from NODE_V8_COVERAGE');
  }
  // The test files the positional words name (quoted globs too, as the runner would expand them).
  const testFiles = positional
    ? args.flatMap((a, i) => (a.startsWith('-') || /^-(r|R|u|g)$|^--(require|import|ui|reporter|config|timeout|grep|loader|extension|spec)$/.test(args[i - 1] ?? '') ? [] : /[*?]/.test(a) ? expandGlob(a, files, false) : [path.normalize(a).split(path.sep).join('/')]))
      .filter((f) => files.includes(f))
    : null;
  return { runner, command: bin, args, neutralised, testFiles: testFiles && testFiles.length > 0 ? testFiles : null };
}
