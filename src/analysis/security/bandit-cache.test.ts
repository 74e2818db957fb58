import { appendFile, mkdtemp, rm } from 'node:fs/promises';
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
