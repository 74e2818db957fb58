import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { configureSandbox, probeBubblewrap } from '../../core/sandbox/index.js';
import { parseBenchmarkOutput, runBenchmark } from './benchmark.js';

const bwrap = await probeBubblewrap();

describe('parseBenchmarkOutput', () => {
  it.each([
    ['warm-up\n123.5\n\n', { value: 123.5, unit: null, higherIsBetter: false }],
    ['1e3', { value: 1000, unit: null, higherIsBetter: false }],
    [
      '{"value": 900, "unit": "ops/s", "higher_is_better": true}',
      { value: 900, unit: 'ops/s', higherIsBetter: true },
    ],
    ['12 ms', null],
    ['{"score": 1}', null],
    ['', null],
  ])('%j', (stdout, expected) => {
    expect(parseBenchmarkOutput(stdout)).toEqual(expected);
  });
});

describe('runBenchmark', () => {
  let root: string;
  // The benchmark prints the number found in value.txt (after a warm-up line).
  const script =
    "import { readFileSync } from 'node:fs';\nconsole.log('warm-up');\nconsole.log(readFileSync('value.txt', 'utf8').trim());\n";
  const command = [process.execPath, 'bench.mjs'];
  const baselinePath = () => join(root, '.empathy', 'perf-baseline.json');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'empathy-bench-'));
    await writeFile(join(root, 'bench.mjs'), script);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('says not measured without a command', async () => {
    const r = await runBenchmark(root, {}, 1);
    expect(r.regressionPct).toBeNull();
    expect(r.notMeasured[0]!.reason).toBe('no benchmark command configured');
  });

  it('stores the first value as the baseline, then reports regression and improvement against it', async () => {
    await writeFile(join(root, 'value.txt'), '100');
    const first = await runBenchmark(root, { benchmarkCommand: command }, 1);
    expect(first).toMatchObject({ value: 100, baseline: null, regressionPct: null });
    expect(first.notMeasured[0]!.reason).toMatch(
      /^no baseline yet: this run's value 100 was stored as the baseline in /,
    );
    const stored = JSON.parse(await readFile(baselinePath(), 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ schema_version: 1, value: 100, unit: null, higher_is_better: false });

    await writeFile(join(root, 'value.txt'), '110');
    expect(await runBenchmark(root, { benchmarkCommand: command }, 1)).toMatchObject({
      value: 110,
      baseline: 100,
      regressionPct: 10,
      notMeasured: [],
    });
    await writeFile(join(root, 'value.txt'), '90');
    expect((await runBenchmark(root, { benchmarkCommand: command }, 1)).regressionPct).toBe(-10);
    // The baseline is left alone unless asked.
    expect(JSON.parse(await readFile(baselinePath(), 'utf8'))).toMatchObject({ value: 100 });
    await runBenchmark(root, { benchmarkCommand: command, updateBaseline: true }, 1);
    expect(JSON.parse(await readFile(baselinePath(), 'utf8'))).toMatchObject({ value: 90 });
  });

  it('inverts the sign for higher-is-better JSON output and runs shell strings', async () => {
    await writeFile(join(root, 'value.txt'), '{"value": 1000, "unit": "ops/s", "higher_is_better": true}');
    const shell = `"${process.execPath}" bench.mjs`;
    await runBenchmark(root, { benchmarkCommand: shell, baselineFile: 'perf.json' }, 1);
    await writeFile(join(root, 'value.txt'), '{"value": 800, "higher_is_better": true}');
    const r = await runBenchmark(root, { benchmarkCommand: shell, baselineFile: 'perf.json' }, 1);
    expect(r).toMatchObject({ value: 800, baseline: 1000, regressionPct: 20 });
  });

  it('takes the median of several runs', async () => {
    // The script keeps a counter in the project, which only an uncontained run may write.
    const seq =
      "import { readFileSync, writeFileSync, existsSync } from 'node:fs';\nconst n = existsSync('n') ? Number(readFileSync('n', 'utf8')) : 0;\nwriteFileSync('n', String(n + 1));\nconsole.log([5, 100, 7][n % 3]);\n";
    await writeFile(join(root, 'seq.mjs'), seq);
    const previous = configureSandbox({ mode: 'off' });
    try {
      const r = await runBenchmark(root, { benchmarkCommand: [process.execPath, 'seq.mjs'] }, 3);
      expect(r.value).toBe(7);
    } finally {
      configureSandbox(previous);
    }
  });

  it.skipIf(!bwrap.path)(
    `runs contained: the benchmark cannot write into the project${skipNote(!bwrap.path, 'bwrap', 'a working bubblewrap', bwrap.problem ?? undefined)}`,
    async () => {
      const script =
        "import { writeFileSync } from 'node:fs';\ntry { writeFileSync('n', '1'); console.log(1); } catch (e) { console.log(2); }\n";
      await writeFile(join(root, 'write.mjs'), script);
      const r = await runBenchmark(root, { benchmarkCommand: [process.execPath, 'write.mjs'] }, 1);
      expect(r.value).toBe(2);
      expect(await readdir(root)).not.toContain('n');
    },
  );

  it('reports unusable output, failures and timeouts as not measured and keeps the baseline', async () => {
    await writeFile(join(root, 'value.txt'), 'fast');
    const garbage = await runBenchmark(root, { benchmarkCommand: command }, 1);
    expect(garbage.notMeasured[0]!.reason).toBe(
      `benchmark output's last line is not a number or {"value": n}: "fast"`,
    );
    const failing = await runBenchmark(
      root,
      { benchmarkCommand: [process.execPath, '-e', 'console.error("boom"); process.exit(3)'] },
      1,
    );
    expect(failing.notMeasured[0]!.reason).toMatch(/^benchmark command exited with 3: .* \(boom\)$/);
    const hanging = await runBenchmark(
      root,
      { benchmarkCommand: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'], benchmarkTimeoutMs: 300 },
      1,
    );
    expect(hanging.notMeasured[0]!.reason).toMatch(/^benchmark command timed out after 300 ms/);
    const missing = await runBenchmark(root, { benchmarkCommand: ['/nonexistent/bench-binary'] }, 1);
    expect(missing.notMeasured[0]!.reason).toMatch(/^benchmark command could not start: /);
    await expect(readFile(baselinePath(), 'utf8')).rejects.toThrow();
  });

  it('sets an invalid baseline aside and records a new one', async () => {
    await writeFile(join(root, 'value.txt'), '50');
    await writeFile(join(root, 'perf.json'), '{"value": "not a number"');
    const r = await runBenchmark(
      root,
      { benchmarkCommand: command, baselineFile: join(root, 'perf.json') },
      1,
    );
    expect(r.regressionPct).toBeNull();
    expect(r.notes[0]).toMatch(/^the baseline file was invalid and was set aside as .*perf\.json\.corrupt-/);
    expect((await readdir(root)).filter((n) => n.startsWith('perf.json.corrupt-'))).toHaveLength(1);
    expect(JSON.parse(await readFile(join(root, 'perf.json'), 'utf8'))).toMatchObject({ value: 50 });
  });
});
