/**
 * Type errors for the PREMIUM quality score: `tsc --noEmit -p <root>/tsconfig.json` with the
 * repository's own TypeScript when installed (else ours), and pyright or mypy for Python when
 * one is on PATH. A check that cannot run properly is "not measured" with the reason and the
 * fix, never "0 errors": without installed dependencies tsc reports a flood of TS2307, so it
 * is not run at all then.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorMessage } from '../../errors.js';
import { findExecutable, runCommand } from '../../core/run-command.js';
import type { ProjectIndex } from '../../project/types.js';
import type { ToolUsed } from '../types.js';
import { parseMypyOutput, parsePyrightJson, parseTscOutput, type TypeDiagnostic } from './type-output.js';

export type { TypeDiagnostic } from './type-output.js';

/** The outcome of one type checker (TypeScript or Python). */
export type TypeCheckOutcome =
  | {
      language: 'typescript' | 'python';
      status: 'measured';
      errors: TypeDiagnostic[];
      tool: ToolUsed;
      note?: string;
    }
  | { language: 'typescript' | 'python'; status: 'not_measured'; reason: string; fix: string }
  | { language: 'typescript' | 'python'; status: 'not_applicable'; reason: string };

/** Options of {@link checkTypes}. */
export interface TypeCheckOptions {
  signal?: AbortSignal;
  /** Deadline of each checker run, default 300 s. */
  timeoutMs?: number;
  /** PATH used to look for pyright and mypy (default `process.env.PATH`). */
  envPath?: string;
}

const require = createRequire(import.meta.url);

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** True when package.json declares dependencies, so they must be installed for tsc to be meaningful. */
function declaresDependencies(root: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some(
      (key) => Object.keys((manifest[key] as Record<string, unknown> | undefined) ?? {}).length > 0,
    );
  } catch {
    return false;
  }
}

function typescriptCompiler(root: string): { tsc: string; tool: ToolUsed } {
  const own = path.join(root, 'node_modules', 'typescript');
  const base = existsSync(path.join(own, 'bin', 'tsc'))
    ? own
    : path.dirname(require.resolve('typescript/package.json'));
  const version =
    (JSON.parse(readFileSync(path.join(base, 'package.json'), 'utf8')) as { version?: string }).version ??
    null;
  return {
    tsc: path.join(base, 'bin', 'tsc'),
    tool: { name: base === own ? 'tsc (project)' : 'tsc', version },
  };
}

async function checkTypeScript(index: ProjectIndex, options: TypeCheckOptions): Promise<TypeCheckOutcome> {
  const language = 'typescript';
  const tsconfig = path.join(index.root, 'tsconfig.json');
  const hasTs = index.byLanguage('typescript').length > 0;
  if (!existsSync(tsconfig)) {
    if (!hasTs)
      return { language, status: 'not_applicable', reason: 'no TypeScript files and no tsconfig.json' };
    return {
      language,
      status: 'not_measured',
      reason: 'type errors: no tsconfig.json at the project root',
      fix: 'add a tsconfig.json at the project root (type checking uses the repository’s own settings)',
    };
  }
  if (declaresDependencies(index.root) && !isDirectory(path.join(index.root, 'node_modules'))) {
    return {
      language,
      status: 'not_measured',
      reason: 'type errors: dependencies not installed (no node_modules)',
      fix: `install the dependencies first (e.g. \`npm ci\` in ${index.root}), then run again`,
    };
  }
  let compiler: ReturnType<typeof typescriptCompiler>;
  try {
    compiler = typescriptCompiler(index.root);
  } catch (error) {
    return {
      language,
      status: 'not_measured',
      reason: `type errors: TypeScript not found (${errorMessage(error)})`,
      fix: 'install typescript',
    };
  }
  const timeoutMs = options.timeoutMs ?? 300_000;
  const run = await runCommand(
    process.execPath,
    [compiler.tsc, '--noEmit', '-p', tsconfig, '--pretty', 'false'],
    {
      cwd: index.root,
      signal: options.signal,
      timeoutMs,
    },
  );
  if (run.timedOut || run.aborted) {
    return {
      language,
      status: 'not_measured',
      reason: `type errors: tsc ${run.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : 'was aborted'}`,
      fix: 'run again with a longer deadline',
    };
  }
  const parsed = parseTscOutput(run.stdout + '\n' + run.stderr, index.root);
  // Errors located in a JSON file are tsconfig problems: the check itself is broken.
  const configErrors = [
    ...parsed.globalErrors,
    ...parsed.errors
      .filter((e) => e.file.endsWith('.json'))
      .map((e) => `${e.file}(${e.line},${e.column}): ${e.code}: ${e.message}`),
  ];
  if (run.exitCode !== 0 && (configErrors.length > 0 || parsed.errors.length === 0)) {
    const reason =
      configErrors[0] ??
      ((run.stderr || run.stdout).trim().split('\n').at(-1) || `exit code ${run.exitCode}`);
    return {
      language,
      status: 'not_measured',
      reason: `type errors: tsc could not check the project: ${reason}`,
      fix: 'make `tsc --noEmit -p tsconfig.json` run in the repository',
    };
  }
  return { language, status: 'measured', errors: parsed.errors, tool: compiler.tool };
}

async function checkPython(index: ProjectIndex, options: TypeCheckOptions): Promise<TypeCheckOutcome> {
  const language = 'python';
  const files = index.byLanguage('python');
  if (files.length === 0) return { language, status: 'not_applicable', reason: 'no Python files' };
  const envPath = options.envPath ?? process.env['PATH'] ?? '';
  const timeoutMs = options.timeoutMs ?? 300_000;
  const pyright = findExecutable('pyright', envPath);
  const mypy = pyright ? null : findExecutable('mypy', envPath);
  if (!pyright && !mypy) {
    return {
      language,
      status: 'not_measured',
      reason: 'type errors: no Python type checker (pyright or mypy) on PATH',
      fix: 'install pyright (`npm install -g pyright`) or mypy (`pip install mypy`), or use the CAPABLE tier',
    };
  }
  const command = (pyright ?? mypy) as string;
  const args = pyright
    ? ['--outputjson', ...files.map((f) => f.path)]
    : [
        '--ignore-missing-imports',
        '--no-error-summary',
        '--show-column-numbers',
        '--hide-error-context',
        '--no-color-output',
        '--show-error-codes',
        ...files.map((f) => f.path),
      ];
  const run = await runCommand(command, args, { cwd: index.root, signal: options.signal, timeoutMs });
  if (run.timedOut || run.aborted) {
    return {
      language,
      status: 'not_measured',
      reason: `type errors: ${path.basename(command)} did not finish`,
      fix: 'run again with a longer deadline',
    };
  }
  const versionRun = await runCommand(command, ['--version'], { cwd: index.root, timeoutMs: 30_000 }).catch(
    () => null,
  );
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(versionRun?.stdout ?? '')?.[1] ?? null;
  const tool = { name: pyright ? 'pyright' : 'mypy', version };
  const outcome: { errors: TypeDiagnostic[]; note?: string } | null = pyright
    ? parsePyrightJson(run.stdout, index.root)
    : parseMypyOutput(run.stdout, index.root);
  if (outcome === null || (run.exitCode !== 0 && run.exitCode !== 1)) {
    const tail = (run.stderr || run.stdout).trim().split('\n').at(-1) ?? '';
    return {
      language,
      status: 'not_measured',
      reason: `type errors: ${tool.name} failed (exit ${run.exitCode}): ${tail}`,
      fix: `make \`${tool.name}\` run in the repository`,
    };
  }
  return {
    language,
    status: 'measured',
    errors: outcome.errors,
    tool,
    ...(outcome.note ? { note: outcome.note } : {}),
  };
}

/**
 * Runs the type checkers that apply to the project (TypeScript, Python).
 *
 * @example
 * const outcomes = await checkTypes(index);
 * outcomes.filter((o) => o.status === 'measured').flatMap((o) => o.errors).length;
 */
export async function checkTypes(
  index: ProjectIndex,
  options: TypeCheckOptions = {},
): Promise<TypeCheckOutcome[]> {
  return Promise.all([checkTypeScript(index, options), checkPython(index, options)]);
}
