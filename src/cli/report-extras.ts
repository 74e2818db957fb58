/**
 * What release-prep does around its report formats: records the run in the project's history
 * (`--no-history` skips it), gives the `html` format the history and code excerpts, the
 * `github` format the workspace, and appends the Markdown report to `$GITHUB_STEP_SUMMARY`
 * when the `github` format is asked for inside GitHub Actions.
 *
 * @module
 */
import { appendFile } from 'node:fs/promises';
import { errorMessage, UserError } from '../errors.js';
import { readRunHistory, recordRun } from '../workflows/history/run-history.js';
import type { ReleaseReadinessReport } from '../workflows/release-prep/report.js';
import { formatMarkdown, loadExcerpts, type ReportFormatOptions } from '../workflows/report/index.js';
import { findingPlaces } from '../workflows/report/html/sections.js';
import type { CliIO } from './types.js';

/** Option definitions to spread into the command's `parseArgs` options. */
export const HISTORY_OPTIONS = {
  'no-history': { type: 'boolean' },
} as const;

/** Help lines of {@link HISTORY_OPTIONS}. */
export const HISTORY_HELP = `  --no-history             Do not add this run to the project's run history (your data directory),
                           which the html format's trend charts draw
`;

function userEnv(io: CliIO): Record<string, string | undefined> {
  return { ...process.env, ...io.env };
}

/**
 * Adds the run to the project's history unless `--no-history`; a history that cannot be
 * written is one line on stderr, never a failed run.
 */
export async function recordHistory(values: Record<string, unknown>, report: ReleaseReadinessReport, io: CliIO): Promise<void> {
  if (values['no-history'] === true) return;
  try {
    await recordRun(report.path, report, { env: userEnv(io) });
  } catch (error) {
    io.stderr(`release-prep: run history not written: ${errorMessage(error).split('\n')[0]}\n`);
  }
}

/** The options the formats in `formats` need (history and excerpts for html, the workspace for github). */
export async function reportOptionsFor(
  formats: readonly string[],
  report: ReleaseReadinessReport,
  io: CliIO,
): Promise<ReportFormatOptions> {
  const options: ReportFormatOptions = {};
  if (formats.includes('html')) {
    const history = await readRunHistory(report.path, { env: userEnv(io) });
    for (const bad of history.setAside)
      io.stderr(`release-prep: run record ${bad.file} set aside (${bad.reason})\n`);
    options.html = { history: history.records, excerpts: await loadExcerpts(report.path, findingPlaces(report)) };
  }
  const workspace = io.env['GITHUB_WORKSPACE'];
  if (formats.includes('github') && workspace) options.github = { workspace };
  return options;
}

/**
 * With the `github` format inside GitHub Actions (`$GITHUB_STEP_SUMMARY` set), appends the
 * Markdown report to the step summary.
 *
 * @throws UserError when the summary file cannot be written.
 */
export async function appendStepSummary(formats: readonly string[], report: ReleaseReadinessReport, io: CliIO): Promise<void> {
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (!formats.includes('github') || !file) return;
  try {
    await appendFile(file, `${formatMarkdown(report)}\n`);
  } catch (error) {
    throw new UserError(`cannot append to $GITHUB_STEP_SUMMARY (${file}): ${errorMessage(error).split('\n')[0]}`);
  }
}
