import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../optional-programs.test-helper.js';
import { findExecutable } from '../run-command.js';
import { userCacheDir } from '../user-dirs.js';
import { bubblewrapArgs } from './bubblewrap.js';
import { isCredentialName, probeBubblewrap, projectCacheDirs, runContained, scrubEnv } from './index.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const fake = (name: string) => ['sk', 'test', name, 'value'].join('-');

describe('scrubEnv', () => {
  const source = {
    PATH: '/usr/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C',
    HOME: '/home/me',
    OPENAI_API_KEY: fake('openai'),
    ANTHROPIC_API_KEY: fake('anthropic'),
    AWS_SECRET_ACCESS_KEY: fake('aws'),
    GITHUB_TOKEN: fake('gh'),
    NPM_TOKEN: fake('npm'),
    DATABASE_URL: ['postgres:', '', 'u:p@db', 'x'].join('/'),
    SSH_AUTH_SOCK: '/run/ssh.sock',
    MY_SERVICE_PASSWORD: fake('pw'),
    npm_config__authToken: fake('npmrc'),
    SOMETHING_ELSE: 'x',
  };

  it('passes only the allow-list, never a credential, and points HOME and TMPDIR at the scratch directory', () => {
    const { env, removed } = scrubEnv(source, { scratch: '/tmp/s' });
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      HOME: '/tmp/s',
      TMPDIR: '/tmp/s',
      TMP: '/tmp/s',
      TEMP: '/tmp/s',
      CI: 'true',
    });
    expect(removed).toContain('OPENAI_API_KEY');
    expect(removed).toContain('SOMETHING_ELSE');
    expect(removed).not.toContain('HOME');
  });

  it('--keep-env passes a named variable (also a credential named exactly), globs never pass credentials, --drop-env removes', () => {
    const { env } = scrubEnv(source, {
      scratch: '/s',
      policy: { keep: ['SOMETHING_*', 'DATABASE_URL', 'GITHUB_*'], drop: ['LANG'] },
    });
    expect(env['SOMETHING_ELSE']).toBe('x');
    expect(env['DATABASE_URL']).toBe(source.DATABASE_URL);
    expect(env['GITHUB_TOKEN']).toBeUndefined();
    expect(env['LANG']).toBeUndefined();
  });

  it.each([
    'OPENAI_API_KEY',
    'AWS_ACCESS_KEY_ID',
    'GITHUB_TOKEN',
    'NPM_TOKEN',
    'STRIPE_SECRET',
    'DB_PASSWORD',
    'SENTRY_DSN',
    'REDIS_URL',
    'SSH_AUTH_SOCK',
    'npm_config__authToken',
    'X_AUTH',
  ])('%s is a credential name', (name) => expect(isCredentialName(name)).toBe(true));
  it.each(['PATH', 'LANG', 'LC_ALL', 'NODE_ENV', 'TERM', 'PYENV_ROOT'])(
    '%s is not a credential name',
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe('runContained, any mode', () => {
  it('the child sees no credential of ours and HOME/TMPDIR in its scratch directory', async () => {
    const scratch = tempDir('empathy-sandbox-env-');
    process.env['EMPATHY_TEST_FAKE_API_KEY'] = fake('leak');
    try {
      const r = await runContained(
        process.execPath,
        ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
        { cwd: scratch, scratch, timeoutMs: 20_000, policy: { mode: 'off' } },
      );
      const seen = JSON.parse(r.stdout) as Record<string, string>;
      expect(Object.values(seen).join('\n')).not.toContain(fake('leak'));
      expect(seen['HOME']).toBe(scratch);
      expect(seen['TMPDIR']).toBe(scratch);
      expect(r.containment.kind).toBe('none');
      expect(r.containment.envRemoved).toBeGreaterThan(0);
    } finally {
      delete process.env['EMPATHY_TEST_FAKE_API_KEY'];
    }
  });
});

describe('bubblewrapArgs', () => {
  it('hides the credential files of the home directory and binds only the writable directories read-write', () => {
    const home = tempDir('empathy-sandbox-home-');
    mkdirSync(path.join(home, '.ssh'));
    writeFileSync(path.join(home, '.npmrc'), 'x');
    const args = bubblewrapArgs({ writable: ['/tmp/w'], cwd: '/tmp/r', network: false, home });
    expect(args.join(' ')).toContain(`--tmpfs ${path.join(home, '.ssh')}`);
    expect(args.join(' ')).toContain(`--ro-bind /dev/null ${path.join(home, '.npmrc')}`);
    expect(args.join(' ')).toContain('--unshare-net');
    expect(args.join(' ')).toMatch(/^--ro-bind \/ \/ .*--bind \/tmp\/w \/tmp\/w .*--chdir \/tmp\/r$/);
  });

  it('hides our cache directory wherever it is, unless it holds the repository; a writable folder inside it is bound after', () => {
    const cache = userCacheDir();
    mkdirSync(cache, { recursive: true });
    const jest = path.join(cache, 'repos', 'p-1', 'tools', 'jest');
    const home = tempDir('empathy-sandbox-home-');
    const args = bubblewrapArgs({ writable: ['/tmp/w', jest], cwd: '/tmp/r', network: false, home }).join(' ');
    expect(args).toContain(`--tmpfs ${cache} `);
    expect(args.indexOf(`--tmpfs ${cache} `)).toBeLessThan(args.indexOf(`--bind ${jest} ${jest}`));
    const inside = bubblewrapArgs({ writable: ['/tmp/w'], cwd: path.join(cache, 'repo'), network: false, home }).join(' ');
    expect(inside).not.toContain(`--tmpfs ${cache} `);
  });
});

const probe = await probeBubblewrap();
const BWRAP_TITLE = `with bubblewrap${skipNote(!probe.path, 'bwrap', 'a working bubblewrap', probe.problem ?? undefined)}`;

describe.skipIf(!probe.path)(BWRAP_TITLE, () => {
  it('nothing outside the writable directories changes, even when the code deletes ".." and "/"', async () => {
    const outside = tempDir('empathy-sandbox-canary-');
    const canary = path.join(outside, 'canary.txt');
    writeFileSync(canary, 'alive');
    const box = tempDir('empathy-sandbox-box-');
    const scratch = path.join(box, 'home');
    const cwd = path.join(box, 'work', 'cwd');
    mkdirSync(scratch);
    mkdirSync(cwd, { recursive: true });
    const script = `
      const fs = require('fs');
      for (const p of ['..', '../..', '/', ${JSON.stringify(outside)}, ${JSON.stringify(canary)}, require('os').homedir() + '/..']) {
        try { fs.rmSync(p, { recursive: true, force: true }); } catch {}
      }
      try { fs.writeFileSync(${JSON.stringify(path.join(outside, 'new.txt'))}, 'x'); } catch (e) { console.log('write outside:', e.code); }
      fs.writeFileSync(require('path').join(process.env.HOME, 'ok.txt'), 'y');
      console.log('done');`;
    const r = await runContained(process.execPath, ['-e', script], {
      cwd,
      scratch,
      writable: [],
      timeoutMs: 30_000,
      policy: { mode: 'auto' },
    });
    expect(r.containment.kind).toBe('bubblewrap');
    expect(r.stdout).toMatch(/write outside: (EROFS|ENOENT)/);
    expect(r.stdout).toContain('done');
    expect(readFileSync(canary, 'utf8')).toBe('alive');
    expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
    expect(readFileSync(path.join(scratch, 'ok.txt'), 'utf8')).toBe('y');
  });

  it('has no network: a loopback server of the test is not reachable from inside', async () => {
    const server = createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    let connections = 0;
    server.on('connection', () => (connections += 1));
    try {
      const scratch = tempDir('empathy-sandbox-net-');
      const script = `require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log('error', e.code); });`;
      const r = await runContained(process.execPath, ['-e', script], {
        cwd: scratch,
        scratch,
        timeoutMs: 30_000,
        policy: { mode: 'require' },
      });
      expect(r.stdout).toContain('error ECONNREFUSED');
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it('a project under the temporary directory is visible and read-only', async () => {
    const repo = tempDir('empathy-sandbox-repo-');
    writeFileSync(path.join(repo, 'data.txt'), 'repo data');
    const scratch = tempDir('empathy-sandbox-scratch-');
    const r = await runContained(
      process.execPath,
      [
        '-e',
        "const fs=require('fs'); console.log(fs.readFileSync('data.txt','utf8')); try { fs.writeFileSync('x.txt','1') } catch (e) { console.log(e.code) }",
      ],
      { cwd: repo, scratch, timeoutMs: 30_000 },
    );
    expect(r.stdout).toContain('repo data');
    expect(r.stdout).toContain('EROFS');
    expect(existsSync(path.join(repo, 'x.txt'))).toBe(false);
  });

  it("cannot read our cache directory (another project's results), outside the home directory too; a writable folder in it stays usable", async () => {
    const cache = userCacheDir();
    const other = path.join(cache, 'repos', `other-${process.pid}`);
    const mine = path.join(cache, 'repos', `mine-${process.pid}`, 'tools', 'jest');
    mkdirSync(other, { recursive: true });
    mkdirSync(mine, { recursive: true });
    writeFileSync(path.join(other, 'result.json'), 'secret result');
    const repo = tempDir('empathy-sandbox-repo-');
    const scratch = tempDir('empathy-sandbox-scratch-');
    const script = `const fs=require('fs'); try { console.log(fs.readFileSync(${JSON.stringify(path.join(other, 'result.json'))},'utf8')) } catch (e) { console.log('read', e.code) }
      fs.writeFileSync(${JSON.stringify(path.join(mine, 'entry'))}, 'kept'); console.log('wrote')`;
    try {
      const r = await runContained(process.execPath, ['-e', script], { cwd: repo, scratch, writable: [mine], timeoutMs: 30_000, policy: { mode: 'require' } });
      expect(r.stdout).toContain('read ENOENT');
      expect(r.stdout).not.toContain('secret result');
      expect(r.stdout).toContain('wrote');
      expect(readFileSync(path.join(mine, 'entry'), 'utf8')).toBe('kept');
    } finally {
      rmSync(path.join(cache, 'repos', `other-${process.pid}`), { recursive: true, force: true });
      rmSync(path.join(cache, 'repos', `mine-${process.pid}`), { recursive: true, force: true });
    }
  });
});

describe('projectCacheDirs', () => {
  it("names the cache folders of the project's own node_modules, and none behind a link (nothing outside the project is created)", () => {
    const own = tempDir('empathy-sandbox-own-');
    mkdirSync(path.join(own, 'node_modules'));
    expect(projectCacheDirs(own)).toEqual(
      ['.vite-temp', '.vite', '.cache'].map((n) => path.join(realpathSync(own), 'node_modules', n)),
    );
    const linked = tempDir('empathy-sandbox-linked-');
    symlinkSync(path.join(own, 'node_modules'), path.join(linked, 'node_modules'), 'dir');
    expect(projectCacheDirs(linked)).toEqual([]);
    expect(projectCacheDirs(tempDir('empathy-sandbox-none-'))).toEqual([]);
  });
});

describe('findExecutable', () => {
  it('finds node', () => expect(findExecutable('node')).not.toBeNull());
});
