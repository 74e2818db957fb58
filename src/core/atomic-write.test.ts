import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isProcessAlive,
  isTempFileName,
  removeTempFilesOf,
  tempFilePid,
  writeFileAtomic,
} from './atomic-write.js';
import { useTempDirs } from './temp-dir.test-helper.js';

const makeTempDir = useTempDirs();

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temporary file', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'a.json');
    await writeFileAtomic(path, '{"v":1}');
    await writeFileAtomic(path, '{"v":2}');
    expect(readFileSync(path, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('fails without touching the old file or leaving a temporary one when the rename cannot happen', async () => {
    const dir = makeTempDir();
    const target = join(dir, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    await expect(writeFileAtomic(target, 'new')).rejects.toMatchObject({
      code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST|EPERM/),
    });
    expect(readdirSync(dir)).toEqual(['target']);
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('temporary files', () => {
  it('recognises temporary names and their writer pid', () => {
    expect(isTempFileName('.a.json.123.abcdef.tmp')).toBe(true);
    expect(isTempFileName('a.json')).toBe(false);
    expect(tempFilePid('.a.json.123.abcdef.tmp')).toBe(123);
    expect(tempFilePid('.x.lock.77.00ff00ff00ff00ff.tmp')).toBe(77);
    expect(tempFilePid('a.json')).toBeNull();
  });

  it('removes only the temporary files of a dead writer', async () => {
    const dir = makeTempDir();
    const dead = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid!;
    expect(isProcessAlive(dead)).toBe(false);
    expect(isProcessAlive(process.pid)).toBe(true);
    for (const name of [
      `.a.json.${dead}.aa.tmp`,
      `.b.lock.${dead}.bb.tmp`,
      `.a.json.${process.pid}.cc.tmp`,
      'a.json',
    ])
      writeFileSync(join(dir, name), '');
    expect(await removeTempFilesOf(dir, dead)).toBe(2);
    expect(await removeTempFilesOf(dir, process.pid)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`.a.json.${process.pid}.cc.tmp`, 'a.json']);
  });
});
