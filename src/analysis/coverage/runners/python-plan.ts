/**
 * Plans a Python project's test run as its maintainers run it: pytest with the repository's own
 * configuration (rootdir, `testpaths`, `python_files`, doctest options, conftest) and no file
 * list, or unittest discovery when there is no pytest configuration and no pytest-style test;
 * tox and nox test commands are evidence. Options the environment cannot honour are removed
 * with a note (`pytest-options.ts`); the rest of the configuration is kept.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectIndex } from '../../../project/types.js';
import { asksForDoctests, measuredSet, pythonTestModules, type MeasuredSet } from './python-files.js';
import type { PythonProjectFacts } from './python-probe.js';
import { blockedPlugins, filterPytestOptions, missingPluginSettings, shlexJoin, type RemovedOptions } from './pytest-options.js';

/** A planned run: `python -m coverage run [--branch] <coverageArgs> <runArgs>`. */
export interface PythonRunPlan {
  kind: 'pytest' | 'unittest' | 'no-tests';
  measured: MeasuredSet;
  /** Arguments after the coverage options: `-m pytest ...`, `-m unittest discover ...`; empty for `no-tests`. */
  runArgs: string[];
  /** Extra environment (PYTHONPATH for a src layout). */
  env: Record<string, string>;
  /** Options removed, per plugin. */
  removed: RemovedOptions[];
  /** The configuration's `addopts` as the run uses them (after removals). */
  addopts: string[];
  /** Where the plan comes from: the pytest or coverage.py configuration file, a tox or nox command. */
  evidence: string[];
  /** Lines for the report: why this runner, which evidence, what was neutralised. */
  notes: string[];
  /**
   * The distribution metadata an install would give (static name and version), written by the
   * runner to a temporary directory on PYTHONPATH: tests that read `importlib.metadata.version`
   * of an uninstalled checkout (click) then run. Null when the version is dynamic or unknown.
   */
  metadata?: { name: string; version: string; file: string } | null;
}

type Command = PythonProjectFacts['commands'][number];

function runnerOf(words: readonly string[]): { kind: 'pytest' | 'unittest'; args: string[] } | null {
  const at = words.findIndex((w) => /(^|\/)(py\.test|pytest)$/.test(w.replace(/^\{posargs:/, '')));
  if (at >= 0) return { kind: 'pytest', args: words.slice(at + 1) };
  const m = words.findIndex((w, i) => w === '-m' && words[i + 1] === 'unittest');
  if (m >= 0) return { kind: 'unittest', args: words.slice(m + 2) };
  return null;
}

/** The first tox/nox command that runs pytest or unittest. */
function testCommand(commands: readonly Command[]): (Command & { runner: 'pytest' | 'unittest'; args: string[] }) | null {
  for (const command of commands) {
    const runner = runnerOf(command.words);
    if (runner) return { ...command, runner: runner.kind, args: runner.args };
  }
  return null;
}

/**
 * Tox words with their substitutions resolved: `{posargs:x}` -> x, `{toxinidir}` and `{tox_root}`
 * -> `./`, `{env_site_packages_dir}/pkg` -> `pkg` (the installed package is the one in the
 * tree), other `{...}` words dropped.
 */
function toxWords(words: readonly string[]): string[] {
  return words
    .map((w) =>
      w
        .replace(/^\{posargs:?/, '')
        .replace(/\}$/, '')
        .replace(/\{(toxinidir|tox_root)\}\/?/g, './')
        .replace(/^\{(env_site_packages_dir|envsitepackagesdir)\}\//, ''),
    )
    .filter((w) => w !== '' && !w.includes('{'));
}

/** True when `word` names an indexed file or a directory holding some (`./tests`, `pkg/`, `.`). */
function inIndex(index: ProjectIndex, word: string): boolean {
  const p = path.posix.normalize(word).replace(/\/+$/, '');
  return index.files.some((f) => p === '.' || f.path === p || f.path.startsWith(`${p}/`));
}

/** True when a test file is written for pytest (imports pytest, or has a module-level test function). */
async function pytestStyle(index: ProjectIndex, files: readonly string[]): Promise<boolean> {
  for (const file of files) {
    const text = await index.read(file).catch(() => '');
    if (/^\s*(import pytest|from pytest\b)/m.test(text) || /^def test/m.test(text) || !/\bunittest\b/.test(text)) return true;
  }
  return false;
}

/** Converts the index's exclude globs into pytest `--ignore-glob` options (fnmatch on absolute paths). */
function ignoreGlobs(index: ProjectIndex): string[] {
  return (index.selection?.exclude ?? []).map((g) => `--ignore-glob=${path.join(index.root, g.replace(/\*\*\/?/g, '*'))}`);
}

function describeRemoved(removed: readonly RemovedOptions[]): string[] {
  return removed.map((r) => `neutralised ${r.words.join(' ')} (${r.plugin}): ${r.reason}`);
}

/**
 * Plans the run from the probe's facts and the index.
 *
 * @example
 * const plan = await planPythonRun(index, facts, { cacheDir: '/tmp/x/pytest-cache' });
 * plan.runArgs; // ['-m', 'pytest', '-o', 'cache_dir=/tmp/x/pytest-cache', '-o', 'addopts=-ra --doctest-modules']
 */
export async function planPythonRun(index: ProjectIndex, facts: PythonProjectFacts, options: { cacheDir: string }): Promise<PythonRunPlan> {
  const plan = await planRun(index, facts, options);
  const project = facts.project;
  // The names become a directory name and file text: only what PEP 508 names and PEP 440 versions allow.
  const valid = project && /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(project.name) && /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/.test(project.version);
  return { ...plan, metadata: valid ? project : null };
}

async function planRun(index: ProjectIndex, facts: PythonProjectFacts, options: { cacheDir: string }): Promise<PythonRunPlan> {
  const measured = measuredSet(index, facts.coverage);
  const env: Record<string, string> = measured.srcLayout ? { PYTHONPATH: path.join(index.root, 'src') } : {};
  const notes = [`measured files: ${measured.rule}`, ...(measured.srcLayout ? ['src layout: src/ is put on PYTHONPATH, as an install of the package would'] : [])];
  notes.push(...facts.errors.map((e) => `could not read ${e}`));
  const pytestConfig = facts.pytest;
  const evidence = testCommand(facts.commands);
  const sources = [
    ...(pytestConfig ? [`pytest configuration: ${pytestConfig.file}`] : []),
    ...(facts.coverage ? [`coverage.py configuration: ${facts.coverage.file}`] : []),
    ...(evidence ? [`test command in ${evidence.from}: ${evidence.words.join(' ')}`] : []),
  ];
  const addopts = pytestConfig?.args['addopts'] ?? [];
  const modules = pythonTestModules(index, pytestConfig);
  const toxArgs = evidence?.runner === 'pytest' ? toxWords(evidence.args) : [];
  const doctests = asksForDoctests(index, [...addopts, ...toxArgs], pytestConfig);
  if (modules.pytest.length === 0 && modules.unittest.length === 0 && !doctests) {
    return { kind: 'no-tests', measured, runArgs: [], env, removed: [], addopts: [], evidence: sources, notes: [...notes, 'no tests: no Python test file (test_*.py, *_test.py, doctests) in the project'] };
  }
  const unittestOnly =
    !pytestConfig && (evidence ? evidence.runner === 'unittest' : !(await pytestStyle(index, modules.pytest.length ? modules.pytest : modules.unittest)));
  if (unittestOnly) {
    const args = evidence?.runner === 'unittest' ? toxWords(evidence.args) : [];
    const discover = args[0] === 'discover' ? args : ['discover', ...(args.length === 0 ? startDir(index) : [])];
    const why = evidence ? `the test command of ${evidence.from} runs unittest` : 'no pytest configuration and no pytest-style test';
    return { kind: 'unittest', measured, runArgs: ['-m', 'unittest', ...(args.length && args[0] !== 'discover' ? args : discover)], env, removed: [], addopts: [], evidence: sources, notes: [...notes, `unittest: ${why}`] };
  }
  const isLocal = (module: string) => ['.py', '/__init__.py'].some((ext) => existsSync(path.join(index.root, module.replaceAll('.', '/') + ext)));
  const fromConfig = filterPytestOptions(addopts, facts.plugins, facts.importable, isLocal);
  const missing = missingPluginSettings(pytestConfig?.keys ?? [], pytestConfig?.args['required_plugins'] ?? [], facts.plugins);
  if (missing.dropStrictConfig && fromConfig.kept.includes('--strict-config')) {
    fromConfig.kept = fromConfig.kept.filter((w) => w !== '--strict-config');
    fromConfig.removed.push({ plugin: 'pytest', words: ['--strict-config'], reason: 'the configuration sets options of plugins that are not installed' });
  }
  const runArgs = ['-m', 'pytest', '-o', `cache_dir=${options.cacheDir}`, ...blockedPlugins(facts.plugins), ...missing.args];
  if (fromConfig.removed.length > 0) runArgs.push('-o', `addopts=${shlexJoin(fromConfig.kept)}`);
  const removed = [...missing.removed, ...fromConfig.removed];
  const why = pytestConfig ? `configuration in ${pytestConfig.file}` : evidence ? `the test command of ${evidence.from} runs pytest` : 'pytest-style tests';
  notes.push(`pytest: ${why}; run with no file list, so its testpaths, python_files and doctest options apply`);
  if (!pytestConfig?.args['testpaths'] && evidence?.runner === 'pytest' && toxArgs.length > 0) {
    // tox gives the paths (and options) maintainers run with; the configuration has no testpaths.
    const fromTox = filterPytestOptions(toxArgs, facts.plugins, facts.importable, isLocal);
    const kept = fromTox.kept.filter((w) => !/^--(basetemp|junit-?xml|junitxml|cov-config)/.test(w) && (w.startsWith('-') || inIndex(index, w)));
    if (kept.length > 0) {
      runArgs.push(...kept);
      notes.push(`arguments from ${evidence.from}: ${kept.join(' ')}`);
    }
    removed.push(...fromTox.removed);
  }
  runArgs.push(...ignoreGlobs(index));
  return { kind: 'pytest', measured, runArgs, env, removed, addopts: fromConfig.kept, evidence: sources, notes: [...notes, ...describeRemoved(removed)] };
}

/**
 * `-s tests` (or `test`) when the test directory is not a package, which discovery from the root
 * does not enter (Python 3.11 dropped namespace packages from discovery).
 */
function startDir(index: ProjectIndex): string[] {
  for (const dir of ['tests', 'test']) {
    const files = index.files.filter((f) => f.path.startsWith(`${dir}/`));
    if (files.length > 0 && !files.some((f) => f.path === `${dir}/__init__.py`)) return ['-s', dir];
  }
  return [];
}

/**
 * The plan narrowed to `files` (the test validator's run of one candidate), with the project's
 * own runner and configuration (rootdir, options, conftest, PYTHONPATH, measured set): pytest on
 * those files, or unittest on them for a unittest project (a pytest-style file then runs no test:
 * the project's runner would never run it either). A project without tests runs them with pytest.
 *
 * @example
 * planForFiles(plan, ['tests/test_generated_shapes.py'], '/tmp/x/pytest-cache').runArgs;
 */
export function planForFiles(plan: PythonRunPlan, files: readonly string[], cacheDir: string): PythonRunPlan {
  if (plan.kind === 'pytest') return { ...plan, runArgs: [...plan.runArgs, ...files] };
  if (plan.kind === 'unittest') return { ...plan, runArgs: ['-m', 'unittest', ...files] };
  return { ...plan, kind: 'pytest', runArgs: ['-m', 'pytest', '-o', `cache_dir=${cacheDir}`, ...files], notes: [...plan.notes, `pytest on ${files.join(' ')}`] };
}
