/**
 * Runs the JS harness in a child process: exploration (greedy, coverage-guided calls) and
 * replay (the determinism check). The child runs with its working directory in a fresh
 * temporary folder, a deadline and a V8 heap limit.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../../core/run-command.js';
import { HARNESS_SOURCE } from './harness-source.js';
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
}

/** What a harness run reported. */
export interface HarnessReport {
  tests: ObservedTest[];
  bugs: { access: string[]; args: string[]; error: { name: string | null; message: string | null } }[];
  replays: { index: number; outcome: HarnessOutcome }[];
  notes: string[];
  /** The child finished normally (false: killed at the deadline, crashed, or failed to load the module). */
  completed: boolean;
}

let counter = 0;

/**
 * Runs one harness job under `workDir` and collects its JSON-lines output (also the partial
 * output of a child killed at its deadline).
 */
export async function runHarness(job: HarnessJob, options: { workDir: string; timeoutMs: number; memoryMb: number; signal: AbortSignal }): Promise<HarnessReport> {
  counter += 1;
  const dir = path.join(options.workDir, `harness-${process.pid}-${counter}`);
  const cwd = path.join(dir, 'cwd');
  await fs.mkdir(cwd, { recursive: true });
  const harness = path.join(dir, 'harness.cjs');
  const jobFile = path.join(dir, 'job.json');
  const outFile = path.join(dir, 'out.jsonl');
  await fs.writeFile(harness, HARNESS_SOURCE);
  await fs.writeFile(jobFile, JSON.stringify(job));
  await fs.writeFile(outFile, '');
  const run = await runCommand(process.execPath, [`--max-old-space-size=${options.memoryMb}`, harness, jobFile, outFile], {
    cwd,
    env: { NODE_V8_COVERAGE: undefined, NODE_OPTIONS: undefined, HOME: cwd, TMPDIR: cwd },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxOutputBytes: 64 * 1024,
  });
  const report = parseHarnessOutput(await fs.readFile(outFile, 'utf8').catch(() => ''));
  if (run.timedOut) report.notes.push(`stopped at the deadline after ${Math.round(run.durationMs)} ms (a call may hang)`);
  else if (!report.completed && run.exitCode !== 0) report.notes.push(`harness exited ${run.exitCode ?? run.signal}: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  return report;
}

/** Paths that must not appear in asserted values (they differ between the generator's tree and the project). */
export function sensitivePaths(...paths: string[]): string[] {
  return [...new Set([...paths, os.tmpdir()].filter((p) => p.length > 4))];
}

/** Parses the JSON-lines output of a harness (JS or Python); a line cut by a kill is skipped. */
export function parseHarnessOutput(text: string): HarnessReport {
  const report: HarnessReport = { tests: [], bugs: [], replays: [], notes: [], completed: false };
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
