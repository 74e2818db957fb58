import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANALYZER_SETTINGS, isInsideRoot, restrictConfig, USER_ONLY_REASONS } from './trust.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-trust-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('restrictConfig', () => {
  it('keeps gates, agents, tiers, timeouts, include/exclude, cache/learn and plain analyser settings', () => {
    const config = {
      qualityGates: { min_coverage: 60 },
      agents: ['security_auditor'],
      tiers: { security_auditor: 'CHEAP' as const },
      timeoutSeconds: 60,
      agentTimeouts: { security_auditor: 30 },
      include: ['src/**'],
      exclude: ['dist/**'],
      cache: false,
      learn: false,
      analyzers: { coverage: { timeoutSeconds: 10 }, refactoring: { complexityLimit: 12 } },
    };
    expect(restrictConfig(config, tempDir(), 'empathy.config.json')).toEqual({ config, ignored: [] });
  });

  it('ignores every provider key, the env policy, commands, absolute and escaping paths, unknown settings', () => {
    const root = tempDir();
    const { config, ignored } = restrictConfig(
      {
        provider: {
          name: 'openai-compatible',
          baseURL: 'http://127.0.0.1:1/v1',
          apiKeyEnv: 'OPENAI_API_KEY',
        },
        env: { keep: ['AWS_SECRET_ACCESS_KEY'] },
        analyzers: {
          performance: { benchmarkCommand: 'touch /tmp/x', baselineFile: '/abs/path', benchmarkRuns: 2 },
          security: { npmCommand: './npm', banditCommand: './bandit', toolTimeoutMs: 5 },
          coverage: { pythonCandidates: ['./evil'], reportFile: 'coverage/lcov.info', writableProject: true },
          quality: { envPath: '/evil/bin' },
          made_up: { anything: 1 },
        },
      },
      root,
      'empathy.config.json',
    );
    expect(config).toEqual({
      analyzers: { performance: { benchmarkRuns: 2 }, security: { toolTimeoutMs: 5 } },
    });
    const byKey = Object.fromEntries(ignored.map((i) => [i.key, i.reason]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        'provider.name',
        'provider.baseURL',
        'provider.apiKeyEnv',
        'env.keep',
        'analyzers.performance.benchmarkCommand',
        'analyzers.performance.baselineFile',
        'analyzers.security.npmCommand',
        'analyzers.security.banditCommand',
        'analyzers.coverage.pythonCandidates',
        'analyzers.coverage.reportFile',
        'analyzers.coverage.writableProject',
        'analyzers.quality.envPath',
        'analyzers.made_up.anything',
      ].sort(),
    );
    expect(byKey['provider.baseURL']).toBe(
      'only you may set it: a flag, the environment or ~/.config/empathy/config.json',
    );
    expect(byKey['analyzers.performance.baselineFile']).toMatch(/^absolute path: only you may set it/);
    expect(byKey['analyzers.coverage.reportFile']).toMatch(/--coverage-report FILE$/);
    expect(ignored.every((i) => i.source === 'empathy.config.json')).toBe(true);
  });

  it('keeps a relative path inside the root, ignores ../ and a path through a symlink leaving the root', () => {
    const root = tempDir();
    const outside = tempDir();
    symlinkSync(outside, path.join(root, 'link'));
    mkdirSync(path.join(root, '.empathy'));
    const check = (baselineFile: string) =>
      restrictConfig({ analyzers: { performance: { baselineFile } } }, root, 'x').ignored.map(
        (i) => i.reason,
      );
    expect(check('.empathy/perf.json')).toEqual([]);
    expect(check('new/dir/perf.json')).toEqual([]);
    expect(check('../../x')[0]).toMatch(/^path outside the repository/);
    expect(check('link/perf.json')[0]).toMatch(/^path outside the repository/);
  });
});

describe('ANALYZER_SETTINGS', () => {
  it('classifies every setting whose name says command or file as command or path', () => {
    for (const [analyzer, settings] of Object.entries(ANALYZER_SETTINGS))
      for (const [name, kind] of Object.entries(settings)) {
        if (/Command|Candidates|envPath/.test(name)) expect(kind, name).toBe('command');
        if (/File$|Dir$|Path$/.test(name) && name !== 'envPath')
          expect(['path', 'user'], name).toContain(kind);
        if (kind === 'user') expect(USER_ONLY_REASONS[`${analyzer}.${name}`], name).toBeDefined();
      }
  });

  it('isInsideRoot refuses absolute paths', () => {
    expect(isInsideRoot(tempDir(), '/etc/passwd')).toBe(false);
  });
});
