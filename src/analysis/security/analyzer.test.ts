import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { findExecutable } from '../../core/run-command.js';
import { buildProjectIndex } from '../../project/index.js';
import type { ProjectIndex } from '../../project/types.js';
import type { AnalysisReport } from '../types.js';
import { securityAnalyzer, type SecurityFigures } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../../test/fixtures');
const npm405 = path.join(fixtures, 'sec-npm/npm-405.sh');
const npmReport = path.join(fixtures, 'sec-npm/npm-report.sh');
const noBandit = '/nonexistent/bandit';
const hasBandit = findExecutable('bandit') !== null;

const lines = (r: AnalysisReport<SecurityFigures>) =>
  r.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.rule}`);

// Hand-checked against the fixture's sources (see test/fixtures/insecure-app).
// The key pair and the token are critical; the deploy key is a PEM block that does not parse (high).
// Public functions' parameters spliced into shell commands (handlers.py 28, 32) are critical flows;
// passed whole (eval, pickle, yaml of a parameter) they keep the rule's high.
const CRITICAL = [
  'critical .env:2 secretlint/aws',
  'critical .env:3 secretlint/aws',
  'critical app/handlers.py:28 taint/command-injection',
  'critical app/handlers.py:32 taint/command-injection',
  'critical config/settings.yml:6 secretlint/github',
];
const PYTHON = [
  'high app/handlers.py:12 python/eval',
  'high app/handlers.py:16 python/pickle-load',
  'high app/handlers.py:20 python/yaml-load',
  'high app/handlers.py:36 python/weak-password-hash',
  'high app/handlers.py:45 python/requests-verify-false',
  'high config/deploy_key:3 secretlint/privatekey',
];

describe('securityAnalyzer on test/fixtures/insecure-app', () => {
  let index: ProjectIndex;
  beforeAll(async () => {
    index = await buildProjectIndex(path.join(fixtures, 'insecure-app'), { cache: false });
  });

  it('CHEAP: secrets, JS quick rules and Python rules', async () => {
    const r = await securityAnalyzer.analyze(index, { tier: 'CHEAP' });
    expect(r.figures).toMatchObject({
      critical_issues: 5,
      high_issues: 8,
      medium_issues: 1,
      low_issues: 0,
      dependency_audit: 'skipped',
      dependency_vulnerabilities: null,
      findings_by_tool: {
        secretlint: 4,
        'empathy-js-quick-rules': 3,
        'empathy-python-rules': 5,
        'empathy-taint': 2,
      },
      files_not_parsed: 1,
    });
    expect(lines(r)).toEqual([
      ...CRITICAL,
      ...PYTHON,
      'high src/client/render.js:5 js-quick/inner-html',
      'high src/server.js:13 js-quick/eval',
      'medium src/server.js:2 js-quick/child-process',
    ]);
    expect(r.filesCounted).toBe(index.files.length);
    expect(r.tools.map((t) => t.name)).toEqual([
      'secretlint',
      'empathy-js-quick-rules',
      'empathy-python-rules',
    ]);
  });

  it('CAPABLE without bandit: ESLint security rules in a worker; bandit not measured, our rules still count', async () => {
    const r = await securityAnalyzer.analyze(index, { tier: 'CAPABLE', banditCommand: noBandit });
    expect(r.figures).toMatchObject({
      critical_issues: 7,
      high_issues: 6,
      medium_issues: 1,
      low_issues: 2,
      dependency_audit: 'skipped',
      findings_by_tool: { secretlint: 4, eslint: 3, 'empathy-python-rules': 5, 'empathy-taint': 4 },
      files_not_parsed: 2,
    });
    // server.js: the request's URL reaches eval through calculate() (one call level), and an
    // exported function's parameter is spliced into exec's command.
    expect(lines(r)).toEqual([
      ...CRITICAL,
      'critical src/server.js:8 taint/command-injection',
      'critical src/server.js:13 taint/code-injection',
      ...PYTHON,
      'medium src/validate.ts:4 security/detect-unsafe-regex',
      'low src/server.js:18 security/detect-non-literal-fs-filename',
      'low src/validate.ts:17 security/detect-non-literal-regexp',
    ]);
    expect(r.notMeasured.map((n) => n.what)).toEqual([
      'security code rules in src/broken.js',
      'python security rules in app/broken.py',
      'bandit',
    ]);
    expect(r.figures.warnings).toEqual([expect.stringMatching(/^bandit: bandit is not installed/)]);
    expect(r.tools.map((t) => t.name)).toEqual([
      'secretlint',
      'eslint',
      'eslint-plugin-security',
      'empathy-python-rules',
    ]);
  });

  it.skipIf(!hasBandit)(
    `CAPABLE with bandit${skipNote(!hasBandit, 'bandit', 'bandit on PATH')}`,
    async () => {
      const r = await securityAnalyzer.analyze(index, { tier: 'CAPABLE' });
      // bandit's eval/pickle/yaml/shell/md5/verify findings are the same places as ours: only
      // its two LOW import warnings remain.
      expect(r.figures).toMatchObject({
        critical_issues: 7,
        high_issues: 6,
        medium_issues: 1,
        low_issues: 4,
      });
      expect(r.figures.findings_by_tool).toMatchObject({ bandit: 2 });
      expect(lines(r).filter((l) => l.includes('bandit/'))).toEqual([
        'low app/handlers.py:4 bandit/B403-blacklist',
        'low app/handlers.py:5 bandit/B404-blacklist',
      ]);
      expect(r.tools.find((t) => t.name === 'bandit')?.version).toMatch(/^\d+\.\d+/);
      expect(r.notMeasured.map((n) => n.what)).not.toContain('bandit');
    },
  );

  it('PREMIUM with a registry that refuses npm audit: unavailable, a warning, never zero', async () => {
    const r = await securityAnalyzer.analyze(index, {
      tier: 'PREMIUM',
      banditCommand: noBandit,
      npmCommand: npm405,
    });
    expect(r.figures).toMatchObject({
      critical_issues: 7,
      high_issues: 8,
      medium_issues: 1,
      low_issues: 2,
      dependency_audit: 'unavailable',
      dependency_vulnerabilities: null,
    });
    expect(r.figures.dependency_audit_reason).toContain('405 Method Not Allowed');
    expect(r.figures.warnings).toContain(
      `dependency audit unavailable: ${r.figures.dependency_audit_reason}`,
    );
    expect(r.notMeasured.map((n) => n.what)).toContain('dependency audit (npm audit)');
    expect(r.figures.findings_by_tool).not.toHaveProperty('npm-audit');
    expect(lines(r)).toEqual(
      expect.arrayContaining([
        'high src/client/render.js:5 no-unsanitized/property',
        'high src/client/render.js:10 no-unsanitized/method',
      ]),
    );
  });

  it('PREMIUM with a registry that answers: advisories counted', async () => {
    const r = await securityAnalyzer.analyze(index, {
      tier: 'PREMIUM',
      banditCommand: noBandit,
      npmCommand: npmReport,
    });
    expect(r.figures).toMatchObject({
      critical_issues: 7,
      high_issues: 9,
      dependency_audit: 'ok',
      dependency_audit_reason: null,
      dependency_vulnerabilities: 1,
    });
    expect(r.figures.findings_by_tool).toMatchObject({ 'npm-audit': 1, eslint: 5 });
    expect(lines(r)).toContain('high package-lock.json:0 npm-audit/lodash');
    expect(r.tools).toContainEqual({ name: 'npm audit', version: '11.19.1' });
  });
});

describe('securityAnalyzer: bad input and edge cases', () => {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-security-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('an empty project is not measured, not clean', async () => {
    const index = await buildProjectIndex(temp, { cache: false });
    const r = await securityAnalyzer.analyze(index, { tier: 'CHEAP' });
    expect(r.figures.critical_issues).toBeNull();
    expect(r.figures.low_issues).toBeNull();
    expect(r.figures.dependency_audit).toBe('not_applicable');
    expect(r.notMeasured).toContainEqual(expect.objectContaining({ what: 'security scan' }));
  });

  it('stops when aborted', async () => {
    const index = await buildProjectIndex(path.join(fixtures, 'sec-bandit'), { cache: false });
    const controller = new AbortController();
    controller.abort();
    await expect(
      securityAnalyzer.analyze(index, { tier: 'CHEAP', signal: controller.signal }),
    ).rejects.toThrow();
  });
});
