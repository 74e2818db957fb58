import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { findExecutable, runCommand } from '../../core/run-command.js';
import { banditLaunch, readShebang } from './bandit-launch.js';

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'empathy-bandit-launch-')));
  scratch.push(dir);
  return dir;
}

async function script(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text, { mode: 0o755 });
  return file;
}

describe('readShebang and banditLaunch', () => {
  it('reads the interpreter and its argument; starts a plain Python entry script through the bootstrap, anything else as it is', async () => {
    const dir = await tempDir();
    const debian = await script(dir, 'debian', '#! /usr/bin/python3\nimport sys\n');
    const pip = await script(dir, 'pip', '#!/opt/venv/bin/python3.11\r\nimport sys\n');
    const options = await script(dir, 'options', '#!/usr/bin/python3 -I -s\nimport sys\n');
    const env = await script(dir, 'env', '#!/usr/bin/env sh\necho\n');
    const shell = await script(dir, 'shell', '#!/bin/sh\nexec python3 -m bandit "$@"\n');
    const binary = await script(dir, 'binary', '\x7fELF\x02\x01');

    expect(await readShebang(debian)).toEqual({ interpreter: '/usr/bin/python3', argument: null });
    expect(await readShebang(options)).toEqual({ interpreter: '/usr/bin/python3', argument: '-I -s' });
    expect(await readShebang(env)).toEqual({ interpreter: findExecutable('sh'), argument: null });
    expect(await readShebang(binary)).toBeNull();

    const launched = await banditLaunch(debian);
    expect(launched.command).toBe('/usr/bin/python3');
    expect(launched.prefix.slice(0, 1)).toEqual(['-c']);
    expect(launched.prefix.slice(2)).toEqual([debian]);
    expect((await banditLaunch(pip)).command).toBe('/opt/venv/bin/python3.11');
    for (const file of [options, env, shell, binary, path.join(dir, 'absent')])
      expect(await banditLaunch(file)).toEqual({ command: file, prefix: [] });
  });
});

const bandit = findExecutable('bandit');
const python = bandit ? ((await readShebang(bandit))?.interpreter ?? null) : null;
const note = skipNote(!python, 'bandit', 'bandit (a Python entry script) on PATH');

describe('the bootstrap', () => {
  it.skipIf(!python)(
    `runs an entry script as its #! line would (argv, sys.path[0] = its real directory, not the cwd, __main__, exit code) and points pbr at importlib.metadata when the backport is missing${note}`,
    async () => {
      const dir = await tempDir();
      const real = path.join(dir, 'install');
      const cwd = path.join(dir, 'project');
      await mkdir(path.join(real, 'pbr'), { recursive: true });
      await mkdir(cwd);
      await writeFile(path.join(real, 'pbr', '__init__.py'), '');
      await writeFile(path.join(real, 'pbr', 'version.py'), 'use_importlib = False\n');
      await writeFile(path.join(cwd, 'planted_in_cwd.py'), 'raise SystemExit(9)\n');
      const entry = await script(
        real,
        'entry',
        `#!${python}\nimport json, sys\nimport pbr.version\ntry:\n    import planted_in_cwd\n    planted = True\nexcept ImportError:\n    planted = False\n` +
          `print(json.dumps({'argv': sys.argv, 'path0': sys.path[0], 'name': __name__, 'planted': planted, 'pbr': pbr.version.use_importlib}))\nsys.exit(3)\n`,
      );
      const link = path.join(dir, 'bandit');
      await symlink(entry, link);
      const backport = spawnSync(python!, ['-c', 'import importlib_metadata']).status === 0;

      const { command, prefix } = await banditLaunch(link);
      expect(command).toBe(python);
      const run = await runCommand(command, [...prefix, '-f', 'json', '--', 'a.py'], { cwd, timeoutMs: 30_000 });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(3);
      expect(JSON.parse(run.stdout)).toEqual({ argv: [link, '-f', 'json', '--', 'a.py'], path0: real, name: '__main__', planted: false, pbr: !backport });
    },
  );

  it.skipIf(!python)(`imports bandit without pkg_resources${note}`, async () => {
    const dir = await tempDir();
    const entry = await script(dir, 'entry', `#!${python}\nimport sys\nimport bandit\nprint(bandit.__version__, 'pkg_resources' in sys.modules)\n`);
    const { command, prefix } = await banditLaunch(entry);
    const run = await runCommand(command, prefix, { cwd: dir, timeoutMs: 30_000 });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^\S+ False\n$/);
  });
});
