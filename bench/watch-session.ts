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
  /** Resolves when run `n` has ended (its line printed); rejects if the process ends first. */
  ran(n: number): Promise<void>;
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
  const hasRun = (n: number) => new RegExp(`: run ${n} `).test(stderr);
  child.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-20_000);
    for (const waiter of waiters.filter((w) => hasRun(w.n))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
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
    ran: (n) =>
      new Promise((resolve, reject) => {
        if (hasRun(n)) return resolve();
        if (ended) return reject(new Error(`the watch process ended before run ${n}`));
        waiters.push({ n, resolve, reject });
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
