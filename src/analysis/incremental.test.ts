/**
 * Incremental static analysis: after a one-file change, the per-file results of every other file
 * come from the cache, only the changed file is analysed again, and each report equals a cold
 * run (`--no-cache`) on the same tree (timings and `cached` left out).
 */
import { cp, mkdtemp, readdir, readFile, rm, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../project/index.js';
import type { ProjectIndex } from '../project/types.js';
import type { Tier } from '../types.js';
import { planEslintPass } from './shared/eslint-plan.js';
import { planPythonPass } from './shared/python-pass-plan.js';
import { loadAnalyzer } from './registry.js';
import type { AnalysisReport } from './types.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures');
let base: string;
let root: string;
let cacheDir: string;

/** The team of release-prep plus the other static analysers, at their templates' tiers. */
const TEAM: Array<[string, Tier]> = [
  ['security_scan', 'PREMIUM'],
  ['quality_analysis', 'CAPABLE'],
  ['doc_coverage', 'CHEAP'],
  ['refactoring_scan', 'CAPABLE'],
];

async function runTeam(index: ProjectIndex): Promise<AnalysisReport[]> {
  const analyzers = await Promise.all(TEAM.map(async ([tool]) => (await loadAnalyzer(tool))!));
  planEslintPass(index, analyzers.flatMap((a, i) => a.eslintConsumers(TEAM[i]![1])));
  planPythonPass(index, analyzers.flatMap((a, i) => a.pythonConsumers(TEAM[i]![1])));
  // npm audit asks the registry: no network in tests, so it is given a command that fails at once.
  return Promise.all(analyzers.map((a, i) => a.analyze(index, { tier: TEAM[i]![1], npmCommand: 'false' } as never)));
}

const comparable = (reports: AnalysisReport[]) => reports.map(({ durationSeconds: _d, cached: _c, ...rest }) => rest);

/** The per-file results in the packs of `dir` (`result-pack.ts`): one `pack path hash` item per line. */
async function entries(dir: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const pack of await readdir(path.join(cacheDir, dir)).catch(() => [])) {
    const lines = (await readFile(path.join(cacheDir, dir, pack), 'utf8')).trim().split('\n').slice(1);
    for (const line of lines) out.add(`${pack} ${line.split('\t').slice(0, 2).join(' ')}`);
  }
  return out;
}

/** The files of the items of `after` that are not in `before` (results computed again). */
const added = (after: Set<string>, before: Set<string>) =>
  [...after].filter((item) => !before.has(item)).map((item) => JSON.parse(item.split(' ')[1]!) as string);

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'empathy-incremental-'));
  root = path.join(base, 'repo');
  cacheDir = path.join(base, 'cache');
  await cp(path.join(fixtures, 'insecure-app'), root, { recursive: true });
  await cp(path.join(fixtures, 'quality-score', 'pkg'), path.join(root, 'pkg'), { recursive: true });
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('incremental static analysis', { timeout: 300_000 }, () => {
  it('after a one-file change only that file is analysed again, and every report equals a cold run', async () => {
    await runTeam(await buildProjectIndex(root, { cacheDir }));
    const before = {
      eslint: await entries('eslint-file'),
      secrets: await entries('secrets-file'),
      python: await entries('python-rules-file'),
      docs: await entries('documentation-file'),
    };
    expect(before.eslint.size).toBeGreaterThan(0);
    expect(before.secrets.size).toBeGreaterThan(0);
    expect(before.python.size).toBeGreaterThan(0);

    await appendFile(
      path.join(root, 'src/safe.js'),
      '\n/** Runs code. */\nexport function runIt(code) {\n  if (code) return eval(code);\n  return null;\n}\n',
    );
    const warm = await runTeam(await buildProjectIndex(root, { cacheDir }));
    // The changed JS file: one new result per ESLint consumer that lints it (security, quality,
    // complexity), one secrets result, one documentation result; no Python file was analysed again.
    const safe = 'src/safe.js';
    expect(added(await entries('eslint-file'), before.eslint)).toEqual([safe, safe, safe]);
    expect(added(await entries('secrets-file'), before.secrets)).toEqual([safe]);
    expect(added(await entries('python-rules-file'), before.python)).toEqual([]);
    expect(added(await entries('documentation-file'), before.docs)).toEqual([safe]);
    // Each changed result replaced the file's old one: the packs hold as many results as before.
    expect((await entries('eslint-file')).size).toBe(before.eslint.size);

    const cold = await runTeam(await buildProjectIndex(root, { cache: false }));
    expect(comparable(warm)).toEqual(comparable(cold));
    // The change is seen: the new eval is a finding of the incremental run.
    expect(warm[0]!.findings.some((f) => f.file === 'src/safe.js' && /eval/i.test(f.rule))).toBe(true);
  });

  it('an unchanged tree is served whole from the cache and equals a cold run', async () => {
    const warm = await runTeam(await buildProjectIndex(root, { cacheDir }));
    expect(warm.map((r) => r.cached)).toEqual([true, true, true, true]);
    const cold = await runTeam(await buildProjectIndex(root, { cache: false }));
    expect(comparable(warm)).toEqual(comparable(cold));
  });
});
