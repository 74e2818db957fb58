/**
 * What `--print-config` shows: every resolved setting, one entry per key, with its value, the
 * label of its source (a flag, a file path, `default`) and the kind of that source (`flag`,
 * `policy`, `repository config`, `user config`, `default`), plus the files that were read and
 * the settings that were ignored. An API key written in the user config is never shown.
 *
 * @module
 */
import type { IgnoredSetting } from './trust.js';
import type { ConfigFiles, ResolvedOptions, Sourced } from './resolve-options.js';

/** The kind of place a setting came from (`environment`: a CI variable, e.g. the pull request's base). */
export type ConfigOrigin = 'flag' | 'policy' | 'repository config' | 'user config' | 'environment' | 'default';

/** One resolved setting. */
export interface ConfigEntry {
  /** Dotted key as written in the config file, e.g. `qualityGates.min_coverage`. */
  key: string;
  value: unknown;
  /** The source label: `--min-coverage`, a file path, `empathy.config.json`, `default`. */
  source: string;
  origin: ConfigOrigin;
}

/** Everything `--print-config` prints. */
export interface PrintedConfig {
  root: string;
  files: ConfigFiles;
  settings: ConfigEntry[];
  ignored: IgnoredSetting[];
}

/** Shown instead of a secret value. */
export const REDACTED = '(set, not shown)';

function originOf(source: string, files: ConfigFiles): ConfigOrigin {
  if (source === 'default') return 'default';
  if (source.startsWith('--')) return 'flag';
  if (source.startsWith('GITHUB_')) return 'environment';
  if (source === files.policy) return 'policy';
  if (source === files.user) return 'user config';
  return 'repository config';
}

/**
 * The entries of a resolution. `defaults` are the command's defaults by dotted key (e.g.
 * `qualityGates.min_coverage: 80`); a key the configuration did not set is shown with them.
 * `derived` are settings the command works out beside the configuration files (e.g. `base`
 * from `--base` or the pull request's event), each with its source.
 *
 * @example
 * printedConfig('/repo', resolved, { 'qualityGates.min_coverage': 80 }).settings[0];
 * // { key: 'qualityGates.min_coverage', value: 90, source: 'empathy.config.json', origin: 'repository config' }
 */
export function printedConfig(
  root: string,
  resolved: ResolvedOptions,
  defaults: Readonly<Record<string, unknown>> = {},
  derived: Readonly<Record<string, Sourced<unknown>>> = {},
): PrintedConfig {
  const entries = new Map<string, ConfigEntry>();
  const add = (key: string, sourced: Sourced<unknown> | null | undefined) => {
    if (sourced) entries.set(key, { key, value: sourced.value, source: sourced.source, origin: 'default' });
  };
  const addMap = (prefix: string, map: Record<string, Sourced<unknown>>) => {
    for (const [key, sourced] of Object.entries(map)) add(`${prefix}.${key}`, sourced);
  };
  addMap('qualityGates', resolved.qualityGates);
  add('agents', resolved.agents);
  addMap('tiers', resolved.tiers);
  add('timeoutSeconds', resolved.timeoutSeconds);
  addMap('agentTimeouts', resolved.agentTimeouts);
  add('cache', resolved.cache);
  add('learn', resolved.learn);
  add('include', resolved.include);
  add('exclude', resolved.exclude);
  for (const [analyzer, settings] of Object.entries(resolved.analyzers))
    addMap(`analyzers.${analyzer}`, settings);
  if (resolved.provider) {
    for (const [key, value] of Object.entries(resolved.provider.value))
      add(`provider.${key}`, {
        value: key === 'apiKey' ? REDACTED : value,
        source: resolved.provider.source,
      });
  }
  add('env', resolved.env);
  for (const [key, sourced] of Object.entries(derived)) add(key, sourced);
  for (const [key, value] of Object.entries(defaults))
    if (!entries.has(key)) entries.set(key, { key, value, source: 'default', origin: 'default' });
  const settings = [...entries.values()]
    .map((entry) => ({ ...entry, origin: originOf(entry.source, resolved.files) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { root, files: resolved.files, settings, ignored: resolved.ignored };
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The console text of {@link PrintedConfig}: one line per setting, `key = value  (origin: source)`. */
export function formatPrintedConfig(config: PrintedConfig): string {
  const width = Math.max(0, ...config.settings.map((s) => s.key.length));
  const file = (label: string, value: string | null, note = '') =>
    `  ${label.padEnd(18)}${value ?? 'none'}${note}`;
  return [
    `Configuration of ${config.root}`,
    'Files:',
    file(
      'repository config',
      config.files.repository,
      config.files.repositoryIgnored ? ' (ignored: --no-repo-config)' : '',
    ),
    file('policy', config.files.policy),
    file('user config', config.files.user),
    'Settings (strongest first: flag > policy > repository config > user config > default):',
    ...config.settings.map((s) => {
      const where = s.origin === 'default' ? 'default' : `${s.origin}: ${s.source}`;
      return `  ${s.key.padEnd(width)} = ${shown(s.value)}  (${where})`;
    }),
    ...(config.ignored.length > 0
      ? ['Ignored:', ...config.ignored.map((i) => `  ${i.key} of ${i.source}: ${i.reason}`)]
      : []),
    '',
  ].join('\n');
}

/** The JSON form of {@link PrintedConfig} (snake_case wire names). */
export function printedConfigToJSON(config: PrintedConfig): Record<string, unknown> {
  return {
    root: config.root,
    files: {
      repository: config.files.repository,
      repository_ignored: config.files.repositoryIgnored,
      policy: config.files.policy,
      user: config.files.user,
    },
    settings: config.settings,
    ignored: config.ignored,
  };
}
