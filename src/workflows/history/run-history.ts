/**
 * The run history of a project: one small JSON record per release-prep run (verdict,
 * coverage, quality score, critical issues, duration, new-code figures), kept in the user's
 * data directory (`$EMPATHY_DATA_DIR`, else `$XDG_DATA_HOME/empathy`, else
 * `~/.local/share/empathy`), under `history/<repository key>/`, never in the repository.
 * `$EMPATHY_HISTORY_DIR` moves the `history` directory alone (the GitHub Action points it at a
 * directory it keeps between workflow runs with actions/cache). The HTML report draws its
 * trend charts from it.
 *
 * Concurrency: every run writes its own file (time, pid and random part in the name), with an
 * atomic write (temporary file + rename), so concurrent runs never share a file, never need a
 * lock, and a reader never sees half a record. An unreadable or invalid record is reported and
 * set aside (renamed to `*.invalid`), never deleted and never allowed to break the report.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isTempFileName, writeFileAtomic } from '../../core/atomic-write.js';
import { repositoryKey, userDataDir, type UserDirsEnv } from '../../core/user-dirs.js';
import type { ReleaseReadinessReport } from '../release-prep/report.js';

/** Version of the record format. */
export const RUN_RECORD_SCHEMA_VERSION = 1;

const figure = z.number().finite().nullable();

/** The zod schema of one run record (snake_case, as stored). */
export const runRecordSchema = z
  .object({
    schema_version: z.literal(RUN_RECORD_SCHEMA_VERSION),
    timestamp: z.string().datetime({ offset: true }),
    duration_seconds: z.number().finite().min(0),
    approved: z.boolean(),
    confidence: z.enum(['HIGH', 'MEDIUM', 'LOW']),
    coverage: figure,
    quality_score: figure,
    critical_issues: figure,
    doc_coverage: figure,
    new_coverage: figure,
    new_critical_issues: figure,
    base_ref: z.string().nullable(),
  })
  .strict();

/** One run of release-prep, as the history keeps it. */
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Options of the history functions. */
export interface RunHistoryOptions {
  /** Environment for the user's data directory (default `process.env`). */
  env?: UserDirsEnv;
}

/**
 * The directory of every project's history: `$EMPATHY_HISTORY_DIR` (resolved against the
 * working directory), else `history` in the user's data directory.
 *
 * @example
 * runHistoryRoot({ EMPATHY_HISTORY_DIR: '/runner/_temp/empathy-history' }); // '/runner/_temp/empathy-history'
 */
export function runHistoryRoot(env: UserDirsEnv = process.env): string {
  const explicit = env['EMPATHY_HISTORY_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  return path.join(userDataDir(env), 'history');
}

/** The history directory of the project at `root`: `<history root>/<repository key>/`. */
export function runHistoryDir(root: string, options: RunHistoryOptions = {}): string {
  return path.join(runHistoryRoot(options.env ?? process.env), repositoryKey(root));
}

function gateActual(report: ReleaseReadinessReport, name: string): number | null {
  return report.qualityGates.find((g) => g.name === name)?.actual ?? null;
}

/** The record of a report (what the trend charts draw). */
export function runRecordOf(report: ReleaseReadinessReport): RunRecord {
  return {
    schema_version: RUN_RECORD_SCHEMA_VERSION,
    timestamp: report.timestamp,
    duration_seconds: report.totalDuration,
    approved: report.approved,
    confidence: report.confidence,
    coverage: gateActual(report, 'Test Coverage'),
    quality_score: gateActual(report, 'Code Quality'),
    critical_issues: gateActual(report, 'Security'),
    doc_coverage: gateActual(report, 'Documentation'),
    new_coverage: report.newCode?.coverage ?? null,
    new_critical_issues: report.newCode?.critical_issues ?? null,
    base_ref: report.newCode?.base_ref ?? null,
  };
}

/**
 * Adds the run of `report` to the project's history; returns the file written.
 *
 * @example
 * await recordRun(report.path, report);
 */
export async function recordRun(
  root: string,
  report: ReleaseReadinessReport,
  options: RunHistoryOptions = {},
): Promise<string> {
  const dir = runHistoryDir(root, options);
  await fsp.mkdir(dir, { recursive: true });
  const record = runRecordOf(report);
  const stamp = record.timestamp.replace(/[^0-9]/g, '').slice(0, 17).padEnd(17, '0');
  const file = path.join(dir, `${stamp}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** What {@link readRunHistory} found. */
export interface RunHistory {
  /** Valid records, oldest first. */
  records: RunRecord[];
  /** Records that could not be read or were invalid: set aside as `*.invalid`, with the reason. */
  setAside: Array<{ file: string; reason: string }>;
}

/**
 * The project's recorded runs, oldest first (at most the `limit` newest, default 50).
 *
 * @example
 * const { records } = await readRunHistory('/repo');
 * records.map((r) => r.coverage);
 */
export async function readRunHistory(
  root: string,
  options: RunHistoryOptions & { limit?: number } = {},
): Promise<RunHistory> {
  const dir = runHistoryDir(root, options);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const files = names.filter((n) => n.endsWith('.json') && !isTempFileName(n)).sort();
  const wanted = files.slice(-Math.max(1, options.limit ?? 50));
  const history: RunHistory = { records: [], setAside: [] };
  for (const name of wanted) {
    const file = path.join(dir, name);
    let reason: string;
    try {
      const parsed = runRecordSchema.safeParse(JSON.parse(await fsp.readFile(file, 'utf8')));
      if (parsed.success) {
        history.records.push(parsed.data);
        continue;
      }
      const issue = parsed.error.issues[0];
      reason = `invalid record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // set aside by a concurrent reader
      reason = `unreadable: ${(error as Error).message.split('\n')[0]}`;
    }
    await fsp.rename(file, `${file}.invalid`).catch(() => undefined);
    history.setAside.push({ file, reason });
  }
  history.records.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  return history;
}
