import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'node:fs';
import { UserError } from '../errors.js';
import { useTempDirs } from '../core/temp-dir.test-helper.js';
import { TreeWatcher } from '../project/tree-watch.js';
import { recordingIO } from './test-io.test-helper.js';
import { watchFlag, watchRuns } from './watch-flags.js';

const makeTempDir = useTempDirs('empathy-watch-');

/**
 * A watcher whose events the test fires (no timing: debounce 0) and which counts the snapshots
 * the loop took (each is followed by `watchDirs`).
 */
class DrivenWatcher extends TreeWatcher {
  readonly listeners: (() => void)[] = [];
  snapshots = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  constructor(root: string) {
    super(root, {
      debounceMs: 0,
      watch: (_dir, listener) => {
        this.listeners.push(listener);
        return Object.assign(new EventEmitter(), { close: () => undefined }) as unknown as FSWatcher;
      },
    });
  }

  override watchDirs(dirs: Iterable<string>): void {
    super.watchDirs(dirs);
    this.snapshots++;
    for (const waiter of this.#waiters.filter((w) => w.count <= this.snapshots)) waiter.resolve();
  }

  fire(): void {
    this.listeners[0]?.();
  }

  /** Resolves when the loop has taken `count` snapshots. */
  snapshotted(count: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.snapshots >= count) resolve();
      else this.#waiters.push({ count, resolve });
    });
  }
}

describe('watchRuns', () => {
  it('runs again only when an analysed file changed, goes on after a failed run, and stops on the signal', async () => {
    const root = realpathSync(makeTempDir());
    const source = path.join(root, 'a.js');
    const report = path.join(root, 'report.json'); // what the runs write, inside the project
    writeFileSync(source, 'export const a = 1;\n');
    const watcher = new DrivenWatcher(root);
    const controller = new AbortController();
    const lines: { text: string; resolve: () => void }[] = [];
    const line = (text: string) => new Promise<void>((resolve) => lines.push({ text, resolve }));
    const io = recordingIO(root, {
      stderr: (text) => {
        io.err += text;
        for (const waiter of lines.filter((l) => text.includes(l.text))) waiter.resolve();
      },
    });
    const runs: number[] = [];
    const idles: string[][] = [];
    const firstDone = line('run 1 approved (exit 0)');
    const secondDone = line('run 2 failed: bad config');
    const thirdDone = line('run 3 blocked (exit 1)');
    const watching = watchRuns({
      command: 'release-prep',
      root,
      io,
      signal: controller.signal,
      selection: () => ({}),
      watcher,
      idle: async (snapshot) => {
        idles.push([...snapshot.languages]);
        if (idles.length === 2) throw new Error('warm-up broke'); // ignored: the watch goes on
      },
      run: async (n) => {
        runs.push(n);
        if (n === 2) throw new UserError('bad config'); // before writing anything, as a run that fails does
        writeFileSync(report, `{"run": ${n}}\n`);
        return { code: n === 1 ? 0 : 1, written: [report] };
      },
    });
    await firstDone;
    writeFileSync(source, 'export const a = 1;\n'); // saved with the same content: not a change
    watcher.fire();
    await watcher.snapshotted(2); // the report the run wrote is not a change either
    expect(runs).toEqual([1]);
    writeFileSync(source, 'export const a = 2;\n');
    watcher.fire();
    await secondDone;
    writeFileSync(source, 'export const a = 3;\n');
    watcher.fire();
    await thirdDone;
    controller.abort(new Error('interrupted'));
    expect(await watching).toBe(130);
    expect(runs).toEqual([1, 2, 3]);
    expect(idles).toEqual([['javascript'], ['javascript'], ['javascript']]); // after each run
    expect(io.err.split('\n').filter(Boolean)).toEqual([
      `release-prep: run 1 approved (exit 0); watching ${root} for changes (1 directories), Ctrl-C stops`,
      'release-prep: 1 file changed (a.js); running again',
      `release-prep: run 2 failed: bad config; watching ${root} for changes (1 directories), Ctrl-C stops`,
      'release-prep: 1 file changed (a.js); running again',
      `release-prep: run 3 blocked (exit 1); watching ${root} for changes (1 directories), Ctrl-C stops`,
      'release-prep: watch stopped',
    ]);
  });
});

describe('watchFlag', () => {
  it('is false without --watch and refuses the flags it cannot go with', () => {
    expect(watchFlag({})).toBe(false);
    expect(watchFlag({ watch: true, path: '.' })).toBe(true);
    expect(() => watchFlag({ watch: true, repos: 'repos.txt' })).toThrow('--watch and --repos disagree');
    expect(() => watchFlag({ watch: true, queue: 'redis://localhost' })).toThrow('--watch and --queue disagree');
    expect(() => watchFlag({ watch: true, 'write-baseline': true })).toThrow('--watch and --write-baseline disagree');
  });
});
