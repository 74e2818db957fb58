/**
 * Content hashing, line counting, binary sniffing and canonical JSON (for cache keys).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { InternalError } from '../errors.js';

/** Bytes inspected for a NUL byte when deciding whether a file is binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

/** sha256 hex digest of a buffer or string (strings are hashed as UTF-8). */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** True when the first {@link BINARY_SNIFF_BYTES} bytes contain a NUL byte. */
export function looksBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (content[i] === 0) return true;
  return false;
}

/**
 * Non-blank lines of a text: lines (split on `\n`, `\r\n` or `\r`) holding at least one
 * non-whitespace character.
 *
 * @example
 * countLoc('a\n\n  \nb\n'); // 2
 */
export function countLoc(text: string): number {
  let loc = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (!blank) loc++;
      blank = true;
    } else if (blank && !isWhitespace(c)) {
      blank = false;
    }
  }
  if (!blank) loc++;
  return loc;
}

function isWhitespace(c: number): boolean {
  // space, tab, vertical tab, form feed, BOM, no-break space; other Unicode spaces are rare in code.
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xfeff || c === 0xa0;
}

/**
 * Canonical JSON: object keys sorted at every depth, `undefined` members dropped (as
 * `JSON.stringify` does), so equal values always give equal text. Throws
 * {@link InternalError} for values JSON cannot represent faithfully (functions, symbols,
 * bigints, non-finite numbers), because a cache key built from them would be ambiguous.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 1, c: 0 }] }); // '{"a":[2,{"c":0,"d":1}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, 0));
}

function normalise(value: unknown, depth: number): unknown {
  if (depth > 100) throw new InternalError('canonicalJson: value nested deeper than 100 levels (cycle?)');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InternalError(`canonicalJson: non-finite number ${value}`);
    return value;
  }
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : normalise(item, depth + 1)));
  if (typeof value === 'object') {
    const maybeJson = value as { toJSON?: () => unknown };
    if (typeof maybeJson.toJSON === 'function') return normalise(maybeJson.toJSON(), depth + 1);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = normalise(member, depth + 1);
    }
    return out;
  }
  throw new InternalError(`canonicalJson: cannot represent a ${typeof value}`);
}
