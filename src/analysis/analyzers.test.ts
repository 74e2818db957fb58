/**
 * The table-driven analyser tester: every registered analyser over fixture repositories (expected
 * figures in the table, hand-checked in each analyser's own tests), over the bad-input cases,
 * and against the registry's contract (key = meta.tool, one tier message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { buildProjectIndex } from '../project/index.js';
import type { Tier } from '../types.js';
import { ANALYZERS, loadAnalyzer } from './registry.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures');
const tools = [...ANALYZERS.keys()];

async function analyzer(tool: string) {
  const loaded = await loadAnalyzer(tool);
  if (!loaded) throw new Error(`no analyser for ${tool}`);
  return loaded;
}

/** tool, fixture, tier, extra options, expected figures (a subset), files counted. */
const TABLE: Array<[string, string, Tier, Record<string, unknown>, Record<string, unknown>, number]> = [
  ['security_scan', 'insecure-app', 'CAPABLE', {}, { critical_issues: 7 }, 14],
  [
    'coverage_analysis',
    'js-lib',
    'CHEAP',
    { reportFile: path.join(fixtures, 'cov-reports/js-lib.node-test.lcov.info') },
    { coverage: 69.05, lines_total: 42, lines_covered: 29 },
    2,
  ],
  ['quality_analysis', 'quality-score', 'CAPABLE', {}, { quality_score: 9.25 }, 5],
  ['doc_coverage', 'docs-ts', 'CAPABLE', {}, { doc_coverage: 62.5 }, 8],
  ['doc_coverage', 'docs-py', 'CAPABLE', {}, { doc_coverage: 60 }, 4],
  ['architecture_analysis', 'import-cycle', 'CAPABLE', {}, { circular_dependencies: 2 }, 13],
  ['refactoring_scan', 'quality-dup', 'CAPABLE', {}, { duplication_pct: 31.58 }, 3],
  ['performance_scan', 'perf-js', 'CHEAP', {}, { smells_total: 9 }, 3],
  ['performance_scan', 'perf-py', 'CHEAP', {}, { smells_total: 6 }, 2],
];

describe('the analyser registry', () => {
  it.each(tools)('%s: the key is the analyser meta.tool, its meta is complete', async (tool) => {
    const a = await analyzer(tool);
    expect(a.meta.tool).toBe(tool);
    expect([a.id, a.version]).toEqual([a.meta.id, a.meta.version]);
    expect(a.meta.description.length).toBeGreaterThan(10);
    expect(a.meta.tiers.length).toBeGreaterThan(0);
  });

  it('every analyser is in the fixture table', () => {
    expect(new Set(TABLE.map(([tool]) => tool))).toEqual(new Set(tools));
  });
});

describe('every analyser on fixtures', () => {
  it.each(TABLE)('%s on %s at %s', async (tool, fixture, tier, extra, expected, files) => {
    const a = await analyzer(tool);
    const index = await buildProjectIndex(path.join(fixtures, fixture), { cache: false });
    const report = await a.analyze(index, { tier, ...extra });
    expect(report.figures).toMatchObject(expected);
    expect(report.figures[a.meta.primaryFigure]).not.toBeNull();
    expect(report).toMatchObject({ analyzer: a.meta.id, version: a.meta.version, tier, root: index.root, filesCounted: files, cached: false });
    expect(report.durationSeconds).toBeGreaterThanOrEqual(0);
  });
});

let base: string;
let empty: string;
let binaryOnly: string;

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'empathy-bad-input-'));
  empty = path.join(base, 'empty');
  binaryOnly = path.join(base, 'binary-only');
  mkdirSync(empty);
  mkdirSync(path.join(binaryOnly, 'assets'), { recursive: true });
  writeFileSync(
    path.join(binaryOnly, 'assets', 'logo.png'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
  );
  writeFileSync(path.join(binaryOnly, 'data.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254]));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('every analyser on bad input', () => {
  it('a path that does not exist is a one-line UserError', async () => {
    await expect(buildProjectIndex(path.join(base, 'no-such-empathy-dir-xyz'))).rejects.toBeInstanceOf(
      UserError,
    );
  });

  it.each(tools)(
    '%s: an empty directory and a repository with only binary files give "not measured" with a reason, no crash',
    async (tool) => {
      const a = await analyzer(tool);
      for (const root of [empty, binaryOnly]) {
        const index = await buildProjectIndex(root, { cache: false });
        const report = await a.analyze(index, { tier: 'CAPABLE' });
        expect(report.figures[a.meta.primaryFigure], `${tool} on ${path.basename(root)}`).toBeNull();
        expect(report.notMeasured.length, `${tool} on ${path.basename(root)}`).toBeGreaterThan(0);
        expect(report.notMeasured.every((n) => n.reason.length > 0)).toBe(true);
      }
    },
  );

  it.each(tools)('%s: an unknown tier is the same one-line UserError', async (tool) => {
    const a = await analyzer(tool);
    const index = await buildProjectIndex(empty, { cache: false });
    const error = await a.analyze(index, { tier: 'GOLD' as Tier }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${a.meta.id} analyser: unknown tier "GOLD": use one of CHEAP, CAPABLE, PREMIUM`);
  });

  it.each(tools)('%s: an aborted run rejects with the abort reason before any work', async (tool) => {
    const a = await analyzer(tool);
    const index = await buildProjectIndex(empty, { cache: false });
    const controller = new AbortController();
    controller.abort(new Error('stopped by the test'));
    await expect(a.analyze(index, { tier: 'CAPABLE', signal: controller.signal })).rejects.toThrow('stopped by the test');
  });
});
