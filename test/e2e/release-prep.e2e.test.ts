import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, removeCopies, REPO, runCli, type CliRun } from './cli.test-helper.js';

afterAll(removeCopies);

interface JsonReport {
  approved: boolean;
  confidence: string;
  blockers: string[];
  warnings: string[];
  quality_gates: Array<{
    name: string;
    actual: number | null;
    passed: boolean;
    critical: boolean;
    message: string;
  }>;
}

/** Runs `release-prep --json --no-learn` on `repo` with `args`; returns the exit code and the parsed report. */
async function releasePrepJson(repo: string, args: string[]): Promise<{ code: number; report: JsonReport }> {
  const run = await runCli(
    ['orchestrate', 'release-prep', '--path', repo, '--json', '--no-learn', ...args],
    REPO,
  );
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

function gate(report: JsonReport, name: string) {
  const found = report.quality_gates.find((g) => g.name === name);
  if (!found) throw new Error(`no gate ${name} in ${JSON.stringify(report.quality_gates)}`);
  return found;
}

describe('release-prep on js-lib (node:test, 63.04% coverage)', () => {
  let approved: CliRun;
  let blocked: CliRun;
  let jsLib: string;

  beforeAll(async () => {
    jsLib = copyFixture('js-lib');
    [approved, blocked] = await Promise.all([
      runCli(['orchestrate', 'release-prep', '--path', jsLib, '--min-coverage', '60', '--no-learn'], REPO),
      runCli(['orchestrate', 'release-prep', '--path', jsLib, '--json', '--no-learn', '--no-cache'], REPO),
    ]);
  }, 300_000);

  it('is approved (exit 0) with --min-coverage 60, the docs gate only warning', () => {
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('RELEASE READINESS REPORT (Meta-Orchestrated)');
    expect(approved.stdout).toContain('Status: ✅ READY FOR RELEASE');
    expect(approved.stdout).toContain('✅ Test Coverage: PASS (actual: 63.0, threshold: 60.0)');
    expect(approved.stdout).toMatch(
      /⚠️ {2}Documentation: below threshold \(actual: \d+\.\d, threshold: 100\.0\)/,
    );
    expect(approved.stdout).toContain('AGENTS EXECUTED (4)');
  });

  it('is blocked (exit 1) by the coverage gate at the default 80', () => {
    expect(blocked.code).toBe(1);
    const report = JSON.parse(blocked.stdout) as JsonReport;
    expect(report.approved).toBe(false);
    expect(gate(report, 'Test Coverage')).toMatchObject({ actual: 63.04, passed: false, critical: true });
    expect(report.blockers).toEqual(['Test Coverage: coverage 63.0 is below the threshold 80']);
    expect(gate(report, 'Documentation').critical).toBe(false);
  });
});

describe('release-prep blocked by each other gate', () => {
  it('security: the planted secrets and injections of insecure-app are critical (exit 1)', async () => {
    const { code, report } = await releasePrepJson(copyFixture('insecure-app'), [
      '--agents',
      'security_auditor',
    ]);
    expect(code).toBe(1);
    // 3 committed credentials and 4 injections fed by parameters or request data (issue 15's data flow).
    expect(gate(report, 'Security')).toMatchObject({ actual: 7, passed: false, critical: true });
    expect(report.blockers[0]).toBe('Security: critical_issues 7 is above the threshold 0');
  }, 300_000);

  it('quality: quality-score scores 9.25, below --min-quality 9.5 (exit 1)', async () => {
    const { code, report } = await releasePrepJson(copyFixture('quality-score'), [
      '--agents',
      'code_reviewer',
      '--min-quality',
      '9.5',
    ]);
    expect(code).toBe(1);
    expect(gate(report, 'Code Quality')).toMatchObject({ actual: 9.25, passed: false });
  }, 300_000);

  it('coverage that cannot be produced fails closed: ts-lib without node_modules (exit 1, LOW)', async () => {
    const { code, report } = await releasePrepJson(copyFixture('ts-lib'), [
      '--agents',
      'test_coverage_analyzer',
    ]);
    expect(code).toBe(1);
    expect(report.confidence).toBe('LOW');
    expect(gate(report, 'Test Coverage')).toMatchObject({ actual: null, passed: false });
    expect(report.blockers[0]).toMatch(/^Test Coverage: not measured: .*dependencies not installed.*npm ci/);
  }, 300_000);

  it('coverage is measured once dependencies are installed (ts-lib with node_modules: 23.53%)', async () => {
    const repo = copyFixture('ts-lib');
    symlinkSync(path.join(REPO, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    const { code, report } = await releasePrepJson(repo, ['--agents', 'test_coverage_analyzer']);
    expect(code).toBe(1);
    expect(gate(report, 'Test Coverage')).toMatchObject({ actual: 23.53, passed: false });
  }, 300_000);
});

describe('release-prep report files', () => {
  it('writes sarif, junit and markdown reports with --output', async () => {
    const app = copyFixture('insecure-app');
    const out = path.dirname(app);
    const runs = await Promise.all(
      (['sarif', 'junit', 'markdown'] as const).map((format) =>
        runCli(
          [
            'orchestrate',
            'release-prep',
            '--path',
            app,
            '--agents',
            'security_auditor',
            '--format',
            format,
            '--output',
            path.join(out, `report.${format}`),
            '--no-learn',
          ],
          REPO,
        ),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/release-prep: blocked; \w+ report written to /);
    }
    const sarif = JSON.parse(readFileSync(path.join(out, 'report.sarif'), 'utf8')) as {
      version: string;
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.flatMap((r) => r.results).length).toBeGreaterThanOrEqual(4);
    expect(readFileSync(path.join(out, 'report.junit'), 'utf8')).toContain('<testsuite');
    expect(readFileSync(path.join(out, 'report.markdown'), 'utf8')).toContain('Security');
  }, 300_000);
});

describe('release-prep usage errors exit 2 with one line and no stack trace', () => {
  let badConfig: string;
  beforeAll(() => {
    badConfig = copyFixture('js-lib');
    writeFileSync(
      path.join(badConfig, 'empathy.config.json'),
      JSON.stringify({ qualityGatez: { min_coverage: 1 } }),
    );
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['--path', 'does/not/exist'], /--path does\/not\/exist: no such directory/],
    [['--min-coverage', '150'], /--min-coverage must be between 0 and 100, got 150/],
    [['--min-quality', 'high'], /--min-quality must be a number/],
    [['--max-critical=-1'], /--max-critical must be >= 0, got -1/],
    [
      ['--max-critical', '-1'],
      /option --max-critical has a value starting with "-": write it as --max-critical=VALUE/,
    ],
    [['--format', 'pdf'], /unknown report format "pdf"; use one of console, json, markdown, sarif, junit/],
    [['--agents', 'wizard'], /unknown template "?wizard"?|wizard/],
    [['--config', 'missing.json'], /--config missing.json: no such file/],
  ])('%j', async (args, message) => {
    const run = await runCli(['orchestrate', 'release-prep', ...args], REPO);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the unknown key of a bad config file', async () => {
    const run = await runCli(['orchestrate', 'release-prep', '--path', badConfig], REPO);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/empathy\.config\.json: unknown key "qualityGatez"/);
  });
});
