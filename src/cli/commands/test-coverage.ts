/**
 * `empathy orchestrate test-coverage`: analyses coverage gaps, generates tests, keeps only the
 * ones that pass 3 isolated runs and strictly raise coverage, and installs them as new files.
 * Exit 0 when the target is reached, 1 when not (or interrupted: 130), 2 on usage errors.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import { loadModelRuntime } from '../../providers/load-runtime.js';
import { analyzerOptionsOf, runtimeConfigOf } from '../../workflows/config/resolve-options.js';
import {
  TestCoverageBoostWorkflow,
  type TestCoverageBoostResult,
} from '../../workflows/test-coverage/index.js';
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
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  ignoredLines,
  loadCommandOptions,
  printConfigIfAsked,
  runFlags,
} from '../config-flags.js';
import { liveDisplayAllowed } from '../color.js';
import { OUTPUT_OPTIONS, outputHelp, outputPlanOf, writeOutput, writesToStdout } from '../output-flags.js';
import { textAndJsonFormats } from '../../workflows/report/registry.js';
import { PROVIDER_HELP, PROVIDER_OPTIONS, providerFlagsFrom } from '../provider-flags.js';
import { applySandboxFlags, SANDBOX_HELP, SANDBOX_OPTIONS } from '../sandbox-flags.js';
import { QUEUE_OPTIONS, queueExecutorOf } from '../queue-flags.js';

/** The output formats of the command: `console` (the summary) and `json` (the result's wire form). */
export const TEST_COVERAGE_FORMATS = textAndJsonFormats<TestCoverageBoostResult>(
  (result) => result.formatConsoleOutput(),
  (result) => result.toJSON(),
);

const HELP = `Usage: empathy orchestrate test-coverage [options]

Runs the team Coverage Analyzer -> Test Generator -> Test Validator: measures coverage, generates
tests for the gaps (offline, no model needed), keeps a test only if it passes 3 isolated runs and
strictly raises coverage, and writes the kept tests as new *.generated.test.* / test_generated_*.py
files. Existing files are never changed. With --provider, a model also writes candidate tests
(failures are fed back to it twice at most), validated like the offline ones, within --max-cost.

Options:
  --target N               Target line coverage, 0-100 (default 80)
  --path DIR               Project root (default: current directory; --project-root DIR is the same)
  --current-coverage N     The coverage you believe you have (context only; it is measured)
  --priority-modules a,b   Modules whose gaps come first
  --max-time SECONDS       Time budget of the whole run (default 600); a whole-suite test run may
                           take all of it (or analyzers.coverage.timeoutSeconds of the config),
                           one candidate's run a tenth (at least 60 s)
  --max-files N            Most source files to generate tests for, entry points first (default: all)
  --dry-run                Generate and validate, but write nothing
  --no-learn               Do not reuse a proven composition nor record this run in the learning store
${STORE_DIR_HELP}${COVERAGE_REPORT_HELP}${CONFIG_HELP}${outputHelp(TEST_COVERAGE_FORMATS)}${PROVIDER_HELP}${SANDBOX_HELP}  --queue URL              Generate and try each module's tests on workers (empathy worker) through
                           Redis: redis://HOST:PORT[/DB] or redis+unix:///path (default: EMPATHY_QUEUE,
                           the user config's "queue", else in this process); files are written here
  -h, --help               Show this help

Exit codes: 0 target reached, 1 target not reached or errors, 2 usage, configuration or internal
error, 130 interrupted.
`;

const OPTIONS = {
  target: { type: 'string' },
  path: { type: 'string' },
  'project-root': { type: 'string' },
  'current-coverage': { type: 'string' },
  'priority-modules': { type: 'string' },
  'max-time': { type: 'string' },
  'max-files': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'no-learn': { type: 'boolean' },
  ...STORE_DIR_OPTIONS,
  ...COVERAGE_REPORT_OPTIONS,
  ...CONFIG_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...PROVIDER_OPTIONS,
  ...SANDBOX_OPTIONS,
  ...QUEUE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

function num(
  values: Record<string, unknown>,
  name: string,
  range: { min: number; max?: number; integer?: boolean },
): number | undefined {
  const value = values[name];
  return typeof value === 'string' ? parseNumber(`--${name}`, value, range) : undefined;
}

/** `--path DIR`, or its alias `--project-root DIR` (the spec's name); both at once must agree. */
function projectRootOf(values: Record<string, unknown>, cwd: string): string {
  const pathFlag = values['path'];
  const alias = values['project-root'];
  if (typeof pathFlag === 'string' && typeof alias === 'string' && pathFlag !== alias)
    throw new UserError('--path and --project-root disagree; give one of them (they are the same option)');
  const given = typeof pathFlag === 'string' ? pathFlag : typeof alias === 'string' ? alias : undefined;
  return resolveDirectory(typeof pathFlag === 'string' ? '--path' : '--project-root', given ?? '.', cwd);
}

/** Runs the command with `signals` as the source of SIGINT/SIGTERM. */
export async function runTestCoverage(
  argv: string[],
  io: CliIO,
  signals: SignalSource = process,
): Promise<number> {
  const { values } = parseCommandArgs('orchestrate test-coverage', argv, OPTIONS);
  if (values['help']) {
    io.stdout(HELP);
    return 0;
  }
  await applySandboxFlags(values, io.env);
  const root = projectRootOf(values, io.cwd);
  const target = num(values, 'target', { min: 0, max: 100 });
  const current = num(values, 'current-coverage', { min: 0, max: 100 });
  const maxTime = num(values, 'max-time', { min: 1 });
  const maxFiles = num(values, 'max-files', { min: 1, integer: true });
  const priorities =
    typeof values['priority-modules'] === 'string' ? parseList(values['priority-modules']) : [];
  if (typeof values['priority-modules'] === 'string' && priorities.length === 0) {
    throw new UserError(
      '--priority-modules is empty; name at least one module, e.g. --priority-modules auth,payment',
    );
  }
  const output = outputPlanOf(values, TEST_COVERAGE_FORMATS, io);
  const trusted = storeReportFlags(values, io.cwd); // --store-dir, --coverage-report: only from you
  const resolved = await loadCommandOptions(values, root, io, runFlags(values)); // --no-learn
  if (await printConfigIfAsked(values, root, io, resolved)) return 0;
  for (const line of ignoredLines(resolved)) io.stderr(`test-coverage: ${line}\n`);
  // The coverage analyser's timeoutSeconds of the configuration: the deadline of a whole-suite run.
  const configuredTimeout = analyzerOptionsOf(resolved)['coverage']?.['timeoutSeconds'];
  const modelRuntime = await loadModelRuntime(runtimeConfigOf(resolved), providerFlagsFrom(values), io.env);
  const progress = createProgressDisplay(
    io,
    liveDisplayAllowed(io.env, io.stderrIsTTY) && writesToStdout(output) && output.formats[0] === 'console',
    'test-coverage',
  );
  const executor = await queueExecutorOf(values, io);
  const interrupt = interruptSignal(signals);
  let result: TestCoverageBoostResult;
  try {
    const workflow = new TestCoverageBoostWorkflow({
      projectRoot: root,
      ...(target !== undefined ? { targetCoverage: target } : {}),
      ...(maxTime !== undefined ? { maxTimeSeconds: maxTime } : {}),
      ...(maxFiles !== undefined ? { maxFiles } : {}),
      ...(typeof configuredTimeout === 'number' ? { coverageTimeoutSeconds: configuredTimeout } : {}),
      dryRun: values['dry-run'] === true,
      savePatterns: resolved.learn.value,
      ...trusted,
      modelRuntime,
      ...(executor ? { executor } : {}),
      onProgress: (event) => {
        if (event.type !== 'candidate') progress.onEvent(event);
      },
    });
    result = await workflow.execute({
      ...(current !== undefined ? { currentCoverage: current } : {}),
      priorityModules: priorities,
      signal: interrupt.signal,
    });
    if (executor?.lostError) throw executor.lostError;
  } finally {
    progress.stop();
    interrupt.dispose();
    if (interrupt.signal.aborted) await executor?.cancel(); // every worker stops the run's jobs
    await executor?.close();
  }
  await writeOutput(io, output, TEST_COVERAGE_FORMATS, result, { command: 'test-coverage', options: {} });
  if (result.interrupted) return INTERRUPTED_EXIT_CODE;
  return result.targetReached && result.errors.length === 0 ? 0 : 1;
}

/** The `orchestrate test-coverage` command. */
export const testCoverageCommand: CliCommand = {
  name: 'orchestrate test-coverage',
  summary: 'Generate tests that pass and raise coverage (analyse -> generate -> validate)',
  run: (argv, io) => runTestCoverage(argv, io),
};
