import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProjectIndex } from '../../project/index.js';
import { securityAnalyzer } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('security analyser result cache', () => {
  it('reuses the code scans on an unchanged tree and rescans after a change', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'empathy-sec-cache-')), 'app');
    dirs.push(path.dirname(root));
    cpSync(path.resolve(import.meta.dirname, '../../../test/fixtures/insecure-app'), root, {
      recursive: true,
    });

    const cold = await securityAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CHEAP' });
    const warm = await securityAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CHEAP' });
    expect(cold.cached).toBe(false);
    expect(warm.cached).toBe(true);
    expect(warm.figures.critical_issues).toBe(cold.figures.critical_issues);
    expect(warm.findings).toEqual(cold.findings);

    appendFileSync(path.join(root, 'src', 'safe.js'), '\neval(process.argv[2]);\n');
    const changed = await securityAnalyzer.analyze(await buildProjectIndex(root), { tier: 'CHEAP' });
    expect(changed.cached).toBe(false);
    expect(changed.figures.high_issues).toBe((cold.figures.high_issues ?? 0) + 1);
  });
});
