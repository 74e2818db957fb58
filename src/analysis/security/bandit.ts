/**
 * bandit, when installed: `bandit -f json -q <files>` over the index's Python files (our
 * file list, so ignore rules and excludes are the index's), under a deadline. Its
 * severity/confidence is mapped to ours, and its findings are de-duplicated against our
 * own Python rules (same file, line and kind).
 *
 * @module
 */
import { errorMessage } from '../../errors.js';
import { findExecutable, runCommand } from '../../core/run-command.js';
import type { KindedFinding } from './types.js';
import { banditSeverity } from './severity-table.js';

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
 * Runs bandit over `files` (paths relative to `root`).
 *
 * @example
 * const run = await runBandit('/repo', ['app.py'], { timeoutMs: 60_000 });
 * if (run.status === 'ran') run.findings;
 */
export async function runBandit(
  root: string,
  files: string[],
  options: RunBanditOptions,
): Promise<BanditRun> {
  const executable = findExecutable(options.command ?? 'bandit');
  if (!executable) return { status: 'missing' };
  let version: string | null = null;
  try {
    const v = await runCommand(executable, ['--version'], {
      cwd: root,
      timeoutMs: 15_000,
      signal: options.signal,
    });
    version = /bandit\s+(\S+)/.exec(v.stdout + v.stderr)?.[1] ?? null;
    const findings: KindedFinding[] = [];
    const errors: { file: string; reason: string }[] = [];
    const size = options.chunkSize ?? 200;
    for (let i = 0; i < files.length; i += size) {
      const chunk = files.slice(i, i + size);
      const r = await runCommand(executable, ['-f', 'json', '-q', '--', ...chunk], {
        cwd: root,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      if (r.timedOut)
        return { status: 'failed', version, reason: `bandit timed out after ${options.timeoutMs} ms` };
      if (r.aborted) return { status: 'failed', version, reason: 'bandit was aborted' };
      if (r.exitCode !== 0 && r.exitCode !== 1) {
        return { status: 'failed', version, reason: `bandit exited ${r.exitCode}: ${firstLine(r.stderr)}` };
      }
      const parsed = parseBanditReport(r.stdout);
      findings.push(...parsed.findings);
      errors.push(...parsed.errors);
    }
    return { status: 'ran', version, findings, errors };
  } catch (error) {
    return { status: 'failed', version, reason: `bandit output unreadable: ${errorMessage(error)}` };
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
