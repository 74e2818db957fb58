/**
 * Runs an external program (test runner, linter, interpreter) as a child process with a
 * deadline, an AbortSignal, bounded output capture, and the whole process group killed on
 * timeout or abort, so a hung test command never outlives its agent.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ToolError } from '../errors.js';
import { getLogger } from './logger.js';

const log = getLogger('core.run-command');

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory (required: never default to the current directory by accident). */
  cwd: string;
  /** Extra environment variables, merged over `process.env` unless `replaceEnv` is set. */
  env?: Record<string, string | undefined>;
  /** Use `env` as the whole environment. */
  replaceEnv?: boolean;
  /** Deadline in milliseconds; the process group gets SIGTERM, then SIGKILL 2 s later. */
  timeoutMs?: number;
  /** Cancels the run like a timeout does. */
  signal?: AbortSignal;
  /** Bytes of stdout and of stderr kept (the rest is dropped, `truncated` says so). Default 16 MiB. */
  maxOutputBytes?: number;
  /** Text written to the child's stdin (stdin is closed otherwise). */
  input?: string;
  /** Called with each chunk of output as it arrives (e.g. to follow a test run's progress); the output is still collected. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

/** What {@link runCommand} returns. It only throws when the program cannot be started at all. */
export interface RunCommandResult {
  command: string;
  args: string[];
  /** Exit code, or null when the process was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  truncated: boolean;
  durationMs: number;
}

/**
 * Runs `command args` and collects its output.
 *
 * @throws ToolError when the program does not exist or cannot be spawned.
 * @example
 * const r = await runCommand('git', ['--version'], { cwd: '/tmp', timeoutMs: 5000 });
 * r.exitCode; // 0
 */
export function runCommand(
  command: string,
  args: string[],
  options: RunCommandOptions,
): Promise<RunCommandResult> {
  const started = performance.now();
  const limit = options.maxOutputBytes ?? 16 * 1024 * 1024;
  const env = options.replaceEnv ? options.env : { ...process.env, ...options.env };
  log.debug('spawn', { command, args, cwd: options.cwd });

  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve(emptyResult(command, args, started, { aborted: true }));
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // Decoders keep a character split across two chunks whole for `onOutput`.
    const outText = new StringDecoder('utf8');
    const errText = new StringDecoder('utf8');
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;

    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (process.platform !== 'win32') process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), 2000);
      killTimer.unref();
    };
    const deadline =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs)
        : undefined;
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (options.onOutput) options.onOutput(outText.write(chunk), 'stdout');
      if (outBytes + chunk.length <= limit) out.push(chunk);
      else truncated = true;
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (options.onOutput) options.onOutput(errText.write(chunk), 'stderr');
      if (errBytes + chunk.length <= limit) err.push(chunk);
      else truncated = true;
      errBytes += chunk.length;
    });
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (deadline) clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      const reason = error.code === 'ENOENT' ? 'not found (is it installed and on PATH?)' : error.message;
      reject(new ToolError(path.basename(command), `cannot run ${command}: ${reason}`, { cause: error }));
    });
    child.on('close', (exitCode, signal) => {
      if (deadline) clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Make sure no grandchild of a killed group survives.
      if (timedOut || aborted) killGroup('SIGKILL');
      const result: RunCommandResult = {
        command,
        args,
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        aborted,
        truncated,
        durationMs: performance.now() - started,
      };
      log.debug('exit', { command, exitCode, signal, timedOut, aborted, ms: Math.round(result.durationMs) });
      resolve(result);
    });
  });
}

function emptyResult(
  command: string,
  args: string[],
  started: number,
  flags: { aborted: boolean },
): RunCommandResult {
  return {
    command,
    args,
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    aborted: flags.aborted,
    truncated: false,
    durationMs: performance.now() - started,
  };
}

/**
 * Finds an executable on PATH (or checks an explicit path). Returns its absolute path or null.
 *
 * @example
 * findExecutable('bandit'); // '/usr/bin/bandit' or null
 */
export function findExecutable(name: string, envPath = process.env['PATH'] ?? ''): string | null {
  const candidates = name.includes(path.sep)
    ? [name]
    : envPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return path.resolve(candidate);
    } catch {
      // not here
    }
  }
  return null;
}
