/**
 * Which existing coverage report may give the gate figure (docs/security-model.md). A report found
 * in the repository is data the repository controls: a committed `coverage/lcov.info` claiming
 * 100 % keeps its modification time in a tarball, and is newer than every source right after a
 * fresh clone. So a report is used only when
 *
 * - the user names it (`--coverage-report FILE`, option `reportFile`), or
 * - git does not track it AND it is newer than every source file of its part.
 *
 * A tracked report is never fresh. In a directory that is not a git repository the
 * modification-time rule alone decides, and the report's note says so. When git cannot answer
 * (not installed in a repository, dubious ownership, a broken index), found reports are not used.
 * Every report considered gets a {@link CoverageReportChoice} naming the rule that chose or
 * rejected it.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../core/run-command.js';
import { UserError, errorMessage } from '../../errors.js';
import type { ReportCandidate } from './readers/index.js';
import type { CoverageFreshness, CoverageReportChoice } from './types.js';

/** What git says about the reports found in the repository. */
export interface ReportTracking {
  /** `git`: `tracked` is git's answer; `no-git`: not a git repository; `unknown`: git could not answer. */
  kind: 'git' | 'no-git' | 'unknown';
  /** Relative paths (`/` separators) of the candidates git tracks. */
  tracked: ReadonlySet<string>;
  /** Why git could not answer (kind `unknown`). */
  reason: string | null;
}

function insideGitWorkTree(root: string): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * Asks git, in one `git ls-files` call, which of `relativePaths` (relative to `root`) it tracks.
 * Repository configuration that could run a command (fsmonitor) is switched off for the call.
 *
 * @example
 * const tracking = await gitTracking('/repo', ['coverage/lcov.info']);
 * tracking.tracked.has('coverage/lcov.info'); // true when it was committed
 */
export async function gitTracking(root: string, relativePaths: readonly string[]): Promise<ReportTracking> {
  const none = new Set<string>();
  if (relativePaths.length === 0) return { kind: 'git', tracked: none, reason: null };
  const args = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', '--', ...relativePaths];
  let run;
  try {
    // The repository of `root` itself, even when run from a git hook (which sets GIT_DIR).
    const env = { GIT_OPTIONAL_LOCKS: '0', GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined };
    run = await runCommand('git', args, { cwd: root, timeoutMs: 30_000, env });
  } catch (error) {
    if (!insideGitWorkTree(root)) return { kind: 'no-git', tracked: none, reason: null };
    return { kind: 'unknown', tracked: none, reason: `git could not run (${errorMessage(error)})` };
  }
  if (run.exitCode === 0) {
    const tracked = new Set(run.stdout.split('\0').filter(Boolean).map((p) => p.split(path.sep).join('/')));
    return { kind: 'git', tracked, reason: null };
  }
  if (/not a git repository/i.test(run.stderr)) return { kind: 'no-git', tracked: none, reason: null };
  const detail = run.timedOut ? 'timed out' : (run.stderr.trim().split('\n')[0] || `exit ${String(run.exitCode)}`);
  return { kind: 'unknown', tracked: none, reason: `git ls-files failed: ${detail}` };
}

/**
 * The report the user named (`--coverage-report FILE`; relative paths resolve against `root`).
 *
 * @throws UserError when it does not exist or is not a regular file.
 */
export async function namedReportCandidate(root: string, file: string): Promise<ReportCandidate> {
  if (typeof file !== 'string' || file.trim() === '')
    throw new UserError('coverage report path is empty: pass a file (--coverage-report FILE)');
  const absolutePath = path.resolve(root, file);
  const stat = await fs.stat(absolutePath).catch((error: unknown) => {
    throw new UserError(`coverage report ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
  });
  if (!stat.isFile()) throw new UserError(`coverage report ${file}: not a regular file`);
  const relative = path.relative(root, absolutePath);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return {
    absolutePath,
    relativePath: inside ? relative.split(path.sep).join('/') : absolutePath,
    mtimeMs: stat.mtimeMs,
    size: stat.size,
    named: true,
  };
}

/** The status of a candidate as it enters the cache key: `named`, `tracked`, `untracked`, `no-git` or `unknown`. */
export function trackingStatus(candidate: ReportCandidate, tracking: ReportTracking): string {
  if (candidate.named) return 'named';
  if (tracking.kind !== 'git') return tracking.kind;
  return tracking.tracked.has(candidate.relativePath) ? 'tracked' : 'untracked';
}

/**
 * Judges one report for one part: whether it may give the figure, and the rule that decided.
 *
 * @example
 * judgeReport(candidate, tracking, freshness).accepted; // false for a committed report
 */
export function judgeReport(
  candidate: ReportCandidate,
  tracking: ReportTracking,
  freshness: CoverageFreshness,
): CoverageReportChoice {
  const report = candidate.relativePath;
  const older = `older than ${freshness.newest_source ?? 'a source file'}`;
  const choice = (rule: CoverageReportChoice['rule'], accepted: boolean, note: string): CoverageReportChoice => ({
    report,
    rule,
    accepted,
    note: `${report}: ${note}`,
  });
  if (candidate.named)
    return choice('named', true, `used: named with --coverage-report${freshness.fresh ? '' : ` (it is ${older}, so the data counts as stale)`}`);
  const status = trackingStatus(candidate, tracking);
  if (status === 'tracked')
    return choice('tracked_by_git', false, 'not used: git tracks it, and a committed report is never taken as fresh (name it with --coverage-report to use it)');
  if (status === 'unknown')
    return choice('git_unavailable', false, `not used: ${tracking.reason ?? 'git could not say whether it is committed'} (name it with --coverage-report to use it)`);
  if (!freshness.fresh) return choice('older_than_sources', false, `not used: it is ${older}`);
  if (status === 'no-git')
    return choice('newer_than_sources_no_git', true, 'used: newer than every source file; not a git repository, so whether it came with the sources cannot be checked');
  return choice('untracked_and_newer', true, 'used: not tracked by git and newer than every source file');
}
