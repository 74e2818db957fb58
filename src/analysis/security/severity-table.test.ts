import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECURITY_SEVERITY, banditSeverity, npmAuditSeverity, severityFor } from './severity-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = readFileSync(path.resolve(here, '../../../docs/security-severity.md'), 'utf8');
const require = createRequire(import.meta.url);

describe('severity table', () => {
  it('covers every rule the ESLint plugins recommend', () => {
    for (const plugin of ['eslint-plugin-security', 'eslint-plugin-no-unsanitized']) {
      const rules = Object.keys(
        (require(plugin) as { configs: { recommended: { rules: Record<string, unknown> } } }).configs
          .recommended.rules,
      );
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(SECURITY_SEVERITY[rule], rule).toBeDefined();
    }
  });

  it('is the table documented in docs/security-severity.md', () => {
    for (const [rule, severity] of Object.entries(SECURITY_SEVERITY)) {
      const cells = docs
        .split('\n')
        .map((line) => line.split('|').map((c) => c.trim()))
        .find((row) => row[1] === `\`${rule}\``);
      expect(cells, `docs row for ${rule}`).toBeDefined();
      const last = cells?.filter(Boolean).pop();
      expect(last, rule).toMatch(new RegExp(`^${severity}\\b`));
    }
  });

  it('makes any secretlint rule critical and unknown rules medium, flagged', () => {
    expect(severityFor('secretlint/github')).toEqual({ severity: 'critical', known: true });
    expect(severityFor('security/some-new-rule')).toEqual({ severity: 'medium', known: false });
  });

  it('maps bandit and npm severities', () => {
    expect(banditSeverity('HIGH', 'HIGH')).toBe('high');
    expect(banditSeverity('HIGH', 'LOW')).toBe('medium');
    expect(banditSeverity('MEDIUM', 'MEDIUM')).toBe('medium');
    expect(banditSeverity('MEDIUM', 'LOW')).toBe('low');
    expect(banditSeverity('LOW', 'HIGH')).toBe('low');
    expect(npmAuditSeverity('moderate')).toBe('medium');
    expect(npmAuditSeverity('critical')).toBe('critical');
    expect(npmAuditSeverity('info')).toBe('info');
  });
});
