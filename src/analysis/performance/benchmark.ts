/**
 * The project's own benchmark command, compared against a stored baseline.
 *
 * - The command runs in the project root under a deadline (default 5 minutes) and the run's
 *   AbortSignal, contained like the project's tests (it runs the project's code). A string runs
 *   through `/bin/sh -c` (it is the user's own setting, like an npm script); an array runs without
 *   a shell.
 * - Expected output: the **last non-empty line of stdout** is either a plain number (lower is
 *   better, e.g. milliseconds) or a JSON object `{"value": n, "unit"?: "ms",
 *   "higher_is_better"?: boolean}` (for throughput, set `higher_is_better: true`).
 * - With several runs (PREMIUM), the median value is used.
 * - Baseline file (default `<root>/.empathy/perf-baseline.json`):
 *   `{schema_version: 1, value, unit, higher_is_better, command, recorded_at}`. The first
 *   measured run stores it (regression not measured yet, and the report says so); later runs
 *   compare against it and leave it alone unless `updateBaseline` is set. An unreadable or
 *   invalid baseline is set aside as `<file>.corrupt-<time>` and replaced.
 * - `regression_pct` = how much worse than the baseline, in percent (negative = better):
 *   `(value - baseline) / baseline * 100` when lower is better, the opposite when higher is.
 *
 * @module
 */
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { runContained } from '../../core/sandbox/index.js';
import { UserError, errorMessage } from '../../errors.js';
import type { NotMeasured } from '../types.js';

/** Benchmark options of the performance analyser. */
export interface BenchmarkOptions {
  /** The command: a shell string, or an argv array (no shell). */
  benchmarkCommand?: string | string[];
  /** Baseline file, absolute or relative to the root. Default `.empathy/perf-baseline.json`. */
  baselineFile?: string;
  /** Deadline of one run, ms. Default 300 000. */
  benchmarkTimeoutMs?: number;
  /** Overwrite the baseline with this run's value after comparing. */
  updateBaseline?: boolean;
}

/** What the benchmark step measured. */
export interface BenchmarkResult {
  value: number | null;
  baseline: number | null;
  regressionPct: number | null;
  notMeasured: NotMeasured[];
  /** Human-readable notes (baseline stored, set aside, ...). */
  notes: string[];
}

const BaselineSchema = z.object({
  schema_version: z.literal(1),
  value: z.number().finite(),
  unit: z.string().nullable(),
  higher_is_better: z.boolean(),
  command: z.string(),
  recorded_at: z.string(),
});
type Baseline = z.infer<typeof BaselineSchema>;

const OutputSchema = z.object({
  value: z.number().finite(),
  unit: z.string().optional(),
  higher_is_better: z.boolean().optional(),
});

/** A parsed benchmark output line. */
export interface BenchmarkSample {
  value: number;
  unit: string | null;
  higherIsBetter: boolean;
}

/**
 * Parses the last non-empty line of a benchmark's stdout; null when it is neither a number nor
 * `{"value": n}`.
 *
 * @example
 * parseBenchmarkOutput('warming up\n123.4\n'); // { value: 123.4, unit: null, higherIsBetter: false }
 * parseBenchmarkOutput('{"value": 900, "unit": "ops/s", "higher_is_better": true}');
 */
export function parseBenchmarkOutput(stdout: string): BenchmarkSample | null {
  const last = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop();
  if (last === undefined) return null;
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(last))
    return { value: Number(last), unit: null, higherIsBetter: false };
  try {
    const parsed = OutputSchema.safeParse(JSON.parse(last));
    if (!parsed.success) return null;
    return {
      value: parsed.data.value,
      unit: parsed.data.unit ?? null,
      higherIsBetter: parsed.data.higher_is_better ?? false,
    };
  } catch {
    return null;
  }
}

function commandText(command: string | string[]): string {
  return Array.isArray(command) ? command.join(' ') : command;
}

function notMeasured(reason: string, fix: string): NotMeasured {
  return { what: 'regression_pct', reason, fix };
}

/** Runs the command once; a sample or the reason it gave none. */
async function runOnce(
  root: string,
  options: BenchmarkOptions,
  signal: AbortSignal | undefined,
): Promise<BenchmarkSample | NotMeasured> {
  const command = options.benchmarkCommand!;
  const [program, args] = Array.isArray(command)
    ? [command[0]!, command.slice(1)]
    : ['/bin/sh', ['-c', command]];
  const timeoutMs = options.benchmarkTimeoutMs ?? 300_000;
  // The benchmark runs the project's code: contained like its tests (a scratch HOME/TMPDIR).
  const scratch = await mkdtemp(join(tmpdir(), 'empathy-benchmark-'));
  let result;
  try {
    result = await runContained(program, args, { cwd: root, scratch, timeoutMs, signal });
  } catch (error) {
    return notMeasured(`benchmark command could not start: ${errorMessage(error)}`, 'check benchmarkCommand');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const text = commandText(command);
  if (result.timedOut)
    return notMeasured(
      `benchmark command timed out after ${timeoutMs} ms: ${text}`,
      'make the benchmark faster or raise benchmarkTimeoutMs',
    );
  if (result.aborted) return notMeasured('benchmark run was cancelled', 'run again without cancelling');
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
    return notMeasured(
      `benchmark command exited with ${result.exitCode ?? result.signal}: ${text}${tail ? ` (${tail})` : ''}`,
      'make the benchmark command succeed on its own first',
    );
  }
  const sample = parseBenchmarkOutput(result.stdout);
  if (sample === null) {
    const last = result.stdout.trim().split('\n').pop()?.slice(0, 80) ?? '';
    return notMeasured(
      `benchmark output's last line is not a number or {"value": n}: ${JSON.stringify(last)}`,
      'print the measured value as the last line of stdout',
    );
  }
  return sample;
}

async function readBaseline(file: string, notes: string[]): Promise<Baseline | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`cannot read the benchmark baseline ${file}: ${errorMessage(error)}`);
  }
  try {
    return BaselineSchema.parse(JSON.parse(text));
  } catch {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    notes.push(`the baseline file was invalid and was set aside as ${aside}`);
    return null;
  }
}

async function writeBaseline(file: string, sample: BenchmarkSample, command: string): Promise<void> {
  const baseline: Baseline = {
    schema_version: 1,
    value: sample.value,
    unit: sample.unit,
    higher_is_better: sample.higherIsBetter,
    command,
    recorded_at: new Date().toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs the benchmark `runs` times and compares the median with the baseline (see the module
 * comment). Without `benchmarkCommand`, reports regression as not measured.
 *
 * @throws {UserError} when the baseline file exists but cannot be read (permissions).
 * @example
 * const r = await runBenchmark('/repo', { benchmarkCommand: 'node bench.mjs' }, 1);
 * r.regressionPct; // null on the first run (baseline stored), then e.g. 4.2
 */
export async function runBenchmark(
  root: string,
  options: BenchmarkOptions,
  runs: number,
  signal?: AbortSignal,
): Promise<BenchmarkResult> {
  const result: BenchmarkResult = {
    value: null,
    baseline: null,
    regressionPct: null,
    notMeasured: [],
    notes: [],
  };
  const command = options.benchmarkCommand;
  if (command === undefined || (Array.isArray(command) ? command.length === 0 : command.trim() === '')) {
    result.notMeasured.push(
      notMeasured(
        'no benchmark command configured',
        'set benchmarkCommand (its last stdout line must be a number or {"value": n})',
      ),
    );
    return result;
  }
  const samples: BenchmarkSample[] = [];
  for (let i = 0; i < runs; i++) {
    const outcome = await runOnce(root, options, signal);
    if ('what' in outcome) {
      result.notMeasured.push(outcome);
      return result;
    }
    samples.push(outcome);
  }
  const sample = { ...samples[0]!, value: median(samples.map((s) => s.value)) };
  result.value = sample.value;

  const file =
    options.baselineFile === undefined
      ? join(root, '.empathy', 'perf-baseline.json')
      : isAbsolute(options.baselineFile)
        ? options.baselineFile
        : resolve(root, options.baselineFile);
  const baseline = await readBaseline(file, result.notes);
  if (baseline === null) {
    await writeBaseline(file, sample, commandText(command));
    result.notes.push(`stored ${sample.value} as the baseline in ${file}`);
    result.notMeasured.push(
      notMeasured(
        `no baseline yet: this run's value ${sample.value} was stored as the baseline in ${file}`,
        'run again to compare against it',
      ),
    );
    return result;
  }
  result.baseline = baseline.value;
  if (baseline.value === 0) {
    result.notMeasured.push(
      notMeasured(
        'the stored baseline is 0: a relative change is undefined',
        `delete ${file} to record a new baseline`,
      ),
    );
  } else {
    const change = ((sample.value - baseline.value) / Math.abs(baseline.value)) * 100;
    result.regressionPct = Math.round((baseline.higher_is_better ? -change : change) * 100) / 100;
  }
  if (options.updateBaseline === true) {
    await writeBaseline(file, sample, commandText(command));
    result.notes.push(`updated the baseline in ${file} to ${sample.value}`);
  }
  return result;
}
