/**
 * The configuration options of the commands that read configuration (`orchestrate
 * release-prep`, `orchestrate test-coverage`, `orchestrate run`, `providers`): `--config FILE`
 * (the repository's config file instead of the one discovered), `--policy FILE` (a JSON config
 * outside the repository whose gates and agents win over the repository's),
 * `--no-repo-config` (ignore the repository's config entirely) and `--print-config` (print the
 * resolved settings with their sources and stop), read through the one options resolver
 * (workflows/config/resolve-options.ts) together with the user config.
 *
 * @module
 */
import { configureSandbox, sandboxPolicy } from '../core/sandbox/index.js';
import { loadOptions, type OptionFlags, type ResolvedOptions, type Sourced } from '../workflows/config/resolve-options.js';
import {
  formatPrintedConfig,
  printedConfig,
  printedConfigToJSON,
  type PrintedConfig,
} from '../workflows/config/print-config.js';
import type { ConfigurationInput } from '../workflows/release-prep/configuration.js';
import { textAndJsonFormats } from '../workflows/report/registry.js';
import { outputPlanOf, writeOutput } from './output-flags.js';
import { parseNumber } from './args.js';
import type { CliIO } from './types.js';

/** A numeric flag that sets one configuration key (e.g. `--min-coverage` -> `min_coverage`), with its range. */
export interface NumberFlag {
  flag: string;
  key: string;
  range: { min: number; max?: number; integer?: boolean };
}

/**
 * The flags of `table` given in `values`, keyed by their configuration key, each with its value
 * and its source (the flag), for the options resolver.
 *
 * @throws UserError for a value that is not a number in the flag's range.
 */
export function numberFlags(values: Record<string, unknown>, table: readonly NumberFlag[]): Record<string, Sourced<number>> {
  const out: Record<string, Sourced<number>> = {};
  for (const { flag, key, range } of table) {
    const value = values[flag];
    if (typeof value === 'string') out[key] = { value: parseNumber(`--${flag}`, value, range), source: `--${flag}` };
  }
  return out;
}

/** Option definitions to spread into a command's `parseArgs` options. */
export const CONFIG_OPTIONS = {
  config: { type: 'string' },
  policy: { type: 'string' },
  'no-repo-config': { type: 'boolean' },
  'print-config': { type: 'boolean' },
} as const;

/** Help lines of {@link CONFIG_OPTIONS}. */
export const CONFIG_HELP = `  --config FILE            The repository's config file (default: the first empathy.config.json/.mjs/
                           .js/.cjs or package.json "empathy" found from the project up to the
                           repository root); it may not set the provider, commands or outside paths
  --policy FILE            JSON config outside the repository (e.g. from the default branch in CI):
                           its gates, agents and thresholds win over the repository's config
  --no-repo-config         Ignore the repository's config (empathy.config.*, package.json "empathy")
  --print-config           Print the resolved settings with the source of each and stop
                           (--format console or json)
`;

/** The formats of `--print-config`. */
export const PRINT_CONFIG_FORMATS = textAndJsonFormats<PrintedConfig>(
  formatPrintedConfig,
  printedConfigToJSON,
);

/**
 * With `--print-config`: writes the resolved settings (with `defaults` for the keys nothing
 * set, and the command's `derived` settings) through the output flags and returns true;
 * otherwise returns false. Without `resolved` the options are loaded here (see
 * {@link loadCommandOptions}).
 */
export async function printConfigIfAsked(
  values: Record<string, unknown>,
  root: string,
  io: CliIO,
  resolved: ResolvedOptions | undefined,
  defaults: Readonly<Record<string, unknown>> = {},
  derived: Readonly<Record<string, Sourced<unknown>>> = {},
): Promise<boolean> {
  if (values['print-config'] !== true) return false;
  const plan = outputPlanOf(values, PRINT_CONFIG_FORMATS, io);
  const options = resolved ?? (await loadCommandOptions(values, root, io));
  await writeOutput(io, plan, PRINT_CONFIG_FORMATS, printedConfig(root, options, defaults, derived), {
    command: 'config',
    options: {},
  });
  return true;
}

/**
 * The run settings a command's flags give, each with its flag as source, for the options
 * resolver: `--timeout SECONDS`, `--no-cache`, `--no-learn` (each only when the command has it
 * and it was given). Configuration may set the same keys (`timeoutSeconds`, `cache`, `learn`);
 * a flag wins.
 *
 * @throws UserError when `--timeout` is not a positive number.
 * @example
 * runFlags({ timeout: '30', 'no-learn': true }); // { timeoutSeconds: { value: 30, source: '--timeout' }, learn: { value: false, source: '--no-learn' } }
 */
export function runFlags(values: Record<string, unknown>): OptionFlags {
  const timeout = values['timeout'];
  return {
    ...(typeof timeout === 'string'
      ? { timeoutSeconds: { value: parseNumber('--timeout', timeout, { min: 0.001 }), source: '--timeout' } }
      : {}),
    ...(values['no-cache'] === true ? { cache: { value: false, source: '--no-cache' } } : {}),
    ...(values['no-learn'] === true ? { learn: { value: false, source: '--no-learn' } } : {}),
  };
}

/**
 * Reads the user config, `--policy`, and the repository config (unless `--no-repo-config`;
 * `--config FILE` when the command has it) and resolves them with the command's `flags`. The
 * user config's `env.keep`/`env.drop` lists are added to the sandbox policy in force (set by
 * `--keep-env`/`--drop-env`, see sandbox-flags.ts).
 *
 * @throws UserError on a bad file or conflicting options.
 */
export async function loadCommandOptions(
  values: Record<string, unknown>,
  root: string,
  io: CliIO,
  flags: OptionFlags = {},
): Promise<ResolvedOptions> {
  const configFile = values['config'];
  const policyFile = values['policy'];
  const resolved = await loadOptions({
    root,
    cwd: io.cwd,
    env: io.env,
    ...(typeof configFile === 'string' ? { configFile } : {}),
    ...(typeof policyFile === 'string' ? { policyFile } : {}),
    noRepoConfig: values['no-repo-config'] === true,
    flags,
  });
  if (resolved.env) {
    const policy = sandboxPolicy();
    const merge = (mine: readonly string[] | undefined, flagged: readonly string[] | undefined) => [
      ...new Set([...(mine ?? []), ...(flagged ?? [])]),
    ];
    configureSandbox({
      ...policy,
      env: {
        keep: merge(resolved.env.value.keep, policy.env?.keep),
        drop: merge(resolved.env.value.drop, policy.env?.drop),
      },
    });
  }
  return resolved;
}

/**
 * One line per setting of the repository config or the policy that was ignored, for commands
 * whose output has no configuration section (test-coverage, `orchestrate run`).
 */
export function ignoredLines(resolved: ResolvedOptions): string[] {
  return resolved.ignored.map((i) => `${i.key} of ${i.source} ignored: ${i.reason}`);
}

/** What the release report shows of a resolution (see release-prep/configuration.ts). */
export function configurationInputOf(resolved: ResolvedOptions): ConfigurationInput {
  return {
    files: resolved.files,
    thresholdSources: Object.fromEntries(
      Object.entries(resolved.qualityGates).map(([key, sourced]) => [key, sourced.source]),
    ),
    agentsSource: resolved.agents?.source ?? 'default',
    ignored: resolved.ignored,
  };
}
