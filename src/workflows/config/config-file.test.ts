import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { configSearchDirs, loadConfig, parseConfig } from './config-file.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('returns an empty config when there is no file', async () => {
    expect(await loadConfig(project({}))).toEqual({ config: {}, file: null });
  });

  it('reads empathy.config.json first', async () => {
    const dir = project({
      'empathy.config.json': JSON.stringify({ qualityGates: { min_coverage: 60 }, exclude: ['fixtures/**'] }),
      'package.json': JSON.stringify({ empathy: { cache: false } }),
    });
    const loaded = await loadConfig(dir);
    expect(loaded.config).toEqual({ qualityGates: { min_coverage: 60 }, exclude: ['fixtures/**'] });
    expect(loaded.file).toBe(path.join(dir, 'empathy.config.json'));
  });

  it('reads an ES module config with a default export', async () => {
    const dir = project({ 'empathy.config.mjs': 'export default { tiers: { code_reviewer: "PREMIUM" } };' });
    expect((await loadConfig(dir)).config).toEqual({ tiers: { code_reviewer: 'PREMIUM' } });
  });

  it('reads the package.json "empathy" key', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', empathy: { agentTimeouts: { code_reviewer: 30 } } }),
    });
    expect((await loadConfig(dir)).config).toEqual({ agentTimeouts: { code_reviewer: 30 } });
  });

  it('names an unknown key', async () => {
    const dir = project({ 'empathy.config.json': JSON.stringify({ qualityGate: {} }) });
    await expect(loadConfig(dir)).rejects.toThrow(/empathy.config.json: unknown key "qualityGate"/);
  });

  it('names a wrong type with its path', async () => {
    const dir = project({ 'empathy.config.json': JSON.stringify({ tiers: { code_reviewer: 'HUGE' } }) });
    await expect(loadConfig(dir)).rejects.toThrow(/tiers\.code_reviewer/);
    const dir2 = project({ 'empathy.config.json': JSON.stringify({ agentTimeouts: { a: -1 } }) });
    await expect(loadConfig(dir2)).rejects.toThrow(/agentTimeouts\.a/);
  });

  it('rejects invalid JSON and a module without default export as UserErrors', async () => {
    await expect(loadConfig(project({ 'empathy.config.json': '{ nope' }))).rejects.toThrow(
      /empathy.config.json: not valid JSON/,
    );
    await expect(loadConfig(project({ 'empathy.config.mjs': 'export const x = 1;' }))).rejects.toBeInstanceOf(
      UserError,
    );
  });

  it('requires an explicit --config file to exist', async () => {
    await expect(loadConfig(project({}), 'missing.json')).rejects.toThrow(
      '--config missing.json: no such file',
    );
  });
});

describe('parseConfig', () => {
  it('accepts every documented key', () => {
    const config = {
      qualityGates: { min_coverage: 80 },
      include: ['src/**'],
      exclude: ['dist/**'],
      agents: ['security_auditor'],
      tiers: { security_auditor: 'CHEAP' },
      timeoutSeconds: 60,
      agentTimeouts: { security_auditor: 30 },
      cache: false,
      analyzers: { coverage: { timeoutSeconds: 10 } },
    };
    expect(parseConfig(config, 'x')).toEqual(config);
  });
});

describe('config discovery up to the repository root', () => {
  function tree(files: Record<string, string>, gitAt: string | null): string {
    const top = mkdtempSync(path.join(os.tmpdir(), 'empathy-config-up-'));
    dirs.push(top);
    if (gitAt !== null) mkdirSync(path.join(top, gitAt, '.git'), { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(top, name)), { recursive: true });
      writeFileSync(path.join(top, name), text);
    }
    return top;
  }

  it('finds the nearest config between the project and the directory holding .git', async () => {
    const top = tree(
      {
        'repo/empathy.config.json': JSON.stringify({ cache: false }),
        'repo/packages/package.json': JSON.stringify({ empathy: { learn: false } }),
        'repo/packages/app/src/a.js': '',
      },
      'repo',
    );
    const app = path.join(top, 'repo/packages/app');
    expect(configSearchDirs(app)).toEqual([app, path.join(top, 'repo/packages'), path.join(top, 'repo')]);
    const loaded = await loadConfig(app);
    expect(loaded).toEqual({ config: { learn: false }, file: path.join(top, 'repo/packages/package.json') });
    rmSync(path.join(top, 'repo/packages/package.json'));
    expect(await loadConfig(app)).toEqual({
      config: { cache: false },
      file: path.join(top, 'repo/empathy.config.json'),
    });
  });

  it('never looks above the repository root, nor above a project outside git', async () => {
    const top = tree(
      { 'empathy.config.json': JSON.stringify({ cache: false }), 'repo/src/a.js': '', 'plain/src/a.js': '' },
      'repo',
    );
    expect(await loadConfig(path.join(top, 'repo'))).toEqual({ config: {}, file: null });
    expect(configSearchDirs(path.join(top, 'plain/src'))).toEqual([path.join(top, 'plain/src')]);
    expect(await loadConfig(path.join(top, 'plain/src'))).toEqual({ config: {}, file: null });
  });

  it('a .cjs module above the project runs contained and may read its own directory', async () => {
    const top = tree(
      {
        'repo/shared.json': JSON.stringify({ min_coverage: 42 }),
        'repo/empathy.config.cjs': "module.exports = { qualityGates: require('./shared.json') };",
        'repo/app/index.js': '',
      },
      'repo',
    );
    const loaded = await loadConfig(path.join(top, 'repo/app'));
    expect(loaded).toEqual({
      config: { qualityGates: { min_coverage: 42 } },
      file: path.join(top, 'repo/empathy.config.cjs'),
    });
  });

  it('an invalid config above the project is named by its path relative to the project', async () => {
    const top = tree(
      { 'repo/empathy.config.json': JSON.stringify({ bogus: 1 }), 'repo/app/x.js': '' },
      'repo',
    );
    await expect(loadConfig(path.join(top, 'repo/app'))).rejects.toThrow(
      /^\.\.\/empathy\.config\.json: unknown key "bogus"/,
    );
  });
});
