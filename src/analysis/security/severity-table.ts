/**
 * Our own severity table for security findings (documented in docs/security-severity.md).
 * eslint-plugin-security reports every rule as a warning (TOOL-FACTS), so the severity a
 * finding counts with is decided here, per rule id, in one place.
 *
 * @module
 */
import type { Severity } from '../types.js';

/**
 * Severity of every rule the security analyser can report, keyed by the rule id that
 * appears in findings. Secrets (`secretlint/*`) are critical whatever the rule; bandit
 * findings are mapped by {@link banditSeverity}; npm advisories by {@link npmAuditSeverity}.
 */
export const SECURITY_SEVERITY: Readonly<Record<string, Severity>> = Object.freeze({
  // eslint-plugin-security (CAPABLE and PREMIUM)
  'security/detect-eval-with-expression': 'high',
  'security/detect-disable-mustache-escape': 'high',
  'security/detect-bidi-characters': 'high',
  'security/detect-child-process': 'medium',
  'security/detect-non-literal-require': 'medium',
  'security/detect-unsafe-regex': 'medium',
  'security/detect-possible-timing-attacks': 'medium',
  'security/detect-pseudoRandomBytes': 'medium',
  'security/detect-buffer-noassert': 'medium',
  'security/detect-no-csrf-before-method-override': 'medium',
  'security/detect-invisible-characters': 'medium',
  'security/detect-non-literal-fs-filename': 'low',
  'security/detect-non-literal-regexp': 'low',
  'security/detect-object-injection': 'low',
  'security/detect-new-buffer': 'low',
  // eslint-plugin-no-unsanitized (PREMIUM)
  'no-unsanitized/method': 'high',
  'no-unsanitized/property': 'high',
  // JS/TS quick rules (CHEAP, regex over comment- and string-stripped text)
  'js-quick/eval': 'high',
  'js-quick/new-function': 'high',
  'js-quick/child-process': 'medium',
  'js-quick/inner-html': 'high',
  // Python rules (tree-sitter, every tier)
  'python/eval': 'high',
  'python/exec': 'high',
  'python/pickle-load': 'high',
  'python/yaml-load': 'high',
  'python/subprocess-shell': 'high',
  'python/os-system': 'high',
  'python/weak-password-hash': 'high',
  'python/requests-verify-false': 'high',
});

/** Severity of any secretlint finding. */
export const SECRET_SEVERITY: Severity = 'critical';

/** Severity used for a rule missing from the table (a newer plugin version); the finding says so. */
export const UNKNOWN_RULE_SEVERITY: Severity = 'medium';

/** Rules that are downgraded to `low` when their command argument is a plain string literal. */
export const LITERAL_DOWNGRADE_RULES: ReadonlySet<string> = new Set([
  'python/subprocess-shell',
  'python/os-system',
]);

/**
 * Severity of a rule id from the table, `critical` for any `secretlint/*` rule, or
 * {@link UNKNOWN_RULE_SEVERITY} with `known: false` for an id not in the table.
 *
 * @example
 * severityFor('security/detect-child-process'); // { severity: 'medium', known: true }
 */
export function severityFor(rule: string): { severity: Severity; known: boolean } {
  if (rule.startsWith('secretlint/')) return { severity: SECRET_SEVERITY, known: true };
  const severity = SECURITY_SEVERITY[rule];
  return severity ? { severity, known: true } : { severity: UNKNOWN_RULE_SEVERITY, known: false };
}

/**
 * Maps bandit's issue severity and confidence to ours: HIGH severity is high unless the
 * confidence is LOW (then medium); MEDIUM severity is medium unless the confidence is LOW
 * (then low); LOW severity is low.
 *
 * @example
 * banditSeverity('HIGH', 'MEDIUM'); // 'high'
 */
export function banditSeverity(severity: string, confidence: string): Severity {
  const lowConfidence = confidence.toUpperCase() === 'LOW';
  switch (severity.toUpperCase()) {
    case 'HIGH':
      return lowConfidence ? 'medium' : 'high';
    case 'MEDIUM':
      return lowConfidence ? 'low' : 'medium';
    default:
      return 'low';
  }
}

/**
 * Maps an npm advisory severity (`critical`, `high`, `moderate`, `low`, `info`) to ours.
 *
 * @example
 * npmAuditSeverity('moderate'); // 'medium'
 */
export function npmAuditSeverity(severity: string): Severity {
  switch (severity) {
    case 'critical':
      return 'critical';
    case 'high':
      return 'high';
    case 'moderate':
      return 'medium';
    case 'low':
      return 'low';
    default:
      return 'info';
  }
}
