/**
 * bandit, when installed: `bandit -f json -q <files>` over the index's Python files (our
 * file list, so ignore rules and excludes are the index's; a Python entry script is started
 * through `bandit-launch.ts`'s bootstrap, which spares it `pkg_resources`), under a deadline, through the
 * per-file result cache (only new or changed files are scanned; bandit's version, part of the
 * key, is asked once per installation and then read from the cache). Its
 * severity/confidence is mapped to ours, and its findings are de-duplicated against our
 * own Python rules (same file, line and kind).
 *
 * @module
 */
import { realpath, stat } from 'node:fs/promises';
import { errorMessage, ToolError } from '../../errors.js';
import { findExecutable, runCommand } from '../../core/run-command.js';
import { cachedPerFile } from '../../project/cached-analysis.js';
import type { CacheKey, ProjectFile, ProjectIndex } from '../../project/types.js';
import type { KindedFinding } from './types.js';
import { banditSeverity } from './severity-table.js';
import { banditLaunch, readShebang, type BanditLaunch } from './bandit-launch.js';

/** bandit test ids that report the same thing as one of our rules (by kind). */
export const BANDIT_KINDS: Readonly<Record<string, string>> = Object.freeze({
  B307: 'eval',
  B102: 'exec',
  B301: 'pickle',
  B506: 'yaml-load',
  B602: 'shell',
  B604: 'shell',
  B605: 'shell',
  B303: 'weak-hash',
  B324: 'weak-hash',
  B501: 'verify-false',
  B608: 'sql',
});

/** bandit tests we drop: B322 (`input()`) is a Python 2 issue that bandit 1.6 still reports on Python 3 code. */
export const BANDIT_DROPPED: ReadonlySet<string> = new Set(['B322']);

/** What {@link runBandit} returns. */
export type BanditRun =
  | {
      status: 'ran';
      version: string | null;
      findings: KindedFinding[];
      errors: { file: string; reason: string }[];
      /** The files bandit scanned in this run (the others' results came from the cache). */
      scanned: string[];
    }
  | { status: 'missing' }
  | { status: 'failed'; version: string | null; reason: string };

interface BanditJson {
  errors?: { filename: string; reason: string }[];
  results?: {
    filename: string;
    line_number: number;
    col_offset?: number;
    test_id: string;
    test_name: string;
    issue_severity: string;
    issue_confidence: string;
    issue_text: string;
  }[];
}

/**
 * Parses bandit's JSON report into findings (paths made relative to the scan's cwd).
 *
 * @throws Error when the text is not a bandit JSON report.
 * @example
 * parseBanditReport('{"results":[],"errors":[]}'); // { findings: [], errors: [] }
 */
export function parseBanditReport(text: string): {
  findings: KindedFinding[];
  errors: { file: string; reason: string }[];
} {
  const report = JSON.parse(text) as BanditJson;
  if (!report || !Array.isArray(report.results))
    throw new Error('not a bandit JSON report (no "results" array)');
  const clean = (file: string) => file.replace(/^\.\//, '');
  const findings: KindedFinding[] = [];
  for (const r of report.results) {
    if (BANDIT_DROPPED.has(r.test_id)) continue;
    const finding: KindedFinding = {
      file: clean(r.filename),
      line: r.line_number,
      rule: `bandit/${r.test_id}-${r.test_name}`,
      severity: banditSeverity(r.issue_severity, r.issue_confidence),
      message: `${r.issue_text} (bandit severity ${r.issue_severity}, confidence ${r.issue_confidence})`,
      tool: 'bandit',
    };
    const kind = BANDIT_KINDS[r.test_id];
    if (kind) finding.kind = kind;
    if (typeof r.col_offset === 'number') finding.column = r.col_offset + 1;
    findings.push(finding);
  }
  const errors = (report.errors ?? []).map((e) => ({ file: clean(e.filename), reason: e.reason }));
  return { findings, errors };
}

/** Drops bandit findings that one of our rules already reported (same file, line and kind). */
export function dedupeBandit(ours: KindedFinding[], bandit: KindedFinding[]): KindedFinding[] {
  const seen = new Set(ours.filter((f) => f.kind).map((f) => `${f.file}:${f.line}:${f.kind}`));
  return bandit.filter((f) => !f.kind || !seen.has(`${f.file}:${f.line}:${f.kind}`));
}

/** Options of {@link runBandit}. */
export interface RunBanditOptions {
  command?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Files per bandit invocation (keeps command lines short). */
  chunkSize?: number;
}

/**
 * The arguments of every bandit scan. The files are given one by one (never a directory, never
 * `-r`), so bandit reads no `.bandit` file (it looks for one only inside directory targets) and
 * no other configuration (none is passed with `-c` or `--ini`): its result for a file depends on
 * the file's path and content and on bandit's version alone.
 */
const BANDIT_ARGS: readonly string[] = Object.freeze(['-f', 'json', '-q']);

/** The version bandit prints, or null when it printed none. */
async function askBanditVersion(launch: BanditLaunch, cwd: string, signal?: AbortSignal): Promise<string | null> {
  const v = await runCommand(launch.command, [...launch.prefix, '--version'], { cwd, timeoutMs: 15_000, signal });
  return /bandit\s+(\S+)/.exec(v.stdout + v.stderr)?.[1] ?? null;
}

/** Bump when what {@link installationIdentity} looks at changes. */
const BANDIT_VERSION_KEY = '1';

/** A file's identity: replaced or rewritten (a reinstall, an upgrade), it changes. */
async function fileIdentity(file: string): Promise<Record<string, string>> {
  const real = await realpath(file);
  const s = await stat(real, { bigint: true });
  return { path: real, dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) };
}

/**
 * What identifies a bandit installation without starting it: the executable (real path, inode,
 * size, modification and change times) and, for a script, the interpreter of its `#!` line the
 * same way (`/usr/bin/env python3` is looked up on PATH). Installing, upgrading or reinstalling
 * bandit (pip or apt) writes a new entry script, and a new Python a new interpreter, so either
 * gives another identity. Not seen: bandit's package replaced under an untouched entry script
 * (an editable install switched to another version): the old version is kept until the cache is
 * removed or a run uses `--no-cache`. Null when a part cannot be read (the version is then asked).
 */
async function installationIdentity(executable: string): Promise<unknown> {
  try {
    const shebang = await readShebang(executable);
    if (shebang && !shebang.interpreter) return null;
    return { executable: await fileIdentity(executable), interpreter: shebang?.interpreter ? await fileIdentity(shebang.interpreter) : null };
  } catch {
    return null;
  }
}

/**
 * bandit's version, from the run's result cache when the installation is the same as when it was
 * asked ({@link installationIdentity}), else asked (`bandit --version`, a Python start: about 0.2 s
 * of CPU on every run) and stored. Without a cache (`--no-cache`) it is always asked.
 */
async function banditVersion(
  index: Pick<ProjectIndex, 'root' | 'cache'>,
  executable: string,
  launch: BanditLaunch,
  signal?: AbortSignal,
): Promise<string | null> {
  const identity = index.cache ? await installationIdentity(executable) : null;
  const key: CacheKey | null = identity === null ? null : { analyzer: 'bandit-version', version: BANDIT_VERSION_KEY, options: identity, inputs: {} };
  if (key && index.cache) {
    const hit = await index.cache.get<unknown>(key);
    if (typeof hit === 'string' && hit !== '') return hit;
  }
  const version = await askBanditVersion(launch, index.root, signal);
  if (key && index.cache && version !== null) await index.cache.set(key, version);
  return version;
}

/** The findings and errors of one bandit scan, or why it failed. */
type BanditScan =
  | { ok: true; findings: KindedFinding[]; errors: { file: string; reason: string }[] }
  | { ok: false; reason: string };

/** Runs bandit (`launch`) over `files` (paths relative to `root`), `chunkSize` files per process, and merges the reports. */
async function scanWithBandit(
  launch: BanditLaunch,
  root: string,
  files: readonly string[],
  options: RunBanditOptions,
): Promise<BanditScan> {
  const findings: KindedFinding[] = [];
  const errors: { file: string; reason: string }[] = [];
  const size = options.chunkSize ?? 200;
  for (let i = 0; i < files.length; i += size) {
    const chunk = files.slice(i, i + size);
    const r = await runCommand(launch.command, [...launch.prefix, ...BANDIT_ARGS, '--', ...chunk], {
      cwd: root,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    if (r.timedOut) return { ok: false, reason: `bandit timed out after ${options.timeoutMs} ms` };
    if (r.aborted) return { ok: false, reason: 'bandit was aborted' };
    if (r.exitCode !== 0 && r.exitCode !== 1)
      return { ok: false, reason: `bandit exited ${r.exitCode}: ${firstLine(r.stderr)}` };
    try {
      const parsed = parseBanditReport(r.stdout);
      findings.push(...parsed.findings);
      errors.push(...parsed.errors);
    } catch (error) {
      return { ok: false, reason: `bandit output unreadable: ${errorMessage(error)}` };
    }
  }
  return { ok: true, findings, errors };
}

/** Bump when what is stored per file changes (the parsing, {@link BANDIT_KINDS}, {@link BANDIT_DROPPED}). */
const BANDIT_FILE_VERSION = '1';

/** One file's part of a bandit scan (what the per-file cache stores). */
interface BanditFileResult {
  findings: KindedFinding[];
  /** bandit's errors for the file (e.g. a syntax error). */
  errors: string[];
}

class BanditFailed extends Error {}

/**
 * Runs bandit over `files` through the per-file result cache: each file's findings are keyed by
 * its path and content hash, the bandit executable and version and {@link BANDIT_ARGS}
 * (bandit's checks are per file: each file is parsed and visited alone, `# nosec` applies to
 * its own lines, and the scan reads no configuration, see {@link BANDIT_ARGS}). Only the files
 * without a cached result are scanned, in one bandit process per `chunkSize` files; without a
 * cache (`--no-cache`) every file is. Findings come back in the order of `files`.
 *
 * @example
 * const run = await runBandit(index, index.byLanguage('python'), { timeoutMs: 60_000 });
 * if (run.status === 'ran') run.findings;
 */
export async function runBandit(
  index: Pick<ProjectIndex, 'root' | 'cache'>,
  files: readonly ProjectFile[],
  options: RunBanditOptions,
): Promise<BanditRun> {
  const executable = findExecutable(options.command ?? 'bandit');
  if (!executable) return { status: 'missing' };
  let version: string | null = null;
  const scanned: string[] = [];
  try {
    const launch = await banditLaunch(executable);
    version = await banditVersion(index, executable, launch, options.signal);
    const { values } = await cachedPerFile<BanditFileResult>(
      index,
      { analyzer: 'bandit-file', version: BANDIT_FILE_VERSION, options: { executable, version, args: BANDIT_ARGS } },
      files,
      async (missing) => {
        const paths = missing.map((f) => f.path);
        const scan = await scanWithBandit(launch, index.root, paths, options);
        if (!scan.ok) throw new BanditFailed(scan.reason);
        scanned.push(...paths);
        const byFile = new Map<string, BanditFileResult>(paths.map((p) => [p, { findings: [], errors: [] }]));
        const partOf = (file: string) => {
          const part = byFile.get(file);
          if (!part) throw new BanditFailed(`bandit reported a file it was not given: ${file}`);
          return part;
        };
        for (const finding of scan.findings) partOf(finding.file).findings.push(finding);
        for (const error of scan.errors) partOf(error.file).errors.push(error.reason);
        return byFile;
      },
    );
    return {
      status: 'ran',
      version,
      findings: values.flatMap((v) => v.findings),
      errors: values.flatMap((v, i) => v.errors.map((reason) => ({ file: files[i]!.path, reason }))),
      scanned,
    };
  } catch (error) {
    if (error instanceof BanditFailed) return { status: 'failed', version, reason: error.message };
    if (error instanceof ToolError)
      return { status: 'failed', version, reason: `bandit could not be started: ${errorMessage(error)}` };
    throw error;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
