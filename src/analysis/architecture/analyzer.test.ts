import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { architectureAnalyzer } from './analyzer.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));

async function analyze(name: string, tier: 'CHEAP' | 'CAPABLE' | 'PREMIUM' = 'CAPABLE') {
  const index = await buildProjectIndex(fixture(name), { cache: false });
  return architectureAnalyzer.analyze(index, { tier });
}

describe('architectureAnalyzer on import-cycle', () => {
  it('lists the TS 3-cycle and the Python 2-cycle, not the type-only cycle', async () => {
    const report = await analyze('import-cycle');
    const f = report.figures;
    expect(f.modules).toBe(13);
    expect(f.edges).toBe(13);
    expect(f.type_only_edges).toBe(3);
    expect(f.circular_dependencies).toBe(2);
    expect(f.cycles).toEqual([
      ['pycycle/customers.py', 'pycycle/orders.py'],
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
    ]);
    expect(f.modules_in_cycles).toBe(5);
    expect(f.unresolved_imports).toBe(1);
    expect(f.max_fan_in).toBe(3);
    expect(f.max_fan_out).toBe(2);
    expect(report.filesCounted).toBe(13);
    expect(report.notMeasured).toEqual([]);
    expect(report.findings.map((x) => `${x.rule} ${x.file}:${x.line} ${x.severity}`)).toEqual([
      'architecture/circular-dependency pycycle/customers.py:3 medium',
      'architecture/circular-dependency src/a.ts:1 medium',
      'architecture/unresolved-import src/broken.ts:1 low',
    ]);
    expect(report.findings[1]!.message).toBe('circular import: src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts');
  });

  it('computes coupling per module', async () => {
    const { figures } = await analyze('import-cycle');
    const byModule = Object.fromEntries(
      figures.coupling.map((c) => [c.module, [c.fan_in, c.fan_out, c.instability]]),
    );
    expect(byModule).toEqual({
      'pycycle/__init__.py': [0, 1, 1],
      'pycycle/customers.py': [1, 1, 0.5],
      'pycycle/orders.py': [3, 1, 0.25],
      'pycycle/report.py': [0, 1, 1],
      'src/a.ts': [2, 1, 0.333],
      'src/b.ts': [1, 1, 0.5],
      'src/broken.ts': [0, 0, null],
      'src/c.ts': [2, 2, 0.5],
      'src/index.ts': [0, 2, 1],
      'src/legacy.cjs': [0, 1, 1],
      'src/types.ts': [1, 1, 0.5],
      'src/util/index.ts': [2, 1, 0.333],
      'src/util/lazy.ts': [1, 0, 0],
    });
  });

  it('bounds the cycle list by tier option and says what was not measured', async () => {
    const index = await buildProjectIndex(fixture('import-cycle'), { cache: false });
    const report = await architectureAnalyzer.analyze(index, { tier: 'CHEAP', maxCycles: 1 });
    expect(report.figures.cycles).toHaveLength(1);
    expect(report.figures.modules_in_cycles).toBe(5);
    expect(report.notMeasured.map((n) => n.what)).toEqual(['complete cycle list']);
  });
});

describe('architectureAnalyzer on the shared fixtures', () => {
  it.each([
    ['ts-lib', 3, ['src/index.ts', 'src/math.ts', 'src/index.ts', 'src/strings.ts']],
    ['js-lib', 3, ['lib/index.js', 'lib/parse.js', 'lib/index.js', 'lib/queue.js']],
    ['py-pkg', 3, ['shapes/__init__.py', 'shapes/area.py', 'shapes/__init__.py', 'shapes/polygon.py']],
  ])('%s: %i modules, entry -> two modules, no cycle', async (name, modules, edges) => {
    const report = await analyze(name);
    expect(report.figures.modules).toBe(modules);
    expect(report.figures.circular_dependencies).toBe(0);
    expect(report.figures.max_fan_out).toBe(2);
    expect(report.figures.max_fan_in).toBe(1);
    expect(report.findings).toEqual([]);
    const index = await buildProjectIndex(fixture(name), { cache: false });
    const { buildImportGraph } = await import('./import-graph.js');
    const { sourceFiles } = await import('../shared/source-files.js');
    const graph = await buildImportGraph(index, sourceFiles(index));
    expect(graph.edges.flatMap((e) => [e.from, e.to])).toEqual(edges);
  });

  it('reports an empty tree as not measured, not as clean', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'empathy-arch-'));
    try {
      const index = await buildProjectIndex(dir, { cache: false });
      const report = await architectureAnalyzer.analyze(index, { tier: 'CAPABLE' });
      expect(report.figures.modules).toBe(0);
      expect(report.notMeasured.map((n) => n.what)).toEqual(['import graph']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('architectureAnalyzer with the result cache', () => {
  it('reuses the result on an unchanged tree and recomputes when a module or the file list changes', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'empathy-arch-cache-'));
    try {
      await writeFile(join(dir, 'a.ts'), "import './b.js';\n");
      await writeFile(join(dir, 'b.ts'), 'export {};\n');
      const run = async () => architectureAnalyzer.analyze(await buildProjectIndex(dir), { tier: 'CAPABLE' });
      expect((await run()).cached).toBe(false);
      const warm = await run();
      expect(warm.cached).toBe(true);
      expect(warm.figures.edges).toBe(1);
      await writeFile(join(dir, 'b.ts'), "import './a.js';\n");
      const changed = await run();
      expect(changed.cached).toBe(false);
      expect(changed.figures.cycles).toEqual([['a.ts', 'b.ts']]);
      await writeFile(join(dir, 'data.json'), '{}');
      expect((await run()).cached).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
