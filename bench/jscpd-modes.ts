/**
 * jscpd over a directory of links versus over a list of files (issue 16). `detectDuplication`
 * mirrors the files of the project index as symbolic links and lets jscpd walk that directory;
 * `listFiles: true` gives jscpd the list instead (one walk per path). For each repository
 * (the code files of its project index, as the analysers pass them) the two modes run in
 * interleaved rounds, the order turning each round; each sample is `--batch` runs. Prints per
 * repository the medians of the CPU of this process (the links, the report), of jscpd's CPU and
 * of the wall time per run, the tree/list ratio of the total CPU, and whether both modes give
 * identical results (statistics and every clone, in order) with and without
 * `--ignore-identifiers`.
 *
 * `npx tsx bench/jscpd-modes.ts --repos <dir>[,<dir>...] [--repeat 7] [--batch 3]`
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { codeFiles } from '../src/analysis/shared/complexity-cache.js';
import { detectDuplication, type DuplicationInput } from '../src/analysis/shared/duplication.js';
import { buildProjectIndex } from '../src/project/project-index.js';
import { cpuSeconds, flag, loadAverage, machineLine, parseFlags } from './corpus.js';
import { median } from './stats.js';

const flags = parseFlags(process.argv.slice(2));
const repos = (flag(flags, 'repos') ?? '').split(',').filter(Boolean);
const rounds = Number(flag(flags, 'repeat') ?? '7');
const batch = Number(flag(flags, 'batch') ?? '3');
if (repos.length === 0 || repos.some((r) => !existsSync(r)) || !(Number.isInteger(rounds) && rounds >= 1) || !(Number.isInteger(batch) && batch >= 1)) {
  console.log('usage: npx tsx bench/jscpd-modes.ts --repos <dir>[,<dir>...] [--repeat N] [--batch N]');
  process.exit(2);
}

type Mode = 'list' | 'tree';
interface Sample {
  self: number;
  jscpd: number;
  wall: number;
}

/** One sample: `batch` runs of a mode, per-run CPU of this process and of jscpd, and wall time. */
async function sample(root: string, files: readonly DuplicationInput[], mode: Mode): Promise<Sample> {
  const before = cpuSeconds();
  const start = performance.now();
  for (let i = 0; i < batch; i += 1) await detectDuplication(root, files, { listFiles: mode === 'list' });
  const wall = (performance.now() - start) / 1000;
  const after = cpuSeconds();
  if (after.children === null || before.children === null) throw new Error('child CPU not measurable (no /proc)');
  return { self: (after.self - before.self) / batch, jscpd: (after.children - before.children) / batch, wall: wall / batch };
}

/** The results of both modes compared, timings left out. */
async function identical(root: string, files: readonly DuplicationInput[], ignoreIdentifiers: boolean): Promise<string> {
  const list = await detectDuplication(root, files, { ignoreIdentifiers, listFiles: true });
  const tree = await detectDuplication(root, files, { ignoreIdentifiers });
  if (JSON.stringify(list) === JSON.stringify(tree)) return `identical (${tree.sources} sources, ${tree.clones.length} clones)`;
  const key = (c: unknown) => JSON.stringify(c);
  const sorted = (r: typeof list) => JSON.stringify({ ...r, clones: r.clones.map(key).sort() });
  return sorted(list) === sorted(tree) ? 'same clones in another order' : `DIFFERENT (list ${list.sources} sources ${list.clones.length} clones, tree ${tree.sources} sources ${tree.clones.length} clones)`;
}

const fmt = (s: number) => s.toFixed(3);
console.log(`# bench/jscpd-modes — ${new Date().toISOString()}\nmachine: ${machineLine()}\nrounds ${rounds} x batch ${batch}`);
for (const repo of repos) {
  const index = await buildProjectIndex(repo, { cache: false });
  const files = codeFiles(index);
  const name = path.basename(index.root);
  const samples: Record<Mode, Sample[]> = { list: [], tree: [] };
  const loads: string[] = [loadAverage()];
  await detectDuplication(index.root, files); // warm the page cache and the binary
  for (let round = 0; round < rounds; round += 1) {
    const order: Mode[] = round % 2 === 0 ? ['list', 'tree'] : ['tree', 'list'];
    for (const mode of order) samples[mode].push(await sample(index.root, files, mode));
  }
  loads.push(loadAverage());
  const med = (mode: Mode, field: keyof Sample | 'total') =>
    median(samples[mode].map((s) => (field === 'total' ? s.self + s.jscpd : s[field])));
  const ratios = samples.tree.map((t, i) => (t.self + t.jscpd) / (samples.list[i]!.self + samples.list[i]!.jscpd));
  console.log(`\n## ${name}: ${files.length} code files (load ${loads.join(' -> ')})`);
  for (const mode of ['list', 'tree'] as const)
    console.log(`${mode}: CPU ${fmt(med(mode, 'total'))} s (this process ${fmt(med(mode, 'self'))} s + jscpd ${fmt(med(mode, 'jscpd'))} s), wall ${fmt(med(mode, 'wall'))} s`);
  console.log(`tree/list CPU: median of the rounds' ratios ${median(ratios).toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(' ')}); wall ${(med('tree', 'wall') / med('list', 'wall')).toFixed(2)}`);
  console.log(`results: ${await identical(index.root, files, false)}; with --ignore-identifiers: ${await identical(index.root, files, true)}`);
}
