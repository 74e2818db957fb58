import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { assertSafeId, parseStoredComposition, parseTimestamp } from './store-schema.js';

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
