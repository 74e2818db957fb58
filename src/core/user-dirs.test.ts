import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isInside, repositoryKey, userCacheDir, userDataDir } from './user-dirs.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('user directories', () => {
  it('follow EMPATHY_*, then XDG_*, then HOME', () => {
    expect(userCacheDir({ EMPATHY_CACHE_DIR: '/c/e', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c/e');
    expect(userCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/h' })).toBe('/x/cache/empathy');
    expect(userCacheDir({ HOME: '/h' })).toBe('/h/.cache/empathy');
    expect(userDataDir({ EMPATHY_DATA_DIR: '/d/e', XDG_DATA_HOME: '/x', HOME: '/h' })).toBe('/d/e');
    expect(userDataDir({ XDG_DATA_HOME: '/x/data', HOME: '/h' })).toBe('/x/data/empathy');
    expect(userDataDir({ HOME: '/h' })).toBe('/h/.local/share/empathy');
  });

  it('ignore relative XDG values (XDG base directory specification)', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: 'rel/cache', HOME: '/h' })).toBe('/h/.cache/empathy');
    expect(userDataDir({ XDG_DATA_HOME: '', HOME: '/h' })).toBe('/h/.local/share/empathy');
  });

  it('key a repository by its real path: a symlink to it gets the same key, another clone another', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'empathy-userdirs-'));
    dirs.push(base);
    const a = mkdtempSync(path.join(base, 'a-'));
    const b = mkdtempSync(path.join(base, 'b-'));
    symlinkSync(a, path.join(base, 'link'));
    expect(repositoryKey(path.join(base, 'link'))).toBe(repositoryKey(a));
    expect(repositoryKey(a)).not.toBe(repositoryKey(b));
    expect(repositoryKey(a)).toMatch(/^a-[A-Za-z0-9]+-[0-9a-f]{16}$/);
    expect(repositoryKey('/no/such/dir with space')).toMatch(/^dir_with_space-[0-9a-f]{16}$/);
  });

  it('isInside is lexical and not fooled by a sibling sharing a prefix', () => {
    expect(isInside('/r', '/r')).toBe(true);
    expect(isInside('/r', '/r/.empathy/cache')).toBe(true);
    expect(isInside('/r', '/r2/x')).toBe(false);
    expect(isInside('/r', '/r/../x')).toBe(false);
    expect(isInside('/r', '/r/..foo')).toBe(true);
  });
});
