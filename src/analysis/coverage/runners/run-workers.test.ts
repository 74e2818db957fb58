import { describe, expect, it } from 'vitest';
import { LOW_MEMORY_MB } from '../../shared/worker-heap-cap.js';
import { JEST_WORKER_MEMORY_LIMIT, jsRunWorkers } from './run-workers.js';

const LIMIT = `--workerIdleMemoryLimit=${JEST_WORKER_MEMORY_LIMIT}`;

describe('jsRunWorkers', () => {
  it.each([
    // [runner, args, version, cores, expected cores, expected extra args] (16 GB available)
    ['jest', ['--ci'], '29.4.3', 2, 1, []],
    ['jest', ['--maxWorkers=1'], '29.7.0', 8, 1, []],
    ['jest', ['--ci'], '29.7.0', 8, 7, [LIMIT]],
    ['jest', ['--maxWorkers=50%'], '29.7.0', 8, 4, [LIMIT]],
    ['jest', ['-w', '3'], '30.0.0', 8, 3, [LIMIT]],
    ['jest', ['--maxWorkers', '2'], '29.7.0', 8, 2, [LIMIT]],
    ['jest', ['--runInBand'], '29.7.0', 8, 1, []],
    ['jest', ['-i'], '29.7.0', 8, 1, []],
    ['jest', ['--workerIdleMemoryLimit=1GB'], '29.7.0', 4, 3, []],
    ['jest', ['--ci'], '28.1.3', 2, 1, []],
    ['jest', ['--ci'], null, 2, 1, []],
    ['vitest', ['run'], '4.1.0', 2, 1, []],
    ['vitest', ['run', '--maxWorkers=50%'], '4.1.0', 8, 4, []],
    ['vitest', ['run', '--no-file-parallelism'], '4.1.0', 8, 1, []],
    ['vitest', ['run', '--fileParallelism=false'], '4.1.0', 8, 1, []],
    ['mocha', ['test/*.js'], '10.0.0', 8, 1, []],
    ['mocha', ['--parallel', 'test/*.js'], '10.0.0', 8, 7, []],
    ['mocha', ['--parallel', '--jobs=2'], '10.0.0', 8, 2, []],
    ['node:test', ['--test'], null, 4, 3, []],
    ['node:test', ['--test', '--test-concurrency=1'], null, 4, 1, []],
    ['script', [], null, 1, 1, []],
  ] as const)('%s %j (version %s) on %i cores: %i cores busy, adds %j', (runner, args, version, cores, busy, extra) => {
    expect(jsRunWorkers(runner, args, version, cores, 16_000)).toEqual({ cores: busy, args: extra });
  });

  it('bounds a lone jest worker only on a machine short of memory (else jest runs in band, as by hand)', () => {
    expect(jsRunWorkers('jest', ['--ci'], '29.4.3', 2, LOW_MEMORY_MB - 1)).toEqual({ cores: 1, args: [LIMIT] });
    expect(jsRunWorkers('jest', ['--maxWorkers=1'], '29.7.0', 8, 1_000)).toEqual({ cores: 1, args: [LIMIT] });
    expect(jsRunWorkers('jest', ['--ci'], '29.4.3', 2, LOW_MEMORY_MB)).toEqual({ cores: 1, args: [] });
    expect(jsRunWorkers('jest', ['--runInBand'], '29.7.0', 2, 1_000)).toEqual({ cores: 1, args: [] });
  });
});
