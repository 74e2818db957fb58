/**
 * Turns the findings of the security scans into the report's figures.
 *
 * @module
 */
import type { Finding, Severity } from '../types.js';
import type { DependencyAudit } from './npm-audit.js';
import type { SecretScanCoverage, SecurityFigures } from './types.js';

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Orders findings: most severe first, then by file and line. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
}

/** Inputs of {@link computeFigures}. */
export interface FigureInputs {
  findings: Finding[];
  /** False when a code scan the tier needs could not run: the severity counts are then null. */
  codeScanComplete: boolean;
  audit: DependencyAudit;
  /** Tools that ran (their finding counts start at 0). */
  toolsRan: string[];
  filesNotParsed: number;
  warnings: string[];
  /** Coverage of the secret scan; an empty one (nothing listed beyond the index) when absent. */
  secretScan?: SecretScanCoverage;
}

/** The secret-scan coverage of a run that scanned nothing. */
export const NO_SECRET_SCAN: SecretScanCoverage = {
  source: null,
  files_scanned: 0,
  files_outside_index: 0,
  binary_files: [],
  binary_files_total: 0,
  not_scanned: [],
  symlinks_not_followed: [],
  findings_in_excluded_files: 0,
};

/**
 * Counts findings per severity and per tool.
 *
 * @example
 * computeFigures({ findings, codeScanComplete: true, audit, toolsRan: ['secretlint'], filesNotParsed: 0, warnings: [] })
 *   .critical_issues; // number of critical findings
 */
export function computeFigures(input: FigureInputs): SecurityFigures {
  const count = (severity: Severity) =>
    input.codeScanComplete ? input.findings.filter((f) => f.severity === severity).length : null;
  const byTool: Record<string, number> = {};
  for (const tool of input.toolsRan) byTool[tool] = 0;
  for (const finding of input.findings) byTool[finding.tool] = (byTool[finding.tool] ?? 0) + 1;
  return {
    critical_issues: count('critical'),
    high_issues: count('high'),
    medium_issues: count('medium'),
    low_issues: count('low'),
    dependency_audit: input.audit.state,
    dependency_audit_reason: input.audit.reason,
    dependency_audit_reused: input.audit.revalidated
      ? { advisories_checked_at: input.audit.revalidated.advisoriesCheckedAt, npm_audit_at: input.audit.revalidated.npmAuditAt }
      : null,
    dependency_vulnerabilities: input.audit.state === 'ok' ? input.audit.vulnerablePackages : null,
    findings_by_tool: byTool,
    files_not_parsed: input.filesNotParsed,
    warnings: input.warnings,
    secret_scan: input.secretScan ?? NO_SECRET_SCAN,
  };
}
