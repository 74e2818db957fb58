/**
 * The test runner's own cache across contained runs (runners/runner-cache.ts): where it lives,
 * when there is none, its bounds, and real jest runs on the js-jest fixture with it (the same
 * figures as without it; each project writes only its own).
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { probeBubblewrap } from '../../core/sandbox/index.js';
import { buildProjectIndex } from '../../project/index.js';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';
import { namesJestCache, pruneRunnerCache, runnerCacheFor } from './runners/runner-cache.js';
import type { CoverageFigures } from './types.js';

const bwrap = await probeBubblewrap();
const scratch: string[] = [];
afterAll(async () => {
  await cleanupCopies();
  await Promise.all(scratch.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-runner-cache-test-')));
  scratch.push(dir);
  return dir;
}

/** Every file under `dir` (relative), or [] when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

/** The figures that must not depend on the cache (timings and the cache flag left out). */
function figures(f: CoverageFigures): unknown {
  return [f.coverage, f.lines_total, f.lines_covered, f.tests_failed, f.files, f.gaps, f.notes, f.parts.map((p) => p.test_run?.tests)];
}

describe('runnerCacheFor', () => {
  it('is <result cache dir>/tools/jest, locked for one run; none without a result cache or inside the repository', async () => {
    const base = await tempDir();
    const root = await tempDir();
    expect(await runnerCacheFor(null, 'jest', root, 1000)).toBeNull();
    expect(await runnerCacheFor(path.join(root, '.cache'), 'jest', root, 1000)).toBeNull();
    const held = await runnerCacheFor(base, 'jest', root, 60_000);
    expect(held?.dir).toBe(path.join(base, 'tools', 'jest'));
    // A second run on the same directory meanwhile runs without it, rather than share it.
    expect(await runnerCacheFor(base, 'jest', root, 60_000)).toBeNull();
    await held?.release();
    const again = await runnerCacheFor(base, 'jest', root, 60_000);
    expect(again?.dir).toBe(path.join(base, 'tools', 'jest'));
    await again?.release();
  });

  it("keeps the project's own --cacheDirectory or --no-cache", () => {
    expect(namesJestCache(['--ci', '--cacheDirectory=/x'])).toBe(true);
    expect(namesJestCache(['--cacheDirectory', '/x'])).toBe(true);
    expect(namesJestCache(['--no-cache'])).toBe(true);
    expect(namesJestCache(['--cache=false'])).toBe(true);
    expect(namesJestCache(['--ci', '--coverage', '--cacheFoo'])).toBe(false);
  });
});

describe('pruneRunnerCache', () => {
  it('removes old files and links (never following one), keeps the rest', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await fs.writeFile(path.join(outside, 'keep'), 'not ours');
    await fs.mkdir(path.join(dir, 'jest-transform-cache-x', 'ab'), { recursive: true });
    const fresh = path.join(dir, 'jest-transform-cache-x', 'ab', 'fresh');
    const old = path.join(dir, 'jest-transform-cache-x', 'ab', 'old');
    await fs.writeFile(fresh, '12345');
    await fs.writeFile(old, 'xx');
    const now = Date.now();
    await fs.utimes(old, new Date(now - 40 * 24 * 3600 * 1000), new Date(now - 40 * 24 * 3600 * 1000));
    await fs.symlink(outside, path.join(dir, 'link'));
    const result = await pruneRunnerCache(dir, now);
    expect(result).toEqual({ bytes: 5, entries: 3, removed: 2, emptied: false });
    expect(await filesUnder(dir)).toEqual(['jest-transform-cache-x/ab/fresh']);
    expect(await fs.readFile(path.join(outside, 'keep'), 'utf8')).toBe('not ours');
  });

  it('empties the directory over its size or entry bound', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'a'));
    await fs.writeFile(path.join(dir, 'a', 'one'), 'x'.repeat(600));
    await fs.writeFile(path.join(dir, 'a', 'two'), 'x'.repeat(600));
    expect((await pruneRunnerCache(dir, Date.now(), { maxBytes: 10_000 })).emptied).toBe(false);
    expect(await pruneRunnerCache(dir, Date.now(), { maxBytes: 1000 })).toEqual({ bytes: 0, entries: 0, removed: 0, emptied: true });
    expect(await fs.readdir(dir)).toEqual([]);
    await fs.writeFile(path.join(dir, 'one'), '');
    await fs.writeFile(path.join(dir, 'two'), '');
    expect((await pruneRunnerCache(dir, Date.now(), { maxEntries: 1 })).emptied).toBe(true);
  });
});

describe('jest with its transform cache kept across contained runs', () => {
  it('fills <cache dir>/tools/jest, and later runs (warm, then with every entry corrupted) give the figures of a run without it', async () => {
    const root = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
    const cacheDir = await tempDir();
    const reference = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    expect(reference.figures.coverage).toBe(50);
    const index = await buildProjectIndex(root, { cacheDir });
    const first = await coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
    const cached = await filesUnder(path.join(cacheDir, 'tools', 'jest'));
    expect(figures(first.figures)).toEqual(figures(reference.figures));
    // jest's transformed (instrumented) sources of both files and the test file.
    const transformed = cached.filter((f) => f.startsWith('jest-transform-cache-'));
    expect(transformed.length).toBeGreaterThanOrEqual(3);
    const stamps = async () => Promise.all(transformed.map(async (f) => [f, (await fs.stat(path.join(cacheDir, 'tools', 'jest', f))).mtimeMs]));
    const before = await stamps();
    // Another timeout: another key of our result cache, so the suite runs again, on the warm transform cache:
    // it reads the transformed files and writes none again (the haste map is rewritten on every run).
    const warm = await coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS - 1 });
    expect([warm.cached, figures(warm.figures)]).toEqual([false, figures(reference.figures)]);
    expect(await stamps()).toEqual(before);
    for (const file of await filesUnder(path.join(cacheDir, 'tools', 'jest'))) await fs.writeFile(path.join(cacheDir, 'tools', 'jest', file), 'corrupt');
    const corrupt = await coverageAnalyzer.analyze(index, { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS - 2 });
    expect([corrupt.notMeasured, figures(corrupt.figures)]).toEqual([[], figures(reference.figures)]);
  });

  it('none with --no-cache (no result cache) or runnerCache: false', async () => {
    const root = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
    const cacheDir = await tempDir();
    const off = await coverageAnalyzer.analyze(await buildProjectIndex(root, { cacheDir }), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS, runnerCache: false });
    expect(off.figures.coverage).toBe(50);
    expect(await filesUnder(path.join(cacheDir, 'tools'))).toEqual([]);
  });

  it.skipIf(!bwrap.path)(
    `each project writes only its own: another project's runner cache is read-only to its tests${skipNote(!bwrap.path, 'bwrap', 'a working bubblewrap', bwrap.problem ?? undefined)}`,
    async () => {
      const cacheA = await tempDir();
      const cacheB = await tempDir();
      const a = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
      await coverageAnalyzer.analyze(await buildProjectIndex(a, { cacheDir: cacheA }), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
      const b = await copyFixtures(['js-jest'], { linkTools: ['jest'] });
      const probe = `'use strict';
const fs = require('node:fs');
test('cannot write into another project\\'s runner cache', () => {
  expect(() => fs.writeFileSync(${JSON.stringify(path.join(cacheA, 'tools', 'jest', 'planted'))}, 'x')).toThrow(/EROFS|EACCES|ENOENT|read-only/);
});
`;
      await fs.writeFile(path.join(b, '__tests__', 'probe.test.js'), probe);
      const report = await coverageAnalyzer.analyze(await buildProjectIndex(b, { cacheDir: cacheB }), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
      expect(report.figures.test_run_containment).toBe('bubblewrap');
      expect([report.figures.tests_failed, report.figures.parts[0]?.test_run?.tests.passed]).toEqual([false, 3]);
      expect(existsSync(path.join(cacheA, 'tools', 'jest', 'planted'))).toBe(false);
      expect((await filesUnder(path.join(cacheB, 'tools', 'jest'))).some((f) => f.startsWith('jest-transform-cache-'))).toBe(true);
    },
  );
});
