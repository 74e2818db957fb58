/**
 * Test code: files that only tests reach (test directories, test files by name, fixtures,
 * mocks). Their code findings are reported at most high, never critical: the code does not ship.
 * Committed credentials are the exception (a key is as valid in a test file as anywhere).
 *
 * @module
 */
import type { Finding } from '../types.js';

const TEST_DIR =
  /(^|\/)(tests?|__tests__|spec|specs|testing|testdata|test-data|fixtures?|__fixtures__|__mocks__|e2e|cypress)\//i;
const TEST_FILE =
  /(^|\/)(test_[^/]*\.py|[^/]*_tests?\.py|conftest\.py|[^/]*\.(test|spec|e2e)\.[cm]?[jt]sx?)$/i;

/**
 * True for a path (relative, `/` separators) that only tests reach by the usual layout.
 *
 * @example
 * isTestPath('tests/test_app.py'); // true
 * isTestPath('src/app.ts'); // false
 */
export function isTestPath(file: string): boolean {
  return TEST_DIR.test(file) || TEST_FILE.test(file);
}

/**
 * Caps code findings in test code at high (secretlint findings keep their severity).
 *
 * @example
 * capTestFindings([{ file: 'test/a.js', severity: 'critical', rule: 'taint/code-injection', ... }])[0].severity; // 'high'
 */
export function capTestFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((f) =>
    f.severity === 'critical' && f.tool !== 'secretlint' && isTestPath(f.file)
      ? { ...f, severity: 'high', message: `${f.message} (test code: at most high)` }
      : f,
  );
}
