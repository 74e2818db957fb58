import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { basicAuthPassword, classifyCredentials, valueAt } from './credentials.js';

const piece = (...p: string[]) => p.join('');
const secret = (over: Partial<Finding>): Finding => ({
  file: 'src/config.py',
  line: 1,
  column: 1,
  rule: 'secretlint/basicauth',
  severity: 'critical',
  message: 'found basic auth credential',
  tool: 'secretlint',
  ...over,
});

describe('credential severity', () => {
  it('reads the password of an example URL', () => {
    expect(basicAuthPassword('proxies = {"http": "http://user:pass@10.10.1.10:3128/"}')).toBe('pass');
    expect(basicAuthPassword('no url here')).toBeNull();
  });

  it('placeholder passwords in URLs are info; a real-looking one stays critical', () => {
    const text = `a = "http://user:pass@host/"\nb = "https://deploy:${piece('Zq8', 'vN2x', 'Lp4')}@db.internal/"\n`;
    const out = classifyCredentials([secret({ line: 1, column: 6 }), secret({ line: 2, column: 6 })], text);
    expect(out.map((f) => f.severity)).toEqual(['info', 'critical']);
  });

  it('an AWS account number alone is low; a key pair in test code marked fake stays critical', () => {
    const id = piece('AKIA', '2E7XQ', 'PL4NT3DK3Y');
    const text = `# fake credentials for tests\nID=${id}\nSECRET=${piece('Xk7pT2', 'mQ9vR4', 'bN8cW1', 'zL5yH3', 'sD6fG0', 'aJ2k')}\nACCOUNT=${piece('9876', '5432', '1098')}\n`;
    const aws = (line: number, message: string) =>
      secret({
        file: 'tests/fixtures/.env',
        line,
        column: text.split('\n')[line - 1]!.indexOf('=') + 2,
        rule: 'secretlint/aws',
        message,
      });
    const out = classifyCredentials(
      [
        aws(2, 'found AWS Access Key ID'),
        aws(3, 'found AWS Secret Access Key'),
        aws(4, 'found AWS Account ID'),
      ],
      text,
    );
    expect(out.map((f) => f.severity)).toEqual(['critical', 'critical', 'low']);
    expect(valueAt(text, 2, 4)).toBe(id);
  });

  it('a lone token that test code marks fake is low', () => {
    const text = `# FAKE token, never valid\nTOKEN=${piece('ghp_', 'R4nd0mLooking', 'T0kenValue', '0000x1')}\n`;
    const out = classifyCredentials(
      [secret({ file: 'test/data.env', line: 2, column: 7, rule: 'secretlint/github' })],
      text,
    );
    expect(out[0]!.severity).toBe('low');
  });
});
