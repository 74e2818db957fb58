/**
 * A `release-prep --watch` process for the benches (issue 16): started as a child of the bench,
 * it reports when each run ended (its stderr line `release-prep: run N ...`) and how much CPU it
 * has used so far (user + sys of the process, its threads and every child process it reaped,
 * from `/proc/<pid>/stat`: the same account as a one-shot run measured by its parent). The CPU
 * of the run after a change is the difference between two readings: before the file is written
 * and after the run's line.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ticksPerSecond } from './corpus.js';

/** A running watch process. */
export interface WatchSession {
  readonly pid: number;
  /**
   * Resolves when run `n` has ended with a report (its line says approved or blocked); rejects when
   * it failed, when the process ends first, or after `timeoutMs` (default 300 s).
   */
  ran(n: number, timeoutMs?: number): Promise<void>;
  /** CPU seconds used so far by the process and its reaped children, or null without /proc. */
  cpu(): number | null;
  /** Resident set of the process now (MiB), or null without /proc. */
  rssMib(): number | null;
  /** The last lines of its stderr. */
  stderr(): string;
  /** Ctrl-C (SIGINT); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node cli ...args` (args include `--watch`) with stdout ignored.
 *
 * @example
 * const session = startWatchSession('bin/empathy.js', ['orchestrate', 'release-prep', '--watch', '--path', dir], process.cwd());
 */
export function startWatchSession(cli: string, args: string[], cwd: string): WatchSession {
  const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let ended = false;
  const waiters: { n: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  const hasRun = (n: number) => new RegExp(`: run ${n} (approved|blocked) `).test(stderr);
  const failed = (n: number) => new RegExp(`: run ${n} (?!approved|blocked)`).test(stderr);
  child.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-20_000);
    for (const waiter of [...waiters]) {
      if (!hasRun(waiter.n) && !failed(waiter.n)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      if (hasRun(waiter.n)) waiter.resolve();
      else waiter.reject(new Error(`run ${waiter.n} gave no report: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      ended = true;
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the watch process ended (exit ${code}) before run ${waiter.n}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      resolve(code);
    }),
  );
  const stat = (): string[] | null => {
    try {
      const text = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  };
  return {
    pid: child.pid ?? -1,
    ran: (n, timeoutMs = 300_000) =>
      new Promise((resolve, reject) => {
        if (hasRun(n)) return resolve();
        if (failed(n)) return reject(new Error(`run ${n} gave no report: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
        if (ended) return reject(new Error(`the watch process ended before run ${n}`));
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`run ${n} did not end within ${timeoutMs / 1000} s: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
        }, timeoutMs);
        const waiter = {
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.push(waiter);
      }),
    cpu() {
      const fields = stat();
      // After the command name: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
      return fields ? (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticksPerSecond() : null;
    },
    rssMib() {
      try {
        const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kib === undefined ? null : Number(kib) / 1024;
      } catch {
        return null;
      }
    },
    stderr: () => stderr.trim().split('\n').slice(-3).join(' | '),
    stop() {
      if (!ended) child.kill('SIGINT');
      return exited;
    },
  };
}
