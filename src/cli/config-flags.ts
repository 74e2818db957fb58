/**
 * The configuration options of the commands that read configuration (`orchestrate
 * release-prep`, `orchestrate test-coverage`, `orchestrate run`): `--policy FILE` (a JSON config
 * outside the repository whose gates and agents win over the repository's) and
 * `--no-repo-config` (ignore the repository's config entirely), read through the one options
 * resolver (workflows/config/resolve-options.ts) together with `--config FILE` and the user
 * config.
 *
 * @module
 */
import { configureSandbox, sandboxPolicy } from '../core/sandbox/index.js';
import { loadOptions, type OptionFlags, type ResolvedOptions } from '../workflows/config/resolve-options.js';
import type { ConfigurationInput } from '../workflows/release-prep/configuration.js';
import type { CliIO } from './types.js';

/** Option definitions to spread into a command's `parseArgs` options. */
export const POLICY_OPTIONS = {
  policy: { type: 'string' },
  'no-repo-config': { type: 'boolean' },
} as const;

/** Help lines of {@link POLICY_OPTIONS}. */
export const POLICY_HELP = `  --policy FILE            JSON config outside the repository (e.g. from the default branch in CI):
                           its gates, agents and thresholds win over the repository's config
  --no-repo-config         Ignore the repository's config (empathy.config.*, package.json "empathy")
`;

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
