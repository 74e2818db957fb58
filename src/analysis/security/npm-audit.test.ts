import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installedNpmVersion, NPM_AUDIT_ARGS, parseNpmAudit, runNpmAudit } from './npm-audit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const recorded = path.resolve(here, '../../../test/fixtures/sec-npm');
const app = path.resolve(here, '../../../test/fixtures/insecure-app');
const read = (name: string) => readFileSync(path.join(recorded, name), 'utf8');

describe('parseNpmAudit', () => {
  it('reads a v2 report: one finding per vulnerable package, severities mapped', () => {
    const parsed = parseNpmAudit(read('audit-v2-report.json'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.vulnerablePackages).toBe(3);
    expect(parsed.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`)).toEqual([
      'package-lock.json:0:npm-audit/lodash:high',
      'package-lock.json:0:npm-audit/minimist:critical',
      'package-lock.json:0:npm-audit/mkdirp:critical',
    ]);
    expect(parsed.findings[0]?.message).toContain('Command Injection in lodash');
    expect(parsed.findings[0]?.message).toContain('GHSA-35jh-r3h4-6jhm');
    expect(parsed.findings[2]?.message).toContain('vulnerable through minimist');
  });

  it('treats the recorded 405 error object as unavailable, not as zero', () => {
    const parsed = parseNpmAudit(read('audit-405.json'));
    expect(parsed).toEqual({
      ok: false,
      reason:
        'registry error: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      status: 405,
    });
  });

  it('rejects output that is not JSON, empty, or another report version', () => {
    expect(parseNpmAudit('npm ERR! something')).toEqual({
      ok: false,
      reason: 'output is not JSON: npm ERR! something',
    });
    expect(parseNpmAudit('')).toEqual({ ok: false, reason: 'no output' });
    expect(parseNpmAudit('{"advisories":{},"metadata":{}}')).toEqual({
      ok: false,
      reason: 'unsupported report (auditReportVersion undefined)',
    });
  });
});

describe('runNpmAudit (fake npm executables, no network)', () => {
  it('405 from the registry -> unavailable with the reason', async () => {
    const audit = await runNpmAudit(app, 'package-lock.json', {
      command: path.join(recorded, 'npm-405.sh'),
      timeoutMs: 10_000,
    });
    expect(audit.state).toBe('unavailable');
    expect(audit.reason).toContain('405 Method Not Allowed');
    expect(audit.vulnerablePackages).toBeNull();
    expect(audit.npmVersion).toBe('11.19.1');
    expect(audit.registryStatus).toBe(405);
  });

  it('overrides offline=true from .npmrc, so the false clean report is never taken', async () => {
    const audit = await runNpmAudit(app, 'package-lock.json', {
      command: path.join(recorded, 'npm-offline-npmrc.sh'),
      timeoutMs: 10_000,
    });
    expect(audit.state).toBe('unavailable');
    expect(audit.reason).toContain('405');
  });

  it('a registry that answers -> ok with the findings', async () => {
    const audit = await runNpmAudit(app, 'package-lock.json', {
      command: path.join(recorded, 'npm-report.sh'),
      timeoutMs: 10_000,
    });
    expect(audit.state).toBe('ok');
    expect(audit.vulnerablePackages).toBe(1);
    expect(audit.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['npm-audit/lodash:high']);
  });

  it('a hung npm is stopped at the deadline -> unavailable', async () => {
    const audit = await runNpmAudit(app, 'package-lock.json', {
      command: path.join(recorded, 'npm-hang.sh'),
      timeoutMs: 300,
    });
    expect(audit).toMatchObject({ state: 'unavailable', reason: 'npm audit timed out after 300 ms' });
  });

  it('npm missing -> unavailable', async () => {
    const audit = await runNpmAudit(app, 'package-lock.json', {
      command: '/nonexistent/npm',
      timeoutMs: 1000,
    });
    expect(audit.state).toBe('unavailable');
    expect(audit.reason).toContain('could not run');
  });
});

describe('the arguments of npm audit', () => {
  it('asks npm to write no debug log and not to check its own version, and still reads the report', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-npm-args-'));
    try {
      // Answers the recorded report only with both flags; without them, an error object (unavailable).
      const script = path.join(dir, 'npm');
      writeFileSync(
        script,
        `#!/bin/sh\nif [ "$1" = --version ]; then echo 11.19.1; exit 0; fi\ncase " $* " in *" --logs-max=0 "*) case " $* " in *" --no-update-notifier "*) cat '${path.join(recorded, 'audit-v2-report.json')}'; exit 1 ;; esac ;; esac\necho '{"error":{"summary":"flags missing: $*"}}'\nexit 1\n`,
      );
      chmodSync(script, 0o755);
      const audit = await runNpmAudit(app, 'package-lock.json', { command: script, timeoutMs: 10_000 });
      expect(audit.reason).toBeNull();
      expect(audit.state).toBe('ok');
      expect(audit.findings.length).toBeGreaterThan(0);
      expect(NPM_AUDIT_ARGS.slice(0, 3)).toEqual(['audit', '--json', '--offline=false']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the npm version without starting npm', () => {
  it("is read from npm's package.json when the command links to npm-cli.js (npm is not started for it)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-npm-version-'));
    try {
      const npm = path.join(dir, 'lib', 'node_modules', 'npm');
      mkdirSync(path.join(npm, 'bin'), { recursive: true });
      writeFileSync(path.join(npm, 'package.json'), JSON.stringify({ name: 'npm', version: '1.2.3' }));
      const script = path.join(npm, 'bin', 'npm-cli.js');
      // Started, it would say 9.9.9 for --version and answer 405 for audit.
      writeFileSync(script, `#!/bin/sh\nif [ "$1" = --version ]; then echo 9.9.9; exit 0; fi\ncat '${path.join(recorded, 'audit-405.json')}'\nexit 1\n`);
      chmodSync(script, 0o755);
      symlinkSync(script, path.join(dir, 'npm'));
      expect(installedNpmVersion(path.join(dir, 'npm'))).toBe('1.2.3');
      const audit = await runNpmAudit(app, 'package-lock.json', { command: path.join(dir, 'npm'), timeoutMs: 10_000 });
      expect(audit).toMatchObject({ state: 'unavailable', npmVersion: '1.2.3' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const printed = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  it.skipIf(printed.status !== 0)('equals what `npm --version` prints for the npm on PATH (skipped: no npm on PATH)', () => {
    const read = installedNpmVersion('npm');
    // An npm that is not npm-cli.js (a corepack shim) is asked instead: null here.
    if (read !== null) expect(read).toBe(printed.stdout.trim());
    expect(installedNpmVersion(path.join(recorded, 'npm-405.sh'))).toBeNull();
  });
});
