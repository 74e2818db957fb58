/**
 * Converts Node's raw V8 coverage (the `coverage-*.json` files written under `NODE_V8_COVERAGE`)
 * into line coverage, for test runners without a coverage option of their own (mocha without c8,
 * custom test scripts). Only plain JavaScript files under the root (outside node_modules) count.
 *
 * A code line (see `codeLines`) gets the count of the innermost V8 range around its first
 * non-blank character; counts of several processes are merged by maximum.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeLines } from './code-lines.js';
import type { RawCoverage, RawFileCoverage, RawFunction } from './model.js';

interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface V8Function {
  functionName: string;
  ranges: V8Range[];
  isBlockCoverage: boolean;
}
interface V8Script {
  url: string;
  functions: V8Function[];
}

const PLAIN_JS = /\.(c|m)?js$/;

/** Line -> count for one script's source (code lines only). */
export function v8LineCounts(source: string, functions: V8Function[]): Map<number, number> {
  const ranges = functions.flatMap((f) => f.ranges);
  const lines = new Map<number, number>();
  const code = codeLines(source);
  let offset = 0;
  const texts = source.split('\n');
  for (let i = 0; i < texts.length; i += 1) {
    const text = texts[i]!;
    const line = i + 1;
    if (code.has(line)) {
      const first = offset + (text.length - text.trimStart().length);
      let best: V8Range | null = null;
      for (const r of ranges) {
        if (first < r.startOffset || first >= r.endOffset) continue;
        if (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset) best = r;
      }
      lines.set(line, best ? best.count : 0);
    }
    offset += text.length + 1;
  }
  return lines;
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i += 1) if (source.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * Reads every V8 coverage file in `dir` and returns line coverage of the plain JavaScript files
 * under `root` (not under node_modules), merged across processes.
 */
export async function readV8CoverageDir(dir: string, root: string): Promise<RawCoverage> {
  const merged = new Map<string, { lines: Map<number, number>; functions: Map<string, RawFunction> }>();
  const sources = new Map<string, string>();
  for (const name of (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
    let scripts: V8Script[];
    try {
      scripts = (JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { result?: V8Script[] }).result ?? [];
    } catch {
      continue; // a process killed mid-write leaves a partial file; the others still count
    }
    for (const script of scripts) {
      if (!script.url.startsWith('file://')) continue;
      const file = fileURLToPath(script.url);
      const rel = path.relative(root, file);
      if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('node_modules') || !PLAIN_JS.test(file)) continue;
      let source = sources.get(file);
      if (source === undefined) {
        try {
          source = await fs.readFile(file, 'utf8');
        } catch {
          continue;
        }
        sources.set(file, source);
      }
      const entry = merged.get(file) ?? { lines: new Map(), functions: new Map() };
      merged.set(file, entry);
      for (const [line, count] of v8LineCounts(source, script.functions)) {
        entry.lines.set(line, Math.max(count, entry.lines.get(line) ?? 0));
      }
      for (const fn of script.functions) {
        const whole = fn.ranges[0];
        if (!fn.functionName || !whole) continue;
        const start = lineOf(source, whole.startOffset);
        const key = `${fn.functionName}@${start}`;
        const known = entry.functions.get(key);
        entry.functions.set(key, {
          name: fn.functionName,
          startLine: start,
          endLine: lineOf(source, Math.max(whole.startOffset, whole.endOffset - 1)),
          lines: null,
          hits: Math.max(known?.hits ?? 0, whole.count),
        });
      }
    }
  }
  const files: RawFileCoverage[] = [...merged].map(([file, entry]) => {
    let covered = 0;
    for (const hits of entry.lines.values()) if (hits > 0) covered += 1;
    return {
      reportPath: file,
      lines: entry.lines,
      linesTotal: entry.lines.size,
      linesCovered: covered,
      functions: [...entry.functions.values()],
      branches: null,
    };
  });
  return { format: 'lcov', files, sourceRoots: [], generator: { name: 'node-v8', version: process.versions.node }, notes: [] };
}
