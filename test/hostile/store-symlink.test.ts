/**
 * The learning store never follows a symbolic link in the repository (issue 12). A repository
 * whose `.empathy/orchestration/compositions` was a symlink to a directory outside it made
 * `empathy compositions list` rename the files there to `*.corrupt`. Now the default store is in
 * the user's data directory (the link is never looked at), and a store named with --store-dir
 * is refused, exit 2 with one line, when it or a directory above it inside the repository is a
 * symbolic link: nothing is read, written or renamed outside.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { recordingIO } from '../../src/cli/test-io.test-helper.js';
import { learningStoreDirs } from '../../src/orchestration/learning/store-dir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

/** Every entry under `dir` with its content: the canary. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = entry.isFile() ? readFileSync(file, 'utf8') : '<dir>';
  }
  return out;
}

describe('a symlinked store directory in the repository', () => {
  let root: string;
  let outside: string;
  let before: Record<string, string>;
  let io: ReturnType<typeof recordingIO>;
  beforeEach(() => {
    outside = tempDir('empathy-hostile-outside-');
    writeFileSync(path.join(outside, 'thesis.json'), '{ "chapter": 1, unfinished');
    writeFileSync(path.join(outside, 'notes.json'), 'not json at all');
    mkdirSync(path.join(outside, 'sub'));
    before = contents(outside);
    root = tempDir('empathy-hostile-link-');
    writeFileSync(path.join(root, 'index.js'), 'module.exports = 1;\n');
    mkdirSync(path.join(root, '.empathy', 'orchestration'), { recursive: true });
    symlinkSync(outside, path.join(root, '.empathy', 'orchestration', 'compositions'));
    const configDir = tempDir('empathy-hostile-userconfig-');
    io = recordingIO(root, { env: { ...process.env, EMPATHY_CONFIG_DIR: configDir } });
  });

  it('compositions list uses the user store by default and leaves the link alone', async () => {
    expect(await main(['compositions', 'list'], io)).toBe(0);
    expect(io.out).toBe(`No compositions in ${learningStoreDirs(root).compositions}\n`);
    expect(contents(outside)).toEqual(before);
  });

  it('compositions list / show / delete --store-dir .empathy/orchestration: exit 2, one line, nothing renamed', async () => {
    for (const argv of [['list'], ['show', 'thesis'], ['delete', 'notes'], ['export']]) {
      io.err = '';
      expect(await main(['compositions', ...argv, '--store-dir', '.empathy/orchestration'], io), argv.join(' ')).toBe(2);
      expect(io.err).toMatch(/^empathy: configuration store refused: \.empathy\/orchestration\/compositions in .* is a symbolic link/);
      expect(io.err.trim().split('\n')).toHaveLength(1);
    }
    expect(contents(outside)).toEqual(before);
  });

  it('a symlinked parent (.empathy) is refused too, for release-prep and orchestrate run', async () => {
    rmSync(path.join(root, '.empathy'), { recursive: true });
    symlinkSync(outside, path.join(root, '.empathy'));
    const runs = [
      ['orchestrate', 'release-prep', '--store-dir', '.empathy/orchestration', '--agents', 'documentation_writer', '--no-cache'],
      ['orchestrate', 'run', 'write the docs', '--store-dir', '.empathy/store', '--dry-run'],
    ];
    for (const argv of runs) {
      io.err = '';
      io.out = '';
      expect(await main(argv, io), argv[1]).toBe(2);
      expect(io.err).toMatch(/^empathy: configuration store refused: \.empathy in .* is a symbolic link/);
      expect(io.out).toBe('');
    }
    expect(contents(outside)).toEqual(before);
  });
});
