import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './index.js';
import { recordingIO } from './test-io.test-helper.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-print-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(file: string, value: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const repo = path.join(scratch, 'repo');
write(path.join(repo, 'empathy.config.json'), {
  qualityGates: { min_coverage: 70, min_quality_score: 6 },
  exclude: ['vendor/**'],
  provider: { name: 'openai' },
});
const userDir = path.join(scratch, 'user');
const userFile = write(path.join(userDir, 'config.json'), {
  qualityGates: { min_coverage: 60, max_critical_issues: 2 },
  learn: false,
  provider: { name: 'anthropic', apiKey: 'sk-ant-secret-value' },
});
const policyFile = write(path.join(scratch, 'policy.json'), { qualityGates: { min_quality_score: 8 } });

interface Entry {
  key: string;
  value: unknown;
  source: string;
  origin: string;
}

async function printConfig(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIO(repo, { env: { EMPATHY_CONFIG_DIR: userDir } });
  const code = await main(['orchestrate', 'release-prep', '--print-config', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('--print-config', () => {
  it('shows every resolved value with its source: flag > policy > repository > user > default', async () => {
    const run = await printConfig(['--min-coverage', '90', '--policy', policyFile, '--format', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out) as {
      settings: Entry[];
      files: Record<string, unknown>;
      ignored: unknown[];
    };
    const byKey = Object.fromEntries(doc.settings.map((s) => [s.key, s]));
    expect(byKey['qualityGates.min_coverage']).toEqual({
      key: 'qualityGates.min_coverage',
      value: 90,
      source: '--min-coverage',
      origin: 'flag',
    });
    expect(byKey['qualityGates.min_quality_score']).toMatchObject({
      value: 8,
      source: policyFile,
      origin: 'policy',
    });
    expect(byKey['exclude']).toMatchObject({
      value: ['vendor/**'],
      source: 'empathy.config.json',
      origin: 'repository config',
    });
    expect(byKey['qualityGates.max_critical_issues']).toMatchObject({
      value: 2,
      source: userFile,
      origin: 'user config',
    });
    expect(byKey['learn']).toMatchObject({ value: false, origin: 'user config' });
    expect(byKey['qualityGates.min_doc_coverage']).toMatchObject({
      value: 100,
      source: 'default',
      origin: 'default',
    });
    expect(byKey['agents']).toMatchObject({ origin: 'default' });
    expect(byKey['cache']).toMatchObject({ value: true, origin: 'default' });
    // the user's provider is shown without its key; the repository's is ignored and listed
    expect(byKey['provider.name']).toMatchObject({ value: 'anthropic', origin: 'user config' });
    expect(byKey['provider.apiKey']?.value).toBe('(set, not shown)');
    expect(run.out).not.toContain('sk-ant-secret-value');
    expect(doc.files).toEqual({
      repository: path.join(repo, 'empathy.config.json'),
      repository_ignored: false,
      policy: policyFile,
      user: userFile,
    });
    expect(JSON.stringify(doc.ignored)).toContain('provider');
  });

  it('shows the gates on new code and their base: defaults, flags, config, the pull request', async () => {
    const keys = ['min_new_coverage', 'max_new_critical', 'min_new_quality_score', 'new_code_min_lines'];
    const settings = async (argv: string[], env: Record<string, string> = {}) => {
      const io = recordingIO(repo, { env: { EMPATHY_CONFIG_DIR: userDir, ...env } });
      expect(await main(['orchestrate', 'release-prep', '--print-config', '--json', ...argv], io)).toBe(0);
      const doc = JSON.parse(io.out) as { settings: Entry[] };
      return Object.fromEntries(doc.settings.map((s) => [s.key, s]));
    };
    const unset = await settings([]);
    expect(keys.map((k) => [unset[`qualityGates.${k}`]?.value, unset[`qualityGates.${k}`]?.origin])).toEqual([
      [80, 'default'],
      [0, 'default'],
      [7, 'default'],
      [0, 'default'],
    ]);
    expect(unset['base']).toEqual({ key: 'base', value: null, source: 'default', origin: 'default' });

    const policy = write(path.join(scratch, 'new-code-policy.json'), { qualityGates: { new_code_min_lines: 5 } });
    const set = await settings(['--min-new-coverage', '90', '--max-new-critical', '1', '--policy', policy, '--base', 'v1.0']);
    expect(set['qualityGates.min_new_coverage']).toMatchObject({ value: 90, source: '--min-new-coverage', origin: 'flag' });
    expect(set['qualityGates.max_new_critical']).toMatchObject({ value: 1, source: '--max-new-critical', origin: 'flag' });
    expect(set['qualityGates.new_code_min_lines']).toMatchObject({ value: 5, source: policy, origin: 'policy' });
    expect(set['qualityGates.min_new_quality_score']).toMatchObject({ value: 7, origin: 'default' });
    expect(set['base']).toMatchObject({ value: 'v1.0', source: '--base', origin: 'flag' });

    const pr = await settings([], { GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' });
    expect(pr['base']).toMatchObject({ value: 'origin/main', source: 'GITHUB_BASE_REF', origin: 'environment' });
  });

  it('console text names the origin of each line and runs nothing', async () => {
    const run = await printConfig([]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /qualityGates\.min_coverage += 70 {2}\(repository config: empathy\.config\.json\)/,
    );
    expect(run.out).toMatch(/qualityGates\.min_doc_coverage += 100 {2}\(default\)/);
    expect(run.out).toContain(`(user config: ${userFile})`);
    expect(run.out).not.toContain('AGENTS EXECUTED');
  });

  it('orchestrate run and test-coverage resolve their run flags through the same resolver', async () => {
    const settingsOf = async (argv: string[]) => {
      const io = recordingIO(repo, { env: { EMPATHY_CONFIG_DIR: userDir } });
      expect(await main([...argv, '--print-config', '--json'], io)).toBe(0);
      const doc = JSON.parse(io.out) as { settings: Entry[] };
      return Object.fromEntries(doc.settings.map((s) => [s.key, s]));
    };
    const run = await settingsOf(['orchestrate', 'run', 'audit security', '--timeout', '30', '--no-cache']);
    expect(run['timeoutSeconds']).toMatchObject({ value: 30, source: '--timeout', origin: 'flag' });
    expect(run['cache']).toMatchObject({ value: false, source: '--no-cache', origin: 'flag' });
    expect(run['learn']).toMatchObject({ value: false, origin: 'user config' });
    const coverage = await settingsOf(['orchestrate', 'test-coverage', '--no-learn']);
    expect(coverage['learn']).toMatchObject({ value: false, source: '--no-learn', origin: 'flag' });
  });

  it('test-coverage and providers print their configuration too; a bad format exits 2', async () => {
    for (const command of [['orchestrate', 'test-coverage'], ['providers']]) {
      const io = recordingIO(repo, { env: { EMPATHY_CONFIG_DIR: userDir } });
      expect(await main([...command, '--print-config', '--no-repo-config', '--json'], io)).toBe(0);
      const doc = JSON.parse(io.out) as { files: { repository_ignored: boolean } };
      expect(doc.files.repository_ignored).toBe(true);
    }
    const io = recordingIO(repo, { env: { EMPATHY_CONFIG_DIR: userDir } });
    expect(await main(['orchestrate', 'release-prep', '--print-config', '--format', 'sarif'], io)).toBe(2);
    expect(io.err).toContain('unknown report format "sarif"; use one of console, json');
  });
});
