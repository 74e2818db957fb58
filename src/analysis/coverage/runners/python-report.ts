/**
 * The JSON report of a Python coverage run, without analysing the files the figure leaves out.
 * `coverage json` analyses every measured file (it parses each source, and its branch arcs); a
 * configuration whose `[run] source` lists the tests (click: `source = click, tests`) makes
 * that more than half of the work, and the test files are dropped afterwards anyway
 * (`isTestOrConfigFile` in `mapCoverage`). So the report is written through coverage.py's API
 * with the project's own configuration and data (as `coverage json` would: same `Coverage()`,
 * same COVERAGE_FILE, COVERAGE_RCFILE and config files), its own `[report] omit` kept and the
 * project's test and configuration files added to it. A path that does not match (a symbolic
 * link, a glob character in the name) only means that file is analysed and dropped as before,
 * and a run that measured nothing but test files gets the report `coverage json` writes (so
 * "no coverage of the project's source files" is said as before): the figures are the same.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ProjectIndex } from '../../../project/types.js';
import { isTestOrConfigFile } from '../paths.js';

/**
 * Python run as `python -c JSON_REPORT_SOURCE <report file>`, the paths to leave out on stdin
 * (one per line). Exit 0 with the report written; 1 with the reason on stderr.
 */
export const JSON_REPORT_SOURCE = String.raw`
import sys
import coverage
out = sys.argv[1]
extra = [line for line in sys.stdin.read().splitlines() if line]
try:
    cov = coverage.Coverage()
    cov.load()
    own = list(cov.config.report_omit or [])
    try:
        cov.json_report(outfile=out, omit=own + extra)
    except Exception as first:
        # Nothing left (only test files were measured): the report coverage json writes.
        if not extra or type(first).__name__ != "NoDataError":
            raise
        cov.json_report(outfile=out, omit=own or None)
except Exception as error:
    print(error, file=sys.stderr)
    sys.exit(1)
`;

/** Characters that make a path a pattern for coverage.py's omit matching, or break the one-path-a-line list. */
const GLOB = /[*?[\]\r\n]/;

/**
 * Absolute paths of the Python test and configuration files of the index (under the root as
 * given and under its real path), which the coverage figure never counts: the report leaves
 * them out. Paths holding a glob character are not listed (they would match other files).
 *
 * @example
 * reportOmissions(index); // ['/repo/tests/conftest.py', '/repo/tests/test_ops.py']
 */
export function reportOmissions(index: ProjectIndex): string[] {
  let real = index.root;
  try {
    real = realpathSync(index.root);
  } catch {
    // the root as given
  }
  const roots = [...new Set([index.root, real])];
  const out: string[] = [];
  for (const file of index.files) {
    if (file.language !== 'python' || !isTestOrConfigFile(file.path, 'python')) continue;
    for (const root of roots) {
      const absolute = path.join(root, ...file.path.split('/'));
      if (!GLOB.test(absolute)) out.push(absolute);
    }
  }
  return out;
}
