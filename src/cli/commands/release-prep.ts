/**
 * `empathy orchestrate release-prep`: runs the release-prep workflow on a project and
 * prints the release readiness report. Exit 0 approved, 1 blocked, 2 usage error.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import { UserError } from '../../errors.js';
import {
  releasePrepOptionsOf,
  runtimeConfigOf,
  type ResolvedOptions,
  type Sourced,
} from '../../workflows/config/resolve-options.js';
import { REPORT_FORMATS } from '../../workflows/report/index.js';
import {
  OrchestratedReleasePrepWorkflow,
  RELEASE_AGENT_IDS,
  type ReleasePrepOptions,
} from '../../workflows/release-prep/release-prep.js';
import { RELEASE_GATES } from '../../workflows/release-prep/gates.js';
import { NEW_CODE_DEFAULTS } from '../../workflows/new-code/gates.js';
import type { BaseRef } from '../../workflows/new-code/base-ref.js';
import type { ReleaseReadinessReport } from '../../workflows/release-prep/report.js';
import { loadModelRuntime } from '../../providers/load-runtime.js';
import { warmUpAnalysers } from '../../analysis/shared/warm-up.js';
import { BASELINE_HELP, BASELINE_OPTIONS, baselineFlags } from '../baseline-flags.js';
import { PROVIDER_HELP, PROVIDER_OPTIONS, providerFlagsFrom } from '../provider-flags.js';
import { applySandboxFlags, SANDBOX_HELP, SANDBOX_OPTIONS } from '../sandbox-flags.js';
import { parseCommandArgs, parseList, resolveDirectory } from '../args.js';
import { INTERRUPTED_EXIT_CODE, interruptSignal, type SignalSource } from '../interrupt.js';
import { createProgressDisplay, type ProgressDisplay } from '../progress.js';
import { liveDisplayAllowed } from '../color.js';
import { OUTPUT_OPTIONS, outputHelp, outputPlanOf, writeOutput, writesToStdout, type OutputPlan } from '../output-flags.js';
import {
  COVERAGE_REPORT_HELP,
  COVERAGE_REPORT_OPTIONS,
  STORE_DIR_HELP,
  STORE_DIR_OPTIONS,
  storeReportFlags,
} from '../store-report-flags.js';
import type { CliCommand, CliIO } from '../types.js';
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  configurationInputOf,
  loadCommandOptions,
  numberFlags,
  printConfigIfAsked,
  runFlags,
  type NumberFlag,
} from '../config-flags.js';
import { baseFlag, NEW_CODE_HELP, NEW_CODE_OPTIONS, newCodeGateFlags } from '../new-code-flags.js';
import { QUEUE_HELP, QUEUE_OPTIONS, queueExecutorOf } from '../queue-flags.js';
import { FLEET_HELP, FLEET_OPTIONS } from '../fleet-flags.js';
import { watchFlag, watchRuns, WATCH_HELP, WATCH_OPTIONS, type WatchedRun } from '../watch-flags.js';
import { appendStepSummary, HISTORY_HELP, HISTORY_OPTIONS, recordHistory, reportOptionsFor } from '../report-extras.js';

const HELP = `Usage: empathy orchestrate release-prep [options]

Validates release readiness: security, test coverage, code quality and documentation agents
run in parallel on the project; their measurements are checked against quality gates.

Options:
  --path DIR               Project to analyse (default: current directory)
  --min-coverage N         Minimum line coverage, 0-100 (default 80)
  --min-quality N          Minimum code quality score, 0-10 (default 7)
  --max-critical N         Maximum critical security issues (default 0)
  --min-doc-coverage N     Minimum documented public symbols %, 0-100 (default 100; a warning only)
${NEW_CODE_HELP}  --agents a,b             Agents to run instead of the four defaults (template ids)
${outputHelp(REPORT_FORMATS)}  --timeout SECONDS        Deadline of every agent
${CONFIG_HELP}  --no-cache               Do not reuse cached analysis results
  --no-learn               Do not reuse proven compositions or record this run's outcome
${HISTORY_HELP}${STORE_DIR_HELP}${COVERAGE_REPORT_HELP}${BASELINE_HELP}${PROVIDER_HELP}${SANDBOX_HELP}${QUEUE_HELP}${FLEET_HELP}${WATCH_HELP}  -h, --help               Show this help

Exit codes: 0 release approved, 1 release blocked (a gate failed or an agent failed), 2 usage,
configuration or internal error, 130 interrupted.
`;

const OPTIONS = {
  path: { type: 'string' },
  'min-coverage': { type: 'string' },
  'min-quality': { type: 'string' },
  'max-critical': { type: 'string' },
  'min-doc-coverage': { type: 'string' },
  ...NEW_CODE_OPTIONS,
  agents: { type: 'string' },
  ...OUTPUT_OPTIONS,
  timeout: { type: 'string' },
  ...CONFIG_OPTIONS,
  'no-cache': { type: 'boolean' },
  'no-learn': { type: 'boolean' },
  ...HISTORY_OPTIONS,
  ...STORE_DIR_OPTIONS,
  ...COVERAGE_REPORT_OPTIONS,
  ...BASELINE_OPTIONS,
  ...PROVIDER_OPTIONS,
  ...SANDBOX_OPTIONS,
  ...QUEUE_OPTIONS,
  ...FLEET_OPTIONS,
  ...WATCH_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The release gates' threshold flags and the `qualityGates` keys they set. */
const GATE_FLAGS: readonly NumberFlag[] = [
  { flag: 'min-coverage', key: 'min_coverage', range: { min: 0, max: 100 } },
  { flag: 'min-quality', key: 'min_quality_score', range: { min: 0, max: 10 } },
  { flag: 'max-critical', key: 'max_critical_issues', range: { min: 0, integer: true } },
  { flag: 'min-doc-coverage', key: 'min_doc_coverage', range: { min: 0, max: 100 } },
];

/**
 * The defaults `--print-config` shows for what nothing set: the four agents, their gates and
 * the gates on new code (with `new_code_min_lines`).
 */
function releasePrepDefaults(): Record<string, unknown> {
  return {
    agents: [...RELEASE_AGENT_IDS],
    ...Object.fromEntries(RELEASE_GATES.map((g) => [`qualityGates.${g.thresholdKey}`, g.defaultThreshold])),
    ...Object.fromEntries(Object.entries(NEW_CODE_DEFAULTS).map(([key, value]) => [`qualityGates.${key}`, value])),
  };
}

/** The base of the new-code gates as `--print-config` shows it: the ref and where it came from, or none. */
function baseSetting(base: BaseRef | null): Sourced<string | null> {
  return base ? { value: base.ref, source: base.source } : { value: null, source: 'default' };
}

/** The `orchestrate release-prep` command. */
export const releasePrepCommand: CliCommand = {
  name: 'orchestrate release-prep',
  summary: 'Validate release readiness with four parallel agents and quality gates',
  run: (argv, io) => runReleasePrep(argv, io),
};

/**
 * Runs the command with `signals` as the source of SIGINT/SIGTERM: an interrupted run stops
 * its agents (and their test runs), writes no report and returns 130.
 */
export async function runReleasePrep(
  argv: string[],
  io: CliIO,
  signals: SignalSource = process,
): Promise<number> {
  const { values } = parseCommandArgs('orchestrate release-prep', argv, OPTIONS);
  if (values['help']) {
    io.stdout(HELP);
    return 0;
  }
  await applySandboxFlags(values, io.env);
  const fleet = typeof values['repos'] === 'string' ? values['repos'] : undefined; // --repos: each repository's own config is not read
  if (fleet !== undefined && values['path'] !== undefined) throw new UserError('--repos and --path disagree; give one of them');
  const root = fleet ? io.cwd : resolveDirectory('--path', (values['path'] as string | undefined) ?? '.', io.cwd);
  const output = outputPlanOf(values, REPORT_FORMATS, io);
  const watch = watchFlag(values, output);
  const trusted = storeReportFlags(values, io.cwd); // --store-dir, --coverage-report: only from you
  const agents = typeof values['agents'] === 'string' ? parseList(values['agents']) : undefined;
  if (agents && agents.length === 0)
    throw new UserError('--agents is empty; name at least one agent, e.g. security_auditor');
  // Flags > --policy > repository config > user config > defaults, each value with its source.
  const resolve = () =>
    loadCommandOptions(fleet ? { ...values, 'no-repo-config': true } : values, root, io, {
      qualityGates: { ...numberFlags(values, GATE_FLAGS), ...newCodeGateFlags(values) },
      ...(agents ? { agents: { value: agents, source: '--agents' } } : {}),
      ...runFlags(values),
    });
  const resolved = await resolve();
  if (await printConfigIfAsked(values, root, io, resolved, releasePrepDefaults(), fleet === undefined ? { base: baseSetting(baseFlag(values, io.env)) } : {}))
    return 0;
  if (fleet !== undefined) {
    // Loaded only for a fleet: the distributed runner (bullmq, ioredis) costs every other run about 0.2 s of CPU.
    const { runReleasePrepFleet } = await import('./release-prep-fleet.js');
    return runReleasePrepFleet(fleet, await workflowOptions(values, resolved, io, liveProgress(io, output)), output, values, io, signals);
  }
  const context: RunContext = { values, root, output, io, trusted };
  const interrupt = interruptSignal(signals);
  try {
    if (!watch) return (await runOnce(context, resolved, interrupt.signal)).code;
    return await watchRuns<ResolvedOptions>({
      command: 'release-prep',
      root: realpathSync(root),
      io,
      signal: interrupt.signal,
      first: resolved,
      prepare: resolve, // the configuration files again before each snapshot: an edit applies to the next run
      selection: (options) => ({
        ...(options.include ? { include: options.include.value } : {}),
        ...(options.exclude ? { exclude: options.exclude.value } : {}),
      }),
      run: (_n, options) => runOnce(context, options, interrupt.signal),
      // While waiting: load what a run after a change needs (ESLint, TypeScript, tree-sitter), unless coverage runs alone.
      idle: (snapshot, options) =>
        (options.agents?.value ?? RELEASE_AGENT_IDS).some((id) => id !== 'test_coverage_analyzer')
          ? warmUpAnalysers(snapshot.languages)
          : Promise.resolve(),
    });
  } finally {
    interrupt.dispose();
  }
}

/** The live progress display on a terminal, when the console report goes to stdout. */
function liveProgress(io: CliIO, output: OutputPlan): ProgressDisplay {
  return createProgressDisplay(
    io,
    liveDisplayAllowed(io.env, io.stderrIsTTY) && writesToStdout(output) && output.formats[0] === 'console',
    'release-prep',
  );
}

/** The workflow options of a resolution: gates, agents, the model runtime, the progress display. */
async function workflowOptions(
  values: Record<string, unknown>,
  resolved: ResolvedOptions,
  io: CliIO,
  progress: ProgressDisplay,
): Promise<ReleasePrepOptions> {
  const options: ReleasePrepOptions = {
    ...releasePrepOptionsOf(resolved),
    modelRuntime: await loadModelRuntime(runtimeConfigOf(resolved), providerFlagsFrom(values), io.env),
    configuration: configurationInputOf(resolved),
    onProgress: (event) => progress.onEvent(event),
  };
  const baseline = baselineFlags(values, io.cwd); // --baseline, --write-baseline: only from you
  if (baseline)
    options.analyzerOptions = {
      ...options.analyzerOptions,
      security: { ...options.analyzerOptions?.['security'], ...baseline },
    };
  return options;
}

/** What every run of one command line shares: its flags, project, output plan and trusted paths. */
interface RunContext {
  values: Record<string, unknown>;
  root: string;
  output: OutputPlan;
  io: CliIO;
  trusted: ReturnType<typeof storeReportFlags>;
}

/**
 * One release-prep run of a resolution: the workflow, the history, the report files. Returns the
 * exit code (130 when `signal` aborted it: no report written) and the files written.
 */
async function runOnce(context: RunContext, resolved: ResolvedOptions, signal: AbortSignal): Promise<WatchedRun> {
  const { values, root, output, io, trusted } = context;
  const progress = liveProgress(io, output);
  const options = await workflowOptions(values, resolved, io, progress);
  const base = baseFlag(values, io.env);
  const executor = await queueExecutorOf(values, io);
  const workflow = new OrchestratedReleasePrepWorkflow({
    ...options,
    ...trusted,
    ...(base ? { base } : {}),
    ...(executor ? { executor } : {}),
  });
  let report: ReleaseReadinessReport;
  try {
    report = await workflow.execute({ path: root, signal });
    if (executor?.lostError) throw executor.lostError;
  } finally {
    progress.stop();
    if (signal.aborted) await executor?.cancel(); // every worker stops the run's jobs
    await executor?.close();
  }
  if (signal.aborted) {
    io.stderr('release-prep: interrupted; agents stopped, no report written\n');
    return { code: INTERRUPTED_EXIT_CODE, written: [] };
  }
  await recordHistory(values, report, io);
  const written = await writeOutput(io, output, REPORT_FORMATS, report, {
    command: 'release-prep',
    options: await reportOptionsFor(output.formats, report, io),
    note: report.approved ? 'approved' : 'blocked',
  });
  await appendStepSummary(output.formats, report, io);
  return { code: report.approved ? 0 : 1, written };
}
