/**
 * `empathy orchestrate release-prep`: runs the release-prep workflow on a project and
 * prints the release readiness report. Exit 0 approved, 1 blocked, 2 usage error.
 *
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import {
  releasePrepOptionsOf,
  runtimeConfigOf,
  type Sourced,
} from '../../workflows/config/resolve-options.js';
import {
  formatReport,
  isReportFormatName,
  REPORT_FORMAT_NAMES,
  type ReportFormatName,
} from '../../workflows/report/index.js';
import {
  OrchestratedReleasePrepWorkflow,
  type ReleasePrepOptions,
} from '../../workflows/release-prep/release-prep.js';
import type { ReleaseReadinessReport } from '../../workflows/release-prep/report.js';
import { loadModelRuntime } from '../../providers/load-runtime.js';
import { BASELINE_HELP, BASELINE_OPTIONS, baselineFlags } from '../baseline-flags.js';
import { PROVIDER_HELP, PROVIDER_OPTIONS, providerFlagsFrom } from '../provider-flags.js';
import { applySandboxFlags, SANDBOX_HELP, SANDBOX_OPTIONS } from '../sandbox-flags.js';
import { parseCommandArgs, parseList, parseNumber, resolveDirectory } from '../args.js';
import { INTERRUPTED_EXIT_CODE, interruptSignal, type SignalSource } from '../interrupt.js';
import { createProgressDisplay } from '../progress.js';
import {
  COVERAGE_REPORT_HELP,
  COVERAGE_REPORT_OPTIONS,
  STORE_DIR_HELP,
  STORE_DIR_OPTIONS,
  storeReportFlags,
} from '../store-report-flags.js';
import type { CliCommand, CliIO } from '../types.js';
import { configurationInputOf, loadCommandOptions, POLICY_HELP, POLICY_OPTIONS } from '../config-flags.js';

const HELP = `Usage: empathy orchestrate release-prep [options]

Validates release readiness: security, test coverage, code quality and documentation agents
run in parallel on the project; their measurements are checked against quality gates.

Options:
  --path DIR               Project to analyse (default: current directory)
  --min-coverage N         Minimum line coverage, 0-100 (default 80)
  --min-quality N          Minimum code quality score, 0-10 (default 7)
  --max-critical N         Maximum critical security issues (default 0)
  --min-doc-coverage N     Minimum documented public symbols %, 0-100 (default 100; a warning only)
  --agents a,b             Agents to run instead of the four defaults (template ids)
  --format FORMAT          console (default), json, markdown, sarif or junit
  --json                   Same as --format json
  --output FILE            Write the report to FILE instead of stdout
  --timeout SECONDS        Deadline of every agent
  --config FILE            The repository's config file (default: empathy.config.json/.mjs/.js/.cjs or
                           package.json "empathy"); it may not set the provider, commands or outside paths
${POLICY_HELP}  --no-cache               Do not reuse cached analysis results
  --no-learn               Do not reuse proven compositions or record this run's outcome
${STORE_DIR_HELP}${COVERAGE_REPORT_HELP}${BASELINE_HELP}${PROVIDER_HELP}${SANDBOX_HELP}  -h, --help               Show this help

Exit codes: 0 release approved, 1 release blocked (a gate failed or an agent failed), 2 usage error.
`;

const OPTIONS = {
  path: { type: 'string' },
  'min-coverage': { type: 'string' },
  'min-quality': { type: 'string' },
  'max-critical': { type: 'string' },
  'min-doc-coverage': { type: 'string' },
  agents: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  output: { type: 'string' },
  timeout: { type: 'string' },
  config: { type: 'string' },
  ...POLICY_OPTIONS,
  'no-cache': { type: 'boolean' },
  'no-learn': { type: 'boolean' },
  ...STORE_DIR_OPTIONS,
  ...COVERAGE_REPORT_OPTIONS,
  ...BASELINE_OPTIONS,
  ...PROVIDER_OPTIONS,
  ...SANDBOX_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

function gateFlags(values: Values): Record<string, Sourced<number>> {
  const gates: Record<string, Sourced<number>> = {};
  const flag = (name: string, key: string, range: { min: number; max?: number; integer?: boolean }) => {
    const value = values[name];
    if (typeof value === 'string')
      gates[key] = { value: parseNumber(`--${name}`, value, range), source: `--${name}` };
  };
  flag('min-coverage', 'min_coverage', { min: 0, max: 100 });
  flag('min-quality', 'min_quality_score', { min: 0, max: 10 });
  flag('max-critical', 'max_critical_issues', { min: 0, integer: true });
  flag('min-doc-coverage', 'min_doc_coverage', { min: 0, max: 100 });
  return gates;
}

function chooseFormat(values: Values): ReportFormatName {
  const format = values['format'];
  if (values['json'] && format !== undefined && format !== 'json')
    throw new UserError('--json and --format disagree; give one of them');
  if (values['json']) return 'json';
  if (format === undefined) return 'console';
  if (typeof format !== 'string' || !isReportFormatName(format)) {
    throw new UserError(`--format must be one of ${REPORT_FORMAT_NAMES.join(', ')}, got "${String(format)}"`);
  }
  return format;
}

function writeOutput(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
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
  const root = resolveDirectory('--path', (values['path'] as string | undefined) ?? '.', io.cwd);
  const format = chooseFormat(values);
  const trusted = storeReportFlags(values, io.cwd); // --store-dir, --coverage-report: only from you
  const timeout =
    typeof values['timeout'] === 'string'
      ? parseNumber('--timeout', values['timeout'], { min: 0.001 })
      : undefined;
  const agents = typeof values['agents'] === 'string' ? parseList(values['agents']) : undefined;
  if (agents && agents.length === 0)
    throw new UserError('--agents is empty; name at least one agent, e.g. security_auditor');
  // Flags > --policy > repository config > user config > defaults, each value with its source.
  const resolved = await loadCommandOptions(values, root, io, {
    qualityGates: gateFlags(values),
    ...(agents ? { agents: { value: agents, source: '--agents' } } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: { value: timeout, source: '--timeout' } } : {}),
    ...(values['no-cache'] ? { cache: { value: false, source: '--no-cache' } } : {}),
    ...(values['no-learn'] ? { learn: { value: false, source: '--no-learn' } } : {}),
  });
  const progress = createProgressDisplay(
    io,
    io.stderrIsTTY && format === 'console' && values['output'] === undefined,
    'release-prep',
  );
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
  const workflow = new OrchestratedReleasePrepWorkflow({ ...options, ...trusted });
  const interrupt = interruptSignal(signals);
  let report: ReleaseReadinessReport;
  try {
    report = await workflow.execute({ path: root, signal: interrupt.signal });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  if (interrupt.signal.aborted) {
    io.stderr('release-prep: interrupted; agents stopped, no report written\n');
    return INTERRUPTED_EXIT_CODE;
  }
  const color = io.stdoutIsTTY && !io.env['NO_COLOR'] && values['output'] === undefined;
  const text = formatReport(report, format, { color });
  if (typeof values['output'] === 'string') {
    const file = path.resolve(io.cwd, values['output']);
    writeOutput(file, text);
    io.stderr(
      `release-prep: ${report.approved ? 'approved' : 'blocked'}; ${format} report written to ${file}\n`,
    );
  } else {
    io.stdout(text);
  }
  return report.approved ? 0 : 1;
}
