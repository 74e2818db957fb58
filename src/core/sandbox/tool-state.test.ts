import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../optional-programs.test-helper.js';
import { probeBubblewrap, runContained } from './index.js';
import { projectCacheDirs, toolStateDirs } from './tool-state.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}
/** A project whose package.json has `manifest`. */
function project(manifest: unknown): string {
  const root = tempDir('empathy-tool-state-');
  writeFileSync(path.join(root, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return root;
}

describe('toolStateDirs', () => {
  it("names .wrangler only when package.json depends on wrangler (any dependency field), never a link's", () => {
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const root = project({ [field]: { wrangler: '4.0.0' } });
      expect(toolStateDirs(root)).toEqual([path.join(root, '.wrangler')]);
    }
    const pool = project({ devDependencies: { '@cloudflare/vitest-pool-workers': '0.8.0' } });
    expect(toolStateDirs(pool)).toEqual([path.join(pool, '.wrangler')]);
    expect(toolStateDirs(project({ devDependencies: { vitest: '3.0.0' }, scripts: { dev: 'wrangler dev' } }))).toEqual([]);
    expect(toolStateDirs(project('{ not json'))).toEqual([]);
    expect(toolStateDirs(tempDir('empathy-tool-state-none-'))).toEqual([]);
    const linked = project({ devDependencies: { wrangler: '4.0.0' } });
    symlinkSync(tempDir('empathy-tool-state-elsewhere-'), path.join(linked, '.wrangler'), 'dir');
    expect(toolStateDirs(linked)).toEqual([]);
  });

  it('projectCacheDirs gives the node_modules caches and the tool state folders', () => {
    const root = project({ devDependencies: { wrangler: '4.0.0' } });
    mkdirSync(path.join(root, 'node_modules'));
    expect(projectCacheDirs(root)).toEqual([
      ...['.vite-temp', '.vite', '.cache'].map((n) => path.join(root, 'node_modules', n)),
      path.join(root, '.wrangler'),
    ]);
  });
});

const probe = await probeBubblewrap();
describe.skipIf(!probe.path)(`tool state folders with bubblewrap${skipNote(!probe.path, 'bwrap', 'a working bubblewrap', probe.problem ?? undefined)}`, () => {
  const writeState = `const fs = require('fs');
    const before = fs.existsSync('.wrangler/state/kept.txt') ? fs.readFileSync('.wrangler/state/kept.txt', 'utf8') : 'none';
    fs.mkdirSync('.wrangler/tmp/bundle', { recursive: true });
    fs.writeFileSync('.wrangler/tmp/bundle/out.js', 'x');
    fs.mkdirSync('.wrangler/state', { recursive: true });
    fs.writeFileSync('.wrangler/state/kept.txt', 'changed');
    try { fs.writeFileSync('other.txt', '1'); } catch (e) { console.log('project', e.code); }
    console.log('before', before, 'wrote', fs.readFileSync('.wrangler/tmp/bundle/out.js', 'utf8'), 'vite cache seen', fs.existsSync('node_modules/.vite/old.txt'));`;
  const run = (root: string) => {
    const scratch = tempDir('empathy-tool-state-scratch-');
    return runContained(process.execPath, ['-e', writeState], { cwd: root, scratch, cacheDirs: projectCacheDirs(root), timeoutMs: 30_000, policy: { mode: 'require' } }).then((r) => ({ ...r, scratch }));
  };

  it('a missing .wrangler is writable during the run and gone afterwards', async () => {
    const root = project({ devDependencies: { wrangler: '4.0.0' } });
    const r = await run(root);
    expect(r.stdout).toContain('before none wrote x vite cache seen false');
    expect(r.stdout).toContain('project EROFS');
    expect(readdirSync(root)).toEqual(['package.json']);
    expect(readdirSync(r.scratch).filter((n) => n.startsWith('.empathy-state'))).toEqual([]);
  });

  it('an existing .wrangler is seen with its content, written to a copy, and left exactly as it was (a node_modules cache is hidden instead)', async () => {
    const root = project({ devDependencies: { wrangler: '4.0.0' } });
    mkdirSync(path.join(root, '.wrangler', 'state'), { recursive: true });
    writeFileSync(path.join(root, '.wrangler', 'state', 'kept.txt'), 'original');
    mkdirSync(path.join(root, 'node_modules', '.vite'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules', '.vite', 'old.txt'), 'cache');
    const r = await run(root);
    expect(r.stdout).toContain('before original wrote x vite cache seen false');
    expect(readFileSync(path.join(root, 'node_modules', '.vite', 'old.txt'), 'utf8')).toBe('cache');
    expect(readdirSync(path.join(root, 'node_modules'))).toEqual(['.vite']); // the mount points made for .vite-temp and .cache are gone
    expect(readFileSync(path.join(root, '.wrangler', 'state', 'kept.txt'), 'utf8')).toBe('original');
    expect(readdirSync(path.join(root, '.wrangler'))).toEqual(['state']);
    expect(existsSync(path.join(root, 'other.txt'))).toBe(false);
    expect(readdirSync(r.scratch).filter((n) => n.startsWith('.empathy-state'))).toEqual([]);
  });

  it('without wrangler in package.json the folder stays read-only', async () => {
    const root = project({ devDependencies: { vitest: '3.0.0' } });
    const r = await run(root);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/EROFS|ENOENT/); // a recursive mkdir on a read-only file system reports ENOENT
    expect(readdirSync(root)).toEqual(['package.json']);
  });
});
