/**
 * Runs the JS harness in a child process: exploration (greedy, coverage-guided calls) and
 * replay (the determinism check), contained (docs/security-model.md): under bubblewrap when it works,
 * always with the in-process guard (`fs-guard.cjs`) that refuses writes outside the run's own
 * box, child processes and the network, and with a scrubbed environment, a deadline and a V8
 * heap limit.
 *
 * The harness is `harness.cjs` beside this module (with its helpers `harness-*.cjs`). Layout of
 * one run: `<dir>/job.json`, `out.jsonl`, and `<dir>/box/cwd`, the
 * working directory, HOME and TMPDIR, holding an empty placeholder of every file of the project.
 * The guard allows writes under `<dir>/box` only, and deletes or overwrites only of what the
 * explored code created itself: a call that escapes the box (`'../..'`, `'/'`, an absolute path
 * elsewhere) or touches what was there (`'..'`, `'.'`, a placeholder such as `package.json`) is
 * refused and dropped. The validator runs kept tests with the same shape (`<scratch>/project`,
 * the project's files), so what a kept call may do there is what it was allowed to do here.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageFilePath } from '../../core/package-paths.js';
import { runContained, type Containment } from '../../core/sandbox/index.js';
import type { HarnessOutcome, HarnessTest, ObservedTest } from './harness-types.js';
import type { ValuePools } from './pools.js';

/** One harness job. */
export interface HarnessJob {
  file: string;
  kind: 'cjs' | 'esm';
  coverageRoot: string;
  budgetMs: number;
  maxCallsPerTarget: number;
  seed: number;
  hints: Record<string, Record<string, string>>;
  pools: ValuePools;
  sensitivePaths: string[];
  mode: 'explore' | 'replay';
  tests?: HarnessTest[];
  asyncTimeoutMs?: number;
  /** Deadline of the synchronous part of one call, in ms (default 250): a call past it is recorded as hung. */
  callDeadlineMs?: number;
  /** Calls mined from the README and docs: callee name (`f`, `.method`, `new Class`) -> argument lists. */
  docCalls?: Record<string, string[][]>;
  /** The names the docs give the module's default export (`const ms = require('ms')` -> `ms`). */
  defaultNames?: string[];
  /** The project's runner has fake timers: a call that waits on a timer is run again under the harness's virtual clock. */
  fakeTimers?: boolean;
}

/** What a harness run reported. */
export interface HarnessReport {
  tests: ObservedTest[];
  bugs: { access: string[]; args: string[]; error: { name: string | null; message: string | null } }[];
  replays: { index: number; outcome: HarnessOutcome }[];
  notes: string[];
  /** Calls dropped because the guard refused what they tried (target and what). */
  refused: string[];
  /** Calls stopped at the per-call deadline (target and arguments), skipped. */
  hung: string[];
  /** The child finished normally (false: killed at the deadline, crashed, or failed to load the module). */
  completed: boolean;
  /** The containment the child ran in (absent when parsed from text alone). */
  containment?: Containment;
}

/** The harness program (`harness.cjs`, beside this module in `src/` and, copied, in `dist/`). */
export function harnessPath(): string {
  return packageFilePath('testgen/js/harness.cjs');
}

/** The in-process guard loaded by the harness before the explored module. */
export function guardPath(): string {
  return packageFilePath('testgen/js/fs-guard.cjs');
}

let counter = 0;

/**
 * Runs one harness job under `workDir` and collects its JSON-lines output (also the partial
 * output of a child killed at its deadline).
 */
export async function runHarness(
  job: HarnessJob,
  options: {
    workDir: string;
    timeoutMs: number;
    memoryMb: number;
    signal: AbortSignal;
    mirror?: readonly string[];
    guard?: boolean;
    /** Run in this directory and leave it (a later run sees what this one left, as the validator's 3 runs do); the caller removes it. */
    reuseDir?: string;
  },
): Promise<HarnessReport> {
  counter += 1;
  const dir = options.reuseDir ?? path.join(options.workDir, `harness-${process.pid}-${counter}`);
  const box = path.join(dir, 'box');
  const cwd = path.join(box, 'cwd');
  await mirrorTree(cwd, options.mirror ?? []);
  const jobFile = path.join(dir, 'job.json');
  const outFile = path.join(dir, 'out.jsonl');
  const guard = options.guard === false ? {} : { guard: guardPath(), allowedDir: await fs.realpath(box) }; // false: benches only
  await fs.writeFile(jobFile, JSON.stringify({ ...job, ...guard }));
  await fs.writeFile(outFile, '');
  const run = await runContained(process.execPath, [`--max-old-space-size=${options.memoryMb}`, harnessPath(), jobFile, outFile], {
    cwd,
    scratch: cwd,
    writable: [dir],
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxOutputBytes: 64 * 1024,
  });
  const report = parseHarnessOutput(await fs.readFile(outFile, 'utf8').catch(() => ''));
  report.containment = run.containment;
  if (run.timedOut) report.notes.push(`stopped at the deadline after ${Math.round(run.durationMs)} ms (a call may hang)`);
  else if (!report.completed && run.exitCode !== 0) report.notes.push(`harness exited ${run.exitCode ?? run.signal}: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  if (!options.reuseDir) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  return report;
}

/** The most placeholders a working directory gets (a larger project mirrors its first files). */
const MIRROR_LIMIT = 5_000;

/**
 * Creates `cwd` with an empty placeholder of each relative path: the explored code's working
 * directory looks like the project's tree, whose files it may not delete or overwrite.
 */
export async function mirrorTree(cwd: string, paths: readonly string[]): Promise<void> {
  await fs.mkdir(cwd, { recursive: true });
  for (const rel of paths.slice(0, MIRROR_LIMIT)) {
    const file = path.join(cwd, rel);
    if (!file.startsWith(cwd + path.sep)) continue;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '', { flag: 'wx' }).catch(() => undefined); // a reused directory keeps what is there
  }
}

/** Paths that must not appear in asserted values (they differ between the generator's tree and the project). */
export function sensitivePaths(...paths: string[]): string[] {
  return [...new Set([...paths, os.tmpdir()].filter((p) => p.length > 4))];
}

/** Parses the JSON-lines output of a harness (JS or Python); a line cut by a kill is skipped. */
export function parseHarnessOutput(text: string): HarnessReport {
  const report: HarnessReport = { tests: [], bugs: [], replays: [], notes: [], refused: [], hung: [], completed: false };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut by a kill
    }
    switch (record['type']) {
      case 'test':
        report.tests.push({ test: record['test'] as HarnessTest, outcome: record['outcome'] as HarnessOutcome });
        break;
      case 'bug':
        report.bugs.push(record as unknown as HarnessReport['bugs'][number]);
        break;
      case 'replay':
        report.replays.push({ index: record['index'] as number, outcome: record['outcome'] as HarnessOutcome });
        break;
      case 'done':
        report.completed = true;
        break;
      case 'refused':
        report.refused.push(`${Array.isArray(record['access']) ? (record['access'] as unknown[]).join('.') : '?'}: ${String(record['what'])}`);
        break;
      case 'hung':
        report.hung.push(`${Array.isArray(record['access']) ? (record['access'] as unknown[]).join('.') : '?'}(${Array.isArray(record['args']) ? (record['args'] as unknown[]).join(', ') : ''})`);
        break;
      case 'load-error':
        report.notes.push(`module failed to load: ${String(record['message']).split('\n')[0]}`);
        break;
      case 'crash':
        report.notes.push(`harness crashed: ${String(record['message']).split('\n')[0]}`);
        break;
      default:
        if (typeof record['message'] === 'string') report.notes.push(record['message']);
    }
  }
  return report;
}
