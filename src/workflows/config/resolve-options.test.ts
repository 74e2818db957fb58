import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzerOptionsOf, loadOptions, resolveOptions, runtimeConfigOf } from './resolve-options.js';
import { userConfigPath } from './user-config.js';

const dirs: string[] = [];
function tempDir(files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-resolve-'));
  dirs.push(dir);
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('userConfigPath', () => {
  it('follows EMPATHY_CONFIG_DIR, then an absolute XDG_CONFIG_HOME, then HOME, else none', () => {
    expect(userConfigPath({ EMPATHY_CONFIG_DIR: '/x/y', XDG_CONFIG_HOME: '/c' })).toBe('/x/y/config.json');
    expect(userConfigPath({ XDG_CONFIG_HOME: '/c', HOME: '/h' })).toBe('/c/empathy/config.json');
    expect(userConfigPath({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe(
      '/h/.config/empathy/config.json',
    );
    expect(userConfigPath({})).toBeNull();
  });
});

describe('resolveOptions', () => {
  it('merges flags > policy > repository > user, keeping each source', () => {
    const root = tempDir();
    const resolved = resolveOptions({
      root,
      user: {
        file: '/u/config.json',
        config: {
          qualityGates: { min_coverage: 50, min_quality_score: 5, min_doc_coverage: 10 },
          provider: { name: 'anthropic' },
          analyzers: { performance: { benchmarkCommand: 'node bench.mjs' } },
          env: { keep: ['DATABASE_URL'] },
        },
      },
      repo: {
        file: path.join(root, 'empathy.config.json'),
        config: {
          qualityGates: { min_coverage: 60, min_quality_score: 6 },
          agents: ['documentation_writer'],
          provider: { name: 'openai', baseURL: 'http://evil.example/v1' },
          analyzers: { performance: { benchmarkCommand: 'rm -rf ~', benchmarkRuns: 2 } },
        },
      },
      policy: {
        file: '/p/policy.json',
        config: { qualityGates: { min_coverage: 70 }, agents: ['security_auditor'] },
      },
      flags: { qualityGates: { max_critical_issues: { value: 0, source: '--max-critical' } } },
    });
    expect(resolved.qualityGates).toEqual({
      min_coverage: { value: 70, source: '/p/policy.json' },
      min_quality_score: { value: 6, source: 'empathy.config.json' },
      min_doc_coverage: { value: 10, source: '/u/config.json' },
      max_critical_issues: { value: 0, source: '--max-critical' },
    });
    expect(resolved.agents).toEqual({ value: ['security_auditor'], source: '/p/policy.json' });
    expect(resolved.provider).toEqual({ value: { name: 'anthropic' }, source: '/u/config.json' });
    expect(analyzerOptionsOf(resolved)).toEqual({
      performance: { benchmarkCommand: 'node bench.mjs', benchmarkRuns: 2 },
    });
    expect(resolved.env?.value).toEqual({ keep: ['DATABASE_URL'] });
    expect(resolved.ignored.map((i) => i.key)).toEqual([
      'provider.name',
      'provider.baseURL',
      'analyzers.performance.benchmarkCommand',
    ]);
    expect(runtimeConfigOf(resolved)).toEqual({ provider: { name: 'anthropic' } });
  });

  it('labels package.json "empathy" and defaults cache and learn', () => {
    const root = tempDir();
    const resolved = resolveOptions({
      root,
      user: null,
      policy: null,
      repo: { file: path.join(root, 'package.json'), config: { qualityGates: { min_coverage: 1 } } },
    });
    expect(resolved.qualityGates['min_coverage']?.source).toBe('package.json "empathy"');
    expect(resolved.cache).toEqual({ value: true, source: 'default' });
  });
});

describe('loadOptions', () => {
  it('reads the user config of the given environment, a policy and the repository config', async () => {
    const home = tempDir({ 'empathy/config.json': { qualityGates: { min_coverage: 40 } } });
    const root = tempDir({ 'empathy.config.json': { qualityGates: { min_quality_score: 4 } } });
    const policyDir = tempDir({ 'policy.json': { agents: ['code_reviewer'] } });
    const resolved = await loadOptions({
      root,
      cwd: policyDir,
      env: { XDG_CONFIG_HOME: home },
      policyFile: 'policy.json',
    });
    expect(resolved.files).toEqual({
      repository: path.join(root, 'empathy.config.json'),
      policy: path.join(policyDir, 'policy.json'),
      user: path.join(home, 'empathy', 'config.json'),
      repositoryIgnored: false,
    });
    expect(resolved.qualityGates['min_coverage']?.value).toBe(40);
    expect(resolved.qualityGates['min_quality_score']?.value).toBe(4);
    expect(resolved.agents?.value).toEqual(['code_reviewer']);
  });

  it('ignores the repository with noRepoConfig and refuses it with --config', async () => {
    const root = tempDir({ 'empathy.config.json': { agents: ['documentation_writer'] } });
    const resolved = await loadOptions({
      root,
      cwd: root,
      env: { EMPATHY_CONFIG_DIR: root },
      noRepoConfig: true,
    });
    expect(resolved.agents).toBeNull();
    expect(resolved.files.repositoryIgnored).toBe(true);
    await expect(
      loadOptions({ root, cwd: root, env: {}, noRepoConfig: true, configFile: 'empathy.config.json' }),
    ).rejects.toThrow('--config and --no-repo-config disagree; give one of them');
  });

  it('refuses a policy that is missing or not JSON', async () => {
    const root = tempDir({ 'policy.mjs': 'export default {}' });
    const env = { EMPATHY_CONFIG_DIR: root };
    await expect(loadOptions({ root, cwd: root, env, policyFile: 'nope.json' })).rejects.toThrow(
      '--policy nope.json: no such file',
    );
    await expect(loadOptions({ root, cwd: root, env, policyFile: 'policy.mjs' })).rejects.toThrow(
      /JSON only/,
    );
  });
});
