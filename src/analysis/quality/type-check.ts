/**
 * Type errors for the PREMIUM quality score: `tsc --noEmit -p <root>/tsconfig.json` with the
 * repository's own TypeScript when installed (else ours), and pyright or mypy for Python when
 * one is on PATH (type-check-python.ts). A check that cannot run properly is "not measured"
 * with the reason and the fix, never "0 errors": without installed dependencies tsc reports a
 * flood of TS2307, so it is not run at all then.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorMessage } from '../../errors.js';
import { runCommand } from '../../core/run-command.js';
import type { ProjectIndex } from '../../project/types.js';
import type { ToolUsed } from '../types.js';
import { checkPython } from './type-check-python.js';
import {
  DEFAULT_TYPE_CHECK_TIMEOUT_MS,
  unfinishedOutcome,
  type TypeCheckOptions,
  type TypeCheckOutcome,
} from './type-check-types.js';
import { explicitTsconfig } from './tsc-files.js';
import { dropOutsideRoot, isInsideRoot } from './type-files.js';
import { parseTscOutput } from './type-output.js';

export type { TypeCheckOptions, TypeCheckOutcome } from './type-check-types.js';
export type { TypeDiagnostic } from './type-output.js';

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
  if (!isInsideRoot('tsconfig.json', index.root)) {
    return {
      language,
      status: 'not_measured',
      reason: 'type errors: tsconfig.json is a symbolic link out of the repository (not read)',
      fix: 'replace the link with the file itself',
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TYPE_CHECK_TIMEOUT_MS;
  // The indexed root files only (tsc-files.ts): never a linked file from outside the repository.
  const explicit = await explicitTsconfig(index, tsconfig);
  const run = await runCommand(
    process.execPath,
    [compiler.tsc, '--noEmit', '-p', explicit?.config ?? tsconfig, '--pretty', 'false'],
    {
      cwd: index.root,
      signal: options.signal,
      timeoutMs,
    },
  ).finally(() => explicit?.dispose());
  const unfinished = unfinishedOutcome(language, 'tsc', run, timeoutMs);
  if (unfinished) return unfinished;
  const parsed = parseTscOutput(run.stdout + '\n' + run.stderr, index.root);
  // An import through a link can still bring in a file from outside: its errors are not shown.
  const outside = dropOutsideRoot(parsed.errors, index.root);
  parsed.errors = outside.kept;
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
  const notes = [
    explicit && explicit.leftOut.length > 0
      ? `${explicit.leftOut.length} file(s) of tsconfig.json not in the analysed set not given to tsc`
      : '',
    outside.dropped > 0 ? `${outside.dropped} error(s) in files outside the repository not counted` : '',
  ].filter(Boolean);
  return {
    language,
    status: 'measured',
    errors: parsed.errors,
    tool: compiler.tool,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
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
