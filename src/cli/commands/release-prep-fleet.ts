/**
 * `empathy orchestrate release-prep --repos FILE`: the release-prep of a fleet of
 * repositories (see distributed/fleet-file.ts for the file), in this process one after the
 * other, or on the workers with `--queue`. Writes one summary (stdout, `--output` or
 * `--output-dir`) in the formats asked, and each repository's own report under
 * `--output-dir DIR/repos/` (default `./empathy-fleet/repos/`). Exit 0 when every repository
 * is approved, 1 otherwise, 130 interrupted.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { userCacheDir } from '../../core/user-dirs.js';
import { readFleetFile } from '../../distributed/fleet-file.js';
import { FLEET_FORMATS } from '../../distributed/fleet-formats.js';
import { runFleet, type FleetRow } from '../../distributed/fleet.js';
import { releaseUnitOptionsSchema } from '../../distributed/work-unit.js';
import type { ReleasePrepOptions } from '../../workflows/release-prep/release-prep.js';
import { REPORT_FORMATS } from '../../workflows/report/index.js';
import { formatOf } from '../../workflows/report/registry.js';
import { INTERRUPTED_EXIT_CODE, interruptSignal, type SignalSource } from '../interrupt.js';
import { writeOutput, type OutputPlan } from '../output-flags.js';
import { queueExecutorOf } from '../queue-flags.js';
import type { CliIO } from '../types.js';

function slug(index: number, label: string): string {
  const name = label.replace(/@[0-9a-f]+$/i, '').replace(/\.git$/, '').split(/[/:]/).filter(Boolean).pop() ?? 'repo';
  return `${String(index + 1).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

async function writeRepoReports(rows: readonly FleetRow[], dir: string, io: CliIO): Promise<void> {
  for (const [index, row] of rows.entries()) {
    for (const [format, text] of Object.entries(row.reports)) {
      const file = path.join(dir, 'repos', slug(index, row.repository), `release-prep${formatOf(REPORT_FORMATS, format).extension}`);
      mkdirSync(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, text);
    }
  }
  io.stderr(`release-prep: each repository's report written under ${path.join(dir, 'repos')}\n`);
}

/** Runs the fleet of `file` with the options the release-prep command resolved from flags, --policy and the user config. */
export async function runReleasePrepFleet(
  file: string,
  options: ReleasePrepOptions,
  output: OutputPlan,
  values: Record<string, unknown>,
  io: CliIO,
  signals: SignalSource,
): Promise<number> {
  const entries = readFleetFile(file, io.cwd);
  if (options.modelRuntime)
    io.stderr(`release-prep: a fleet runs without a model: provider ${options.modelRuntime.settings.name} is not used with --repos\n`);
  const executor = await queueExecutorOf(values, io);
  const interrupt = interruptSignal(signals);
  let summary;
  try {
    summary = await runFleet(entries, {
      options: releaseUnitOptionsSchema.parse(options),
      formats: output.formats,
      workspace: path.join(userCacheDir(io.env), 'workspace'),
      executor,
      signal: interrupt.signal,
    });
    if (executor?.lostError) throw executor.lostError;
  } finally {
    interrupt.dispose();
    if (interrupt.signal.aborted) await executor?.cancel();
    await executor?.close();
  }
  if (interrupt.signal.aborted) {
    io.stderr('release-prep: interrupted; the fleet was cancelled, no report written\n');
    return INTERRUPTED_EXIT_CODE;
  }
  await writeRepoReports(summary.rows, output.dir ?? path.resolve(io.cwd, 'empathy-fleet'), io);
  await writeOutput(io, output, FLEET_FORMATS, summary, {
    command: 'release-prep-fleet',
    options: {},
    note: `${summary.rows.filter((r) => r.verdict === 'approved').length} of ${summary.rows.length} approved`,
  });
  return summary.approved ? 0 : 1;
}
