import { renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import type { ParseOutcome } from './store-schema.js';
import { RecordDirIndex, assertSafeId, parseStoredComposition, parseTimestamp } from './store-schema.js';
import { useTempDirs } from '../../core/test-support/temp-dir.js';

const makeTempDir = useTempDirs();

describe('assertSafeId', () => {
  it('accepts store ids and rejects anything that could leave the directory', () => {
    for (const ok of ['comp_release_prep_fc9051551555', 'comp_release_001', 'a', 'A.b-c_d'])
      expect(() => assertSafeId(ok)).not.toThrow();
    for (const bad of [
      '',
      '.',
      '..',
      '../x',
      'x/..',
      '/abs',
      'C:\\x',
      'a/b',
      'a\\b',
      'a\0b',
      '-rf',
      '.git',
      'a..b',
      'white space',
      7,
    ]) {
      expect(() => assertSafeId(bad), JSON.stringify(bad)).toThrow(UserError);
    }
  });
});

describe('parseTimestamp', () => {
  it('reads our UTC timestamps and Python isoformat() output', () => {
    expect(parseTimestamp('2025-01-14T09:12:33.482Z')?.toISOString()).toBe('2025-01-14T09:12:33.482Z');
    expect(parseTimestamp('2025-01-14T09:12:33.482915+02:00')?.toISOString()).toBe(
      '2025-01-14T07:12:33.483Z',
    );
    expect(parseTimestamp('2025-01-14T09:12:33-0530')?.toISOString()).toBe('2025-01-14T14:42:33.000Z');
    expect(parseTimestamp('2025-01-14T09:12:33.482915')?.getTime()).toBe(
      new Date(2025, 0, 14, 9, 12, 33, 483).getTime(),
    );
    expect(parseTimestamp('2025-01-14 09:12')?.getTime()).toBe(new Date(2025, 0, 14, 9, 12).getTime());
  });

  it('rejects what is not a timestamp', () => {
    for (const bad of [
      '',
      'yesterday',
      '2025-13-01T00:00:00',
      '2025-01-14',
      '2025-01-14T25:00:00',
      '1736845953',
    ])
      expect(parseTimestamp(bad), bad).toBeNull();
  });
});

describe('parseStoredComposition', () => {
  const valid = {
    id: 'c',
    task_pattern: 't',
    agents: [{ role: 'r', tier: 'capable' }],
    strategy: 'Parallel',
    quality_gates: {},
    created_at: '2025-01-01T00:00:00',
  };
  it('normalises tiers and strategies and fills legacy defaults', () => {
    const out = parseStoredComposition(JSON.stringify(valid));
    expect(out.ok && out.value).toMatchObject({
      schema_version: 0,
      strategy: 'parallel',
      agents: [{ tier: 'CAPABLE' }],
      usage_count: 0,
      last_used: null,
      tags: [],
    });
  });
  it('names the failing field', () => {
    const out = parseStoredComposition(JSON.stringify({ ...valid, success_rate: 1.5 }));
    expect(out).toMatchObject({ ok: false, kind: 'corrupt' });
    expect(!out.ok && out.reason).toMatch(/^success_rate: /);
    expect(parseStoredComposition(JSON.stringify({ ...valid, schema_version: 2 }))).toMatchObject({
      ok: false,
      kind: 'unsupported',
    });
    expect(parseStoredComposition('')).toMatchObject({ ok: false, kind: 'corrupt' });
  });
});

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
