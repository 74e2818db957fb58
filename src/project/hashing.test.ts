import { describe, expect, it } from 'vitest';
import { InternalError } from '../errors.js';
import { canonicalJson, countLoc, looksBinary, sha256 } from './hashing.js';

describe('hashing helpers', () => {
  it('counts non-blank lines with any line ending', () => {
    expect(countLoc('')).toBe(0);
    expect(countLoc('\n\n \t\n')).toBe(0);
    expect(countLoc('a')).toBe(1);
    expect(countLoc('a\r\nb\rc\n\n  d  ')).toBe(4);
    expect(countLoc('\ufeff\n x\n')).toBe(1);
  });

  it('hashes bytes and strings alike', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256(Buffer.from('abc'))).toBe(sha256('abc'));
  });

  it('sniffs a NUL byte in the first 8 KiB only', () => {
    expect(looksBinary(Buffer.from('plain text'))).toBe(false);
    expect(looksBinary(Buffer.from([1, 2, 0, 3]))).toBe(true);
    expect(looksBinary(Buffer.concat([Buffer.alloc(8192, 32), Buffer.from([0])]))).toBe(false);
  });

  it('writes canonical JSON with sorted keys and refuses ambiguous values', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 0 }], e: undefined })).toBe(
      '{"a":[2,{"c":0}],"b":1}',
    );
    expect(canonicalJson({ x: { b: 1, a: 2 } })).toBe(canonicalJson({ x: { a: 2, b: 1 } }));
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(InternalError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(InternalError);
    expect(() => canonicalJson(1n)).toThrow(InternalError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });
});
