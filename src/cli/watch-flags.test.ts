import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'node:fs';
import { UserError } from '../errors.js';
import { useTempDirs } from '../core/temp-dir.test-helper.js';
import { TreeWatcher, type SnapshotSelection } from '../project/tree-watch.js';
import { recordingIO } from './test-io.test-helper.js';
import { watchFlag, watchRuns, type WatchedRun } from './watch-flags.js';

const makeTempDir = useTempDirs('empathy-watch-');

/**
 * A watcher whose events the test fires (no timing: debounce 0) and which counts the snapshots
 * the loop took (each is followed by `watchDirs`).
 */
class DrivenWatcher extends TreeWatcher {
  readonly listeners = new Map<string, (event: string, name: string | null) => void>();
  snapshots = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  constructor(root: string) {
    super(root, {
      debounceMs: 0,
      watch: (dir, listener) => {
        this.listeners.set(path.relative(root, dir), listener);
        return Object.assign(new EventEmitter(), { close: () => undefined }) as unknown as FSWatcher;
      },
    });
  }

  override watchDirs(dirs: Iterable<string>): void {
    super.watchDirs(dirs);
    this.snapshots++;
    for (const waiter of this.#waiters.filter((w) => w.count <= this.snapshots)) waiter.resolve();
  }

  /** An event in the root naming `name`. */
  fire(name: string | null = null): void {
    this.listeners.get('')?.('change', name);
  }

  /** Resolves when the loop has taken `count` snapshots. */
  snapshotted(count: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.snapshots >= count) resolve();
      else this.#waiters.push({ count, resolve });
    });
  }
}

/** A watch loop on a fresh directory holding `a.js`, with promises for its stderr lines. */
function setUp(run: (n: number, selection: SnapshotSelection) => Promise<WatchedRun>, config: { current: SnapshotSelection | Error }) {
  const root = realpathSync(makeTempDir());
  writeFileSync(path.join(root, 'a.js'), 'export const a = 1;\n');
  const watcher = new DrivenWatcher(root);
  const controller = new AbortController();
  const waiters: { text: string; resolve: () => void }[] = [];
  const io = recordingIO(root, {
    stderr: (text) => {
      io.err += text;
      for (const waiter of waiters.filter((w) => io.err.includes(w.text))) waiter.resolve();
    },
  });
  const idles: string[][] = [];
  const watching = watchRuns<SnapshotSelection>({
    command: 'release-prep',
    root,
    io,
    signal: controller.signal,
    first: {},
    prepare: async () => {
      if (config.current instanceof Error) throw config.current;
      return config.current;
    },
    selection: (selection) => selection,
    watcher,
    idle: async (snapshot) => {
      idles.push([...snapshot.languages]);
      if (idles.length === 2) throw new Error('warm-up broke'); // ignored: the watch goes on
    },
    run,
  });
  return {
    root,
    watcher,
    watching,
    idles,
    lines: () => io.err.split('\n').filter(Boolean),
    printed: (text: string) => new Promise<void>((resolve) => waiters.push({ text, resolve })),
    stop: () => controller.abort(new Error('interrupted')),
  };
}

describe('watchRuns', () => {
  it('runs again only when an analysed file changed, goes on after a failed run, and stops on the signal', async () => {
    const runs: number[] = [];
    let report = '';
    const w = setUp(async (n) => {
      runs.push(n);
      if (n === 2) throw new UserError('bad config'); // before writing anything, as a run that fails does
      writeFileSync(report, `{"run": ${n}}\n`); // what the runs write, inside the project
      return { code: n === 1 ? 0 : 1, written: [report] };
    }, { current: {} });
    const link = path.join(makeTempDir(), 'project'); // --path through a symbolic link: its report is still ours
    symlinkSync(w.root, link);
    report = path.join(link, 'report.json');
    const source = path.join(w.root, 'a.js');
    await w.printed('run 1 approved (exit 0)');
    writeFileSync(source, 'export const a = 1;\n'); // saved with the same content: not a change
    w.watcher.fire();
    await w.watcher.snapshotted(2); // the report the run wrote is not a change either
    expect(runs).toEqual([1]);
    writeFileSync(source, 'export const a = 2;\n');
    w.watcher.fire();
    await w.printed('run 2 failed: bad config');
    writeFileSync(source, 'export const a = 3;\n');
    w.watcher.fire();
    await w.printed('run 3 blocked (exit 1)');
    w.stop();
    expect(await w.watching).toBe(130);
    expect(runs).toEqual([1, 2, 3]);
    expect(w.idles).toEqual([['javascript'], ['javascript'], ['javascript']]); // after each run
    expect(w.lines()).toEqual([
      `release-prep: run 1 approved (exit 0); watching ${w.root} for changes (1 directory), Ctrl-C stops`,
      'release-prep: 1 file changed (a.js); running again',
      `release-prep: run 2 failed: bad config; watching ${w.root} for changes (1 directory), Ctrl-C stops`,
      'release-prep: 1 file changed (a.js); running again',
      `release-prep: run 3 blocked (exit 1); watching ${w.root} for changes (1 directory), Ctrl-C stops`,
      'release-prep: watch stopped',
    ]);
  });

  it('runs again after a file changed and changed back during a run (the run may have read it half-way)', async () => {
    const w = setUp(async (n) => {
      if (n === 2) {
        writeFileSync(path.join(w.root, 'a.js'), 'export const a = 9;\n');
        w.watcher.fire('a.js');
        writeFileSync(path.join(w.root, 'a.js'), 'export const a = 2;\n');
      }
      return { code: 0, written: [] };
    }, { current: {} });
    await w.printed('run 1 approved');
    writeFileSync(path.join(w.root, 'a.js'), 'export const a = 2;\n');
    w.watcher.fire('a.js');
    await w.printed('run 3 approved'); // the tree ends as run 2 started, and yet it runs again
    w.stop();
    expect(await w.watching).toBe(130);
  });

  it('reads the configuration before each snapshot: its excludes apply at once, and a bad one waits for the next change', async () => {
    const config: { current: SnapshotSelection | Error } = { current: {} };
    const runs: number[] = [];
    const w = setUp(async (n) => {
      runs.push(n);
      return { code: 0, written: [] };
    }, config);
    mkdirSync(path.join(w.root, 'gen'));
    await w.printed('run 1 approved');
    config.current = { exclude: ['gen/**'] };
    writeFileSync(path.join(w.root, 'gen', 'g.js'), 'g\n'); // excluded by the configuration read now
    w.watcher.fire();
    await w.watcher.snapshotted(2);
    config.current = new UserError('empathy.config.json: not JSON');
    w.watcher.fire();
    await w.printed('release-prep: empathy.config.json: not JSON; waiting for the next change');
    config.current = {};
    w.watcher.fire(); // the fixed configuration no longer excludes gen/
    await w.printed('run 2 approved');
    expect(w.lines()).toContain('release-prep: 1 file changed (gen/g.js); running again');
    expect(runs).toEqual([1, 2]);
    w.stop();
    expect(await w.watching).toBe(130);
  });

  it('ends with a one-line error when the project is gone', async () => {
    const w = setUp(async () => ({ code: 0, written: [] }), { current: {} });
    await w.printed('run 1 approved');
    rmSync(w.root, { recursive: true, force: true });
    w.watcher.fire();
    await expect(w.watching).rejects.toThrow(`--watch: the project ${w.root} is gone; watch stopped`);
  });
});

describe('watchFlag', () => {
  const console = { formats: ['console'], color: false };
  it('is false without --watch and refuses the flags it cannot go with', () => {
    expect(watchFlag({}, console)).toBe(false);
    expect(watchFlag({ watch: true, path: '.' }, console)).toBe(true);
    expect(() => watchFlag({ watch: true, repos: 'repos.txt' }, console)).toThrow('--watch and --repos disagree');
    expect(() => watchFlag({ watch: true, queue: 'redis://localhost' }, console)).toThrow('--watch and --queue disagree');
    expect(() => watchFlag({ watch: true, 'write-baseline': true }, console)).toThrow('--watch and --write-baseline disagree');
  });

  it('wants a file for a machine format: one JSON document after another on stdout could not be read', () => {
    expect(() => watchFlag({ watch: true }, { formats: ['json'], color: false })).toThrow('--watch --format json needs --output FILE');
    expect(watchFlag({ watch: true }, { formats: ['json'], file: '/tmp/r.json', color: false })).toBe(true);
    expect(watchFlag({ watch: true }, { formats: ['markdown'], color: false })).toBe(true);
  });
});
