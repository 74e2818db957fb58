/**
 * The security analyser (see `analyzer.ts`) and its severity table.
 *
 * @module
 */
export { securityAnalyzer, SECURITY_ANALYZER_VERSION } from './analyzer.js';
export type { SecurityFigures, SecurityOptions, DependencyAuditState } from './types.js';
export {
  SECURITY_SEVERITY,
  SECRET_SEVERITY,
  severityFor,
  banditSeverity,
  npmAuditSeverity,
} from './severity-table.js';
export { parseNpmAudit } from './npm-audit.js';
export { parseBanditReport } from './bandit.js';

