/**
 * Contained execution of project code (docs/security-model.md): the project's tests, benchmark
 * commands and the test generator's exploration all run through {@link runContained}, with
 * the environment scrubbed of credentials, `HOME` and `TMPDIR` in a scratch directory of the
 * run, and, where bubblewrap works, a read-only file system except the given writable
 * directories (`/tmp` is read-only too: `TMPDIR` is the run's scratch directory) and no network.
 *
 * The mode is `auto` by default (bubblewrap when it works, otherwise the scrubbed environment
 * only, and the report says so), `require` (refuse to run project code without bubblewrap) or
 * `off` (no bubblewrap: for a repository you trust whose tests need the network or write into
 * the tree). The environment is scrubbed in every mode.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../../errors.js';
import { findExecutable, runCommand, type RunCommandOptions, type RunCommandResult } from '../run-command.js';
import { bubblewrapArgs, probeBubblewrap } from './bubblewrap.js';
import { scrubEnv, type EnvPolicy } from './env.js';
import { prepareScratchMounts } from './tool-state.js';

export { ALLOWED_ENV, isCredentialName, scrubEnv } from './env.js';
export type { EnvPolicy, ScrubbedEnv } from './env.js';
export { HIDDEN_HOME_PATHS, probeBubblewrap } from './bubblewrap.js';
export { NODE_MODULES_CACHES, TOOL_STATE_DIRS, projectCacheDirs, toolStateDirs } from './tool-state.js';

/** How strictly project code is contained. */
export type SandboxMode = 'auto' | 'require' | 'off';

/** The names of {@link SandboxMode}, for option parsing. */
export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'require', 'off'];

/** What the user decided about containment (flags, user config). */
export interface SandboxPolicy {
  mode: SandboxMode;
  env?: EnvPolicy;
}

/** Which containment a run had, for the report. */
export interface Containment {
  kind: 'bubblewrap' | 'none';
  /** One line for the report, e.g. why bubblewrap did not run. */
  detail: string;
  /** How many of our environment variables were withheld. */
  envRemoved: number;
}

let defaultPolicy: SandboxPolicy = { mode: 'auto' };

/**
 * Sets the policy used when a call does not pass one (the CLI sets it from `--sandbox`,
 * `--keep-env`, `--drop-env` and the user config). Returns the previous policy.
 *
 * @example
 * configureSandbox({ mode: 'require', env: { keep: ['DATABASE_URL'] } });
 */
export function configureSandbox(policy: SandboxPolicy): SandboxPolicy {
  const previous = defaultPolicy;
  defaultPolicy = policy;
  return previous;
}

/** The policy in force. */
export function sandboxPolicy(): SandboxPolicy {
  return defaultPolicy;
}

/** Options of {@link runContained}. */
export interface ContainedRunOptions extends Omit<RunCommandOptions, 'env' | 'replaceEnv'> {
  /** The run's scratch directory: `HOME` and `TMPDIR`, always writable. Created by the caller. */
  scratch: string;
  /** More directories the run may write (its coverage output, a scratch copy of the project). */
  writable?: readonly string[];
  /**
   * Cache and tool state directories inside a read-only project that the run may fill, for this
   * run only (under bubblewrap a cache gets an empty throw-away file system, an existing state
   * folder a throw-away copy of itself; a missing one is created first and removed afterwards
   * when it is still empty). See `projectCacheDirs` (tool-state.ts).
   */
  cacheDirs?: readonly string[];
  /** Variables of ours on top of the scrubbed environment (`undefined` removes one). */
  env?: Record<string, string | undefined>;
  /** Defaults to the policy set by {@link configureSandbox}. */
  policy?: SandboxPolicy;
  /** Lets the run reach the network (a dependency install from a registry); default false. */
  network?: boolean;
}

/** {@link RunCommandResult} plus the containment the run had. */
export interface ContainedRunResult extends RunCommandResult {
  containment: Containment;
}

/** A project's dependency folders, which a scratch copy links to rather than copies. */
export const LINKED_DIRS: readonly string[] = ['node_modules', '.venv', 'venv'];

/**
 * Runs `command args` contained. Throws {@link ToolError} when the policy requires bubblewrap
 * and it cannot run here; never runs the program uncontained in that case.
 *
 * @example
 * const r = await runContained('npm', ['test'], { cwd: repo, scratch: tmp, writable: [outDir], timeoutMs: 300_000 });
 * r.containment.kind; // 'bubblewrap' or 'none'
 */
export async function runContained(command: string, args: string[], options: ContainedRunOptions): Promise<ContainedRunResult> {
  const policy = options.policy ?? defaultPolicy;
  const { env, removed } = scrubEnv(process.env, { scratch: options.scratch, ...(policy.env ? { policy: policy.env } : {}), ...(options.env ? { extra: options.env } : {}) });
  const writable = [options.scratch, ...(options.writable ?? [])].map((p) => realpathSync(p));
  const base = { cwd: options.cwd, env, replaceEnv: true, timeoutMs: options.timeoutMs, signal: options.signal, maxOutputBytes: options.maxOutputBytes, input: options.input, onOutput: options.onOutput } satisfies RunCommandOptions;
  if (policy.mode === 'off') {
    const result = await runCommand(command, args, base);
    return { ...result, containment: { kind: 'none', detail: 'sandbox switched off (--sandbox off): project code ran with your file access and network', envRemoved: removed.length } };
  }
  const probe = await probeBubblewrap();
  if (!probe.path) {
    if (policy.mode === 'require') throw new ToolError('bubblewrap', `${probe.problem ?? 'bubblewrap unavailable'}; --sandbox require refuses to run project code without it`);
    const result = await runCommand(command, args, base);
    return { ...result, containment: { kind: 'none', detail: `not contained: ${probe.problem ?? 'bubblewrap unavailable'}; project code ran with your file access and network (credentials withheld)`, envRemoved: removed.length } };
  }
  // bubblewrap would start and then fail to exec a missing program: say it as runCommand does.
  if (!findExecutable(command, env['PATH'] ?? '')) throw new ToolError(path.basename(command), `cannot run ${command}: not found (is it installed and on PATH?)`);
  const mounts = await prepareScratchMounts(options.cacheDirs ?? [], writable[0]!);
  const network = options.network === true;
  const wrapped = [...bubblewrapArgs({ writable, scratchMounts: mounts.empty, copies: mounts.copies, cwd: realpathSync(options.cwd), network }), '--', command, ...args];
  const result = await runCommand(probe.path, wrapped, base).finally(() => mounts.cleanUp());
  return {
    ...result,
    command,
    args,
    containment: { kind: 'bubblewrap', detail: `bubblewrap: read-only file system except the run's own output, ${network ? 'network allowed' : 'no network'}, credentials withheld`, envRemoved: removed.length },
  };
}

/** How the test generator's two kinds of project code are contained under a policy, for its result. */
export interface PlannedContainment {
  /** Explored functions: always the in-process guard, plus bubblewrap when it runs. */
  exploration: string;
  /** Test runs (baseline, candidates, final suite). */
  test_runs: string;
}

/**
 * What {@link runContained} will do under `policy`, in words, before anything runs.
 *
 * @example
 * (await plannedContainment()).test_runs; // 'bubblewrap' or 'not contained: bubblewrap is not installed ...'
 */
export async function plannedContainment(policy: SandboxPolicy = defaultPolicy): Promise<PlannedContainment> {
  const probe = policy.mode === 'off' ? null : await probeBubblewrap();
  const why = policy.mode === 'off' ? 'sandbox switched off (--sandbox off)' : (probe?.problem ?? '');
  const bwrap = probe?.path !== null && probe !== null;
  return {
    exploration: bwrap ? 'bubblewrap and the in-process guard' : `the in-process guard only (${why})`,
    test_runs: bwrap ? 'bubblewrap' : `not contained: ${why}; credentials withheld`,
  };
}

/** One line for reports: which containment ran. */
export function describeContainment(c: Containment): string {
  return `${c.detail} (${c.envRemoved} environment variable${c.envRemoved === 1 ? '' : 's'} withheld)`;
}
