import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'node:fs';
import { UserError } from '../errors.js';
import { useTempDirs } from '../core/temp-dir.test-helper.js';
import { changedFiles, snapshotTree, TreeWatcher, type WatchFunction } from './tree-watch.js';

const makeTempDir = useTempDirs('empathy-tree-watch-');

/** A fake `fs.watch`: records the watched directories; the test fires their listeners. */
function fakeWatch() {
  const open = new Map<string, { listener: (event: string, name: string | null) => void; watcher: FSWatcher }>();
  const watch: WatchFunction = (dir, listener) => {
    const watcher = Object.assign(new EventEmitter(), { close: vi.fn(() => open.delete(dir)) }) as unknown as FSWatcher;
    open.set(dir, { listener, watcher });
    return watcher;
  };
  return { open, watch, fire: (dir: string, name: string | null = null) => open.get(dir)?.listener('change', name) };
}

/** Every directory exists, with the identity the test gives it (default 'v1'). */
function identities() {
  const ids = new Map<string, string>();
  return { ids, identity: (dir: string) => ids.get(dir) ?? 'v1' };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('snapshotTree and changedFiles', () => {
  it('sees indexed files and directories as the index does, and what changed between two snapshots', async () => {
    const root = makeTempDir();
    mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
    mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true });
    mkdirSync(path.join(root, 'out'));
    writeFileSync(path.join(root, '.gitignore'), 'out/\n');
    writeFileSync(path.join(root, 'src', 'a.js'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'src', 'deep', 'b.py'), 'b = 1\n');
    writeFileSync(path.join(root, 'node_modules', 'x', 'index.js'), 'module.exports = 1;\n');
    writeFileSync(path.join(root, 'out', 'built.js'), 'built\n');

    const before = await snapshotTree(root);
    expect([...before.files.keys()].sort()).toEqual(['.gitignore', 'src/a.js', 'src/deep/b.py']);
    expect([...before.dirs].sort()).toEqual(['', 'src', 'src/deep']);
    expect([...before.languages].sort()).toEqual(['javascript', 'python']);
    mkdirSync(path.join(root, '.git'));
    expect((await snapshotTree(root)).dirs).toContain('.git'); // what git tracks decides what is indexed

    writeFileSync(path.join(root, 'src', 'a.js'), 'export const a = 2;\n');
    writeFileSync(path.join(root, 'src', 'deep', 'b.py'), 'b = 1\n'); // saved, same content
    writeFileSync(path.join(root, 'src', 'c.ts'), 'export {};\n');
    writeFileSync(path.join(root, 'out', 'built.js'), 'built again\n'); // ignored
    const after = await snapshotTree(root);
    expect(changedFiles(before, after)).toEqual(['src/a.js', 'src/c.ts']);
    expect(changedFiles(after, before)).toEqual(['src/a.js', 'src/c.ts']);
    expect(changedFiles(after, after)).toEqual([]);
  });

  it('applies the run\'s exclude globs', async () => {
    const root = makeTempDir();
    mkdirSync(path.join(root, 'gen'));
    writeFileSync(path.join(root, 'gen', 'g.js'), 'g\n');
    writeFileSync(path.join(root, 'a.js'), 'a\n');
    const snapshot = await snapshotTree(root, { exclude: ['gen/**'] });
    expect([...snapshot.files.keys()]).toEqual(['a.js']);
  });
});

describe('TreeWatcher', () => {
  it('resolves settled() once the events have been quiet for the debounce time', async () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const watcher = new TreeWatcher('/r', { watch: fake.watch, debounceMs: 100, identity: identities().identity });
    watcher.watchDirs(['', 'src']);
    let settled = false;
    const waiting = watcher.settled().then(() => (settled = true));
    fake.fire('/r/src');
    await vi.advanceTimersByTimeAsync(60);
    fake.fire('/r'); // a second event restarts the quiet time
    await vi.advanceTimersByTimeAsync(60);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    await waiting;
    expect(settled).toBe(true);
    watcher.close();
  });

  it('remembers events that came while nobody waited (a run in progress)', async () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const watcher = new TreeWatcher('/r', { watch: fake.watch, debounceMs: 100, identity: identities().identity });
    watcher.watchDirs(['']);
    fake.fire('/r');
    await vi.advanceTimersByTimeAsync(500);
    await watcher.settled(); // resolves at once: the change came before
    let again = false;
    void watcher.settled().then(() => (again = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(again).toBe(false); // nothing new since
    watcher.close();
  });

  it('rejects settled() with the signal\'s reason when it aborts', async () => {
    const watcher = new TreeWatcher('/r', { watch: fakeWatch().watch });
    const controller = new AbortController();
    const waiting = watcher.settled(controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    await expect(watcher.settled(controller.signal)).rejects.toThrow('interrupted');
  });

  it('watches exactly the directories it is given, and drops one whose watch failed', async () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const watcher = new TreeWatcher('/r', { watch: fake.watch, debounceMs: 10, identity: identities().identity });
    watcher.watchDirs(['', 'a', 'b']);
    expect([...fake.open.keys()].sort()).toEqual(['/r', '/r/a', '/r/b']);
    watcher.watchDirs(['', 'b', 'c']);
    expect([...fake.open.keys()].sort()).toEqual(['/r', '/r/b', '/r/c']);
    expect(watcher.size).toBe(3);
    (fake.open.get('/r/c')?.watcher as unknown as EventEmitter).emit('error', new Error('EPERM'));
    expect(watcher.size).toBe(2);
    await vi.advanceTimersByTimeAsync(20);
    await watcher.settled(); // the failed watch counts as a change: the tree is walked again
    watcher.close();
    expect(fake.open.size).toBe(0);
  });

  it('watches anew a directory deleted and made again, and counts a directory added later as a change', async () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const { ids, identity } = identities();
    const watcher = new TreeWatcher('/r', { watch: fake.watch, debounceMs: 10, identity });
    watcher.watchDirs(['', 'lib']);
    const first = fake.open.get('/r/lib')?.watcher;
    watcher.watchDirs(['', 'lib']); // nothing new: no change
    let changed = false;
    void watcher.settled().then(() => (changed = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(changed).toBe(false);
    ids.set('/r/lib', 'v2'); // rm -rf lib && cp -a backup lib
    watcher.watchDirs(['', 'lib']);
    expect(fake.open.get('/r/lib')?.watcher).not.toBe(first);
    expect(first?.close).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(50);
    expect(changed).toBe(true); // a file written there before the new watch began is looked for
    watcher.close();
  });

  it('says which paths the events named, and fires within the longest wait however busy the tree', async () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const watcher = new TreeWatcher('/r', { watch: fake.watch, debounceMs: 100, maxWaitMs: 300, identity: identities().identity });
    watcher.watchDirs(['', 'src']);
    let settled = false;
    void watcher.settled().then(() => (settled = true));
    fake.fire('/r/src', 'a.ts');
    fake.fire('/r', 'app.log');
    for (let i = 0; i < 5 && !settled; i++) {
      await vi.advanceTimersByTimeAsync(60);
      fake.fire('/r', 'app.log'); // a log written every 60 ms never leaves 100 ms of quiet
    }
    expect(settled).toBe(true);
    expect([...watcher.takeNamed()].sort()).toEqual(['app.log', 'src/a.ts']);
    expect(watcher.takeNamed().size).toBe(0);
    watcher.close();
  });

  it('says which limit to raise when the system has no watch left', () => {
    const full: WatchFunction = () => {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    };
    const watcher = new TreeWatcher('/r', { watch: full, identity: identities().identity });
    expect(() => watcher.watchDirs(['', 'a'])).toThrow(UserError);
    expect(() => watcher.watchDirs(['', 'a'])).toThrow(/fs\.inotify\.max_user_watches/);
  });
});
