import { copyFile, mkdir, mkdtemp, readdir, readlink, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { detectDuplication, jscpdCommand, linkDirectory } from './duplication.js';

// Links are made on a tmpfs; /dev/shm is one on Linux machines (tests below need it).
const shmIsTmpfs =
  process.platform === 'linux' && (await statfs('/dev/shm').catch(() => null))?.type === 0x01021994;
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

  describe('over a directory of links', () => {
    // Paths a directory walk could treat differently from listed paths: a hidden directory,
    // node_modules, nested directories, spaces and glob characters in names.
    const names = ['.github/scripts/orders copy.js', 'node_modules/pkg/invoices.js', 'src/deep/nested/br[ack]et {x}.js', 'src/unique.js'];
    const sources = ['src/orders.js', 'src/invoices.js', 'src/invoices.js', 'src/unique.js'];
    let project: string;
    const inputs = () => names.map((p) => ({ path: p, absolutePath: path.join(project, p) }));

    beforeAll(async () => {
      project = await mkdtemp(path.join(os.tmpdir(), 'dup-tree-'));
      for (const [i, name] of names.entries()) {
        await mkdir(path.dirname(path.join(project, name)), { recursive: true });
        await copyFile(path.join(fixture, sources[i]!), path.join(project, name));
      }
    });
    afterAll(() => rm(project, { recursive: true, force: true }));

    const clone = (lines: number, tokens: number, start: number, first: string, second: string) => ({
      format: 'javascript',
      kind: 'exact',
      lines,
      tokens,
      first: { file: first, startLine: start, endLine: start + lines - 1 },
      second: { file: second, startLine: start, endLine: start + lines - 1 },
    });
    // The two copies of invoices.js are equal as a whole; orders.js shares lines 4-15 with them.
    const expected = [
      clone(12, 100, 4, '.github/scripts/orders copy.js', 'node_modules/pkg/invoices.js'),
      clone(21, 140, 1, 'node_modules/pkg/invoices.js', 'src/deep/nested/br[ack]et {x}.js'),
    ];

    it('reports every listed file under its own path, as the list of paths does', async () => {
      const linked = await detectDuplication(project, inputs());
      const listed = await detectDuplication(project, inputs(), { listFiles: true });
      expect(linked.clones).toEqual(expected);
      expect(linked.sources).toBe(3);
      expect(linked.totalLines).toBe(17 + 21 + 21);
      expect(linked.duplicatedLines).toBe(12 + 21);
      expect(linked).toEqual(listed);
    });

    it.runIf(shmIsTmpfs)('links each file under its path, with a whitelist against .ignore files above', async () => {
      const dir = await linkDirectory(inputs());
      expect(dir).not.toBeNull();
      try {
        for (const name of names) expect(await readlink(path.join(dir!, name))).toBe(path.join(project, name));
        expect(await readFile(path.join(dir!, '.ignore'), 'utf8')).toBe('!*\n');
      } finally {
        await rm(dir!, { recursive: true, force: true });
      }
    });

    it.runIf(shmIsTmpfs)('keeps the files that a .ignore above the links would hide from a directory walk', async () => {
      // A temporary folder on tmpfs with a .ignore hiding everything: the links are made in it.
      const ownTmp = await mkdtemp('/dev/shm/dup-test-');
      await writeFile(path.join(ownTmp, '.ignore'), '*\n');
      const savedTmp = process.env['TMPDIR'];
      process.env['TMPDIR'] = ownTmp;
      try {
        const result = await detectDuplication(project, inputs());
        expect(result.clones).toEqual(expected);
        expect(result.sources).toBe(3);
        expect(await readdir(ownTmp)).toEqual(['.ignore']);
      } finally {
        if (savedTmp === undefined) delete process.env['TMPDIR'];
        else process.env['TMPDIR'] = savedTmp;
        await rm(ownTmp, { recursive: true, force: true });
      }
    });
  });
});
