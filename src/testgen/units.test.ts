import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CoverageFigures } from '../analysis/coverage/types.js';
import { buildProjectIndex } from '../project/index.js';
import { matchesPriority, rankGaps } from './gaps.js';
import { offlineJsGenerator } from './js/generator.js';
import { extractTypeHints } from './js/hints.js';
import { mineLiterals } from './literals.js';
import { pythonModuleOf } from './python/generator.js';
import { TestGeneratorRegistry, createDefaultGeneratorRegistry } from './registry.js';
import type { GenerationContext, TestGenerator } from './types.js';
import { installKeptTests } from './validate/install.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-unit-')));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

const row = (p: string, total: number, covered: number) => ({ path: p, lines_total: total, lines_covered: covered, pct: (covered / total) * 100, uncovered_lines: [] });

describe('rankGaps', () => {
  const figures = {
    files: [row('src/big.ts', 100, 10), row('src/auth/login.ts', 20, 15), row('src/done.ts', 5, 5), row('README.md', 3, 0)],
    gaps: { files: [], functions: [{ path: 'src/big.ts', name: 'f', start_line: 1, end_line: 9, uncovered: 9, uncovered_lines: [2, 3], calls: 0 }] },
  } as unknown as CoverageFigures;

  it('ranks by uncovered lines, skips covered and non-source files', () => {
    expect(rankGaps(figures).map((g) => [g.path, g.uncovered])).toEqual([
      ['src/big.ts', 90],
      ['src/auth/login.ts', 5],
    ]);
    expect(rankGaps(figures)[0]?.functions.map((f) => f.name)).toEqual(['f']);
  });

  it('puts files outside the package API (benchmarks, examples, configs) last', () => {
    const withBench = { ...figures, files: [row('bench/huge.js', 500, 0), ...figures.files] } as unknown as CoverageFigures;
    expect(rankGaps(withBench).map((g) => g.path)).toEqual(['src/big.ts', 'src/auth/login.ts', 'bench/huge.js']);
  });

  it("puts a Python package's __init__.py (its public API) before its larger internal modules", () => {
    const py = { files: [row('sqlparse/engine/grouping.py', 300, 40), row('sqlparse/__init__.py', 20, 10), row('src/tomli/__init__.py', 4, 3), row('sqlparse/engine/__init__.py', 9, 1)], gaps: { files: [], functions: [] } } as unknown as CoverageFigures;
    expect(rankGaps(py).map((g) => g.path)).toEqual(['sqlparse/__init__.py', 'src/tomli/__init__.py', 'sqlparse/engine/grouping.py', 'sqlparse/engine/__init__.py']);
  });

  it('puts priority modules first', () => {
    expect(rankGaps(figures, ['auth'])[0]).toMatchObject({ path: 'src/auth/login.ts', priority: true, score: 50 });
  });

  it('matches modules by segment, base name or dotted path', () => {
    expect(matchesPriority('lib/auth.js', ['auth'])).toBe(true);
    expect(matchesPriority('shapes/area.py', ['shapes.area'])).toBe(true);
    expect(matchesPriority('src/authority.ts', ['auth'])).toBe(false);
  });
});

describe('hints and literals', () => {
  it('reads TypeScript annotations and JSDoc types', () => {
    const hints = extractTypeHints('/** @param {string} text */\nfunction parse(text) {}\nexport function clamp(value: number, mode: "a" | "b" = "a"): number { return 1; }');
    expect(hints).toEqual({ parse: { text: 'string' }, clamp: { value: 'number', mode: '"a" | "b"' } });
  });

  it('mines strings, numbers and integer neighbours, not comments', () => {
    const mined = mineLiterals(["// 'ignored'\nif (ms < 1000) return 'fast';"]);
    expect(mined.strings).toEqual(['"fast"']);
    expect(mined.numbers).toEqual(expect.arrayContaining(['1000', '999', '1001']));
    expect(mineLiterals(['if (options.long) return fmtLong(ms); opts?.strict;']).optionKeys).toEqual(['long', 'strict']);
  });

  it('maps Python files to modules', () => {
    expect(pythonModuleOf('shapes/area.py')).toEqual({ module: 'shapes.area', importRoot: '.' });
    expect(pythonModuleOf('src/pkg/__init__.py')).toEqual({ module: 'pkg', importRoot: 'src' });
  });
});

describe('TestGeneratorRegistry', () => {
  const fake: TestGenerator = { id: 'model-x', description: 'd', supports: () => true, generate: () => Promise.resolve({ candidates: [], possibleBugs: [], notes: [] }) };

  it('registers explicitly and refuses duplicates and bad ids', async () => {
    const registry = await createDefaultGeneratorRegistry();
    expect(registry.list().map((g) => g.id)).toEqual(['offline-js', 'offline-python']);
    registry.register(fake);
    expect(() => registry.register(fake)).toThrow(/already registered/);
    expect(() => new TestGeneratorRegistry().register({ ...fake, id: 'Bad Id' })).toThrow(/invalid test generator id/);
    expect(registry.unregister('model-x')).toBe(true);
  });
});

describe('installKeptTests', () => {
  const kept = (testFile: string) => ({ testFile, targetFile: 'a.js', content: `// ${testFile}\n`, testCases: 1, linesGained: 1 });

  it('writes new files only and rolls back everything on a conflict', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'test'));
    await fs.writeFile(path.join(root, 'test', 'taken.generated.test.js'), 'mine');
    await expect(installKeptTests(root, [kept('new/dir/a.generated.test.js'), kept('test/taken.generated.test.js')])).rejects.toThrow(/already exists/);
    expect(await fs.readFile(path.join(root, 'test', 'taken.generated.test.js'), 'utf8')).toBe('mine');
    expect(await fs.readdir(root)).toEqual(['test']);
    expect(await fs.readdir(path.join(root, 'test'))).toEqual(['taken.generated.test.js']);
  });

  it('writes nothing when already aborted, and refuses paths outside the root', async () => {
    const root = await tempDir();
    await expect(installKeptTests(root, [kept('a.generated.test.js')], AbortSignal.abort())).rejects.toThrow(/interrupted/);
    await expect(installKeptTests(root, [kept('../escape.js')])).rejects.toThrow(/outside the project/);
    expect(await fs.readdir(root)).toEqual([]);
    expect((await installKeptTests(root, [kept('t/a.generated.test.js')])).written).toEqual(['t/a.generated.test.js']);
  });
});

describe('offline JS generator', () => {
  it('reports a native throw on type-conforming input as a possible bug with the input, and asserts deliberate throws', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'lib'));
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'x', scripts: { test: 'node --test test/' } }));
    await fs.writeFile(
      path.join(root, 'lib', 'first.js'),
      "'use strict';\n/** @param {string[]} items */\nfunction firstUpper(items) {\n  return items[0].toUpperCase();\n}\nfunction checked(n = 1) {\n  if (n < 0) throw new RangeError('negative');\n  return n * 2;\n}\nmodule.exports = { firstUpper, checked };\n",
    );
    const index = await buildProjectIndex(root, { cache: false });
    const context: GenerationContext = { root, index, workDir: await tempDir(), signal: new AbortController().signal, deadline: Date.now() + 60_000, memoryMb: 256, reservedPaths: new Set(), memo: new Map() };
    const gap = { path: 'lib/first.js', language: 'javascript' as const, uncoveredLines: [], uncovered: 5, linesTotal: 6, pct: 0, functions: [], priority: false, score: 5 };
    const result = await offlineJsGenerator.generate(gap, context);
    expect(result.possibleBugs).toContainEqual(expect.objectContaining({ target: 'firstUpper', input: 'firstUpper([])', error: expect.stringMatching(/^TypeError: Cannot read properties of undefined/) }));
    const candidate = result.candidates[0];
    expect(candidate?.testFile).toBe('test/first.generated.test.js');
    expect(candidate?.content).toContain('mod.checked(-1)');
    expect(candidate?.content).toContain('"negative"');
    expect(candidate?.content).not.toContain('firstUpper([])');
  });
});
