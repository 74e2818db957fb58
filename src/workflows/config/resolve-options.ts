/**
 * The one options resolver of the commands that read configuration (release-prep,
 * test-coverage, `orchestrate run`). It merges, keeping the source of every value:
 *
 * - gates, thresholds, agents, tiers, timeouts, include/exclude, cache/learn and plain analyser
 *   settings: flags > `--policy FILE` > repository config > user config > defaults;
 * - provider connection settings, commands, paths outside the repository and the environment
 *   policy: flags > environment > user config > defaults (the repository's and the policy's
 *   are ignored and listed, see trust.ts; flags and environment are applied by the provider
 *   settings and the analysers).
 *
 * Sources are labels: a flag (`--min-coverage`), the policy file's path, the repository config
 * file's name (`empathy.config.json`), the user config's path, or `default` (absent here).
 *
 * @module
 */
import path from 'node:path';
import type { EnvPolicy } from '../../core/sandbox/env.js';
import { UserError } from '../../errors.js';
import type { ProviderConfig } from '../../providers/settings.js';
import type { Tier } from '../../types.js';
import type { ReleasePrepOptions } from '../release-prep/release-prep.js';
import { loadConfig, type EmpathyConfig, type LoadedConfig } from './config-file.js';
import { restrictConfig, type IgnoredSetting } from './trust.js';
import { loadPolicyFile, loadUserConfig } from './user-config.js';

/** A value and where it came from. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** Settings given on the command line, each with its flag as source. */
export interface OptionFlags {
  qualityGates?: Record<string, Sourced<number>>;
  agents?: Sourced<string[]>;
  timeoutSeconds?: Sourced<number>;
  cache?: Sourced<boolean>;
  learn?: Sourced<boolean>;
}

/** The configuration layers, as loaded (`repo` null with `--no-repo-config`). */
export interface ConfigLayers {
  root: string;
  repo: LoadedConfig | null;
  policy: LoadedConfig | null;
  user: LoadedConfig | null;
  flags?: OptionFlags;
}

/** The files that were read (null: none). */
export interface ConfigFiles {
  repository: string | null;
  policy: string | null;
  user: string | null;
  /** True when `--no-repo-config` was given. */
  repositoryIgnored: boolean;
}

/** Every resolved setting with its source; absent keys mean "the default". */
export interface ResolvedOptions {
  qualityGates: Record<string, Sourced<number>>;
  agents: Sourced<string[]> | null;
  tiers: Record<string, Sourced<Tier>>;
  agentTimeouts: Record<string, Sourced<number>>;
  timeoutSeconds: Sourced<number> | null;
  cache: Sourced<boolean>;
  learn: Sourced<boolean>;
  include: Sourced<string[]> | null;
  exclude: Sourced<string[]> | null;
  analyzers: Record<string, Record<string, Sourced<unknown>>>;
  /** The user's provider settings (never the repository's or the policy's). */
  provider: Sourced<ProviderConfig> | null;
  /** The user's `--keep-env`/`--drop-env` lists from the user config. */
  env: Sourced<EnvPolicy> | null;
  /** Settings of the repository config or the policy that were not honoured. */
  ignored: IgnoredSetting[];
  files: ConfigFiles;
}

/** The label of a repository config file: its name relative to the root, or its path when it lies above the root (`package.json "empathy"` for the key). */
export function repoSourceLabel(root: string, file: string): string {
  const relative = path.relative(root, file);
  const name = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return path.basename(name) === 'package.json' ? `${name} "empathy"` : name;
}

function overlay(resolved: ResolvedOptions, config: EmpathyConfig, source: string): void {
  const at = <T>(value: T): Sourced<T> => ({ value, source });
  for (const [key, value] of Object.entries(config.qualityGates ?? {}))
    resolved.qualityGates[key] = at(value);
  for (const [key, value] of Object.entries(config.tiers ?? {})) resolved.tiers[key] = at(value);
  for (const [key, value] of Object.entries(config.agentTimeouts ?? {}))
    resolved.agentTimeouts[key] = at(value);
  if (config.agents) resolved.agents = at(config.agents);
  if (config.timeoutSeconds !== undefined) resolved.timeoutSeconds = at(config.timeoutSeconds);
  if (config.cache !== undefined) resolved.cache = at(config.cache);
  if (config.learn !== undefined) resolved.learn = at(config.learn);
  if (config.include) resolved.include = at(config.include);
  if (config.exclude) resolved.exclude = at(config.exclude);
  for (const [analyzer, settings] of Object.entries(config.analyzers ?? {}))
    for (const [key, value] of Object.entries(settings))
      (resolved.analyzers[analyzer] ??= {})[key] = at(value);
}

/**
 * Merges the layers (pure: no file is read here).
 *
 * @example
 * const resolved = resolveOptions({ root, repo, policy: null, user, flags: { qualityGates: { min_coverage: { value: 90, source: '--min-coverage' } } } });
 * resolved.qualityGates.min_coverage; // { value: 90, source: '--min-coverage' }
 */
export function resolveOptions(layers: ConfigLayers): ResolvedOptions {
  const resolved: ResolvedOptions = {
    qualityGates: {},
    agents: null,
    tiers: {},
    agentTimeouts: {},
    timeoutSeconds: null,
    cache: { value: true, source: 'default' },
    learn: { value: true, source: 'default' },
    include: null,
    exclude: null,
    analyzers: {},
    provider: null,
    env: null,
    ignored: [],
    files: {
      repository: layers.repo?.file ?? null,
      policy: layers.policy?.file ?? null,
      user: layers.user?.file ?? null,
      repositoryIgnored: layers.repo === null,
    },
  };
  const user = layers.user;
  if (user?.file) {
    overlay(resolved, user.config, user.file);
    if (user.config.provider) resolved.provider = { value: user.config.provider, source: user.file };
    if (user.config.env) resolved.env = { value: user.config.env, source: user.file };
  }
  if (layers.repo?.file) {
    const label = repoSourceLabel(layers.root, layers.repo.file);
    const { config, ignored } = restrictConfig(layers.repo.config, layers.root, label);
    overlay(resolved, config, label);
    resolved.ignored.push(...ignored);
  }
  if (layers.policy?.file) {
    const { config, ignored } = restrictConfig(layers.policy.config, layers.root, layers.policy.file);
    overlay(resolved, config, layers.policy.file);
    resolved.ignored.push(
      ...ignored.map((i) => ({
        ...i,
        reason: `${i.reason} (a policy file sets gates, agents and the repository's settings)`,
      })),
    );
  }
  const flags = layers.flags ?? {};
  Object.assign(resolved.qualityGates, flags.qualityGates ?? {});
  if (flags.agents) resolved.agents = flags.agents;
  if (flags.timeoutSeconds) resolved.timeoutSeconds = flags.timeoutSeconds;
  if (flags.cache) resolved.cache = flags.cache;
  if (flags.learn) resolved.learn = flags.learn;
  return resolved;
}

/** What {@link loadOptions} reads. */
export interface LoadOptionsRequest {
  root: string;
  /** Directory relative `--config`/`--policy` paths are resolved against. */
  cwd: string;
  /** The environment: the user config's location, and a config module's scrubbed environment. */
  env: Record<string, string | undefined>;
  /** `--config FILE`: the repository config file to read. */
  configFile?: string;
  /** `--policy FILE`. */
  policyFile?: string;
  /** `--no-repo-config`. */
  noRepoConfig?: boolean;
  flags?: OptionFlags;
}

/**
 * Reads the user config, the policy and the repository config, and resolves them.
 *
 * @throws UserError on a bad file, or `--config` together with `--no-repo-config`.
 */
export async function loadOptions(request: LoadOptionsRequest): Promise<ResolvedOptions> {
  if (request.noRepoConfig && request.configFile !== undefined)
    throw new UserError('--config and --no-repo-config disagree; give one of them');
  const user = loadUserConfig(request.env);
  const policy = request.policyFile === undefined ? null : loadPolicyFile(request.policyFile, request.cwd);
  const repo = request.noRepoConfig
    ? null
    : await loadConfig(request.root, request.configFile, { env: request.env });
  return resolveOptions({
    root: request.root,
    repo,
    policy,
    user,
    ...(request.flags ? { flags: request.flags } : {}),
  });
}

/** Plain values of a map of sourced values. */
export function valuesOf<T>(map: Record<string, Sourced<T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).map(([key, sourced]) => [key, sourced.value]));
}

/** The analyser options of a resolution, as `createAnalysisServices` takes them. */
export function analyzerOptionsOf(resolved: ResolvedOptions): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(resolved.analyzers).map(([analyzer, settings]) => [analyzer, valuesOf(settings)]),
  );
}

/** The runtime config of the model runtime: the user's provider and the run's excludes. */
export function runtimeConfigOf(resolved: ResolvedOptions): {
  provider?: ProviderConfig;
  exclude?: string[];
} {
  return {
    ...(resolved.provider ? { provider: resolved.provider.value } : {}),
    ...(resolved.exclude ? { exclude: resolved.exclude.value } : {}),
  };
}

/**
 * The release-prep workflow options of a resolution (everything but the model runtime and the
 * progress callback). Tiers are passed only when set, since given tiers make the team explicit.
 */
export function releasePrepOptionsOf(resolved: ResolvedOptions): ReleasePrepOptions {
  const tiers = valuesOf(resolved.tiers);
  const agentTimeouts = valuesOf(resolved.agentTimeouts);
  const analyzerOptions = analyzerOptionsOf(resolved);
  return {
    qualityGates: valuesOf(resolved.qualityGates),
    ...(resolved.agents ? { agentIds: resolved.agents.value } : {}),
    ...(Object.keys(tiers).length > 0 ? { tiers } : {}),
    ...(Object.keys(agentTimeouts).length > 0 ? { agentTimeouts } : {}),
    ...(resolved.timeoutSeconds ? { timeoutSeconds: resolved.timeoutSeconds.value } : {}),
    cache: resolved.cache.value,
    learn: resolved.learn.value,
    ...(resolved.include ? { include: resolved.include.value } : {}),
    ...(resolved.exclude ? { exclude: resolved.exclude.value } : {}),
    ...(Object.keys(analyzerOptions).length > 0 ? { analyzerOptions } : {}),
  };
}
