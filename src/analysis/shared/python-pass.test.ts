import { cp, mkdtemp, readdir, readFile, rm, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import type { ProjectIndex } from '../../project/types.js';
import type { Tier } from '../../types.js';
import { loadAnalyzer } from '../registry.js';
import { lintPythonSource } from '../quality/python-lint.js';
import { pythonRuleFindings } from '../security/python-rules.js';
import type { AnalysisReport } from '../types.js';
import { measureSource } from './complexity.js';
import { runPythonPass, type PythonConsumerId } from './python-pass.js';
import { planPythonPass, sharedPythonResults } from './python-pass-plan.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures');
const ALL: PythonConsumerId[] = ['security', 'lint', 'complexity'];

async function pythonFixtures(dir = fixtures): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await pythonFixtures(full)));
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out.sort();
}

/** Syntax errors and constructs every consumer looks at, beside the fixtures. */
const EXTRA: Record<string, string> = {
  'broken.py': 'import os\nos.system(cmd)\ndef broken(:\n    pass\n',
  'mixed.py': [
    'import hashlib, subprocess, yaml',
    'from os import path',
    'def f(password, x=[], *, y={}):',
    '    if x == None and y or not x:',
    '        h = hashlib.md5(password)',
    '    elif x:',
    '        subprocess.run(x, shell=True)',
    '    try:',
    '        return yaml.load(x)',
    '    except:',
    "        return {'a': 1, \"a\": 2}",
    '    assert (x, y)',
    '    g = lambda v: v if v else None',
    '    return [i for i in x if i]',
    '    print(x)',
    'class C:',
    '    def m(self):',
    '        return eval(input())',
    '',
  ].join('\n'),
  'empty.py': '',
};

describe('shared Python pass', () => {
  it('gives each consumer exactly what its own parse gives, on every Python fixture', async () => {
    const files = await Promise.all(
      (await pythonFixtures()).map(async (full) => ({
        path: path.relative(fixtures, full),
        text: await readFile(full, 'utf8'),
        consumers: ALL,
      })),
    );
    files.push(...Object.entries(EXTRA).map(([p, text]) => ({ path: p, text, consumers: ALL })));
    expect(files.length).toBeGreaterThan(50);
    const pass = await runPythonPass({ files });
    for (const file of files) {
      expect(pass.byConsumer.security[file.path]).toEqual({ ok: true, value: await pythonRuleFindings(file.path, file.text) });
      expect(pass.byConsumer.lint[file.path]).toEqual({ ok: true, value: await lintPythonSource(file.path, file.text) });
      expect(pass.byConsumer.complexity[file.path]).toEqual({
        ok: true,
        value: await measureSource(file.path, file.text, 'python'),
      });
    }
    // The fixtures exercise every consumer (not a comparison of empty results).
    const some = (id: PythonConsumerId, has: (v: never) => boolean) =>
      Object.values(pass.byConsumer[id]).some((o) => o.ok && has(o.value as never));
    expect(some('security', (v: { findings: unknown[] }) => v.findings.length > 0)).toBe(true);
    expect(some('lint', (v: unknown[]) => v.length > 0)).toBe(true);
    expect(some('complexity', (v: { functions: unknown[] }) => v.functions.length > 0)).toBe(true);
  });

  it('runs only the consumers a file asks for', async () => {
    const pass = await runPythonPass({ files: [{ path: 'a.py', text: 'def f():\n    return 1\n', consumers: ['lint'] }] });
    expect(Object.keys(pass.byConsumer.lint)).toEqual(['a.py']);
    expect(pass.byConsumer.security).toEqual({});
    expect(pass.byConsumer.complexity).toEqual({});
  });
});

describe('shared Python pass in a run', { timeout: 300_000 }, () => {
  let base: string;
  let root: string;
  let cacheDir: string;
  /** The Python analysers of release-prep and the refactoring scan. */
  const TEAM: Array<[string, Tier]> = [
    ['security_scan', 'CHEAP'],
    ['quality_analysis', 'CAPABLE'],
    ['refactoring_scan', 'CAPABLE'],
  ];
  const comparable = (reports: AnalysisReport[]) => reports.map(({ durationSeconds: _d, cached: _c, ...rest }) => rest);

  async function runTeam(index: ProjectIndex, shared: boolean): Promise<AnalysisReport[]> {
    const analyzers = await Promise.all(TEAM.map(async ([tool]) => (await loadAnalyzer(tool))!));
    planPythonPass(index, shared ? analyzers.flatMap((a, i) => a.pythonConsumers(TEAM[i]![1])) : []);
    return Promise.all(analyzers.map((a, i) => a.analyze(index, { tier: TEAM[i]![1] } as never)));
  }

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'empathy-python-pass-'));
    root = path.join(base, 'repo');
    cacheDir = path.join(base, 'cache');
    await cp(path.join(fixtures, 'insecure-app'), root, { recursive: true });
    await cp(path.join(fixtures, 'quality-complexity'), path.join(root, 'qc'), { recursive: true });
    await cp(path.join(fixtures, 'docs-py', 'pkg'), path.join(root, 'pkg'), { recursive: true });
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it('shares one result between the planned consumers and leaves the others alone', async () => {
    const index = await buildProjectIndex(root, { cache: false });
    const python = index.byLanguage('python');
    expect(python.length).toBeGreaterThan(2);
    const { securityPythonConsumer } = await import('../security/scans.js');
    const { lintPythonConsumer } = await import('../quality/lint-runner.js');
    planPythonPass(index, [securityPythonConsumer(), lintPythonConsumer()]);
    expect((await sharedPythonResults(index, 'complexity', python)).size).toBe(0);
    const security = await sharedPythonResults(index, 'security', python);
    expect([...security.keys()].sort()).toEqual(python.map((f) => f.path).sort());
    for (const file of python)
      expect(security.get(file.path)).toEqual(await pythonRuleFindings(file.path, await index.read(file.path)));
  });

  it('reports equal those of separate passes, cold and after a one-file change', async () => {
    const separate = await runTeam(await buildProjectIndex(root, { cache: false }), false);
    const shared = await runTeam(await buildProjectIndex(root, { cacheDir }), true);
    expect(comparable(shared)).toEqual(comparable(separate));
    expect(separate[0]!.findings.some((f) => f.rule.startsWith('python/'))).toBe(true);

    const changed = 'qc/src/complexity.py';
    await appendFile(path.join(root, changed), '\ndef added(x):\n    if x:\n        return eval(x)\n    return None\n');
    const before = await Promise.all(PACKS.map(entries));
    const warm = await runTeam(await buildProjectIndex(root, { cacheDir }), true);
    const cold = await runTeam(await buildProjectIndex(root, { cache: false }), false);
    expect(comparable(warm)).toEqual(comparable(cold));
    expect(warm[0]!.findings.some((f) => f.file === changed && f.rule === 'python/eval')).toBe(true);
    // Only the changed file was analysed again, once per consumer.
    const after = await Promise.all(PACKS.map(entries));
    expect(after.map((a, i) => [...a].filter((item) => !before[i]!.has(item)).map((item) => item.split('\t')[0]))).toEqual(
      PACKS.map(() => [JSON.stringify(changed)]),
    );
  });

  const PACKS = ['python-rules-file', 'python-lint-file', 'complexity-file'];

  /** The `path hash` items of the per-file packs of `dir` (`result-pack.ts`). */
  async function entries(dir: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const pack of await readdir(path.join(cacheDir, dir))) {
      const lines = (await readFile(path.join(cacheDir, dir, pack), 'utf8')).trim().split('\n').slice(1);
      for (const line of lines) out.add(line.split('\t').slice(0, 2).join('\t'));
    }
    return out;
  }
});
