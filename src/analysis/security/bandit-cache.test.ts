import { appendFile, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { findExecutable } from '../../core/run-command.js';
import { buildProjectIndex } from '../../project/index.js';
import { treeStore } from '../../project/temp-tree.test-helper.js';
import { runBandit } from './bandit.js';
import { securityAnalyzer } from './index.js';

const hasBandit = findExecutable('bandit') !== null;
const trees = treeStore();
const scratch: string[] = [];
afterEach(async () => {
  await trees.removeAll();
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const TREE = {
  'app/a.py': 'import subprocess\n\n\ndef run(x):\n    return subprocess.call("ls " + x, shell=True)\n',
  'app/b.py': 'import pickle\n\n\ndef load(data):\n    return pickle.loads(data)  # nosec\n',
  'app/c.py': 'def ok():\n    return 1\n',
  'app/d.py': 'def broken(:\n    pass\n',
};
/** Appended to app/b.py: one bandit-only finding (B101) and one suppressed by `# nosec`. */
const CHANGE = '\n\ndef check(value, other):\n    assert value\n    assert other  # nosec\n    return value\n';

const title = `bandit per file: a one-file change rescans that file alone, same findings as --no-cache${skipNote(!hasBandit, 'bandit', 'bandit on PATH')}`;

describe('bandit through the per-file cache', () => {
  it.skipIf(!hasBandit)(title, async () => {
    const root = await trees.tree(TREE);
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'empathy-bandit-cache-'));
    scratch.push(cacheDir);
    const cachedIndex = () => buildProjectIndex(root, { cacheDir });
    const bandit = async (index: Awaited<ReturnType<typeof cachedIndex>>) => {
      const run = await runBandit(index, index.byLanguage('python'), { timeoutMs: 120_000 });
      if (run.status !== 'ran') throw new Error(`bandit did not run: ${JSON.stringify(run)}`);
      return run;
    };

    const cold = await securityAnalyzer.analyze(await cachedIndex(), { tier: 'CAPABLE' });
    expect(cold.tools.map((t) => t.name)).toContain('bandit');
    const warm = await bandit(await cachedIndex());
    expect(warm.scanned).toEqual([]);

    await appendFile(path.join(root, 'app/b.py'), CHANGE);
    const changed = await bandit(await cachedIndex());
    expect(changed.scanned).toEqual(['app/b.py']);
    const reference = await bandit(await buildProjectIndex(root, { cache: false }));
    expect(reference.scanned).toEqual(['app/a.py', 'app/b.py', 'app/c.py', 'app/d.py']);
    expect(changed.findings).toEqual(reference.findings);
    expect(changed.errors).toEqual(reference.errors);
    const bLines = changed.findings.filter((f) => f.file === 'app/b.py').map((f) => `${f.line}:${f.rule}`);
    expect(bLines).toEqual(['1:bandit/B403-blacklist', '9:bandit/B101-assert_used']);
    expect(changed.errors.map((e) => e.file)).toEqual(['app/d.py']);

    // The analyser's report after the change equals a --no-cache run on the same tree.
    const after = await securityAnalyzer.analyze(await cachedIndex(), { tier: 'CAPABLE' });
    const noCache = await securityAnalyzer.analyze(await buildProjectIndex(root, { cache: false }), {
      tier: 'CAPABLE',
    });
    expect(after.cached).toBe(false);
    expect(after.findings).toEqual(noCache.findings);
    expect(after.figures).toEqual(noCache.figures);
    expect(after.notMeasured).toEqual(noCache.notMeasured);
    expect(after.findings.some((f) => f.file === 'app/b.py' && f.rule === 'bandit/B101-assert_used')).toBe(true);
  });
});

describe("bandit's version through the result cache", () => {
  /** A stand-in bandit (sh): logs its arguments, prints `version` for --version, an empty report otherwise. */
  async function fakeBandit(dir: string, version: string): Promise<{ command: string; versionCalls(): Promise<number> }> {
    const log = path.join(dir, 'calls.log');
    const command = path.join(dir, 'bandit');
    const temp = `${command}.tmp`;
    await writeFile(
      temp,
      `#!/bin/sh\necho "$1" >> '${log}'\nif [ "$1" = --version ]; then echo 'bandit ${version}'; echo '  python version = 3.11.2'; exit 0; fi\necho '{"results":[],"errors":[]}'\n`,
      { mode: 0o755 },
    );
    await rename(temp, command); // a new file, as an install writes it
    const versionCalls = async () =>
      (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l === '--version').length;
    return { command, versionCalls };
  }

  it('is asked once per installation: a hit, a miss after a reinstall, a corrupt entry is a miss, --no-cache always asks', async () => {
    const root = await trees.tree({ 'app/a.py': 'def ok():\n    return 1\n' });
    const dir = await mkdtemp(path.join(tmpdir(), 'empathy-bandit-version-'));
    scratch.push(dir);
    const cacheDir = path.join(dir, 'cache');
    const run = async (command: string, cache = true) => {
      const index = cache ? await buildProjectIndex(root, { cacheDir }) : await buildProjectIndex(root, { cache: false });
      const result = await runBandit(index, index.byLanguage('python'), { command, timeoutMs: 60_000 });
      if (result.status !== 'ran') throw new Error(`bandit did not run: ${JSON.stringify(result)}`);
      return result.version;
    };

    const first = await fakeBandit(dir, '9.9.1');
    expect(await run(first.command)).toBe('9.9.1');
    expect(await first.versionCalls()).toBe(1);
    // Hit: the same installation is not started again for its version.
    expect(await run(first.command)).toBe('9.9.1');
    expect(await first.versionCalls()).toBe(1);

    // Miss on change: an upgrade writes a new entry script.
    const upgraded = await fakeBandit(dir, '9.9.2');
    expect(await run(upgraded.command)).toBe('9.9.2');
    expect(await upgraded.versionCalls()).toBe(2);
    expect(await run(upgraded.command)).toBe('9.9.2');
    expect(await upgraded.versionCalls()).toBe(2);

    // A corrupt entry (not JSON, or a value that is not a version) is a miss: asked again, rewritten.
    const entries = path.join(cacheDir, 'bandit-version');
    const files = await readdir(entries);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await writeFile(path.join(entries, file), '{ not json');
    expect(await run(upgraded.command)).toBe('9.9.2');
    expect(await upgraded.versionCalls()).toBe(3);
    let rewritten = 0;
    for (const file of await readdir(entries)) {
      const text = await readFile(path.join(entries, file), 'utf8');
      if (!text.includes('"9.9.2"')) continue; // 9.9.1's entry, still corrupt
      await writeFile(path.join(entries, file), JSON.stringify({ ...(JSON.parse(text) as object), value: 42 }));
      rewritten += 1;
    }
    expect(rewritten).toBe(1);
    expect(await run(upgraded.command)).toBe('9.9.2');
    expect(await upgraded.versionCalls()).toBe(4);
    expect(await run(upgraded.command)).toBe('9.9.2');
    expect(await upgraded.versionCalls()).toBe(4);

    // Without a cache the version is always asked.
    expect(await run(upgraded.command, false)).toBe('9.9.2');
    expect(await upgraded.versionCalls()).toBe(5);
  });
});
