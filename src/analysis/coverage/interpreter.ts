/**
 * Finds a Python interpreter that has both coverage.py and pytest. The default `python3` on PATH
 * may lack coverage.py while Debian's `/usr/bin/python3` has it (TOOL-FACTS): probe, don't assume.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runContained } from '../../core/sandbox/index.js';
import { findExecutable } from '../../core/run-command.js';
import { getLogger } from '../../core/logger.js';

const log = getLogger('analysis.coverage.interpreter');

const PROBE = 'import coverage, pytest, sys; print(coverage.__version__, pytest.__version__, sys.version.split()[0])';

/** An interpreter that can run the tests with coverage. */
export interface PythonInterpreter {
  /** Absolute path of the interpreter. */
  path: string;
  coverageVersion: string;
  pytestVersion: string;
  pythonVersion: string;
}

/** The interpreters probed by default, in order: the project's virtualenvs first. */
export function defaultPythonCandidates(root: string): string[] {
  return [
    path.join(root, '.venv', 'bin', 'python'),
    path.join(root, 'venv', 'bin', 'python'),
    'python3',
    '/usr/bin/python3',
    'python',
  ];
}

/**
 * Returns the first candidate that imports both `coverage` and `pytest`, or null with the list of
 * what each candidate lacked.
 *
 * @example
 * const found = await findPythonWithCoverage(defaultPythonCandidates('/repo'));
 * found.interpreter?.path; // '/usr/bin/python3'
 */
export async function findPythonWithCoverage(
  candidates: string[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<{ interpreter: PythonInterpreter | null; tried: string[] }> {
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const resolved = candidate.includes('/') ? (existsSync(candidate) ? candidate : null) : findExecutable(candidate);
    if (!resolved) {
      tried.push(`${candidate}: not found`);
      continue;
    }
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    // A repository's .venv/bin/python is the repository's code: the probe runs contained too.
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-python-probe-'));
    try {
      const r = await runContained(resolved, ['-c', PROBE], {
        cwd: scratch,
        scratch,
        timeoutMs: options.timeoutMs ?? 20_000,
        signal: options.signal,
        env: { PYTHONDONTWRITEBYTECODE: '1' },
      }).finally(() => fs.rm(scratch, { recursive: true, force: true }));
      const [coverageVersion, pytestVersion, pythonVersion] = r.stdout.trim().split(/\s+/);
      if (r.exitCode === 0 && coverageVersion && pytestVersion && pythonVersion) {
        log.debug('python interpreter with coverage', { path: resolved, coverageVersion, pytestVersion });
        return { interpreter: { path: resolved, coverageVersion, pytestVersion, pythonVersion }, tried };
      }
      const missing = /No module named '([^']+)'/.exec(r.stderr)?.[1];
      tried.push(`${candidate}: ${missing ? `no module ${missing}` : r.timedOut ? 'probe timed out' : `exit ${r.exitCode}`}`);
    } catch (error) {
      tried.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { interpreter: null, tried };
}
