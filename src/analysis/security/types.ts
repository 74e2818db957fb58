/**
 * Figures and options of the security analyser.
 *
 * @module
 */
import type { AnalyzeOptions, Finding } from '../types.js';
import type { SuppressedFinding } from './suppressions.js';

/** State of the dependency audit (`npm audit`). */
export type DependencyAuditState = 'ok' | 'unavailable' | 'skipped' | 'not_applicable';

/** What the secret scan covered (figure `secret_scan`). */
export interface SecretScanCoverage {
  /** How the files beyond the index were listed: `git` (ls-files), `walk` (no git work tree), null when they could not be. */
  source: 'git' | 'walk' | null;
  /** Files scanned for secrets: the indexed ones plus the ones outside the index. */
  files_scanned: number;
  /** Files scanned for secrets only (default-excluded, too large, gitignored but tracked, user-excluded). */
  files_outside_index: number;
  /** Files not scanned because a NUL byte marks them binary (first 200). */
  binary_files: string[];
  binary_files_total: number;
  /** Files that could not be read, with the reason (first 200); any makes confidence MEDIUM. */
  not_scanned: { file: string; reason: string }[];
  /** Symbolic links (or paths through one) that were not followed (first 200). */
  symlinks_not_followed: string[];
  /** Secrets found in files the user's include/exclude globs leave out (reported as high). */
  findings_in_excluded_files: number;
}

/** Figures of a security report (snake_case: they are serialised as they are). */
export interface SecurityFigures extends Record<string, unknown> {
  /** Findings of severity critical; `null` when a code scan the tier needs could not run. */
  critical_issues: number | null;
  high_issues: number | null;
  medium_issues: number | null;
  low_issues: number | null;
  /** `ok` when npm audit answered, `unavailable` (a warning, never zero), `skipped` below PREMIUM, `not_applicable` without package.json. */
  dependency_audit: DependencyAuditState;
  /** Why the dependency audit is not `ok`; `null` when it is. */
  dependency_audit_reason: string | null;
  /**
   * Set when the npm audit report was reused: the registry's advisories for the lock file were
   * asked at `advisories_checked_at` and were the same as when npm audit ran at `npm_audit_at`
   * (ISO times). `null` when npm audit ran in this run or did not run. Left out of warm/cold
   * report comparisons like the other timings.
   */
  dependency_audit_reused: { advisories_checked_at: string; npm_audit_at: string } | null;
  /** Vulnerable packages reported by npm audit; `null` unless `dependency_audit` is `ok`. */
  dependency_vulnerabilities: number | null;
  /** Findings per tool that ran (`eslint`, `secretlint`, `empathy-python-rules`, `empathy-js-quick-rules`, `bandit`, `npm-audit`). */
  findings_by_tool: Record<string, number>;
  /** Files whose code rules could not run because they do not parse (their secrets were still scanned). */
  files_not_parsed: number;
  /** Human-readable warnings (e.g. "dependency audit unavailable: ..."). */
  warnings: string[];
  /** What the secret scan covered beyond the index and what it could not read. */
  secret_scan: SecretScanCoverage;
  /** Findings suppressed by an `empathy-ignore` comment or the baseline (not in the counts above). */
  suppressed_issues?: number;
  /** The suppressed findings (first 200), each with how and why. */
  suppressed_findings?: SuppressedFinding[];
  /** The baseline used (`--baseline FILE`), its entries, and whether this run wrote it; null without one. */
  baseline?: { file: string; entries: number; written: boolean } | null;
}

/** Options of the security analyser. */
export interface SecurityOptions extends AnalyzeOptions {
  /** Deadline of each external tool (bandit, npm audit) in ms. Default 120 000. */
  toolTimeoutMs?: number;
  /** The bandit executable (name on PATH or a path). Default `bandit`. Tests point it elsewhere. */
  banditCommand?: string;
  /** The npm executable. Default `npm`. Tests point it at a recorded answer. */
  npmCommand?: string;
  /**
   * The registry whose bulk advisory endpoint we ask before reusing a stored npm audit report
   * (default `https://registry.npmjs.org/`); npm's configured registry must be the same, else
   * npm audit runs. Tests and benches point both at a loopback registry.
   */
  auditRegistry?: string;
  /** Baseline file of accepted findings (absolute; a user setting: `--baseline FILE`, never the repository's config). */
  baselineFile?: string;
  /** Write the findings of this run into {@link baselineFile} (`--write-baseline`) instead of applying it. */
  writeBaseline?: boolean;
}

/** A finding plus the kind used to de-duplicate bandit against our rules. */
export interface KindedFinding extends Finding {
  /** Short kind shared by equivalent rules of different tools (e.g. `eval`, `yaml-load`). */
  kind?: string;
}
