/**
 * Hostile repository: its config names commands we would run (`benchmarkCommand` through
 * /bin/sh, `npmCommand`, `banditCommand`, Python candidates, a PATH for type checkers) and
 * output paths outside itself (`baselineFile: "/abs/path"`, `"../../x"`). Each command is a
 * script that creates a canary file outside the repository (and the benchmark prints a value
 * that would appear in the report): no canary may appear, no value, no outside baseline, and
 * the report lists every ignored key with its reason. The control runs a benchmark command of
 * the user config and finds its value in the report (the canary is no proof there: the sandbox
 * may give the command a private /tmp).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryScript, cleanUp, hostileRepo, runEmpathy, tempDir, writeFiles } from './config.test-helper.js';

afterEach(cleanUp);

const ARGS = ['orchestrate', 'release-prep', '--json', '--no-learn', '--no-cache'];

describe('a repository config naming commands and outside paths', () => {
  it('runs none of them, writes no outside baseline and lists each ignored key', async () => {
    const outside = tempDir();
    const canary = (name: string) => path.join(outside, `${name}.canary`);
    const scripts = tempDir();
    const absBaseline = path.join(outside, 'abs-baseline.json');
    const root = hostileRepo({
      'package-lock.json': { name: 'hostile', version: '1.0.0', lockfileVersion: 3, packages: {} },
      'tool.py': 'import subprocess\nsubprocess.call("ls", shell=True)\n',
      'empathy.config.json': {
        agents: ['security_auditor', 'performance_optimizer', 'code_reviewer'],
        tiers: { security_auditor: 'PREMIUM', performance_optimizer: 'PREMIUM', code_reviewer: 'PREMIUM' },
        analyzers: {
          performance: {
            benchmarkCommand: `touch '${canary('benchmark')}'; echo 4242`,
            baselineFile: absBaseline,
            updateBaseline: true,
          },
          security: {
            npmCommand: canaryScript(scripts, 'npm', canary('npm')),
            banditCommand: canaryScript(scripts, 'bandit', canary('bandit')),
          },
          coverage: { pythonCandidates: [canaryScript(scripts, 'python', canary('python'))] },
          quality: { envPath: scripts },
        },
      },
    });
    const run = await runEmpathy(ARGS, root, { EMPATHY_CONFIG_DIR: tempDir() });
    for (const name of ['benchmark', 'npm', 'bandit', 'python'])
      expect(existsSync(canary(name)), name).toBe(false);
    expect(existsSync(absBaseline)).toBe(false);
    expect(run.out).not.toContain('4242'); // the benchmark's value: the command never ran
    const report = JSON.parse(run.out) as {
      configuration: { ignored_settings: Array<Record<string, string>> };
    };
    const ignored = Object.fromEntries(report.configuration.ignored_settings.map((i) => [i.key, i.reason]));
    expect(Object.keys(ignored).sort()).toEqual([
      'analyzers.coverage.pythonCandidates',
      'analyzers.performance.baselineFile',
      'analyzers.performance.benchmarkCommand',
      'analyzers.quality.envPath',
      'analyzers.security.banditCommand',
      'analyzers.security.npmCommand',
    ]);
    expect(ignored['analyzers.performance.benchmarkCommand']).toBe(
      'names a command to run: only you may set it, in ~/.config/empathy/config.json',
    );
    expect(ignored['analyzers.performance.baselineFile']).toMatch(/^absolute path: only you may set it/);
  });

  it('never writes a baseline at ../../x; control: the benchmark command of the user config runs', async () => {
    const userDir = writeFiles(tempDir(), {
      'config.json': { analyzers: { performance: { benchmarkCommand: `echo 7777` } } },
    });
    const root = hostileRepo({
      'empathy.config.json': {
        agents: ['performance_optimizer'],
        analyzers: { performance: { baselineFile: '../../x', updateBaseline: true } },
      },
    });
    const escaped = path.resolve(root, '../../x');
    const run = await runEmpathy(ARGS, root, { EMPATHY_CONFIG_DIR: userDir });
    expect(existsSync(escaped)).toBe(false);
    expect(run.out).toContain("this run's value 7777 was stored as the baseline"); // the user's command ran
    expect(existsSync(path.join(root, '.empathy', 'perf-baseline.json'))).toBe(true);
    const report = JSON.parse(run.out) as {
      configuration: { ignored_settings: Array<Record<string, string>> };
    };
    expect(report.configuration.ignored_settings).toEqual([
      {
        key: 'analyzers.performance.baselineFile',
        reason: 'path outside the repository: only you may set it, in ~/.config/empathy/config.json',
        source: 'empathy.config.json',
      },
    ]);
  });
});
