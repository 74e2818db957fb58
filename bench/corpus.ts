/**
 * Shared helpers of the analysis benches: fetch a real corpus from the npm registry
 * (`npm pack <name>@<exact version>` + tar), flags, and a peak-RSS sampler that sees worker
 * threads (same process) and child processes (read from /proc).
 *
 * Corpora (bench/.corpus/, gitignored; fetched once, then reused):
 * - `large` (default): eslint@9.39.1, the published package: ~426 JS/TS files, ~96k non-blank lines,
 *   plain unminified CommonJS sources.
 * - `100k`: webpack@5.97.1 without `schemas/` (generated one-line JSON-schema validators):
 *   ~600 JS/TS files, ~140k non-blank lines, for the peak-RSS check at 100k+ lines.
 *
 * Overrides: `--corpus large|100k`, `--package name@version[,name@version]` (or
 * `EMPATHY_BENCH_PACKAGES`), `--corpus-dir DIR` (or `EMPATHY_BENCH_CORPUS_DIR`: use an
 * existing directory, nothing is fetched).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** bench/ of this repository. */
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = path.dirname(BENCH_DIR);
const CORPUS_HOME = path.join(BENCH_DIR, '.corpus');

/** A corpus preset: packages to fetch and top-level paths to drop after extraction. */
interface Preset {
  packages: string[];
  drop: string[];
  note: string;
}

/** The named corpora. */
export const PRESETS: Readonly<Record<string, Preset>> = {
  large: { packages: ['eslint@9.39.1'], drop: [], note: 'eslint 9.39.1 as published (unminified CommonJS)' },
  '100k': {
    packages: ['webpack@5.97.1'],
    drop: ['schemas'],
    note: 'webpack 5.97.1 without schemas/ (generated one-line validators)',
  },
};

/** Parsed `--name value` / `--flag` arguments. */
export type Flags = Map<string, string | true>;

/** Parses `--name value`, `--name=value` and bare `--flag` arguments. */
export function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}; flags are --name value`);
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(arg.slice(2), argv[++i]!);
    else flags.set(arg.slice(2), true);
  }
  return flags;
}

/** A string flag, or undefined. */
export function flag(flags: Flags, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** A fetched (or given) corpus. */
export interface Corpus {
  root: string;
  label: string;
}

function npmPack(spec: string, into: string): void {
  if (!/^(@[\w.-]+\/)?[\w.-]+@\d+\.\d+\.\d+[\w.+-]*$/.test(spec))
    throw new Error(`package ${spec}: give an exact version, e.g. eslint@9.39.1`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'empathy-bench-pack-'));
  try {
    const out = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [packed] = JSON.parse(out) as { filename: string }[];
    if (!packed) throw new Error(`npm pack ${spec} returned nothing`);
    mkdirSync(into, { recursive: true });
    // npm tarballs hold one top folder, `package/`.
    execFileSync('tar', ['xzf', path.join(work, path.basename(packed.filename)), '-C', into, '--strip-components=1']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Resolves the corpus of a bench run, fetching it into bench/.corpus/ when it is not there.
 *
 * @example
 * const corpus = await resolveCorpus(parseFlags(process.argv.slice(2)));
 */
export function resolveCorpus(flags: Flags): Corpus {
  const dir = flag(flags, 'corpus-dir') ?? process.env['EMPATHY_BENCH_CORPUS_DIR'];
  if (dir) {
    if (!existsSync(dir)) throw new Error(`--corpus-dir ${dir}: no such directory`);
    return { root: path.resolve(dir), label: `directory ${path.resolve(dir)}` };
  }
  const given = flag(flags, 'package') ?? process.env['EMPATHY_BENCH_PACKAGES'];
  const name = flag(flags, 'corpus') ?? 'large';
  const preset: Preset | undefined = given
    ? { packages: given.split(',').map((s) => s.trim()).filter(Boolean), drop: [], note: 'given packages' }
    : PRESETS[name];
  if (!preset) throw new Error(`--corpus ${name}: unknown; use ${Object.keys(PRESETS).join(', ')}`);
  const slug = preset.packages.join('+').replace(/[^\w.+-]/g, '_');
  const root = path.join(CORPUS_HOME, slug);
  const marker = path.join(CORPUS_HOME, `${slug}.done.json`);
  if (!existsSync(marker)) {
    rmSync(root, { recursive: true, force: true });
    for (const spec of preset.packages) {
      const into = preset.packages.length === 1 ? root : path.join(root, spec.replace(/[^\w.-]/g, '_'));
      process.stderr.write(`fetching ${spec} from the npm registry into ${into}\n`);
      npmPack(spec, into);
      for (const drop of preset.drop) rmSync(path.join(into, drop), { recursive: true, force: true });
    }
    writeFileSync(marker, JSON.stringify({ packages: preset.packages, drop: preset.drop, fetched: new Date().toISOString() }));
  }
  return { root, label: `${preset.packages.join(' + ')} (${preset.note}${preset.drop.length ? `; dropped ${preset.drop.join(', ')}` : ''})` };
}

/** Peaks seen by the sampler, in bytes. */
export interface RssPeaks {
  /** This process: main thread + worker threads (VmRSS of the process). */
  self: number;
  /** Sum of the RSS of all descendant processes at one sample. */
  children: number;
  /** This process + its descendants at one sample. */
  tree: number;
  samples: number;
  /**
   * CPU seconds (user + sys) of the descendant processes seen since the reset, each as last
   * sampled (null without /proc). It sees what rusage misses: a process reaped inside a PID
   * namespace (a test run contained by bubblewrap with --unshare-pid) never adds its CPU to our
   * children's times. It misses processes shorter than one sample and each one's last interval.
   */
  descendantsCpu: number | null;
}

const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const peaks = new Int32Array(workerData.buffer); // KiB: self, children, tree; samples; CPU ticks of the descendants; generation
const root = workerData.pid;
const cpuOf = new Map(); // descendant pid -> its own user+sys ticks when last seen
let generation = 0;
function rssKiB(pid) {
  try { const m = /VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8')); return m ? Number(m[1]) : 0; }
  catch { return 0; }
}
function descendants() {
  const kids = new Map();
  const ticks = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (name.charCodeAt(0) > 57) continue;
    try {
      const stat = fs.readFileSync('/proc/' + name + '/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(name));
    } catch {}
  }
  const out = []; const todo = [...(kids.get(root) || [])];
  while (todo.length) { const p = todo.pop(); out.push(p); cpuOf.set(p, ticks.get(p) || 0); todo.push(...(kids.get(p) || [])); }
  return out;
}
function tick() {
  const g = Atomics.load(peaks, 5);
  if (g !== generation) { cpuOf.clear(); generation = g; }
  const self = rssKiB(root);
  let children = 0;
  for (const pid of descendants()) children += rssKiB(pid);
  let cpu = 0;
  for (const t of cpuOf.values()) cpu += t;
  Atomics.store(peaks, 0, Math.max(Atomics.load(peaks, 0), self));
  Atomics.store(peaks, 1, Math.max(Atomics.load(peaks, 1), children));
  Atomics.store(peaks, 2, Math.max(Atomics.load(peaks, 2), self + children));
  Atomics.add(peaks, 3, 1);
  Atomics.store(peaks, 4, cpu);
}
setInterval(tick, workerData.intervalMs);
tick();
`;

/**
 * Samples RSS every `intervalMs` from a worker thread (so a busy main thread does not stop it).
 * On Linux it reads /proc: this process (all its threads) and every descendant process.
 * Elsewhere it falls back to `process.memoryUsage().rss` of this process only.
 */
export class RssSampler {
  readonly #peaks = new Int32Array(new SharedArrayBuffer(24));
  readonly #worker: Worker | null;
  readonly #timer: NodeJS.Timeout | null;
  /** True when child processes are measured (/proc available). */
  readonly seesChildren: boolean;

  constructor(intervalMs = 50) {
    this.seesChildren = existsSync('/proc/self/status');
    if (this.seesChildren) {
      this.#worker = new Worker(SAMPLER_SOURCE, {
        eval: true,
        workerData: { buffer: this.#peaks.buffer, pid: process.pid, intervalMs },
      });
      this.#worker.unref();
      this.#timer = null;
    } else {
      this.#worker = null;
      this.#timer = setInterval(() => {
        const kib = Math.round(process.memoryUsage().rss / 1024);
        Atomics.store(this.#peaks, 0, Math.max(Atomics.load(this.#peaks, 0), kib));
        Atomics.store(this.#peaks, 2, Math.max(Atomics.load(this.#peaks, 2), kib));
        Atomics.add(this.#peaks, 3, 1);
      }, intervalMs);
      this.#timer.unref();
    }
  }

  /** Starts a new measurement window. */
  reset(): void {
    for (let i = 0; i < 5; i += 1) Atomics.store(this.#peaks, i, 0);
    Atomics.add(this.#peaks, 5, 1);
  }

  /** Peaks since the last reset, in bytes. */
  read(): RssPeaks {
    const kib = (i: number) => Atomics.load(this.#peaks, i) * 1024;
    return { self: kib(0), children: kib(1), tree: kib(2), samples: Atomics.load(this.#peaks, 3), descendantsCpu: this.seesChildren ? Atomics.load(this.#peaks, 4) / ticksPerSecond() : null };
  }

  /** Stops sampling. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#worker) await this.#worker.terminate();
  }
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Seconds with two decimals. */
export function secs(seconds: number): string {
  return `${seconds.toFixed(2)} s`;
}

/** The machine, for the printed header. */
/** The load averages (1, 5, 15 minutes), two decimals each, as the benches print them. */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ${mib(os.totalmem())} RAM, node ${process.version}, load avg ${loadAverage()}`;
}

let clockTicks: number | undefined;

/** Clock ticks per second of /proc's CPU times. */
export function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/**
 * CPU seconds used so far: this process (all threads, `process.cpuUsage`) and its reaped
 * child processes (`cutime + cstime` of /proc/self/stat, which include their own reaped
 * children); `children` is null without /proc. Take differences around a phase.
 */
export function cpuSeconds(): { self: number; children: number | null } {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1e6;
  try {
    const ticks = ticksPerSecond();
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
    return { self, children: (Number(fields[13]) + Number(fields[14])) / ticks };
  } catch {
    return { self, children: null };
  }
}

/** CPU seconds between two {@link cpuSeconds} readings, as text. */
export function cpuSince(before: ReturnType<typeof cpuSeconds>): string {
  const now = cpuSeconds();
  const self = now.self - before.self;
  if (now.children === null || before.children === null) return `CPU ${self.toFixed(1)} s (children not measured)`;
  const children = now.children - before.children;
  return `CPU ${(self + children).toFixed(1)} s (this process ${self.toFixed(1)} s + child processes ${children.toFixed(1)} s)`;
}

/** Reads a JSON file, or undefined when missing or unreadable. */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
