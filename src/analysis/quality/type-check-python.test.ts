/**
 * The Python type check run for real: pyright 1.1.414 (this repository's devDependency) and
 * Debian's mypy (installed by .ci/run) on test/fixtures/py-types, found through a PATH that
 * holds only the checker under test.
 *
 * The fixture has exactly 3 planted type errors and 1 unresolved third-party import
 * (`shipping_rates_client`), hand-checked against both checkers' own output:
 *   inventory/stock.py:25:12   return f"..." where `-> int` is declared
 *   inventory/report.py:16:26  restock(item, "2"), parameter `extra: int`
 *   inventory/report.py:28:17  name: str = len(items)
 *   inventory/report.py:2      import shipping_rates_client (pyright reportMissingImports at 2:8,
 *                              mypy [import] at 2:1): left out, counted in the note.
 */
import { cp, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { programOnPath, skipNote } from '../../core/optional-programs.test-helper.js';
import { buildProjectIndex } from '../../project/index.js';
import type { AnalysisReport } from '../types.js';
import { qualityAnalyzer, type QualityFigures } from './index.js';
import { findPythonTypeConfig } from './type-check-config.js';
import { checkTypes, type TypeCheckOutcome } from './type-check.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const PYRIGHT = path.join(repo, 'node_modules', '.bin', 'pyright');
/** mypy on PATH (.ci/run installs Debian's). */
const MYPY = programOnPath('mypy');
const UNRESOLVED = '1 unresolved import(s) not counted';

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), `empathy-pytypes-${prefix}-`)));
  made.push(dir);
  return dir;
}

/** A temporary copy of test/fixtures/py-types, with `extra` files written into it. */
async function fixtureCopy(extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir('repo');
  await cp(path.join(repo, 'test/fixtures/py-types'), dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** A directory to use as the whole PATH, holding only the named executables (symlinks). */
async function pathWith(tools: Record<string, string>): Promise<string> {
  const dir = await tempDir('bin');
  for (const [name, target] of Object.entries(tools)) await symlink(target, path.join(dir, name));
  return dir;
}

async function python(root: string, envPath: string, timeoutMs?: number): Promise<TypeCheckOutcome> {
  const index = await buildProjectIndex(root, { cache: false });
  const outcomes = await checkTypes(index, { envPath, ...(timeoutMs ? { timeoutMs } : {}) });
  expect(outcomes[0]).toEqual({
    language: 'typescript',
    status: 'not_applicable',
    reason: 'no TypeScript files and no tsconfig.json',
  });
  return outcomes[1] as TypeCheckOutcome;
}

const at = (o: TypeCheckOutcome) =>
  o.status === 'measured' ? o.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`) : o;

const PYRIGHT_ERRORS = [
  {
    file: 'inventory/report.py',
    line: 16,
    column: 26,
    code: 'reportArgumentType',
    message:
      'Argument of type "Literal[\'2\']" cannot be assigned to parameter "extra" of type "int" in function "restock"',
  },
  {
    file: 'inventory/report.py',
    line: 28,
    column: 17,
    code: 'reportAssignmentType',
    message: 'Type "int" is not assignable to declared type "str"',
  },
  {
    file: 'inventory/stock.py',
    line: 25,
    column: 12,
    code: 'reportReturnType',
    message: 'Type "str" is not assignable to return type "int"',
  },
];

const MYPY_ERRORS = [
  {
    file: 'inventory/report.py',
    line: 16,
    column: 26,
    code: 'arg-type',
    message: 'Argument 2 to "restock" has incompatible type "str"; expected "int"',
  },
  {
    file: 'inventory/report.py',
    line: 28,
    column: 17,
    code: 'assignment',
    message: 'Incompatible types in assignment (expression has type "int", variable has type "str")',
  },
  {
    file: 'inventory/stock.py',
    line: 25,
    column: 12,
    code: 'return-value',
    message: 'Incompatible return value type (got "str", expected "int")',
  },
];

describe('Python type check with pyright (the only checker on PATH)', () => {
  it('reports the 3 planted errors exactly, the unresolved import in the note', async () => {
    const outcome = await python(await fixtureCopy(), await pathWith({ pyright: PYRIGHT }));
    expect(outcome).toEqual({
      language: 'python',
      status: 'measured',
      errors: PYRIGHT_ERRORS,
      tool: { name: 'pyright', version: '1.1.414' },
      note: UNRESOLVED,
    });
  });

  it('runs without file arguments when pyrightconfig.json exists, so its include decides', async () => {
    const root = await fixtureCopy({ 'pyrightconfig.json': '{ "include": ["inventory/stock.py"] }\n' });
    const outcome = await python(root, await pathWith({ pyright: PYRIGHT }));
    // Files given on pyright's command line override `include`: all 3 errors would be counted.
    expect(at(outcome)).toEqual(['inventory/stock.py:25:12 reportReturnType']);
    expect(outcome).toMatchObject({ note: 'settings from pyrightconfig.json' });
  });

  it('reads [tool.pyright] in pyproject.toml the same way', async () => {
    const root = await fixtureCopy({
      'pyproject.toml': '[project]\nname = "inventory"\n\n[tool.pyright]\nexclude = ["inventory/stock.py"]\n',
    });
    const outcome = await python(root, await pathWith({ pyright: PYRIGHT }));
    expect(at(outcome)).toEqual([
      'inventory/report.py:16:26 reportArgumentType',
      'inventory/report.py:28:17 reportAssignmentType',
    ]);
    expect(outcome).toMatchObject({ note: `settings from pyproject.toml; ${UNRESOLVED}` });
  });

  it('a broken pyrightconfig.json (pyright exits 3): not measured, with pyright’s message', async () => {
    const root = await fixtureCopy({ 'pyrightconfig.json': '{ "include": [\n' });
    expect(await python(root, await pathWith({ pyright: PYRIGHT }))).toEqual({
      language: 'python',
      status: 'not_measured',
      reason: `type errors: pyright exited with code 3: Config file "${root}/pyrightconfig.json" could not be parsed. Verify that format is correct.`,
      fix: 'make `pyright` run in the repository root (settings: pyrightconfig.json)',
    });
  });

  it('a config whose include matches nothing (pyright exits 0 having checked no file): not measured', async () => {
    const root = await fixtureCopy({ 'pyrightconfig.json': '{ "include": ["nothing"] }\n' });
    expect(await python(root, await pathWith({ pyright: PYRIGHT }))).toEqual({
      language: 'python',
      status: 'not_measured',
      reason: `type errors: pyright found no Python file to check: File or directory "${root}/nothing" does not exist.`,
      fix: 'make `pyright` run in the repository root (settings: pyrightconfig.json)',
    });
  });

  it('a run over its deadline: not measured, never 0 errors', async () => {
    const outcome = await python(await fixtureCopy(), await pathWith({ pyright: PYRIGHT }), 100);
    expect(outcome).toEqual({
      language: 'python',
      status: 'not_measured',
      reason: 'type errors: pyright timed out after 0.1 s',
      fix: 'run again with a longer deadline',
    });
  });
});

describe.skipIf(!MYPY)(
  `Python type check with mypy (the only checker on PATH)${skipNote(!MYPY, 'mypy', 'mypy')}`,
  () => {
    const mypy = MYPY as string;

    it('reports the 3 planted errors exactly, the unresolved import in the note, and writes no cache into the repo', async () => {
      const root = await fixtureCopy();
      const outcome = await python(root, await pathWith({ mypy }));
      expect(outcome).toMatchObject({
        language: 'python',
        status: 'measured',
        errors: MYPY_ERRORS,
        note: UNRESOLVED,
      });
      expect(outcome.status === 'measured' && outcome.tool).toEqual({
        name: 'mypy',
        version: expect.stringMatching(/^1\.\d+\.\d+$/),
      });
      expect((await readdir(root)).sort()).toEqual(['README.md', 'inventory']);
    });

    it('a .py next to its .pyi stub: the stub stands for the module (mypy refuses both: "Duplicate module")', async () => {
      const root = await fixtureCopy({
        'inventory/units.py': 'def grams(kilos):\n    return kilos * 1000\n',
        'inventory/units.pyi': 'def grams(kilos: int) -> int: ...\n',
      });
      expect(await python(root, await pathWith({ mypy }))).toMatchObject({
        status: 'measured',
        errors: MYPY_ERRORS,
      });
    });

    it('the repository’s mypy config is read, its display settings overridden, its exclude applied (mypy .)', async () => {
      const root = await fixtureCopy({
        'mypy.ini':
          '[mypy]\npretty = True\nshow_error_end = True\nshow_column_numbers = False\nexclude = report\\.py$\n',
      });
      const outcome = await python(root, await pathWith({ mypy }));
      // report.py is excluded (nothing imports it), so are its 2 errors and the unresolved import.
      expect(outcome).toMatchObject({
        status: 'measured',
        errors: MYPY_ERRORS.slice(2),
        note: 'settings from mypy.ini',
      });
    });

    it('a repository set up for mypy only gets mypy even when pyright is on PATH too; its `files` decide', async () => {
      const root = await fixtureCopy({
        'pyproject.toml': '[tool.mypy]\nfiles = ["inventory/stock.py"]\n',
      });
      const outcome = await python(root, await pathWith({ mypy, pyright: PYRIGHT }));
      expect(outcome).toMatchObject({
        status: 'measured',
        errors: MYPY_ERRORS.slice(2),
        tool: { name: 'mypy' },
        note: 'settings from pyproject.toml',
      });
    });

    it('a syntax error stops mypy (exit 2): not measured, with the error line', async () => {
      const root = await fixtureCopy({ 'inventory/broken.py': 'def oops(:\n    pass\n' });
      expect(await python(root, await pathWith({ mypy }))).toEqual({
        language: 'python',
        status: 'not_measured',
        reason:
          'type errors: mypy exited with code 2: inventory/broken.py:1:11: error: invalid syntax  [syntax]',
        fix: 'make `mypy <the Python files>` run in the repository root',
      });
    });
  },
);

describe('Python type check without a working checker', () => {
  it('neither pyright nor mypy on PATH: not measured, with how to install one', async () => {
    expect(await python(await fixtureCopy(), await pathWith({}))).toEqual({
      language: 'python',
      status: 'not_measured',
      reason: 'type errors: no Python type checker (pyright or mypy) on PATH',
      fix: 'install pyright (`npm install -g pyright`) or mypy (`pip install mypy`), or use the CAPABLE tier',
    });
  });

  it('a mypy whose interpreter is gone (cannot be started): not measured, with the reason', async () => {
    const bin = await tempDir('broken');
    await writeFile(path.join(bin, 'mypy'), '#!/nonexistent/python3\n', { mode: 0o755 });
    expect(await python(await fixtureCopy(), bin)).toEqual({
      language: 'python',
      status: 'not_measured',
      reason: `type errors: mypy could not be started: cannot run ${bin}/mypy: not found (is it installed and on PATH?)`,
      fix: `reinstall mypy, or take the broken ${bin}/mypy off PATH`,
    });
  });

  it('no Python files: not applicable', async () => {
    const index = await buildProjectIndex(path.join(repo, 'test/fixtures/js-lib'), { cache: false });
    const outcomes = await checkTypes(index, { envPath: await pathWith({ pyright: PYRIGHT }) });
    expect(outcomes[1]).toEqual({ language: 'python', status: 'not_applicable', reason: 'no Python files' });
  });
});

describe('findPythonTypeConfig', () => {
  it('finds pyright and mypy settings where each checker looks for them', async () => {
    const root = await tempDir('config');
    expect(findPythonTypeConfig(root)).toEqual({ pyright: null, mypy: null });
    await writeFile(path.join(root, 'setup.cfg'), '[metadata]\nname = x\n');
    await writeFile(
      path.join(root, 'pyproject.toml'),
      '[project]\nname = "x"\n[[tool.mypy.overrides]]\nmodule = "a"\n',
    );
    expect(findPythonTypeConfig(root)).toEqual({ pyright: null, mypy: null });
    await writeFile(path.join(root, 'setup.cfg'), '[mypy]\nfiles =\n    src,\n    tests\n');
    expect(findPythonTypeConfig(root)).toEqual({
      pyright: null,
      mypy: { file: 'setup.cfg', setsFiles: true },
    });
    await writeFile(
      path.join(root, 'pyproject.toml'),
      '[tool.pyright]\nstrict = ["src"]\n\n[ tool.mypy ]  # ours\nstrict = true\n',
    );
    expect(findPythonTypeConfig(root)).toEqual({
      pyright: 'pyproject.toml',
      mypy: { file: 'pyproject.toml', setsFiles: false },
    });
    await writeFile(path.join(root, '.mypy.ini'), '[mypy-vendor.*]\nignore_errors = True\n');
    await writeFile(path.join(root, 'pyrightconfig.json'), '{}');
    expect(findPythonTypeConfig(root)).toEqual({
      pyright: 'pyrightconfig.json',
      mypy: { file: '.mypy.ini', setsFiles: false },
    });
  });
});

describe('qualityAnalyzer PREMIUM on py-types', () => {
  const components = (r: AnalysisReport<QualityFigures>) =>
    r.figures.components.map((c) => [c.component, c.status, c.count, c.minutes]);

  it('a measured Python type check: 3 errors x 10 min in the score, findings located, tool named', async () => {
    const index = await buildProjectIndex(await fixtureCopy(), { cache: false });
    const report = await qualityAnalyzer.analyze(index, {
      tier: 'PREMIUM',
      envPath: await pathWith({ pyright: PYRIGHT }),
    });
    expect(components(report)).toEqual([
      ['lint', 'measured', 0, 0],
      ['complexity', 'measured', 0, 0],
      ['duplication', 'measured', 0, 0],
      ['type_errors', 'measured', 3, 30],
    ]);
    expect(report.figures.components[3]?.detail).toBe(
      `python: 3 error(s) by pyright (${UNRESOLVED}); 10 min each`,
    );
    // LOC 3 + 20 + 16 = 39 non-blank lines; 30 min / (39 x 30 min) = 2.564 % -> 10 - 2.564 x 0.3 = 9.23.
    const { components: _, file_debt: debt, ...figures } = report.figures;
    // the 3 errors x 10 min, in the files pyright located them in
    expect(debt).toEqual([
      { path: 'inventory/__init__.py', loc: 3, minutes: 0 },
      { path: 'inventory/report.py', loc: 20, minutes: 20 },
      { path: 'inventory/stock.py', loc: 16, minutes: 10 },
    ]);
    expect(figures).toEqual({
      quality_score: 9.23,
      quality_score_partial: 9.23,
      debt_ratio_pct: 2.56,
      remediation_minutes: 30,
      loc: 39,
      files_not_parsed: [],
      loc_not_parsed: 0,
      lint_errors: 0,
      lint_warnings: 0,
      type_errors: 3,
      complex_functions: 0,
      max_cognitive_complexity: 0,
      duplicated_lines: 0,
      duplication_pct: 0,
    });
    expect(
      report.findings
        .filter((f) => f.tool === 'pyright')
        .map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`),
    ).toEqual([
      'inventory/report.py:16 reportArgumentType high',
      'inventory/report.py:28 reportAssignmentType high',
      'inventory/stock.py:25 reportReturnType high',
    ]);
    expect(report.tools).toContainEqual({ name: 'pyright', version: '1.1.414' });
    expect(report.notMeasured).toEqual([]);
  });

  it('no checker: type errors not measured, score null, partial score and the reason shown', async () => {
    const index = await buildProjectIndex(await fixtureCopy(), { cache: false });
    const report = await qualityAnalyzer.analyze(index, { tier: 'PREMIUM', envPath: await pathWith({}) });
    expect(components(report)[3]).toEqual(['type_errors', 'not_measured', null, null]);
    expect(report.figures).toMatchObject({
      quality_score: null,
      quality_score_partial: 10,
      type_errors: null,
    });
    expect(report.notMeasured.map((n) => n.what)).toEqual(['type_errors (python)', 'quality_score']);
    expect(report.notMeasured[0]?.reason).toBe(
      'type errors: no Python type checker (pyright or mypy) on PATH',
    );
  });
});
