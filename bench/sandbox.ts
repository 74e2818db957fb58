/**
 * What containment costs (issue 12): the start-up overhead of a contained test run and of one
 * explored module, against the same work uncontained, measured in the same run as medians of
 * interleaved rounds.
 *
 * Run: npx tsx bench/sandbox.ts [rounds]   (default 7; no network, fixtures of this repository)
 *
 * Pairs, each interleaved round by round:
 * 1. `node -e 0`: runCommand with the scrubbed environment (bare) vs runContained `off` vs
 *    runContained `auto` (bubblewrap, when it works here);
 * 2. a test run with coverage (node:test on test/fixtures/js-lib, through the coverage analyser's
 *    runner): `off` vs `auto`;
 * 3. one explored module (the offline JS generator's harness on test/fixtures/js-lib's
 *    lib/parse.js): harness without the guard vs with the guard, both with `off`, then with the
 *    guard and bubblewrap (`auto`).
 * Prints medians (ms) and the ratios; the overhead is the difference of medians.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../src/core/run-command.js';
import { configureSandbox, probeBubblewrap, runContained, scrubEnv, type SandboxMode } from '../src/core/sandbox/index.js';
import { runJsCoverage } from '../src/analysis/coverage/runners/js.js';
import { buildProjectIndex } from '../src/project/index.js';
import { runHarness, type HarnessJob } from '../src/testgen/js/explore.js';
import { poolsWith } from '../src/testgen/js/pools.js';
import { mineLiterals } from '../src/testgen/literals.js';
import { median } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(HERE, '../test/fixtures/js-lib');
const ROUNDS = Number(process.argv[2] ?? 7);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const probe = await probeBubblewrap();
  const bwrap = probe.path !== null;
  console.log(`bubblewrap: ${bwrap ? probe.path : `unavailable (${probe.problem})`}; ${ROUNDS} interleaved rounds; ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)}`);
  const scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-bench-sandbox-')));
  const copy = path.join(scratch, 'js-lib');
  await fs.cp(FIXTURE, copy, { recursive: true });
  const index = await buildProjectIndex(copy, { cache: false });
  const modes: SandboxMode[] = bwrap ? ['off', 'auto'] : ['off'];
  const t: Record<string, number[]> = {};
  const add = (key: string, ms: number) => (t[key] ??= []).push(ms);
  const job: HarnessJob = {
    file: path.join(copy, 'lib', 'strings.js'),
    kind: 'cjs',
    coverageRoot: copy,
    budgetMs: 1500,
    maxCallsPerTarget: 40,
    seed: 1,
    hints: {},
    pools: poolsWith(mineLiterals([await fs.readFile(path.join(copy, 'lib', 'parse.js'), 'utf8')])),
    sensitivePaths: [],
    mode: 'explore',
  };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Bare: runCommand with the same scrubbed environment, so the pairs isolate the wrapper and
      // bubblewrap (our full environment starts node ~100 ms slower here: NODE_EXTRA_CA_CERTS).
      // The order of the variants rotates from round to round.
      const starts: [string, () => Promise<unknown>][] = [
        ['node -e 0: bare', () => runCommand(process.execPath, ['-e', '0'], { cwd: scratch, env: scrubEnv(process.env, { scratch }).env, replaceEnv: true })],
        ...modes.map((mode): [string, () => Promise<unknown>] => [`node -e 0: ${mode}`, () => runContained(process.execPath, ['-e', '0'], { cwd: scratch, scratch, policy: { mode } })]),
      ];
      for (let i = 0; i < starts.length; i += 1) {
        const [label, run] = starts[(i + round) % starts.length]!;
        add(label, await timed(run));
      }
      for (const mode of round % 2 ? [...modes].reverse() : modes) {
        configureSandbox({ mode });
        const tmpDir = await fs.mkdtemp(path.join(scratch, 'cov-'));
        add(`test run: ${mode}`, await timed(() => runJsCoverage(index, { timeoutMs: 120_000, tmpDir, branches: false })));
      }
      const variants: [string, boolean, SandboxMode][] = [['no guard, off', false, 'off'], ['guard, off', true, 'off'], ...(bwrap ? [['guard, auto', true, 'auto'] as [string, boolean, SandboxMode]] : [])];
      for (let i = 0; i < variants.length; i += 1) {
        const [label, guard, mode] = variants[(i + round) % variants.length]!;
        configureSandbox({ mode });
        const workDir = await fs.mkdtemp(path.join(scratch, 'h-'));
        add(`explore: ${label}`, await timed(() => runHarness(job, { guard, workDir, timeoutMs: 30_000, memoryMb: 512, signal: new AbortController().signal, mirror: index.files.map((f) => f.path) })));
      }
    }
  } finally {
    configureSandbox({ mode: 'auto' });
    await fs.rm(scratch, { recursive: true, force: true });
  }
  const rows = Object.entries(t).map(([k, v]) => [k, median(v)] as const);
  for (const [k, v] of rows) console.log(`${k.padEnd(28)} median ${v.toFixed(1)} ms`);
  const m = Object.fromEntries(rows);
  const ratio = (a: string, b: string) => (m[a] !== undefined && m[b] !== undefined ? `${(m[a] / m[b]).toFixed(2)}x (+${(m[a] - m[b]).toFixed(1)} ms)` : 'n/a');
  console.log(`\nprocess start, runContained off vs bare: ${ratio('node -e 0: off', 'node -e 0: bare')}`);
  console.log(`process start, bubblewrap vs bare:  ${ratio('node -e 0: auto', 'node -e 0: bare')}`);
  console.log(`test run, bubblewrap vs none:       ${ratio('test run: auto', 'test run: off')}`);
  console.log(`explored module, guard vs none:     ${ratio('explore: guard, off', 'explore: no guard, off')}`);
  console.log(`explored module, guard+bwrap vs none: ${ratio('explore: guard, auto', 'explore: no guard, off')}`);
}

await main();
