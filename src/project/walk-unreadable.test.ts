// Injects EACCES for chosen paths, so unreadable files and directories are tested even as root
// (where chmod 000 does not stop reads).
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTree, removeTree } from './temp-tree.test-helper.js';

const denied = new Set<string>();
const deny = (path: unknown) => {
  if (typeof path === 'string' && denied.has(path)) {
    throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
  }
};

// The walk opens files synchronously (walk.ts), directories through the promise API.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof Fs>();
  const openSync = ((path: unknown, ...rest: unknown[]) => {
    deny(path);
    return (original.openSync as (...args: unknown[]) => number)(path, ...rest);
  }) as typeof original.openSync;
  return { ...original, openSync, default: { ...original, openSync } };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof FsPromises>();
  return {
    ...original,
    open: (async (path: unknown, ...rest: unknown[]) => {
      deny(path);
      return (original.open as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof original.open,
    readdir: (async (path: unknown, ...rest: unknown[]) => {
      deny(path);
      return (original.readdir as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof original.readdir,
  };
});

const { buildProjectIndex } = await import('./index.js');

const roots: string[] = [];
afterEach(async () => {
  denied.clear();
  await Promise.all(roots.splice(0).map(removeTree));
});

describe('unreadable entries', () => {
  it('counts an unreadable file and an unreadable directory, indexes the rest', async () => {
    const root = await makeTree({ 'a.ts': 'a\n', 'locked.ts': 'x', 'private/b.ts': 'b', 'open/c.py': 'c\n' });
    roots.push(root);
    const index0 = await buildProjectIndex(root, { cache: false });
    denied.add(join(index0.root, 'locked.ts'));
    denied.add(join(index0.root, 'private'));
    const index = await buildProjectIndex(root, { cache: false });
    expect(index.files.map((file) => file.path)).toEqual(['a.ts', 'open/c.py']);
    expect(index.skipped.unreadable).toBe(2);
  });
});
