/**
 * How many cores a JS/TS test run keeps busy (our analysis pool yields as many while it runs,
 * see `reserveCores`), and the memory bound of jest's workers.
 *
 * - The worker count is the runner's own: what the project's command sets (`--maxWorkers`, `-w`,
 *   `--runInBand`, vitest's `--no-file-parallelism`, mocha's `--parallel`/`--jobs`), else the
 *   runner's default (vitest, jest, node:test and parallel mocha: one worker per core but one;
 *   serial mocha and the rest: one). It is not changed: the cores the pool keeps (at least one)
 *   are what the runner's default leaves.
 * - jest 29+ gets `--workerIdleMemoryLimit` (unless the command sets it or runs in band) when it
 *   has several workers, or one on a machine short of memory (less than `LOW_MEMORY_MB`
 *   available, the pool's rule in worker-heap-cap.ts): a worker whose heap passed
 *   {@link JEST_WORKER_MEMORY_LIMIT} after a test file is replaced. With several workers the limit
 *   only bounds them. With one worker (two cores) jest runs in band, in its main process, which
 *   only grows (luxon: 716 MiB at the end of 58 test files); the limit makes jest start a worker
 *   process even then: the run peaked at 533 MiB (parent and worker), but the second process, its
 *   messages and the replaced worker cost luxon's run 10-20 % more CPU (warm cache, interleaved:
 *   12.0-12.9 s against 10.4-11.5 s in band), so with memory to spare jest runs in band, as by hand.
 *
 * @module
 */
import os from 'node:os';
import type { JsRunner } from '../../test-runner/index.js';
import { availableMemoryMb, shortOfMemory } from '../../shared/worker-heap-cap.js';

/** Heap size (jest's units: MB = 10^6 bytes) after which a jest worker is replaced. */
export const JEST_WORKER_MEMORY_LIMIT = '300MB';

/** The workers of one run. */
export interface RunWorkers {
  /** Cores the run keeps busy. */
  cores: number;
  /** Arguments to add to the runner's. */
  args: string[];
}

/** The value of `--name=value` or `--name value` (also a short alias), or undefined. */
function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    for (const name of names) {
      if (arg === name) value = args[i + 1];
      else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
    }
  });
  return value;
}

/** A worker count as the runners read it: a whole number, or a percentage of the cores. */
function workerCount(value: string | undefined, cores: number): number | null {
  if (value === undefined) return null;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const count = percent ? Math.floor((cores * Number(percent[1])) / 100) : Number.parseInt(value, 10);
  return Number.isFinite(count) ? Math.max(1, count) : null;
}

const has = (args: readonly string[], ...flags: string[]) => args.some((a) => flags.includes(a) || flags.some((f) => a.startsWith(`${f}=`) && a !== `${f}=false`));

/**
 * The cores a run of `runner` with `args` keeps busy on a machine of `cores` cores with
 * `availableMb` of memory available, and the arguments to add (see the module notes).
 *
 * @example
 * jsRunWorkers('jest', ['--ci'], '29.4.3', 2, 16_000); // { cores: 1, args: [] }: in band
 * jsRunWorkers('jest', ['--ci'], '29.4.3', 2, 2_000); // { cores: 1, args: ['--workerIdleMemoryLimit=300MB'] }
 * jsRunWorkers('vitest', ['run', '--maxWorkers=50%'], '4.1.0', 8); // { cores: 4, args: [] }
 */
export function jsRunWorkers(runner: JsRunner, args: readonly string[], runnerVersion: string | null, cores = os.availableParallelism(), availableMb = availableMemoryMb()): RunWorkers {
  const spare = Math.max(1, cores - 1);
  if (runner === 'jest') {
    const inBand = has(args, '--runInBand', '-i', '--detectOpenHandles');
    const count = inBand ? 1 : workerCount(optionValue(args, ['--maxWorkers', '--max-workers', '-w']), cores) ?? spare;
    const major = Number.parseInt(runnerVersion ?? '', 10);
    const limit = !inBand && (count > 1 || shortOfMemory(availableMb)) && major >= 29 && !has(args, '--workerIdleMemoryLimit', '--worker-idle-memory-limit');
    return { cores: count, args: limit ? [`--workerIdleMemoryLimit=${JEST_WORKER_MEMORY_LIMIT}`] : [] };
  }
  if (runner === 'vitest') {
    const serial = has(args, '--no-file-parallelism') || args.includes('--fileParallelism=false');
    return { cores: serial ? 1 : workerCount(optionValue(args, ['--maxWorkers', '--max-workers']), cores) ?? spare, args: [] };
  }
  if (runner === 'mocha') {
    const parallel = has(args, '--parallel', '-p');
    return { cores: parallel ? workerCount(optionValue(args, ['--jobs', '-j']), cores) ?? spare : 1, args: [] };
  }
  if (runner === 'node:test') return { cores: workerCount(optionValue(args, ['--test-concurrency']), cores) ?? spare, args: [] };
  return { cores: spare, args: [] };
}
