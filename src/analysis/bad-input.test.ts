import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { buildProjectIndex } from '../project/index.js';
import type { Tier } from '../types.js';
import { ANALYSIS_TOOLS } from '../workflows/analysis-means.js';

let base: string;
let empty: string;
let binaryOnly: string;

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'empathy-bad-input-'));
  empty = path.join(base, 'empty');
  binaryOnly = path.join(base, 'binary-only');
  mkdirSync(empty);
  mkdirSync(path.join(binaryOnly, 'assets'), { recursive: true });
  writeFileSync(
    path.join(binaryOnly, 'assets', 'logo.png'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
  );
  writeFileSync(path.join(binaryOnly, 'data.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254]));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('every analyser on bad input', () => {
  it('a path that does not exist is a one-line UserError', async () => {
    await expect(buildProjectIndex(path.join(os.tmpdir(), 'no-such-empathy-dir-xyz'))).rejects.toBeInstanceOf(
      UserError,
    );
  });

  const cases: Array<[string, Tier]> = ANALYSIS_TOOLS.map((t) => [t.tool, 'CAPABLE']);
  it.each(cases)(
    '%s: an empty directory and a repository with only binary files give "not measured" with a reason, no crash',
    async (tool, tier) => {
      const entry = ANALYSIS_TOOLS.find((t) => t.tool === tool)!;
      const analyzer = await entry.load();
      for (const root of [empty, binaryOnly]) {
        const index = await buildProjectIndex(root, { cache: false });
        const report = await analyzer.analyze(index, { tier });
        expect(report.figures[entry.primaryFigure], `${tool} on ${path.basename(root)}`).toBeNull();
        expect(report.notMeasured.length, `${tool} on ${path.basename(root)}`).toBeGreaterThan(0);
        expect(report.notMeasured.every((n) => n.reason.length > 0)).toBe(true);
      }
    },
  );
});
