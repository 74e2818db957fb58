/**
 * Release-prep benchmark (issue 4, "Must show"). Run: `npx tsx bench/release-prep.ts [flags]`.
 *
 * Runs `OrchestratedReleasePrepWorkflow` (the four agents in parallel, learning off) on this
 * project itself and on the large corpus fetched from the npm registry (bench/corpus.ts), and
 * prints for each: the wall time, the sum of the agents' own durations (sum / wall > 1 means the
 * agents overlapped), CPU seconds, and peak RSS (this process with its worker threads, plus its
 * child processes such as jscpd and the coverage agent's test run).
 *
 * Flags:
 * - `--target self|corpus|both` (default both); `--path DIR` replaces "self" with another project;
 * - `--agents a,b` (template ids; default the four release agents), `--skip-coverage` (the
 *   three others: on this project the coverage agent runs the whole test suite with coverage);
 * - `--cache` (reuse the result cache; default off, like `--no-cache`, so every run measures);
 * - `--coverage-timeout SECONDS` (the coverage agent's test-run deadline, default 300; it wins
 *   over the project's config file so that a run stays under ~10 minutes);
 *
 * Like the CLI, it applies the target's `empathy.config.json` include/exclude globs and analyser
 * options (this project excludes `test/fixtures/**`, whose planted problems are not its own).
 * - corpus flags of bench/corpus.ts: `--corpus`, `--package`, `--corpus-dir`.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/workflows/config/config-file.js';
import { OrchestratedReleasePrepWorkflow, RELEASE_AGENT_IDS } from '../src/workflows/release-prep/release-prep.js';
import { REPO_ROOT, RssSampler, cpuSeconds, cpuSince, flag, machineLine, mib, parseFlags, resolveCorpus, secs } from './corpus.js';

const flags = parseFlags(process.argv.slice(2));
const target = flag(flags, 'target') ?? 'both';
if (!['self', 'corpus', 'both'].includes(target)) throw new Error(`--target ${target}: use self, corpus or both`);
let agentIds = flag(flags, 'agents')?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...RELEASE_AGENT_IDS];
if (flags.has('skip-coverage')) agentIds = agentIds.filter((id) => id !== 'test_coverage_analyzer');
const coverageTimeout = Number(flag(flags, 'coverage-timeout') ?? 300);
const useCache = flags.has('cache');
const print = (line = '') => process.stdout.write(`${line}\n`);
const sampler = new RssSampler();
const machineCores = os.availableParallelism();

const targets: { name: string; root: string }[] = [];
if (target !== 'corpus') {
  const self = path.resolve(flag(flags, 'path') ?? REPO_ROOT);
  targets.push({ name: flag(flags, 'path') ? `project ${self}` : `this project (${self})`, root: self });
}
if (target !== 'self') {
  const corpus = resolveCorpus(flags);
  targets.push({ name: `corpus ${corpus.label}`, root: corpus.root });
}

print(`# bench/release-prep — ${new Date().toISOString()}`);
print(`machine: ${machineLine()}`);
print(`agents: ${agentIds.join(', ')}; cache ${useCache ? 'on' : 'off'}; learning off; coverage test-run deadline ${coverageTimeout} s`);

for (const { name, root } of targets) {
  print(`\n## ${name}`);
  const { config, file } = await loadConfig(root);
  print(`config: ${file ? `${file} (include ${JSON.stringify(config.include ?? [])}, exclude ${JSON.stringify(config.exclude ?? [])})` : 'none'}`);
  const timeline: string[] = [];
  const t0 = performance.now();
  const at = () => ((performance.now() - t0) / 1000).toFixed(1);
  const workflow = new OrchestratedReleasePrepWorkflow({
    agentIds,
    learn: false,
    cache: useCache,
    ...(config.include ? { include: config.include } : {}),
    ...(config.exclude ? { exclude: config.exclude } : {}),
    analyzerOptions: { ...config.analyzers, coverage: { ...config.analyzers?.['coverage'], timeoutSeconds: coverageTimeout } },
    onProgress: (e) => timeline.push(e.type === 'agent_start' ? `${at()} s start ${e.agentId} (${e.tier})` : `${at()} s done ${e.agentId} (${e.success ? 'ok' : 'failed'})`),
  });
  sampler.reset();
  const cpu = cpuSeconds();
  let report;
  try {
    report = await workflow.execute({ path: root });
  } catch (error) {
    print(`FAILED: ${(error as Error).message}`);
    continue;
  }
  const wall = (performance.now() - t0) / 1000;
  const peaks = sampler.read();
  const sum = report.agentResults.reduce((s, r) => s + r.durationSeconds, 0);
  print(`wall ${secs(wall)} (report.totalDuration ${secs(report.totalDuration)}); sum of the agents' own durations ${secs(sum)}; sum / wall = ${(sum / wall).toFixed(2)} (> 1: the agents overlapped)`);
  const used = cpuSeconds();
  const cpuTotal = used.self - cpu.self + (used.children ?? 0) - (cpu.children ?? 0);
  print(`${cpuSince(cpu)}; CPU / wall = ${(cpuTotal / wall).toFixed(2)} cores busy on average (what really ran at once; ${machineCores} cores)`);
  print(`peak RSS ${mib(peaks.tree)} (this process with its worker threads ${mib(peaks.self)}, child processes ${sampler.seesChildren ? mib(peaks.children) : 'not measured: no /proc'}; ${peaks.samples} samples)`);
  for (const r of report.agentResults) {
    const notMeasured = (r.output['not_measured'] as { what: string; reason: string }[] | undefined) ?? [];
    print(`- ${r.agentId} (${r.tier}): ${secs(r.durationSeconds)}, ${r.success ? 'ok' : `failed: ${(r.error ?? '').slice(0, 200)}`}${r.output['cached'] === true ? ', from cache' : ''}${r.success && notMeasured.length ? `; ${notMeasured.length} thing(s) not measured, first: ${notMeasured[0]!.what}: ${notMeasured[0]!.reason.slice(0, 120)}` : ''}`);
  }
  print(`gates: ${report.qualityGates.map((g) => `${g.name} ${g.actual === null ? 'not measured' : g.actual} (threshold ${g.threshold}) ${g.passed ? 'passed' : 'FAILED'}`).join('; ')}`);
  print(`verdict: ${report.approved ? 'approved' : 'blocked'}, confidence ${report.confidence}, ${report.blockers.length} blocker(s)`);
  print(`timeline: ${timeline.join(' | ')}`);
}
await sampler.stop();
