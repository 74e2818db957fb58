/**
 * A small reader of source maps (version 3), enough to map a position of generated code back
 * to its original file and line: istanbul reports whose entries carry an `inputSourceMap`
 * (coverage of code that was compiled before it was instrumented) are mapped with it.
 *
 * @module
 */
import path from 'node:path';

/** A decoded source map: per generated line (0-based), segments sorted by column. */
export interface DecodedMap {
  /** Original files, resolved against `sourceRoot` and the directory of the generated file. */
  sources: string[];
  /** lines[generatedLine] = [generatedColumn, sourceIndex, originalLine (0-based)][] */
  lines: [number, number, number][][];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one segment's base64 VLQ fields, or null when malformed. */
function vlq(segment: string): number[] | null {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) return null;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return shift === 0 ? out : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes a source map object; `generatedFile` is the path of the code it maps (relative
 * sources are resolved against its directory and the map's `sourceRoot`).
 *
 * @returns null when the value is not a version 3 map with `sources` and `mappings`.
 */
export function decodeSourceMap(value: unknown, generatedFile: string): DecodedMap | null {
  if (!isObject(value) || !Array.isArray(value['sources']) || typeof value['mappings'] !== 'string') return null;
  const root = typeof value['sourceRoot'] === 'string' ? value['sourceRoot'] : '';
  const base = path.dirname(generatedFile);
  const sources = (value['sources'] as unknown[]).map((s) => {
    const name = typeof s === 'string' ? s : '';
    if (name.startsWith('file://')) return name.slice('file://'.length);
    const joined = root ? (root.endsWith('/') ? root + name : `${root}/${name}`) : name;
    return path.isAbsolute(joined) ? joined : path.join(base, joined);
  });
  const lines: [number, number, number][][] = [];
  let source = 0;
  let originalLine = 0;
  for (const text of value['mappings'].split(';')) {
    const segments: [number, number, number][] = [];
    let column = 0;
    for (const raw of text.split(',')) {
      if (raw === '') continue;
      const fields = vlq(raw);
      if (!fields || fields.length === 0) return null;
      column += fields[0]!;
      if (fields.length < 4) continue;
      source += fields[1]!;
      originalLine += fields[2]!;
      segments.push([column, source, originalLine]);
    }
    segments.sort((a, b) => a[0] - b[0]);
    lines.push(segments);
  }
  return { sources, lines };
}

/**
 * The original file and 1-based line of a generated position (1-based line, 0-based column):
 * the last segment at or before the column, else the line's first segment.
 */
export function originalPosition(map: DecodedMap, line: number, column: number): { source: string; line: number } | null {
  const segments = map.lines[line - 1];
  if (!segments || segments.length === 0) return null;
  let chosen = segments[0]!;
  for (const segment of segments) {
    if (segment[0] > column) break;
    chosen = segment;
  }
  const source = map.sources[chosen[1]];
  return source === undefined ? null : { source, line: chosen[2] + 1 };
}
