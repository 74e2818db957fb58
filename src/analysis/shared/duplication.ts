/**
 * Duplicated code through jscpd 5.3.2 (a Rust binary shipped in npm packages), shared by the
 * quality and refactoring analysers. jscpd gets exactly the files of the project index: as a
 * directory of symbolic links on a tmpfs (one walk, `--follow-symlinks`; the reported link paths
 * are mapped back to the files), or, where no tmpfs is writable, as a list of paths in a config
 * file (one walk and thread pool per path: about 1.2-1.4x the CPU). Both give the same report,
 * clone for clone and in the same order (`bench/jscpd-modes.ts`). `--no-gitignore`: the index
 * already applied the ignore rules. jscpd writes its JSON report into a temporary directory
 * outside the repository; both directories are removed afterwards. jscpd's defaults apply:
 * clones of at least 50 tokens and 5 lines, "mild" mode.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, statfs, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ToolError, errorMessage } from '../../errors.js';
import { runCommand } from '../../core/run-command.js';
import type { ToolUsed } from '../types.js';

const require = createRequire(import.meta.url);

/** One side of a clone. Lines are 1-based and inclusive. */
export interface CloneFragment {
  file: string;
  startLine: number;
  endLine: number;
}

/** A pair of duplicated fragments as jscpd reports it. */
export interface Clone {
  format: string;
  /** jscpd's clone kind: `exact`, or `renamed` with `ignoreIdentifiers`. */
  kind: string;
  lines: number;
  tokens: number;
  first: CloneFragment;
  second: CloneFragment;
}

/** What jscpd measured over the files it was given. */
export interface DuplicationResult {
  /** `statistics.total.percentage`: duplicated lines / lines of the files jscpd analysed, in %. */
  percentage: number;
  /** `statistics.total.duplicatedLines` (each clone's lines counted once). */
  duplicatedLines: number;
  /** `statistics.total.lines`: lines of the files jscpd analysed (files below 50 tokens are left out). */
  totalLines: number;
  /** `statistics.total.sources`: files jscpd analysed. */
  sources: number;
  clones: Clone[];
  tool: ToolUsed;
}

/** A file to give jscpd. */
export interface DuplicationInput {
  path: string;
  absolutePath: string;
}

/** Options of {@link detectDuplication}. */
export interface DuplicationOptions {
  signal?: AbortSignal;
  /** Deadline of the jscpd run, default 120 s. */
  timeoutMs?: number;
  /** Also find clones that differ only in identifier names (jscpd `--ignore-identifiers`, Type-2 clones). */
  ignoreIdentifiers?: boolean;
  /**
   * Give jscpd the list of files instead of a directory of links to them (what happens anyway
   * without a writable tmpfs). Same report, more CPU; for benches and tests.
   */
  listFiles?: boolean;
}

const location = z.object({ name: z.string(), start: z.number(), end: z.number() });
const reportSchema = z.object({
  duplicates: z.array(
    z.object({
      format: z.string(),
      kind: z.string().optional(),
      lines: z.number(),
      tokens: z.number(),
      firstFile: location,
      secondFile: location,
    }),
  ),
  statistics: z.object({
    total: z.object({
      percentage: z.number(),
      duplicatedLines: z.number(),
      lines: z.number(),
      sources: z.number(),
    }),
  }),
});

/**
 * jscpd's prebuilt binary for this platform, found the way jscpd's own `run-jscpd.js` finds it
 * (its platform map, then the platform package's `bin/jscpd`), or null when it is not there.
 * Starting it directly saves the node process of the wrapper (about 0.1 s of CPU per run).
 */
function jscpdBinary(jscpdDir: string): string | null {
  try {
    const map = require(path.join(jscpdDir, 'platform-map.js')) as {
      getPlatformKey(): string | null;
      PLATFORM_MAP: Record<string, { packageName: string }>;
    };
    const key = map.getPlatformKey();
    const entry = key ? map.PLATFORM_MAP[key] : undefined;
    if (!entry) return null;
    const manifest = require.resolve(`${entry.packageName}/package.json`, { paths: [path.resolve(jscpdDir, '..'), jscpdDir] });
    const binary = path.join(path.dirname(manifest), 'bin', process.platform === 'win32' ? 'jscpd.exe' : 'jscpd');
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** `statfs` type of tmpfs (Linux `TMPFS_MAGIC`). */
const TMPFS_MAGIC = 0x01021994;

/**
 * A tmpfs directory for the links: `os.tmpdir()` when it is on a tmpfs, else `/dev/shm`, else
 * null (then jscpd gets the list of files). Creating a link on the ext4 `/tmp` of the bench
 * machine cost 0.6-0.8 ms of system CPU, more than jscpd saves; on tmpfs about 15 µs.
 */
async function tmpfsDirectory(): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  for (const dir of [os.tmpdir(), '/dev/shm']) {
    try {
      if ((await statfs(dir)).type === TMPFS_MAGIC) return dir;
    } catch {
      // not there or not readable: try the next one
    }
  }
  return null;
}

/**
 * Mirrors `files` under the empty directory `dir` as symbolic links (`dir/<path>` -> the
 * file), so jscpd walks one directory instead of starting a walk per listed path. Returns
 * false when a link cannot be made; the caller then lists the files. Synchronous: a few
 * system calls a file, cheaper than a promise each.
 */
function mirrorFiles(dir: string, files: readonly DuplicationInput[]): boolean {
  const made = new Set<string>([dir]);
  try {
    // jscpd walks a directory with the rules of ripgrep's `ignore` crate: `--no-gitignore` turns
    // off the git rules, but `.ignore` files in the directories above `dir` still apply (files
    // given as paths are never filtered). The closest match wins, so this whitelist keeps every
    // link, as in a list of paths.
    writeFileSync(path.join(dir, '.ignore'), '!*\n');
    for (const f of files) {
      const link = path.join(dir, f.path);
      const parent = path.dirname(link);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      symlinkSync(path.resolve(f.absolutePath), link);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a directory of links to `files` (by their `path`) on a tmpfs, for jscpd to walk; null
 * when there is no writable tmpfs or a link cannot be made. The caller removes the directory.
 *
 * @example
 * const dir = await linkDirectory([{ path: 'src/a.js', absolutePath: '/repo/src/a.js' }]);
 * // dir/src/a.js -> /repo/src/a.js, and dir/.ignore whitelists everything
 */
export async function linkDirectory(files: readonly DuplicationInput[]): Promise<string | null> {
  const base = await tmpfsDirectory();
  if (!base) return null;
  let dir: string;
  try {
    // The real path: jscpd reports the links under the directory as it was given.
    dir = await realpath(await mkdtemp(path.join(base, 'empathy-jscpd-links-')));
  } catch {
    return null;
  }
  if (mirrorFiles(dir, files)) return dir;
  await rm(dir, { recursive: true, force: true });
  return null;
}

/**
 * How to start jscpd: its binary directly when found, else node with its wrapper script.
 *
 * @example
 * const { command, prefix } = jscpdCommand(); // '.../jscpd-linux-x64-gnu/bin/jscpd', []
 */
export function jscpdCommand(): { command: string; prefix: string[]; version: string | null } {
  const manifestPath = require.resolve('jscpd/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version?: string;
    bin?: { jscpd?: string };
  };
  const dir = path.dirname(manifestPath);
  const binary = jscpdBinary(dir);
  return {
    command: binary ?? process.execPath,
    prefix: binary ? [] : [path.join(dir, manifest.bin?.jscpd ?? 'run-jscpd.js')],
    version: manifest.version ?? null,
  };
}

/**
 * Runs jscpd over `files` (paths relative to `root`) and returns its statistics and clones.
 *
 * @throws ToolError when jscpd is missing, fails, times out or writes no readable report.
 * @example
 * const dup = await detectDuplication('/repo', index.files.filter((f) => f.language));
 * dup.percentage; // e.g. 3.2
 */
export async function detectDuplication(
  root: string,
  files: readonly DuplicationInput[],
  options: DuplicationOptions = {},
): Promise<DuplicationResult> {
  let located: ReturnType<typeof jscpdCommand>;
  try {
    located = jscpdCommand();
  } catch (error) {
    throw new ToolError('jscpd', `jscpd is not installed: ${errorMessage(error)}`, { cause: error });
  }
  const tool: ToolUsed = { name: 'jscpd', version: located.version };
  if (files.length === 0)
    return { percentage: 0, duplicatedLines: 0, totalLines: 0, sources: 0, clones: [], tool };

  const work = await mkdtemp(path.join(os.tmpdir(), 'empathy-jscpd-'));
  let tree: string | null = null;
  try {
    const config = path.join(work, 'jscpd.json');
    const output = path.join(work, 'out');
    const unique = [...new Map(files.map((f) => [f.path, f])).values()];
    tree = options.listFiles ? null : await linkDirectory(unique);
    const linked = tree;
    const reported = new Map(
      unique.map((f) => [linked ? path.join(linked, f.path) : path.resolve(f.absolutePath), f.path]),
    );
    await writeFile(config, JSON.stringify({ path: linked ? [linked] : unique.map((f) => f.absolutePath) }));
    const args = [
      ...located.prefix,
      '-c',
      config,
      '--reporters',
      'json',
      '--output',
      output,
      '--silent',
      '--absolute',
      '--no-gitignore',
      '--no-colors',
      ...(linked ? ['--follow-symlinks'] : []),
      ...(options.ignoreIdentifiers ? ['--ignore-identifiers'] : []),
    ];
    const run = await runCommand(located.command, args, {
      cwd: work,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (run.timedOut || run.aborted)
      throw new ToolError('jscpd', `jscpd ${run.timedOut ? 'timed out' : 'was aborted'}`);
    let raw: string;
    try {
      raw = await readFile(path.join(output, 'jscpd-report.json'), 'utf8');
    } catch {
      const detail = (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ');
      throw new ToolError('jscpd', `jscpd wrote no report (exit ${run.exitCode}): ${detail}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new ToolError('jscpd', `unreadable jscpd report: ${errorMessage(error)}`);
    }
    const parsed = reportSchema.safeParse(json);
    if (!parsed.success)
      throw new ToolError(
        'jscpd',
        `unexpected jscpd report format: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    const toFragment = (loc: z.infer<typeof location>): CloneFragment => ({
      file: reported.get(path.resolve(loc.name)) ?? path.relative(linked ?? root, loc.name).split(path.sep).join('/'),
      startLine: loc.start,
      endLine: loc.end,
    });
    const total = parsed.data.statistics.total;
    return {
      percentage: total.percentage,
      duplicatedLines: total.duplicatedLines,
      totalLines: total.lines,
      sources: total.sources,
      clones: parsed.data.duplicates.map((d) => ({
        format: d.format,
        kind: d.kind ?? 'exact',
        lines: d.lines,
        tokens: d.tokens,
        first: toFragment(d.firstFile),
        second: toFragment(d.secondFile),
      })),
      tool,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
    if (tree) await rm(tree, { recursive: true, force: true });
  }
}
