/**
 * Dependency installs cached per lockfile, against a loopback npm registry of the test's own
 * (a packument and a tarball made with `npm pack`): two checkouts with the same lockfile share
 * one install (the registry serves the tarball once), a changed lockfile installs again, and the
 * install runs no lifecycle script of the repository. Python requirements likewise, against a
 * loopback package index serving a wheel made by the test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDependencies, installPythonDependencies } from './dep-cache.js';

const npmMissing = spawnSync('npm', ['--version']).status === 0 ? null : 'npm is not installed';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-dep-cache-'));
let server: Server;
let tarballRequests = 0;
let registry = '';
let tarball: { file: string; integrity: string } = { file: '', integrity: '' };

beforeAll(async () => {
  if (npmMissing) return;
  const pkg = path.join(scratch, 'tiny-dep');
  mkdirSync(pkg);
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'tiny-dep', version: '1.0.0', main: 'index.js' }));
  writeFileSync(path.join(pkg, 'index.js'), 'module.exports = 42;\n');
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: pkg, encoding: 'utf8' }).trim();
  const file = path.join(scratch, name);
  tarball = { file, integrity: `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}` };
  server = createServer((req, res) => {
    if (req.url === '/tiny-dep/-/tiny-dep-1.0.0.tgz') {
      tarballRequests += 1;
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(tarball.file));
    } else if (req.url === '/tiny-dep') {
      const version = { name: 'tiny-dep', version: '1.0.0', dist: { tarball: `${registry}/tiny-dep/-/tiny-dep-1.0.0.tgz`, integrity: tarball.integrity } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'tiny-dep', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': version } }));
    } else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  rmSync(scratch, { recursive: true, force: true });
});

/** A checkout depending on tiny-dep, with a lockfile pointing at the loopback registry and a postinstall script that must not run. */
function checkout(name: string, appVersion = '1.0.0'): string {
  const tree = path.join(scratch, 'trees', name);
  mkdirSync(tree, { recursive: true });
  const manifest = { name: 'app', version: appVersion, dependencies: { 'tiny-dep': '1.0.0' }, scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'POSTINSTALL_RAN\', \'\')"' } };
  writeFileSync(path.join(tree, 'package.json'), JSON.stringify(manifest, null, 2));
  const lock = {
    name: 'app',
    version: appVersion,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: appVersion, hasInstallScript: true, dependencies: { 'tiny-dep': '1.0.0' } },
      'node_modules/tiny-dep': { version: '1.0.0', resolved: `${registry}/tiny-dep/-/tiny-dep-1.0.0.tgz`, integrity: tarball.integrity },
    },
  };
  writeFileSync(path.join(tree, 'package-lock.json'), JSON.stringify(lock, null, 2));
  return tree;
}

describe.skipIf(npmMissing !== null)(`dependency installs per lockfile hash${npmMissing ? ` (skipped: ${npmMissing})` : ''}`, () => {
  it('installs once per lockfile, links every checkout with it to the same install, installs again for another lockfile', async () => {
    const workspace = path.join(scratch, 'ws');
    const first = checkout('commit-a');
    const second = checkout('commit-b');
    const a = await installDependencies(first, workspace);
    expect(a).toMatchObject({ status: 'installed' });
    const b = await installDependencies(second, workspace);
    expect(b).toEqual({ status: 'cached', hash: a?.hash });
    expect(tarballRequests).toBe(1);
    for (const tree of [first, second]) {
      expect(readFileSync(path.join(tree, 'node_modules', 'tiny-dep', 'index.js'), 'utf8')).toBe('module.exports = 42;\n');
      expect(realpathSync(path.join(tree, 'node_modules'))).toBe(realpathSync(path.join(workspace, 'deps', a?.hash ?? '', 'node_modules')));
      expect(existsSync(path.join(tree, 'POSTINSTALL_RAN'))).toBe(false);
    }
    expect(existsSync(path.join(workspace, 'deps', a?.hash ?? '', 'POSTINSTALL_RAN'))).toBe(false);
    // Already linked: nothing to do.
    expect(await installDependencies(first, workspace)).toBeNull();
    const changed = await installDependencies(checkout('commit-c', '1.1.0'), workspace);
    expect(changed?.status).toBe('installed');
    expect(changed?.hash).not.toBe(a?.hash);
  }, 300_000);

  it('a failed install leaves no cache entry and no link', async () => {
    const workspace = path.join(scratch, 'ws-bad');
    const tree = checkout('commit-bad', '2.0.0');
    // A dependency the registry does not have (404: npm does not retry it).
    const lock = JSON.parse(readFileSync(path.join(tree, 'package-lock.json'), 'utf8').replaceAll('tiny-dep', 'missing-dep')) as unknown;
    writeFileSync(path.join(tree, 'package.json'), readFileSync(path.join(tree, 'package.json'), 'utf8').replaceAll('tiny-dep', 'missing-dep'));
    writeFileSync(path.join(tree, 'package-lock.json'), JSON.stringify(lock));
    const result = await installDependencies(tree, workspace);
    expect(result).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^npm ci --ignore-scripts failed/) });
    expect(existsSync(path.join(tree, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(workspace, 'deps', result?.hash ?? ''))).toBe(false);
  }, 300_000);
});

/** The interpreter the worker makes virtualenvs from (as dep-cache.ts picks it) must be able to: Debian's needs python3-venv. */
function pythonMissingWhy(): string | null {
  const ok = (python: string, modules: string) => spawnSync(python, ['-c', `import ${modules}`]).status === 0;
  const base = ['python3', '/usr/bin/python3'].find((p) => ok(p, 'coverage, pytest')) ?? 'python3';
  return ok(base, 'ensurepip, venv') ? null : `${base} cannot make virtualenvs (apt-get install python3-venv)`;
}
const pythonMissing = pythonMissingWhy();

describe.skipIf(pythonMissing !== null)(`Python requirements per hash${pythonMissing ? ` (skipped: ${pythonMissing})` : ''}`, () => {
  let index: Server;
  let indexUrl = '';
  let wheelRequests = 0;
  let wheel: Buffer;

  beforeAll(async () => {
    // A wheel made here (a zip with the package and its metadata), served by a loopback index (PEP 503).
    const file = path.join(scratch, 'tinydep-1.0-py3-none-any.whl');
    const make = [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1], "w") as z:',
      '    z.writestr("tinydep/__init__.py", "VALUE = 42\\n")',
      '    z.writestr("tinydep-1.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: tinydep\\nVersion: 1.0\\n")',
      '    z.writestr("tinydep-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")',
      '    z.writestr("tinydep-1.0.dist-info/RECORD", "tinydep/__init__.py,,\\ntinydep-1.0.dist-info/METADATA,,\\ntinydep-1.0.dist-info/WHEEL,,\\ntinydep-1.0.dist-info/RECORD,,\\n")',
    ].join('\n');
    execFileSync('python3', ['-c', make, file]);
    wheel = readFileSync(file);
    index = createServer((req, res) => {
      if (req.url === '/simple/tinydep/') res.writeHead(200, { 'content-type': 'text/html' }).end('<a href="tinydep-1.0-py3-none-any.whl">tinydep-1.0-py3-none-any.whl</a>\n');
      else if (req.url === '/simple/tinydep/tinydep-1.0-py3-none-any.whl') {
        wheelRequests += 1;
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wheel);
      } else if (req.url === '/simple/onlysdist/') res.writeHead(200, { 'content-type': 'text/html' }).end('<a href="onlysdist-1.0.tar.gz">onlysdist-1.0.tar.gz</a>\n');
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => index.listen(0, '127.0.0.1', resolve));
    indexUrl = `http://127.0.0.1:${(index.address() as AddressInfo).port}/simple`;
  });

  afterAll(async () => {
    await new Promise((resolve) => (index ? index.close(resolve) : resolve(null)));
  });

  function pyCheckout(name: string, requirement: string): string {
    const tree = path.join(scratch, 'py-trees', name);
    mkdirSync(tree, { recursive: true });
    writeFileSync(path.join(tree, 'requirements.txt'), `--index-url ${indexUrl}\n${requirement}\n`);
    return tree;
  }

  it('makes one virtualenv per requirements file, with the requirements installed, linked as each checkout\'s .venv', async () => {
    const workspace = path.join(scratch, 'ws-py');
    const first = pyCheckout('commit-a', 'tinydep==1.0');
    const second = pyCheckout('commit-b', 'tinydep==1.0');
    const a = await installPythonDependencies(first, workspace);
    expect(a, a?.detail).toMatchObject({ status: 'installed' });
    expect(await installPythonDependencies(second, workspace)).toEqual({ status: 'cached', hash: a?.hash });
    expect(wheelRequests).toBe(1);
    for (const tree of [first, second]) {
      expect(execFileSync(path.join(tree, '.venv', 'bin', 'python'), ['-c', 'import tinydep; print(tinydep.VALUE)'], { encoding: 'utf8' })).toBe('42\n');
      expect(realpathSync(path.join(tree, '.venv'))).toBe(realpathSync(path.join(workspace, 'deps', a?.hash ?? '', 'venv')));
    }
    expect(await installPythonDependencies(first, workspace)).toBeNull(); // already has its .venv
  }, 300_000);

  it('a requirement without a wheel is not built (no package code runs): the install fails, no cache entry, no link', async () => {
    const workspace = path.join(scratch, 'ws-py-bad');
    const tree = pyCheckout('commit-sdist', 'onlysdist==1.0');
    const result = await installPythonDependencies(tree, workspace);
    expect(result).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^pip install --only-binary :all: -r requirements.txt failed \(.+\)$/) });
    expect(existsSync(path.join(tree, '.venv'))).toBe(false);
    expect(existsSync(path.join(workspace, 'deps', result?.hash ?? ''))).toBe(false);
  }, 300_000);
});
