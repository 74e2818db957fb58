import { existsSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLogger } from '../../core/logger.js';
import { UserError } from '../../errors.js';
import { RecordDirectory, RecordDirIndex } from './record-dir.js';
import type { ParseOutcome } from './store-schema.js';
import { captureLogs, useTempDirs } from '../../core/temp-dir.test-helper.js';

const makeTempDir = useTempDirs();
const events = captureLogs();

describe('RecordDirIndex', () => {
  const parse =
    (reads: string[]) =>
    (text: string, name: string): ParseOutcome<string> => {
      reads.push(name);
      return text.startsWith('ok')
        ? { ok: true, value: `${name}=${text}` }
        : { ok: false, kind: 'corrupt', reason: 'bad' };
    };

  it('reads each file once while nothing changes, and only changed files after a change', () => {
    const dir = makeTempDir();
    const old = new Date(Date.now() - 60_000);
    for (const n of ['a', 'b', 'c']) {
      writeFileSync(join(dir, `${n}.json`), `ok-${n}`);
      utimesSync(join(dir, `${n}.json`), old, old);
    }
    writeFileSync(join(dir, '.a.json.123.abc.tmp'), 'partial');
    writeFileSync(join(dir, 'a.lock'), '{}');
    utimesSync(dir, old, old);
    const reads: string[] = [];
    const index = new RecordDirIndex(dir, parse(reads));
    expect(index.refresh().records.sort()).toEqual(['a.json=ok-a', 'b.json=ok-b', 'c.json=ok-c']);
    expect(reads.sort()).toEqual(['a.json', 'b.json', 'c.json']);
    reads.length = 0;
    index.refresh();
    expect(reads).toEqual([]);
    // An atomic replace (new inode via rename) of b, and removal of c.
    writeFileSync(join(dir, 'new.tmp'), 'ok-B2');
    renameSync(join(dir, 'new.tmp'), join(dir, 'b.json'));
    rmSync(join(dir, 'c.json'));
    expect(index.refresh().records.sort()).toEqual(['a.json=ok-a', 'b.json=ok-B2']);
    expect(reads).toEqual(['b.json']);
  });

  it('reports invalid files as suspects until they are ignored or fixed', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'x.json'), 'garbage');
    const reads: string[] = [];
    const index = new RecordDirIndex(dir, parse(reads));
    expect(index.refresh()).toEqual({ records: [], suspects: [{ name: 'x.json', reason: 'bad' }] });
    expect(index.refresh().suspects).toHaveLength(1);
    index.markIgnored('x.json');
    expect(index.refresh().suspects).toEqual([]);
    expect(new RecordDirIndex(join(dir, 'missing'), parse([])).refresh()).toEqual({
      records: [],
      suspects: [],
    });
  });
});

describe('RecordDirectory', () => {
  const parse = (text: string): ParseOutcome<string> =>
    text.startsWith('ok') ? { ok: true, value: text } : { ok: false, kind: 'corrupt', reason: 'bad' };
  const records = (dir: string) =>
    new RecordDirectory({
      dir,
      projectRoot: dir,
      what: 'test store',
      recordKind: 'test',
      writableHint: 'dir',
      parse,
      log: getLogger('test.record-dir'),
    });

  it('sets an unreadable record aside without overwriting one set aside earlier, and keeps listing the rest', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'good.json'), 'ok-1');
    writeFileSync(join(dir, 'bad.json'), 'garbage-2');
    writeFileSync(join(dir, 'bad.json.corrupt'), 'garbage-1');
    expect(await records(dir).list()).toEqual(['ok-1']);
    const names = readdirSync(dir).sort();
    expect(names).toContain('bad.json.corrupt');
    expect(names.filter((n) => n.startsWith('bad.json.corrupt-'))).toHaveLength(1);
    expect(names).not.toContain('bad.json');
    expect(events.some((e) => e.message === 'moved an unreadable test file aside')).toBe(true);
  });

  it('creates its directory on demand and names it in a one-line error when it cannot', async () => {
    const dir = makeTempDir();
    const sub = join(dir, 'store');
    await records(sub).ensureDir();
    expect(existsSync(sub)).toBe(true);
    writeFileSync(join(dir, 'file'), 'not a directory');
    const blocked = records(join(dir, 'file', 'store'));
    await expect(blocked.ensureDir()).rejects.toThrow(UserError);
    await expect(blocked.ensureDir()).rejects.toThrow(
      /^cannot write the test store at .*file.store \(ENOTDIR: .*pass a writable directory as dir$/,
    );
  });
});
