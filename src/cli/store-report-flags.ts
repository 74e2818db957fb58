/**
 * The options through which only the user (never the analysed repository) lets repository
 * content count: `--store-dir DIR`, a learning store other than the default one in the user's
 * data directory (e.g. the original tool's `.empathy/orchestration`), and
 * `--coverage-report FILE`, a coverage report to use whether or not git tracks it.
 *
 * @module
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/** Option definitions to spread into a command's `parseArgs` options. */
export const STORE_DIR_OPTIONS = { 'store-dir': { type: 'string' } } as const;
/** Option definitions of `--coverage-report`. */
export const COVERAGE_REPORT_OPTIONS = { 'coverage-report': { type: 'string' } } as const;

/** Help line of {@link STORE_DIR_OPTIONS}. */
export const STORE_DIR_HELP = `  --store-dir DIR          Learning store to use (holds compositions/ and patterns/) instead of the
                           default in the user's data directory, e.g. .empathy/orchestration; refused
                           when it or a directory above it inside the project is a symbolic link
`;
/** Help line of {@link COVERAGE_REPORT_OPTIONS}. */
export const COVERAGE_REPORT_HELP = `  --coverage-report FILE   Coverage report to use (lcov, istanbul, coverage.py, Cobertura), even one
                           git tracks; otherwise a report in the project is used only when git does
                           not track it and it is newer than every source file
`;

/** What the flags give, as workflow options. */
export interface StoreReportFlags {
  storeDir?: string;
  coverageReport?: string;
}

/**
 * Reads `--store-dir` and `--coverage-report` (relative to `cwd`) as absolute paths.
 *
 * @throws UserError when a value is empty, or the coverage report is not a readable file.
 * @example
 * storeReportFlags({ 'store-dir': '.empathy/orchestration' }, '/repo'); // { storeDir: '/repo/.empathy/orchestration' }
 */
export function storeReportFlags(values: Record<string, unknown>, cwd: string): StoreReportFlags {
  const flags: StoreReportFlags = {};
  const storeDir = values['store-dir'];
  if (typeof storeDir === 'string') {
    if (storeDir.trim() === '') throw new UserError('--store-dir is empty; give a directory, e.g. --store-dir .empathy/orchestration');
    flags.storeDir = path.resolve(cwd, storeDir);
  }
  const report = values['coverage-report'];
  if (typeof report === 'string') {
    if (report.trim() === '') throw new UserError('--coverage-report is empty; give a report file, e.g. --coverage-report coverage/lcov.info');
    const file = path.resolve(cwd, report);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new UserError(`--coverage-report ${report}: no such file`);
    }
    if (!isFile) throw new UserError(`--coverage-report ${report}: not a file`);
    flags.coverageReport = file;
  }
  return flags;
}
