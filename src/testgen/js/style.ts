/**
 * How a JS/TS project writes its tests: the runner (the test-runner library's plan, as the
 * coverage analyser runs the tests), the module style, where the tests live and how they import the
 * sources. Generated test files follow it.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { isPlan, planJsTestRun, scriptTestDir, type JsRunner } from '../../analysis/test-runner/index.js';
import type { ProjectIndex } from '../../project/types.js';

/** The style generated JS/TS tests are written in. */
export interface JsTestStyle {
  runner: 'vitest' | 'jest' | 'mocha' | 'ava' | 'node:test';
  /** The package is ESM (`"type": "module"`). */
  esmPackage: boolean;
  /** The project has TypeScript sources (tests are written as `.ts`). */
  typescript: boolean;
  /** Directory of generated tests (relative), or null to put them next to the source file. */
  testDir: string | null;
  /** How existing tests import TypeScript sources: `.js` suffix (NodeNext), none, or `.ts`. */
  tsImportSuffix: '.js' | '' | '.ts';
  /** Existing test files (relative). */
  testFiles: string[];
}

const TEST_FILE = /(^|\/)(__tests__|tests?)\/.*\.[cm]?[jt]sx?$|\.(test|spec)\.[cm]?[jt]sx?$/;

/** True for a JS/TS test file path. */
export function isJsTestFile(file: string): boolean {
  return TEST_FILE.test(file) && !/\.d\.[cm]?ts$/.test(file);
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}

/** The runner generated files are written for, per planned runner: tap runs node:test files (they print TAP). */
const WRITES_FOR: Partial<Record<JsRunner, JsTestStyle['runner']>> = { vitest: 'vitest', jest: 'jest', mocha: 'mocha', ava: 'ava', 'node:test': 'node:test', tap: 'node:test' };

/**
 * Detects the test style of the project behind `index`, from the run the test-runner library
 * plans (`planJsTestRun`: the runner the maintainers use, from the scripts, CI and config), so
 * that generated tests are written for and run by the project's own runner; a project with no
 * runner and no test gets node's own runner. A reason when the generator cannot write for it.
 *
 * @example
 * const style = await detectJsStyle(index); // { runner: 'vitest', typescript: true, testDir: 'test', ... }
 */
export async function detectJsStyle(index: ProjectIndex): Promise<JsTestStyle | { reason: string }> {
  const plan = await planJsTestRun(index);
  if (!isPlan(plan) && !plan.noTests) return { reason: `${plan.reason}${plan.fix ? ` (${plan.fix})` : ''}` };
  const runner = isPlan(plan) ? WRITES_FOR[plan.runner] : 'node:test';
  if (!runner) {
    return { reason: `the project's tests run with ${isPlan(plan) ? plan.runner : '?'} (${isPlan(plan) ? plan.display : ''}), which the generator does not write for (vitest, jest, mocha, ava, node --test, tap)` };
  }
  const planArgs = isPlan(plan) ? plan.args : [];
  let esmPackage = false;
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(index.root, 'package.json'), 'utf8')) as { type?: string };
    esmPackage = pkg.type === 'module';
  } catch {
    esmPackage = false;
  }
  // Tests are written in TypeScript when the sources are and the runner can run them: vitest and
  // jest do; mocha and node --test only with a TypeScript setup (a tsconfig.json, TypeScript tests). A package
  // that ships a stray index.ts beside its JavaScript gets JavaScript tests.
  const hasTs = index.files.some((f) => /\.(ts|mts|cts)$/.test(f.path) && !/\.d\.[cm]?ts$/.test(f.path) && !isJsTestFile(f.path));
  const typescript =
    hasTs &&
    (runner === 'vitest' || runner === 'jest' || index.files.some((f) => /(^|\/)tsconfig(\.[\w-]+)?\.json$/.test(f.path) || (isJsTestFile(f.path) && /\.[cm]?tsx?$/.test(f.path))));
  const testFiles = index.files.map((f) => f.path).filter(isJsTestFile);
  const sourceDirs = new Set(index.files.filter((f) => !isJsTestFile(f.path) && /\.[cm]?[jt]sx?$/.test(f.path)).map((f) => path.posix.dirname(f.path)));
  const dirs = testFiles.map((f) => path.posix.dirname(f));
  const colocated = dirs.filter((d) => sourceDirs.has(d) && !/(^|\/)(__tests__|tests?)$/.test(d)).length;
  let testDir: string | null = mostCommon(dirs.filter((d) => !sourceDirs.has(d) || /(^|\/)(__tests__|tests?)$/.test(d)));
  if (colocated > dirs.length / 2) testDir = null;
  if (dirs.length === 0) {
    const arg = planArgs.find((a) => !a.startsWith('-') && !a.startsWith('/') && existsSync(path.join(index.root, a)));
    // No test yet: where the project's test command looks (`mocha tests/*.js` -> tests/).
    testDir = arg ? arg.replace(/\/+$/, '') : ((await scriptTestDir(index.root)) ?? 'test');
  }
  let tsImportSuffix: JsTestStyle['tsImportSuffix'] = '';
  if (typescript) {
    const specs: string[] = [];
    for (const file of testFiles.slice(0, 20)) {
      const text = await index.read(file).catch(() => '');
      for (const m of text.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) if (m[1]) specs.push(m[1]);
    }
    if (specs.some((s) => s.endsWith('.js'))) tsImportSuffix = '.js';
    else if (specs.some((s) => s.endsWith('.ts'))) tsImportSuffix = '.ts';
  }
  return { runner, esmPackage, typescript, testDir, tsImportSuffix, testFiles };
}

/**
 * Where the generated test for `sourceFile` goes: `<testDir>/<name>.generated.test.<ext>` (or
 * next to the source), never a path in `reserved` (an existing file or an earlier candidate).
 */
export function generatedTestPath(sourceFile: string, style: JsTestStyle, reserved: ReadonlySet<string>): string {
  const parsed = path.posix.parse(sourceFile);
  const ext = style.typescript ? '.ts' : parsed.ext === '.mjs' || parsed.ext === '.cjs' ? parsed.ext : '.js';
  const dir = style.testDir ?? parsed.dir;
  const stem = style.testDir === null ? parsed.name : sourceFile.replace(/\.[^./]+$/, '').split('/').slice(1).join('-') || parsed.name;
  for (let n = 1; ; n += 1) {
    const candidate = path.posix.join(dir, `${stem}${n > 1 ? `-${n}` : ''}.generated.test${ext}`);
    if (!reserved.has(candidate)) return candidate;
  }
}

/** The import specifier of `sourceFile` from `testFile` (both relative to the root). */
export function importSpecifier(testFile: string, sourceFile: string, style: JsTestStyle): string {
  let rel = path.posix.relative(path.posix.dirname(testFile), sourceFile);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (/\.(ts|mts|cts|tsx)$/.test(sourceFile)) {
    const map: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs', '.tsx': '.js' };
    const ext = path.posix.extname(sourceFile);
    const base = rel.slice(0, -ext.length);
    if (style.tsImportSuffix === '.js') return `${base}${map[ext] ?? '.js'}`;
    if (style.tsImportSuffix === '.ts') return rel;
    return base;
  }
  return rel;
}
