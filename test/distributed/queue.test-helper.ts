/**
 * Helpers of the distributed tests: a redis-server of the test's own on a unix socket in a
 * scratch directory (no persistence), stopped by pid; `empathy worker` child processes whose
 * stderr lines can be awaited; waiting for a condition with a generous bound (never a sleep
 * used as synchronisation).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../e2e/cli.test-helper.js';

const BIN = path.join(REPO, 'bin', 'empathy.js');

/** Why the distributed tests cannot run here, or null. */
export function redisMissing(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? null : 'redis-server is not installed (apt-get install redis-server)';
}

/** Waits until `check` returns a value (not undefined/false), polling every 50 ms, at most `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A process whose output lines are collected. */
export class Child {
  readonly lines: string[] = [];
  /** Everything written to stdout. */
  stdout = '';
  /** Everything written to stderr. */
  stderr = '';
  readonly exited: Promise<number | null>;
  constructor(readonly process: ChildProcess) {
    let buffer = '';
    const take = (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    process.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      take(chunk);
    });
    process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      take(chunk);
    });
    this.exited = new Promise((resolve) => process.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  }

  /** Resolves with the first line matching `pattern` (already seen or coming). */
  line(pattern: RegExp, timeoutMs = 120_000): Promise<string> {
    return waitFor(`a line matching ${pattern} from pid ${this.process.pid}`, () => this.lines.find((l) => pattern.test(l)), timeoutMs);
  }

  /** Sends `signal` to the process (by its pid). */
  kill(signal: NodeJS.Signals): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
  }
}

/** A redis-server of the test's own. */
export class RedisServer {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-redis-'));
  readonly socket = path.join(this.dir, 'redis.sock');
  readonly url = `redis+unix://${this.socket}`;
  #child: Child | undefined;

  /** Starts it and waits until it accepts connections. */
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', this.socket, '--save', '', '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'notice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = new Child(child);
    await this.#child.line(/ready to accept connections/i, 30_000);
  }

  /** Stops it by pid (SIGKILL: gone at once) and waits for its exit. */
  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#child?.exited;
  }

  /** Stops it and removes its directory. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Environment of the CLI processes: no colour, quiet logs. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', EMPATHY_LOG: 'error', ...extra };
}

/**
 * Starts `empathy worker` as a child process and waits until it listens. Its temporary
 * directories go to `<workspace>.tmp` (TMPDIR), beside the workspace in the test's scratch
 * directory: a worker the test kills with SIGKILL mid-job cannot remove them itself.
 */
export async function startWorkerProcess(queue: string, workspace: string, extra: string[] = []): Promise<Child> {
  const tmp = `${workspace}.tmp`;
  mkdirSync(tmp, { recursive: true });
  const child = new Child(
    spawn(process.execPath, [BIN, 'worker', '--queue', queue, '--workspace', workspace, ...extra], {
      cwd: REPO,
      env: cliEnv({ TMPDIR: tmp }),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  await child.line(/listening on/, 120_000);
  return child;
}

/** Starts the CLI (`empathy ...args`) as a child process (`env`: added to {@link cliEnv}). */
export function startCli(args: string[], cwd = REPO, env: Record<string, string> = {}): Child {
  return new Child(spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Runs the CLI to its end; returns exit code, stdout and stderr. */
export async function runCliChild(args: string[], cwd = REPO): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** Pids of live processes whose command line or working directory mentions `dir`. */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // not ours to read
      }
      if (cmdline.includes(dir) || cwd.startsWith(dir)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** A report without what differs between two runs of the same code: times and durations. */
export function withoutTimings(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key: string, v: unknown) =>
    /duration|timestamp|measured_at|_ms$|seconds|execution_time/i.test(key) ? undefined : v,
  );
}
