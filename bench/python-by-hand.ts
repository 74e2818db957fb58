/**
 * The by-hand Python test run of bench/real-suite.ts: `coverage run --branch -m pytest` in a
 * checkout as a maintainer has it after `pip install -e .` (the package importable from `src/`
 * for a src layout, its distribution metadata found by `importlib.metadata`), then `coverage json`.
 * Nothing is installed: the same two things go on PYTHONPATH, as the coverage agent does
 * (`src/analysis/coverage/runners/python.ts`). Before 2026-12-06 16:20 UTC the baseline ran
 * without them: on pallets/click conftest.py failed to import `click`, no test ran, and the
 * 2.5-3.3 s it took were counted as the by-hand test run (the check only looked for coverage.json).
 *
 * @module
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { probePythonProject } from '../src/analysis/coverage/runners/python-probe.js';
import { writeDistInfo } from '../src/analysis/coverage/runners/python.js';
import type { Step } from './standalone.js';

/**
 * The environment `pip install -e .` would give the checkout at `root`: PYTHONPATH with `src/`
 * (when the project has a `src/` directory holding Python packages) and a directory with the
 * project's `<name>-<version>.dist-info` (when pyproject.toml or setup.cfg gives them statically),
 * written under `work`.
 *
 * @example
 * const { env, note } = await installedEnv('/usr/bin/python3', '/repos/click', '/tmp/work');
 * env.PYTHONPATH; // '/repos/click/src:/tmp/work/site'
 */
export async function installedEnv(python: string, root: string, work: string): Promise<{ env: Record<string, string>; note: string }> {
  const paths: string[] = [];
  const parts: string[] = [];
  const src = path.join(root, 'src');
  const entries = await fs.readdir(src, { withFileTypes: true }).catch(() => []);
  if (entries.some((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    paths.push(src);
    parts.push('src/ on PYTHONPATH');
  }
  const facts = await probePythonProject(python, root);
  if (facts.project) {
    paths.push(await writeDistInfo(path.join(work, 'site'), facts.project));
    parts.push(`${facts.project.name} ${facts.project.version} metadata on PYTHONPATH`);
  }
  return { env: paths.length ? { PYTHONPATH: paths.join(path.delimiter) } : {}, note: parts.length ? parts.join(', ') : 'nothing added' };
}

/**
 * The verdict on the pytest step from the exit code `sh` wrote to `exitFile`: 0 (passed) and 1
 * (some tests failed) ran the suite; 2 (interrupted, e.g. a collection error), 5 (no tests) and
 * anything else did not, so the step is FAILED and its time is not a by-hand baseline.
 *
 * @example
 * pytestVerdict('/tmp/work/pytest-exit'); // 'pytest exit 0' or 'FAILED (pytest exit 2: no test run ...)'
 */
export function pytestVerdict(exitFile: string): string {
  let text = '';
  try {
    text = readFileSync(exitFile, 'utf8').trim();
  } catch {
    return 'FAILED (pytest did not finish: no exit code)';
  }
  return text === '0' || text === '1' ? `pytest exit ${text}` : `FAILED (pytest exit ${text}: the suite did not run, e.g. a collection error)`;
}

/**
 * The by-hand step: `coverage run --branch -m pytest -q -p no:cacheprovider`, its exit code kept
 * in `work/pytest-exit`, then `coverage json` into `work`; run with `env` added.
 *
 * @example
 * const step = pytestStep('/usr/bin/python3', work, (await installedEnv(python, root, work)));
 */
export function pytestStep(python: string, work: string, installed: { env: Record<string, string>; note: string }): Step {
  const data = `COVERAGE_FILE=${path.join(work, '.coverage')}`;
  const exitFile = path.join(work, 'pytest-exit');
  const script = `${data} ${python} -m coverage run --branch -m pytest -q -p no:cacheprovider >/dev/null; echo $? > ${exitFile}; ${data} ${python} -m coverage json -q -o ${path.join(work, 'coverage.json')}`;
  return {
    short: 'pytest+coverage',
    name: `coverage run -m pytest, then coverage json (coverage.py and pytest from Debian; ${installed.note}, as pip install -e . gives)`,
    command: 'sh',
    args: ['-c', script],
    env: installed.env,
    check: () => (existsSync(path.join(work, 'coverage.json')) ? pytestVerdict(exitFile) : 'FAILED (no coverage.json)'),
  };
}
