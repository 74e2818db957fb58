/**
 * Reader of Cobertura XML (`coverage.xml` from coverage.py, `cobertura-coverage.xml` from
 * istanbul, and most other tools), parsed with fast-xml-parser.
 *
 * @module
 */
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ToolError } from '../../../errors.js';
import type { RawCoverage, RawFileCoverage, RawFunction } from '../model.js';

const TOOL = 'coverage report';

const ARRAYS = new Set(['source', 'package', 'class', 'method', 'line']);

type Node = Record<string, unknown>;

function nodes(value: unknown): Node[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Node => typeof v === 'object' && v !== null);
}

function child(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

function readLines(container: Node | undefined, label: string, into: Map<number, number>, branches: { total: number; covered: number; seen: boolean }): number[] {
  const numbers: number[] = [];
  for (const line of nodes(container?.['line'])) {
    const number = Number(line['@_number']);
    const hits = Number(line['@_hits']);
    if (!Number.isInteger(number) || number < 1 || !Number.isFinite(hits) || hits < 0) {
      throw new ToolError(TOOL, `${label}: <line> without a valid number/hits`);
    }
    numbers.push(number);
    into.set(number, Math.max(hits, into.get(number) ?? 0));
    const condition = /\((\d+)\/(\d+)\)/.exec(String(line['@_condition-coverage'] ?? ''));
    if (line['@_branch'] === 'true' && condition) {
      branches.seen = true;
      branches.covered += Number(condition[1]);
      branches.total += Number(condition[2]);
    }
  }
  return numbers;
}

type FileEntry = { lines: Map<number, number>; functions: RawFunction[]; branches: { total: number; covered: number; seen: boolean } };

/** Adds one `<class>` to its file's entry; throws ToolError on a malformed `<line>`. */
function readClass(cls: Node, filename: string, label: string, byFile: Map<string, FileEntry>): void {
  let entry = byFile.get(filename);
  if (!entry) {
    entry = { lines: new Map(), functions: [], branches: { total: 0, covered: 0, seen: false } };
    byFile.set(filename, entry);
  }
  readLines(child(cls, 'lines'), label, entry.lines, entry.branches);
  for (const method of nodes(child(cls, 'methods')?.['method'])) {
    const own = new Map<number, number>();
    const numbers = readLines(child(method, 'lines'), label, own, { total: 0, covered: 0, seen: false });
    if (numbers.length === 0) continue;
    numbers.sort((a, b) => a - b);
    // Method lines are the class's lines inside the method (coverage.py) or only the declaration
    // line (istanbul); with one line the end is unknown and estimated from the next function.
    const many = numbers.length > 1;
    entry.functions.push({
      name: String(method['@_name'] ?? `(method@${numbers[0]})`),
      startLine: numbers[0]!,
      endLine: many ? numbers[numbers.length - 1]! : null,
      lines: many ? numbers : null,
      hits: null,
    });
  }
}

/**
 * Reads Cobertura XML: per-class `<lines>` give line hits, `<methods>` give function ranges, and
 * `condition-coverage="50% (1/2)"` gives branches. Several classes of one file are merged. A
 * class with a malformed `<line>` (or no filename) loses its file, with a note, not the report.
 *
 * @throws ToolError when the XML is malformed, has no `<coverage>` root, or no readable class.
 */
export function readCobertura(text: string, label: string, reportDir: string): RawCoverage {
  let doc: Node;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      isArray: (name) => ARRAYS.has(name),
      processEntities: false,
    });
    doc = parser.parse(text, true) as Node;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ToolError(TOOL, `${label}: not well-formed XML (truncated?): ${detail.split('\n')[0]}`);
  }
  const root = child(doc, 'coverage');
  if (!root) throw new ToolError(TOOL, `${label}: no <coverage> root element: not a Cobertura report`);
  const rawSources: unknown = child(root, 'sources')?.['source'];
  const sourceRoots = (Array.isArray(rawSources) ? rawSources : [])
    .map((s: unknown) => (typeof s === 'object' && s !== null ? (s as Node)['#text'] : s))
    .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    .map((s) => path.resolve(reportDir, s.trim()));
  const byFile = new Map<string, FileEntry>();
  const notes: string[] = [];
  const broken = new Set<string>();
  for (const pkg of nodes(child(root, 'packages')?.['package'])) {
    for (const cls of nodes(child(pkg, 'classes')?.['class'])) {
      const filename = cls['@_filename'];
      if (typeof filename !== 'string' || filename === '') {
        notes.push(`${label}: a <class> without filename left out`);
        continue;
      }
      if (broken.has(filename)) continue;
      try {
        readClass(cls, filename, label, byFile);
      } catch (error) {
        broken.add(filename);
        byFile.delete(filename);
        notes.push(`${label}: ${filename} left out: ${error instanceof Error ? error.message.replace(`${label}: `, '') : String(error)}`);
      }
    }
  }
  const files: RawFileCoverage[] = [];
  for (const [reportPath, entry] of byFile) {
    let covered = 0;
    for (const hits of entry.lines.values()) if (hits > 0) covered += 1;
    files.push({
      reportPath,
      lines: entry.lines,
      linesTotal: entry.lines.size,
      linesCovered: covered,
      functions: entry.functions,
      branches: entry.branches.seen ? { total: entry.branches.total, covered: entry.branches.covered } : null,
    });
  }
  if (files.length === 0 && notes.length > 0) throw new ToolError(TOOL, `${label}: no readable class (${notes[0]})`);
  const version = root['@_version'];
  return {
    format: 'cobertura',
    files,
    sourceRoots,
    generator: typeof version === 'string' ? { name: 'cobertura', version } : null,
    notes,
  };
}
