import { describe, expect, it } from 'vitest';
import { GrowingList, GrowingRecord } from './growing-views.js';

describe('GrowingList views', () => {
  it('show only the items present when taken, behave as arrays, and are read-only', () => {
    const list = new GrowingList<number>();
    list.push(1);
    const early = list.view('early');
    list.push(2);
    const late = list.view('late');
    list.push(3);
    expect(Array.isArray(early)).toBe(true);
    expect(early.length).toBe(1);
    expect([...early]).toEqual([1]);
    expect(late.map((n) => n * 10)).toEqual([10, 20]);
    expect(JSON.stringify(late)).toBe('[1,2]');
    expect(late[2]).toBeUndefined();
    expect(2 in late).toBe(false);
    expect(() => (late as number[]).push(9)).toThrow(/read-only view/);
    expect(() => {
      (late as number[])[0] = 5;
    }).toThrow(/late is a read-only view/);
  });
});

describe('GrowingRecord views', () => {
  it('show only the entries present when taken, enumerate in order, and are read-only', () => {
    const record = new GrowingRecord<{ n: number }>();
    record.set('a', { n: 1 });
    const early = record.view('early');
    record.set('b', { n: 2 });
    expect(Object.keys(early)).toEqual(['a']);
    expect(early['b']).toBeUndefined();
    expect('b' in early).toBe(false);
    expect({ ...record.view('late') }).toEqual({ a: { n: 1 }, b: { n: 2 } });
    expect(JSON.parse(JSON.stringify(early))).toEqual({ a: { n: 1 } });
    expect(() => {
      (early as Record<string, unknown>)['c'] = 1;
    }).toThrow(/early is a read-only view/);
    expect(() => record.set('a', { n: 3 })).toThrow(/already set/);
    expect(record.toObject()).toEqual({ a: { n: 1 }, b: { n: 2 } });
  });
});
