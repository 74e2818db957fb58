/**
 * The Python half of the PREMIUM type check: pyright or mypy, whichever is found on PATH
 * (`envPath`), run in the project root so it reads the repository's own settings.
 *
 * - Which checker: mypy when the repository configures mypy and not pyright (and mypy is on
 *   PATH); otherwise pyright when on PATH, else mypy.
 * - Which files: with a pyright config, or a mypy config that sets `files`, the checker's own
 *   settings decide (`include`/`exclude`, `files`); with a mypy config without `files`, mypy
 *   discovers `.` itself (its `exclude` applies); without settings, the index's Python files
 *   (on stdin for pyright; for mypy, a `.py` next to its `.pyi` stub is left to the stub, as
 *   mypy cannot take both). Both checkers follow symbolic links when they discover files, so
 *   when the tree has a link out of the root the index's files are given explicitly even with
 *   settings (their other settings still apply; a note says so), and diagnostics located
 *   outside the root are dropped in every case.
 * - mypy's display settings that would change its output (`pretty`, `show_error_end`) are
 *   overridden, and its cache is never written into the repository: it is kept incrementally in
 *   our cache directory (`mypy-cache.ts`; none with `--no-cache`), so after a change mypy
 *   re-checks only what the change affects, still asked about the whole tree.
 * - Unresolved imports are left out and counted in the note (the environment may lack them).
 * - A checker that cannot start, times out, exits abnormally, or checks no file gives
 *   "not measured" with the reason, never "0 errors".
 *
 * @module
 */
import { findExecutable, runCommand, type RunCommandResult } from '../../core/run-command.js';
import { errorMessage } from '../../errors.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import { linksOutOfRoot } from '../../project/outside-links.js';
import { mypyCacheFor, NO_MYPY_CACHE } from './mypy-cache.js';
import { findPythonTypeConfig, type PythonTypeConfig } from './type-check-config.js';
import { dropOutsideRoot, isInsideRoot } from './type-files.js';
import {
  DEFAULT_TYPE_CHECK_TIMEOUT_MS,
  unfinishedOutcome,
  type TypeCheckOptions,
  type TypeCheckOutcome,
} from './type-check-types.js';
import { parseMypyOutput, parsePyrightJson, type PythonTypeOutput } from './type-output.js';

const language = 'python';

/** mypy flags that keep its output in the one-line form the parser reads, whatever the config says. */
const MYPY_OUTPUT_FLAGS = [
  '--no-pretty',
  '--show-column-numbers',
  '--hide-error-end',
  '--show-error-codes',
  '--hide-error-context',
  '--no-color-output',
  '--no-error-summary',
];

/** Files pyright or mypy read their settings from in the project root. */
const PYTHON_SETTINGS_FILES = ['pyrightconfig.json', 'pyproject.toml', 'mypy.ini', '.mypy.ini', 'setup.cfg'];

interface PlannedRun {
  name: 'pyright' | 'mypy';
  command: string;
  args: string[];
  input?: string;
  /** The command as shown in a fix. */
  shown: string;
  /** The settings file the checker reads, when the repository has one. */
  settings: string | null;
}

/** The Python files to give mypy: a `.py` shadowed by its `.pyi` stub is left out. */
function mypyFiles(files: readonly ProjectFile[]): string[] {
  const stubs = new Set(files.filter((f) => f.path.endsWith('.pyi')).map((f) => f.path.slice(0, -1)));
  return files.map((f) => f.path).filter((p) => !stubs.has(p));
}

function planRun(
  files: readonly ProjectFile[],
  config: PythonTypeConfig,
  envPath: string,
  explicitFiles = false,
): PlannedRun | null {
  const pyright = findExecutable('pyright', envPath);
  const mypy = findExecutable('mypy', envPath);
  const preferMypy = config.mypy !== null && config.pyright === null;
  if (pyright && !(preferMypy && mypy)) {
    return config.pyright && !explicitFiles
      ? {
          name: 'pyright',
          command: pyright,
          args: ['--outputjson'],
          shown: 'pyright',
          settings: config.pyright,
        }
      : {
          name: 'pyright',
          command: pyright,
          args: ['--outputjson', '-'],
          input: files.map((f) => f.path).join('\n') + '\n',
          shown: 'pyright <the Python files>',
          settings: config.pyright,
        };
  }
  if (!mypy) return null;
  const settings = config.mypy?.file ?? null;
  if (config.mypy?.setsFiles && !explicitFiles)
    return { name: 'mypy', command: mypy, args: MYPY_OUTPUT_FLAGS, shown: 'mypy', settings };
  if (config.mypy && !explicitFiles)
    return { name: 'mypy', command: mypy, args: [...MYPY_OUTPUT_FLAGS, '.'], shown: 'mypy .', settings };
  return {
    name: 'mypy',
    command: mypy,
    args: [...MYPY_OUTPUT_FLAGS, ...mypyFiles(files)],
    shown: 'mypy <the Python files>',
    settings,
  };
}

/** The line of a failed run that says what went wrong: its first `error` line, else its last line. */
function problemLine(run: RunCommandResult): string {
  const text = run.stderr.trim() ? run.stderr : run.stdout;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /\berror\b/i.test(l)) ?? lines.at(-1) ?? 'no output';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

async function mypyVersion(command: string, cwd: string): Promise<string | null> {
  const run = await runCommand(command, ['--version'], { cwd, timeoutMs: 30_000 }).catch(() => null);
  return /(\d+\.\d+(?:\.\d+)?)/.exec(run?.stdout ?? '')?.[1] ?? null;
}

/** What the output of a finished run says, or why it cannot be counted. */
function readRun(plan: PlannedRun, run: RunCommandResult, root: string) {
  const failed = (what: string) => ({ problem: `${plan.name} ${what}` }) as const;
  if (run.exitCode !== 0 && run.exitCode !== 1) {
    const exit =
      run.exitCode === null ? `was killed (${run.signal ?? 'signal'})` : `exited with code ${run.exitCode}`;
    return failed(`${exit}: ${problemLine(run)}`);
  }
  if (run.truncated) return failed('printed more output than is kept (16 MiB)');
  const parsed: (PythonTypeOutput & { filesAnalyzed?: number | null; version?: string | null }) | null =
    plan.name === 'pyright' ? parsePyrightJson(run.stdout, root) : parseMypyOutput(run.stdout, root);
  if (parsed === null) return failed(`printed no readable JSON report: ${problemLine(run)}`);
  if (run.exitCode === 1 && parsed.errors.length + parsed.unresolvedImports === 0)
    return failed(`reported errors that could not be read: ${problemLine(run)}`);
  if (parsed.filesAnalyzed === 0)
    return failed(`found no Python file to check${run.stderr.trim() ? `: ${problemLine(run)}` : ''}`);
  return { parsed } as const;
}

/**
 * Type-checks the project's Python files with pyright or mypy (see the module comment).
 *
 * @example
 * const outcome = await checkPython(index, { envPath: process.env.PATH });
 * if (outcome.status === 'measured') outcome.errors.length;
 */
export async function checkPython(index: ProjectIndex, options: TypeCheckOptions): Promise<TypeCheckOutcome> {
  const files = index.byLanguage('python');
  if (files.length === 0) return { language, status: 'not_applicable', reason: 'no Python files' };
  // The checkers read these settings files themselves: never through a link out of the root.
  const linkedConfig = PYTHON_SETTINGS_FILES.find((f) => !isInsideRoot(f, index.root));
  if (linkedConfig) {
    return {
      language,
      status: 'not_measured',
      reason: `type errors: ${linkedConfig} is a symbolic link out of the repository (not read)`,
      fix: 'replace the link with the file itself',
    };
  }
  const config = findPythonTypeConfig(index.root);
  // The checkers follow links when they discover files themselves: not with a link out of the root.
  const links = config.pyright || config.mypy ? await linksOutOfRoot(index.root, 10, options.signal) : [];
  const plan = planRun(files, config, options.envPath ?? process.env['PATH'] ?? '', links.length > 0);
  if (!plan) {
    return {
      language,
      status: 'not_measured',
      reason: 'type errors: no Python type checker (pyright or mypy) on PATH',
      fix: 'install pyright (`npm install -g pyright`) or mypy (`pip install mypy`), or use the CAPABLE tier',
    };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TYPE_CHECK_TIMEOUT_MS;
  let run: RunCommandResult;
  let version: string | null = null;
  try {
    if (plan.name === 'mypy') {
      version = await mypyVersion(plan.command, index.root);
      const cache = await mypyCacheFor(index, files, {
        command: plan.command,
        version,
        settings: plan.settings,
        flags: MYPY_OUTPUT_FLAGS,
        timeoutMs,
      });
      const cacheFlags =
        cache.dir === NO_MYPY_CACHE
          ? [`--cache-dir=${cache.dir}`]
          : ['--incremental', `--cache-dir=${cache.dir}`];
      try {
        run = await runCommand(plan.command, [...cacheFlags, ...plan.args], {
          cwd: index.root,
          signal: options.signal,
          timeoutMs,
        });
      } finally {
        await cache.release();
      }
    } else {
      run = await runCommand(plan.command, plan.args, {
        cwd: index.root,
        signal: options.signal,
        timeoutMs,
        ...(plan.input !== undefined ? { input: plan.input } : {}),
      });
    }
  } catch (error) {
    return {
      language,
      status: 'not_measured',
      reason: `type errors: ${plan.name} could not be started: ${errorMessage(error)}`,
      fix: `reinstall ${plan.name}, or take the broken ${plan.command} off PATH`,
    };
  }
  const unfinished = unfinishedOutcome(language, plan.name, run, timeoutMs);
  if (unfinished) return unfinished;
  const read = readRun(plan, run, index.root);
  if ('problem' in read) {
    return {
      language,
      status: 'not_measured',
      reason: `type errors: ${read.problem}`,
      fix: `make \`${plan.shown}\` run in the repository root${plan.settings ? ` (settings: ${plan.settings})` : ''}`,
    };
  }
  const { parsed } = read;
  const outside = dropOutsideRoot(parsed.errors, index.root);
  const errors = [...outside.kept].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  const note = [
    plan.settings ? `settings from ${plan.settings}` : '',
    links.length > 0
      ? `the indexed Python files were checked, not the files of its settings: the tree has links out of the root (${links.join(', ')})`
      : '',
    outside.dropped > 0 ? `${outside.dropped} error(s) in files outside the repository not counted` : '',
    parsed.note ?? '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    language,
    status: 'measured',
    errors,
    tool: { name: plan.name, version: plan.name === 'pyright' ? (parsed.version ?? null) : version },
    ...(note ? { note } : {}),
  };
}
