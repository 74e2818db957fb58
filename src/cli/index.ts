/**
 * CLI entry: `empathy <command> [options]`. Wires the explicit command registry, global
 * flags and the mapping of errors to exit codes (ESLint's convention: 0 ok, 1 failed or
 * blocked, 2 usage, configuration or internal error; 130 interrupted). Commands are imported
 * lazily so `empathy --version` stays instant.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { EmpathyError, UserError, errorMessage } from '../errors.js';
import { addTraceSink, setLogLevel } from '../core/logger.js';
import { packageVersion } from '../core/package-paths.js';
import type { CliCommand, CliIO } from './types.js';

/** The explicit command registry: name -> summary and lazy loader. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  orchestrate: {
    summary: 'Run meta-orchestration workflows (run, release-prep, test-coverage)',
    load: async () => (await import('./commands/orchestrate.js')).orchestrateCommand,
  },
  compositions: {
    summary: 'List, show, delete or export the stored agent compositions',
    load: async () => (await import('./commands/compositions.js')).compositionsCommand,
  },
  worker: {
    summary: 'Run agents, fleet members and test-coverage modules from a Redis queue (--queue URL)',
    load: async () => (await import('./commands/worker.js')).workerCommand,
  },
  providers: {
    summary: 'Show the model provider, tier -> model map and prices; --ping tests each tier',
    load: async () => (await import('./commands/providers.js')).providersCommand,
  },
};

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: empathy <command> [options]',
    '',
    'Compose teams of agents for software-engineering tasks, run them, and check measured quality gates.',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    '  -h, --help     Show help (also: empathy <command> --help)',
    '  -V, --version  Print the version',
    '  --verbose      Log orchestration decisions and tool runs to stderr (same as EMPATHY_LOG=debug)',
    '  --trace FILE   Write every orchestration event as JSON lines to FILE (attach it to bug reports)',
    '',
    'Exit codes: 0 success / approved, 1 failed / blocked, 2 usage, configuration or internal error,',
    '130 interrupted.',
    '',
  ].join('\n');
}

/** The real process's IO. */
export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Runs the CLI and returns the exit code. Never throws and never calls `process.exit`.
 *
 * @example
 * const code = await main(['orchestrate', 'run', 'audit security', '--dry-run']);
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const verbose = argv.includes('--verbose');
  let args = argv.filter((arg) => arg !== '--verbose');
  if (verbose) setLogLevel('debug');
  let stopTrace: (() => void) | undefined;
  try {
    const traced = takeTraceOption(args);
    args = traced.args;
    if (traced.file) stopTrace = startTrace(traced.file);
    const [first, ...rest] = args;
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout(helpText());
      return first === undefined ? 2 : 0;
    }
    if (first === '-V' || first === '--version') {
      io.stdout(`${packageVersion() ?? 'unknown'}\n`);
      return 0;
    }
    const entry = COMMANDS[first];
    if (!entry) {
      if (first.startsWith('-')) throw new UserError(`unknown option ${first} (see: empathy --help)`);
      throw new UserError(`unknown command "${first}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`empathy: ${error.message}\n`);
      return 2;
    }
    // A tool that crashed, a provider that failed, a bug: exit 2, never 1 (1 is "blocked").
    io.stderr(`empathy: ${internalErrorLine(error)}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  } finally {
    stopTrace?.();
  }
}

/**
 * The one line printed for an error that is not a usage error (`--verbose` adds the stack).
 *
 * @example
 * internalErrorLine(new TypeError('x is undefined')); // 'internal error: x is undefined'
 */
export function internalErrorLine(error: unknown): string {
  const label = error instanceof EmpathyError ? '' : 'internal error: ';
  return `${label}${errorMessage(error).split('\n')[0]}`;
}

/** Removes `--trace FILE` / `--trace=FILE` from the arguments. */
function takeTraceOption(argv: string[]): { args: string[]; file: string | undefined } {
  const args: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--trace') {
      file = argv[++i];
      if (file === undefined || file.startsWith('-'))
        throw new UserError('--trace needs a file name, e.g. --trace trace.jsonl');
    } else if (arg.startsWith('--trace=')) {
      file = arg.slice('--trace='.length);
    } else {
      args.push(arg);
    }
  }
  return { args, file };
}

/** Writes every log event, whatever the level, as one JSON line to `file`. */
function startTrace(file: string): () => void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new UserError(`--trace ${file}: cannot write (${errorMessage(error)})`);
  }
  const remove = addTraceSink({ write: (event) => writeSync(fd, `${JSON.stringify(event)}\n`) });
  return () => {
    remove();
    closeSync(fd);
  };
}
