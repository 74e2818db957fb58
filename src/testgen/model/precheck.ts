/**
 * The pre-check of model-written test files: the candidate runs once, alone, with the
 * project's own runner in a private copy of the project (under the run's work directory,
 * so it is removed with it), contained like every run of project code (the copy and its own
 * scratch directory are the only writable places; the environment is scrubbed). A failure's
 * output goes back to the model.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { GenerationContext } from '../types.js';
import type { JsTestStyle } from '../js/style.js';
import { runContained } from '../../core/sandbox/index.js';
import type { RunnerSpec } from '../validate/run-tests.js';

/** A copy of the project the candidates run in, shared by the gaps of one run. */
export interface PrecheckSite {
  root: string;
  spec: RunnerSpec;
}

/** The outcome of one pre-check run. */
export interface PrecheckResult {
  passed: boolean;
  timedOut: boolean;
  output: string;
}

const LINKED = ['node_modules'];

/** Creates (once per run, memoised in `context.memo`) the copy of the project candidates run in. */
export function precheckSite(context: GenerationContext, style: JsTestStyle): Promise<PrecheckSite> {
  const key = 'model-js:precheck';
  const known = context.memo.get(key) as Promise<PrecheckSite> | undefined;
  if (known) return known;
  const made = (async (): Promise<PrecheckSite> => {
    const base = await fs.mkdtemp(path.join(context.workDir, 'model-precheck-'));
    const root = path.join(base, 'project');
    await fs.mkdir(path.join(base, 'home'), { recursive: true });
    for (const file of context.index.files) {
      const target = path.join(root, file.path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(file.absolutePath, target);
    }
    for (const name of LINKED) {
      const source = path.join(context.index.root, name);
      if (existsSync(source) && !existsSync(path.join(root, name)))
        await fs.symlink(source, path.join(root, name), 'dir');
    }
    const spec: RunnerSpec = { runner: style.runner };
    return { root, spec };
  })();
  context.memo.set(key, made);
  return made;
}

/** The command line of one file with the project's runner (no coverage). */
function commandFor(site: PrecheckSite, testFile: string): { command: string; args: string[] } {
  const bin = (name: string) => path.join(site.root, 'node_modules', '.bin', name);
  switch (site.spec.runner) {
    case 'vitest':
      return { command: bin('vitest'), args: ['run', testFile] };
    case 'jest':
      return { command: bin('jest'), args: ['--ci', '--watchAll=false', '--runTestsByPath', testFile] };
    case 'mocha':
      return { command: bin('mocha'), args: [testFile] };
    case 'ava':
      return { command: bin('ava'), args: [testFile] };
    default:
      return { command: process.execPath, args: ['--test', testFile] };
  }
}

/** The informative part of a runner's output: no stack frames, no summary counters, at most `max` characters. */
export function failureExcerpt(output: string, max = 3_000): string {
  const lines = output
    .split('\n')
    .filter(
      (l) =>
        !/^\s*at\s/.test(l) &&
        !/^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/.test(l) &&
        l.trim() !== '',
    );
  const text = lines.join('\n');
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * Runs `code` as `testFile` once, alone, in the pre-check copy; the file is removed afterwards.
 *
 * @example
 * const r = await precheck(site, 'test/parse.generated.test.js', code, context);
 * if (!r.passed) feedBack(r.output);
 */
export async function precheck(
  site: PrecheckSite,
  testFile: string,
  code: string,
  context: GenerationContext,
): Promise<PrecheckResult> {
  const file = path.join(site.root, testFile);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, code);
  try {
    const timeoutMs = Math.max(5_000, Math.min(60_000, context.deadline - Date.now()));
    const { command, args } = commandFor(site, testFile);
    const run = await runContained(command, args, {
      cwd: site.root,
      scratch: path.join(path.dirname(site.root), 'home'),
      writable: [site.root],
      env: {
        NODE_OPTIONS: `--max-old-space-size=${context.memoryMb}`,
        NODE_V8_COVERAGE: undefined,
        CI: '1',
        FORCE_COLOR: '0',
      },
      timeoutMs,
      signal: context.signal,
      maxOutputBytes: 256 * 1024,
    });
    const passed = run.exitCode === 0 && !run.timedOut && !run.aborted;
    const output = run.timedOut
      ? `timed out after ${Math.round(timeoutMs / 1000)}s`
      : failureExcerpt(`${run.stdout}\n${run.stderr}`);
    return { passed, timedOut: run.timedOut, output };
  } finally {
    await fs.rm(file, { force: true });
  }
}
