import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureSandbox, sandboxPolicy } from '../core/sandbox/index.js';
import { configurationInputOf, ignoredLines, loadCommandOptions } from './config-flags.js';
import { recordingIO } from './test-io.test-helper.js';

const dirs: string[] = [];
const previous = sandboxPolicy();
afterEach(() => {
  configureSandbox(previous);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-config-flags-'));
  dirs.push(dir);
  return dir;
}

describe('loadCommandOptions', () => {
  it('adds the user config env lists to the sandbox policy set by the flags', async () => {
    const userDir = tempDir();
    writeFileSync(path.join(userDir, 'config.json'), JSON.stringify({ env: { keep: ['DATABASE_URL'] } }));
    configureSandbox({ mode: 'auto', env: { keep: ['MY_VAR'], drop: ['LANG'] } });
    const root = tempDir();
    await loadCommandOptions({}, root, recordingIO(root, { env: { EMPATHY_CONFIG_DIR: userDir } }));
    expect(sandboxPolicy().env).toEqual({ keep: ['DATABASE_URL', 'MY_VAR'], drop: ['LANG'] });
  });

  it('reads --policy and --no-repo-config and reports their sources', async () => {
    const root = tempDir();
    writeFileSync(
      path.join(root, 'empathy.config.json'),
      JSON.stringify({ agents: ['documentation_writer'] }),
    );
    writeFileSync(path.join(root, 'policy.json'), JSON.stringify({ qualityGates: { min_coverage: 90 } }));
    const io = recordingIO(root, { env: {} });
    const resolved = await loadCommandOptions({ policy: 'policy.json', 'no-repo-config': true }, root, io);
    expect(configurationInputOf(resolved)).toEqual({
      files: {
        repository: null,
        policy: path.join(root, 'policy.json'),
        user: null,
        repositoryIgnored: true,
      },
      thresholdSources: { min_coverage: path.join(root, 'policy.json') },
      agentsSource: 'default',
      ignored: [],
    });
  });

  it('words each ignored setting in one line', async () => {
    const root = tempDir();
    writeFileSync(
      path.join(root, 'empathy.config.json'),
      JSON.stringify({ provider: { name: 'openai' }, analyzers: { security: { npmCommand: './x' } } }),
    );
    const resolved = await loadCommandOptions({}, root, recordingIO(root, { env: {} }));
    expect(ignoredLines(resolved)).toEqual([
      'provider.name of empathy.config.json ignored: only you may set it: a flag, the environment or ~/.config/empathy/config.json',
      'analyzers.security.npmCommand of empathy.config.json ignored: names a command to run: only you may set it, in ~/.config/empathy/config.json',
    ]);
  });
});
