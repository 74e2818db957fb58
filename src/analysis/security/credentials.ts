/**
 * Severity of a secretlint finding from what the value is: documented example values and
 * placeholders are informational, an AWS account number alone is low, a private key block that
 * does not parse is high, a value a test fixture marks as fake is low; everything else, and a
 * private key that parses or a real-looking AWS key pair anywhere, stays critical.
 * The example values are assembled from pieces so that this file holds no credential-shaped text.
 *
 * @module
 */
import { createPrivateKey } from 'node:crypto';
import type { Finding, Severity } from '../types.js';
import { isTestPath } from './test-code.js';

const piece = (...parts: string[]): string => parts.join('');

/** Example values published in providers' documentation (AWS, Stripe, Twilio, ...). */
export const DOCUMENTED_EXAMPLES: ReadonlySet<string> = new Set([
  piece('AKIA', 'IOSFODNN7', 'EXAMPLE'),
  piece('AKIA', 'I44QH8DHB', 'EXAMPLE'),
  piece('wJalrXUtnFEMI/', 'K7MDENG/bPxRfiCY', 'EXAMPLEKEY'),
  piece('je7MtGbClwBF/', '2Zp9Utk/h3yCo8nvb', 'EXAMPLEKEY'),
  piece('1234', '5678', '9012'),
  piece('sk_test_', '4eC39HqLyjWDarjtT1zdp7dc'),
  piece('pk_test_', 'TYooMQauvdEDq54NiTphI7jx'),
  piece('AC', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
]);

/** Words that make a value a placeholder (`your_api_key`, `xxxx`, `dummy`, `EXAMPLE`). */
const PLACEHOLDER =
  /example|dummy|placeholder|changeme|change_me|your[-_]|xxxx|<[a-z_-]+>|\.\.\.|0{8,}|(.)\1{11,}/i;
/** Passwords of documentation URLs (`http://user:pass@host`): placeholders, not secrets. */
const PLACEHOLDER_PASSWORD =
  /^(pass(word|wd)?|secret|pwd|pw|test|foo|bar|baz|qux|x+|\*+|changeme|example|dummy|p@ss(word)?|hunter2|1234\d*|[a-z]|\{[^}]*\}|\$\{[^}]*\}|%s|<[^>]*>)$/i;

/** The password of the first `scheme://user:password@` in a line (null when there is none). */
export function basicAuthPassword(line: string): string | null {
  return /[a-z][\w+.-]*:\/\/[^\s:/@'"]*:([^\s@/'"]*)@/i.exec(line)?.[1] ?? null;
}

/** Comments that mark a test value as fake. */
const FAKE_MARK =
  /\b(fake|dummy|not (a )?real|never valid|placeholder|for tests? only|test (key|token|credential)s?)\b/i;

/** The value at a finding's place: the token starting at its column, or the PEM block at its line. */
export function valueAt(content: string, line: number, column: number): string {
  const lines = content.split('\n');
  const text = lines[line - 1] ?? '';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    const end = lines.findIndex((l, i) => i >= line - 1 && /-----END [A-Z ]*PRIVATE KEY-----/.test(l));
    return lines.slice(line - 1, end < 0 ? undefined : end + 1).join('\n');
  }
  const rest = text.slice(Math.max(0, column - 1));
  return /^[A-Za-z0-9_\-/+=.]+/.exec(rest)?.[0] ?? rest.trim();
}

function keyParses(pem: string): boolean {
  try {
    createPrivateKey(pem.replace(/^\s*["'`]?|["'`,;]?\s*$/g, ''));
    return true;
  } catch {
    return false;
  }
}

function markedFake(lines: readonly string[], line: number): boolean {
  const near = lines.slice(Math.max(0, line - 4), line).join('\n');
  return FAKE_MARK.test(near) || FAKE_MARK.test(lines.slice(0, 5).join('\n'));
}

/** A real-looking AWS key pair: an access key id and a secret key in the same file, neither an example. */
function awsPair(findings: readonly Finding[], file: string): boolean {
  const aws = findings.filter(
    (f) => f.file === file && f.rule === 'secretlint/aws' && !/Account ID/i.test(f.message),
  );
  return (
    aws.some((f) => /Access Key ID/i.test(f.message)) && aws.some((f) => /Secret Access Key/i.test(f.message))
  );
}

/** The severity of one secret and why it is not critical (null reason when it is). */
export function credentialSeverity(
  finding: Finding,
  content: string,
  all: readonly Finding[],
): { severity: Severity; reason: string | null } {
  const value = valueAt(content, finding.line, finding.column ?? 1);
  if (finding.rule === 'secretlint/privatekey') {
    if (keyParses(value)) return { severity: 'critical', reason: null };
    const fake = isTestPath(finding.file) && markedFake(content.split('\n'), finding.line);
    return fake
      ? { severity: 'low', reason: 'a private key block that does not parse, marked fake in test code' }
      : { severity: 'high', reason: 'a private key block that does not parse (placeholder or truncated)' };
  }
  if (finding.rule === 'secretlint/basicauth') {
    const password = basicAuthPassword(content.split('\n')[finding.line - 1] ?? '');
    if (password !== null && (PLACEHOLDER_PASSWORD.test(password) || PLACEHOLDER.test(password)))
      return { severity: 'info', reason: 'a placeholder password in an example URL' };
  }
  if (DOCUMENTED_EXAMPLES.has(value) || PLACEHOLDER.test(value))
    return { severity: 'info', reason: 'a documented example or placeholder value' };
  if (finding.rule === 'secretlint/aws' && /Account ID/i.test(finding.message))
    return { severity: 'low', reason: 'an AWS account number alone is not a secret' };
  if (
    isTestPath(finding.file) &&
    markedFake(content.split('\n'), finding.line) &&
    !awsPair(all, finding.file)
  )
    return { severity: 'low', reason: 'a value test code marks as fake' };
  return { severity: finding.severity, reason: null };
}

/**
 * Applies {@link credentialSeverity} to the secretlint findings of one file's `content`.
 *
 * @example
 * classifyCredentials(findings, text); // the AWS example key id becomes info
 */
export function classifyCredentials(findings: readonly Finding[], content: string): Finding[] {
  return findings.map((f) => {
    if (f.tool !== 'secretlint' || f.severity === 'info') return f;
    const { severity, reason } = credentialSeverity(f, content, findings);
    if (!reason && f.rule === 'secretlint/privatekey' && f.severity !== 'critical')
      return {
        ...f,
        severity: 'critical',
        message: `${f.message} (a private key that parses: critical wherever it is)`,
      };
    if (!reason || severity === f.severity) return f;
    const lower = f.severity === 'high' && severity === 'critical' ? 'high' : severity;
    return { ...f, severity: lower, message: `${f.message} (${reason}: ${lower})` };
  });
}
