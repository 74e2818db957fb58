/**
 * The trust boundary of configuration (docs/security-model.md, "Who may set what"): what the analysed repository's
 * config (and a `--policy` file) may set. Gates, thresholds, agents, tiers, include/exclude,
 * timeouts, cache/learn flags and analyser settings that name no command and no path outside
 * the repository are honoured. Provider connection settings (the whole `provider` key), the
 * environment policy, every analyser setting that names a command, and any absolute path or
 * path escaping the root come only from the user (flags, environment, the user config file):
 * from the repository they are ignored, each with a one-line reason the report shows.
 *
 * @module
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { EmpathyConfig } from './config-file.js';

/**
 * What an analyser setting is: `plain` (a number, flag or name: anyone may set it),
 * `command` (an executable or interpreter we would run: the user only), `path` (a file we
 * write or read: the repository only inside itself) or `user` (a decision about what to trust
 * or what the project's code may do: the user only; see {@link USER_ONLY_REASONS}).
 */
export type SettingKind = 'plain' | 'command' | 'path' | 'user';

/**
 * Every analyser setting, by analyser id, and its kind (from the analysers' options types:
 * src/analysis/{security,coverage,quality,refactoring,performance,architecture}).
 */
export const ANALYZER_SETTINGS: Readonly<Record<string, Readonly<Record<string, SettingKind>>>> = {
  security: {
    toolTimeoutMs: 'plain',
    banditCommand: 'command',
    npmCommand: 'command',
    auditRegistry: 'user',
    baselineFile: 'user',
    writeBaseline: 'user',
  },
  coverage: {
    timeoutSeconds: 'plain',
    forceRun: 'plain',
    pythonCandidates: 'command',
    reportFile: 'user',
    writableProject: 'user',
    runnerCache: 'user',
  },
  quality: { toolTimeoutMs: 'plain', envPath: 'command' },
  refactoring: {
    complexityLimit: 'plain',
    complexityMetric: 'plain',
    maxFileLines: 'plain',
    maxFunctionLines: 'plain',
    toolTimeoutMs: 'plain',
  },
  performance: {
    benchmarkRuns: 'plain',
    benchmarkCommand: 'command',
    benchmarkTimeoutMs: 'plain',
    baselineFile: 'path',
    updateBaseline: 'plain',
  },
  architecture: { maxCycles: 'plain' },
  documentation: {},
};

/** Why each `user` setting may not come from the repository. */
export const USER_ONLY_REASONS: Readonly<Record<string, string>> = {
  'coverage.reportFile':
    'names the coverage report to trust: only you may name one, with --coverage-report FILE',
  'coverage.writableProject': "lets the project's tests write into the repository: only you may set it",
  'coverage.runnerCache': "decides whether the project's tests may keep files for their next runs: only you may set it",
  'security.baselineFile':
    'names the security findings to accept: only you may name a baseline, with --baseline FILE or your user config',
  'security.writeBaseline': 'writes a baseline file: only you may ask for it, with --write-baseline',
  'security.auditRegistry': "names the registry that is sent the lock file's packages: only you may set it",
};

/** A setting of a config that was not honoured, and why (one line). */
export interface IgnoredSetting {
  /** Dotted key, e.g. `provider.baseURL` or `analyzers.performance.benchmarkCommand`. */
  key: string;
  reason: string;
  /** The file it came from (repository config file name or policy path). */
  source: string;
}

/** The user config file as messages name it. */
export const USER_CONFIG_DISPLAY = '~/.config/empathy/config.json';

const ONLY_YOU = `only you may set it: a flag, the environment or ${USER_CONFIG_DISPLAY}`;
const COMMAND = `names a command to run: only you may set it, in ${USER_CONFIG_DISPLAY}`;

/** Whether `target` (relative to `root`) stays inside `root`, symbolic links of existing parents followed. */
export function isInsideRoot(root: string, target: string): boolean {
  if (path.isAbsolute(target)) return false;
  const resolved = path.resolve(root, target);
  const lexical = path.relative(root, resolved);
  if (lexical.startsWith('..') || path.isAbsolute(lexical)) return false;
  let existing = resolved;
  while (!existsSync(existing) && existing !== path.dirname(existing)) existing = path.dirname(existing);
  try {
    const real = path.relative(realpathSync(root), realpathSync(existing));
    return !real.startsWith('..') && !path.isAbsolute(real);
  } catch {
    return false;
  }
}

function restrictAnalyzers(
  analyzers: Record<string, Record<string, unknown>>,
  root: string,
  ignore: (key: string, reason: string) => void,
): Record<string, Record<string, unknown>> {
  const kept: Record<string, Record<string, unknown>> = {};
  for (const [analyzer, settings] of Object.entries(analyzers)) {
    const known = ANALYZER_SETTINGS[analyzer];
    for (const [name, value] of Object.entries(settings)) {
      const key = `analyzers.${analyzer}.${name}`;
      const kind = known?.[name];
      if (kind === undefined)
        ignore(key, 'unknown analyser setting: only known settings are taken from here');
      else if (kind === 'command') ignore(key, COMMAND);
      else if (kind === 'user')
        ignore(
          key,
          USER_ONLY_REASONS[`${analyzer}.${name}`] ?? `only you may set it, in ${USER_CONFIG_DISPLAY}`,
        );
      else if (kind === 'path' && typeof value !== 'string')
        ignore(key, 'must be a path relative to the repository');
      else if (kind === 'path' && path.isAbsolute(value as string))
        ignore(key, `absolute path: only you may set it, in ${USER_CONFIG_DISPLAY}`);
      else if (kind === 'path' && !isInsideRoot(root, value as string))
        ignore(key, `path outside the repository: only you may set it, in ${USER_CONFIG_DISPLAY}`);
      else (kept[analyzer] ??= {})[name] = value;
    }
  }
  return kept;
}

/**
 * The part of a repository config (or `--policy` file) that is honoured, and the settings
 * ignored with their reasons. `source` names the file in the reasons' `source`.
 *
 * @example
 * const { config, ignored } = restrictConfig({ provider: { name: 'openai', baseURL: 'http://x' } }, '/repo', 'empathy.config.json');
 * config.provider; // undefined
 * ignored[0]; // { key: 'provider.name', reason: 'only you may set it: ...', source: 'empathy.config.json' }
 */
export function restrictConfig(
  config: EmpathyConfig,
  root: string,
  source: string,
): { config: EmpathyConfig; ignored: IgnoredSetting[] } {
  const ignored: IgnoredSetting[] = [];
  const ignore = (key: string, reason: string) => ignored.push({ key, reason, source });
  const { provider, env, analyzers, queue, $schema: _schema, ...rest } = config;
  if (provider) for (const key of Object.keys(provider)) ignore(`provider.${key}`, ONLY_YOU);
  if (queue !== undefined)
    ignore('queue', `only you may set it: --queue, EMPATHY_QUEUE or ${USER_CONFIG_DISPLAY}`);
  if (env)
    for (const key of Object.keys(env))
      ignore(`env.${key}`, `only you may set it: --keep-env/--drop-env or ${USER_CONFIG_DISPLAY}`);
  const kept: EmpathyConfig = { ...rest };
  if (analyzers) {
    const allowed = restrictAnalyzers(analyzers, root, ignore);
    if (Object.keys(allowed).length > 0) kept.analyzers = allowed;
  }
  return { config: kept, ignored };
}
