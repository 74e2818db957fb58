import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { detectDuplication, jscpdCommand } from './duplication.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/quality-dup/', import.meta.url));
const file = (p: string) => ({ path: p, absolutePath: path.join(fixture, p) });

describe('detectDuplication (jscpd 5.3.2)', () => {
  it("starts jscpd's prebuilt binary directly, not through node and its wrapper script", () => {
    const { command, prefix } = jscpdCommand();
    expect(command).not.toBe(process.execPath);
    expect(path.basename(command)).toMatch(/^jscpd(\.exe)?$/);
    expect(existsSync(command)).toBe(true);
    expect(prefix).toEqual([]);
  });

  it('finds the copied block with exact figures', async () => {
    const before = await readdir(fixture, { recursive: true });
    // A temporary folder of this test's own (os.tmpdir() follows TMPDIR), so other processes'
    // jscpd folders in the shared one cannot change what is counted.
    const ownTmp = await mkdtemp(path.join(os.tmpdir(), 'dup-test-'));
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = ownTmp;
    let result: Awaited<ReturnType<typeof detectDuplication>>;
    let left: string[];
    try {
      result = await detectDuplication(fixture, [
        file('src/orders.js'),
        file('src/invoices.js'),
        file('src/unique.js'),
      ]);
      left = await readdir(ownTmp);
    } finally {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
      await rm(ownTmp, { recursive: true, force: true });
    }
    // orders.js lines 4-15 == invoices.js lines 4-15 (12 lines); jscpd leaves unique.js (< 50 tokens) out,
    // so the percentage is 12 / (17 + 21) lines.
    expect(result.tool).toEqual({ name: 'jscpd', version: '5.3.2' });
    expect(result.clones).toEqual([
      {
        format: 'javascript',
        kind: 'exact',
        lines: 12,
        tokens: 100,
        first: { file: 'src/invoices.js', startLine: 4, endLine: 15 },
        second: { file: 'src/orders.js', startLine: 4, endLine: 15 },
      },
    ]);
    expect(result.duplicatedLines).toBe(12);
    expect(result.totalLines).toBe(38);
    expect(result.sources).toBe(2);
    expect(result.percentage).toBeCloseTo((12 / 38) * 100, 10);
    // Nothing written into the repository, temp dir removed.
    expect(await readdir(fixture, { recursive: true })).toEqual(before);
    expect(left).toEqual([]);
  });

  it('scans only the files it is given', async () => {
    const result = await detectDuplication(fixture, [file('src/orders.js'), file('src/unique.js')]);
    expect(result.clones).toEqual([]);
    expect(result.percentage).toBe(0);
    expect(result.totalLines).toBe(17);
  });

  it('returns zero figures without running jscpd for an empty list', async () => {
    const result = await detectDuplication(fixture, []);
    expect(result).toMatchObject({ percentage: 0, duplicatedLines: 0, sources: 0, clones: [] });
  });

  it('fails with a ToolError when jscpd is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      detectDuplication(fixture, [file('src/orders.js')], { signal: controller.signal }),
    ).rejects.toThrow(/jscpd was aborted/);
  });
});
