/**
 * Figures and options of the security analyser.
 *
 * @module
 */
import type { AnalyzeOptions, Finding } from '../types.js';

/** State of the dependency audit (`npm audit`). */
export type DependencyAuditState = 'ok' | 'unavailable' | 'skipped' | 'not_applicable';

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
  /** Vulnerable packages reported by npm audit; `null` unless `dependency_audit` is `ok`. */
  dependency_vulnerabilities: number | null;
  /** Findings per tool that ran (`eslint`, `secretlint`, `empathy-python-rules`, `empathy-js-quick-rules`, `bandit`, `npm-audit`). */
  findings_by_tool: Record<string, number>;
  /** Files whose code rules could not run because they do not parse (their secrets were still scanned). */
  files_not_parsed: number;
  /** Human-readable warnings (e.g. "dependency audit unavailable: ..."). */
  warnings: string[];
}

/** Options of the security analyser. */
export interface SecurityOptions extends AnalyzeOptions {
  /** Deadline of each external tool (bandit, npm audit) in ms. Default 120 000. */
  toolTimeoutMs?: number;
  /** The bandit executable (name on PATH or a path). Default `bandit`. Tests point it elsewhere. */
  banditCommand?: string;
  /** The npm executable. Default `npm`. Tests point it at a recorded answer. */
  npmCommand?: string;
}

/** A finding plus the kind used to de-duplicate bandit against our rules. */
export interface KindedFinding extends Finding {
  /** Short kind shared by equivalent rules of different tools (e.g. `eval`, `yaml-load`). */
  kind?: string;
}
