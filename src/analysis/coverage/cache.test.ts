import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProjectIndex } from '../../project/index.js';
import { coverageAnalyzer } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('coverage analyser result cache', () => {
  it('reuses a complete run on an unchanged tree and runs the tests again after a change', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-cov-cache-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });

    const cold = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    const warm = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    expect(cold.cached).toBe(false);
    expect(cold.figures.coverage).toBe(63.04);
    expect(warm.cached).toBe(true);
    expect(warm.figures).toEqual(cold.figures);

    appendFileSync(path.join(root, 'test', 'queue.test.js'), "\ntest('formats', () => require('../lib/parse').formatDuration(5));\n");
    const changed = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    expect(changed.cached).toBe(false);
    expect(changed.figures.coverage).toBeGreaterThan(63.04);
  });

  it('never reuses a run with failing tests', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-cov-cache-')), 'js-lib');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/js-lib'), root, { recursive: true });
    appendFileSync(path.join(root, 'test', 'queue.test.js'), "\ntest('fails', () => { throw new Error('no'); });\n");
    const first = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    const second = await coverageAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CAPABLE' });
    expect(first.figures.tests_failed).toBe(true);
    expect(second.cached).toBe(false);
  });
});
