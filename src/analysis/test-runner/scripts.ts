/**
 * Finds the test-runner command inside a project's package.json scripts, as a maintainer reads
 * them: `npm test` -> `pretest` and `test`, following `npm run x`, `yarn x`, `pnpm x`,
 * `run-s`/`npm-run-all`, wrappers (`cross-env`, `npx`, `c8`, `nyc`, `VAR=value`); lint,
 * type-check, format, build and clean-up steps are recognised and left out.
 *
 * @module
 */
import { parseScript, type Word } from './shell-words.js';

/** What a step of a script does. */
export type StepKind = 'test' | 'lint' | 'type-check' | 'format' | 'build' | 'clean' | 'other';

/** A step of the script that is not run, with why. */
export interface SkippedStep {
  command: string;
  kind: StepKind;
  /** The script it came from (`test`, `pretest`, `lint`, ...). */
  script: string;
}

/** The test-runner command found in the scripts. */
export interface RunnerCommand {
  /** The runner's words, wrappers and variable assignments removed. */
  words: Word[];
  /** `VAR=value` assignments of the script (cross-env too). */
  env: Record<string, string>;
  /** A coverage wrapper the script put around the runner, with its own options. */
  wrapper: { tool: 'c8' | 'nyc'; args: string[] } | null;
  /** The script that holds it and its text. */
  script: string;
  text: string;
}

/** The outcome of reading the scripts. */
export interface ScriptReading {
  runner: RunnerCommand | null;
  /** Further test commands found after the first (not run; listed in the plan). */
  otherRunners: RunnerCommand[];
  skipped: SkippedStep[];
  /** A script that could not be parsed, with the reason. */
  unparsed: { script: string; reason: string }[];
}

const RUNNERS = new Set(['vitest', 'jest', 'mocha', '_mocha', 'ava', 'tap', 'tape', 'uvu', 'borp', 'jasmine', 'lab', 'qunit', 'playwright', 'cypress', 'karma', 'tsx', 'node', 'ts-node', 'bun', 'deno', 'zora', 'brittle', 'japa']);
const KINDS: [RegExp, StepKind][] = [
  [/^(eslint|oxlint|standard|xo|semistandard|tslint|biome|markdownlint|stylelint|ts-standard|lint-staged|publint|attw|knip|depcheck|madge|dependency-cruiser|license-checker|eclint|editorconfig-checker|ls-lint)$/, 'lint'],
  [/^(tsc|tsd|vue-tsc|check-dts|tsc-strict|type-coverage|flow)$/, 'type-check'],
  [/^(prettier|dprint)$/, 'format'],
  [/^(rimraf|del-cli|del|rm|shx|mkdirp|mkdir|cp|echo|true|cpy|cpx)$/, 'clean'],
  [/^(tsup|rollup|esbuild|webpack|babel|vite|swc|unbuild|microbundle|pkgroll|tshy|zshy|parcel|ncc|node-gyp|napi|gulp|grunt|make|tsdown|rolldown|ttsc)$/, 'build'],
];
const SCRIPT_KINDS: [RegExp, StepKind][] = [
  [/(^|:)(lint|eslint|standard|xo)(:|$)/, 'lint'],
  [/(^|:)(types?|typecheck|type-check|tsc|tsd|check-types|dts)(:|$)/, 'type-check'],
  [/(^|:)(format|prettier|fmt)(:|$)/, 'format'],
  [/(^|:)(build|compile|bundle|dist|prepare|prepublish|prepublishOnly)(:|$)/, 'build'],
  [/(^|:)(clean)(:|$)/, 'clean'],
];

const WRAPPER_BOOLEANS = /^--(all|check-coverage|100|clean|exclude-after-remap|skip-full|per-file|exclude-node-modules|allowExternal|allow-external|cache|no-[a-z-]+)$/;

const BUILD_SCRIPT = /(^|\/)(scripts?|tools|build)\/|(^|\/)(build|compile|bundle|lint|clean|prepare|gen|generate|copy|release|publish)[\w.-]*\.[cm]?[jt]s$/;

/** Index of the first word of the command a `c8`/`nyc` wrapper runs. */
function wrapperEnd(words: string[]): number {
  let i = 1;
  while (i < words.length && words[i]!.startsWith('-')) {
    const w = words[i]!;
    i += w.includes('=') || WRAPPER_BOOLEANS.test(w) || w === '--' ? 1 : 2;
  }
  return i;
}

/** The kind of a step from its program name (after wrappers). */
export function stepKind(program: string, args: string[]): StepKind {
  const name = program.replace(/^.*\//, '');
  if (name === 'tsc') return args.some((a) => a === '--noEmit' || a === '--noemit') ? 'type-check' : 'build';
  for (const [re, kind] of KINDS) if (re.test(name)) return kind;
  if (RUNNERS.has(name)) return 'test';
  return 'other';
}

function scriptKind(name: string): StepKind | null {
  for (const [re, kind] of SCRIPT_KINDS) if (re.test(name)) return kind;
  return null;
}

/** The script names `npm run x` / `yarn x` / `run-s a b` / `npm test` ask for, or null. */
function scriptsCalled(words: string[], scripts: Record<string, string>): string[] | null {
  const [cmd, ...rest] = words;
  const plain = rest.filter((w) => !w.startsWith('-'));
  if ((cmd === 'npm' || cmd === 'pnpm' || cmd === 'yarn' || cmd === 'bun') && (plain[0] === 'test' || plain[0] === 't')) return ['test'];
  if ((cmd === 'npm' || cmd === 'pnpm' || cmd === 'yarn' || cmd === 'bun') && (plain[0] === 'run' || plain[0] === 'run-script')) return plain[1] ? [plain[1]] : null;
  if ((cmd === 'yarn' || cmd === 'pnpm') && plain[0] && plain[0] in scripts) return [plain[0]];
  if (cmd === 'run-s' || cmd === 'run-p' || cmd === 'npm-run-all' || cmd === 'npm-run-all2' || cmd === 'concurrently') {
    const names: string[] = [];
    for (const pattern of plain.map((p) => p.replace(/^npm:/, '').replace(/^npm run /, ''))) {
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^:]*')}$`);
      names.push(...Object.keys(scripts).filter((s) => re.test(s)));
    }
    return names;
  }
  return null;
}

/**
 * Reads the scripts from `start` (default `test`), with its `pre`/`post` hooks.
 *
 * @example
 * readScripts({ test: 'npm run lint && mocha tests/*.js', lint: 'eslint .' }).runner?.words[0].text; // 'mocha'
 */
export function readScripts(scripts: Record<string, string>, start = 'test'): ScriptReading {
  const reading: ScriptReading = { runner: null, otherRunners: [], skipped: [], unparsed: [] };
  const seen = new Set<string>();
  type Inherited = { env: Record<string, string>; wrapper: RunnerCommand['wrapper'] };
  const visit = (name: string, depth: number, inherited: Inherited = { env: {}, wrapper: null }) => {
    const text = scripts[name];
    if (text === undefined || seen.has(name) || depth > 6) return;
    seen.add(name);
    const known = depth > 0 ? scriptKind(name) : null;
    if (known && known !== 'test') {
      reading.skipped.push({ command: text, kind: known, script: name });
      return;
    }
    const parsed = parseScript(text);
    if (!parsed.ok) {
      reading.unparsed.push({ script: name, reason: parsed.reason });
      return;
    }
    for (const command of parsed.commands) {
      if (command.joinedBy === '|' || command.joinedBy === '||') continue; // a reporter pipe or a fallback
      let words = command.words;
      // `NODE_ENV=test npm run unit`, `nyc npm test`: the variables and the wrapper reach the runner.
      const env: Record<string, string> = { ...inherited.env };
      let wrapper: RunnerCommand['wrapper'] = inherited.wrapper;
      for (;;) {
        const first = words[0]?.text ?? '';
        const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(first);
        if (assign) {
          env[assign[1]!] = assign[2]!;
          words = words.slice(1);
        } else if (first === 'cross-env' || first === 'npx' || first === 'env' || first === 'dotenv') {
          words = words.slice(1);
          while (first === 'npx' && words[0]?.text.startsWith('-')) words = words.slice(1);
          if (first === 'dotenv') words = words.slice(words.findIndex((w) => w.text === '--') + 1);
        } else if ((first === 'c8' || first === 'nyc') && !['report', 'check-coverage', 'merge', 'instrument'].includes(words[1]?.text ?? '')) {
          const cut = wrapperEnd(words.map((w) => w.text));
          wrapper = { tool: first, args: words.slice(1, cut).map((w) => w.text) };
          words = words.slice(cut);
        } else break;
      }
      const texts = words.map((w) => w.text);
      if (texts.length === 0) continue;
      const called = scriptsCalled(texts, scripts);
      if (called) {
        for (const callee of called) {
          visit(`pre${callee}`, depth + 1);
          visit(callee, depth + 1, { env, wrapper });
        }
        continue;
      }
      const kind = stepKind(texts[0]!, texts.slice(1));
      // `node file.js` is the tests unless the file is a build or tooling script.
      const isTest = kind === 'test' && !(texts[0] === 'node' && !texts.includes('--test') && texts.some((t) => BUILD_SCRIPT.test(t)));
      if (!isTest) {
        reading.skipped.push({ command: texts.join(' '), kind: kind === 'test' ? 'other' : kind, script: name });
        continue;
      }
      const runner: RunnerCommand = { words, env, wrapper, script: name, text };
      if (reading.runner) reading.otherRunners.push(runner);
      else reading.runner = runner;
    }
  };
  visit(`pre${start}`, 1);
  visit(start, 0);
  return reading;
}
