/**
 * The configuration files the user controls: the user config
 * (`$EMPATHY_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/empathy/config.json`, else
 * `~/.config/empathy/config.json`) and a `--policy FILE`. Both are JSON only (never code we
 * would have to evaluate) and use the schema of the repository config. The user config may
 * hold everything (provider, commands, absolute paths, the environment policy); a policy file
 * sets gates, agents and the other settings a repository may set, and wins over the
 * repository's.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { parseConfig, readJsonFile, type LoadedConfig } from './config-file.js';

function absoluteOrNull(value: string | undefined): string | null {
  return value !== undefined && value !== '' && path.isAbsolute(value) ? path.normalize(value) : null;
}

/**
 * The path of the user config file (whether or not it exists). `EMPATHY_CONFIG_DIR` names the
 * directory itself (tests and CI); relative `XDG_CONFIG_HOME` values are ignored, as the XDG
 * specification asks. Only the given environment is read (never `os.homedir()`): an
 * environment with none of these variables and no `HOME` has no user config (`null`).
 *
 * @example
 * userConfigPath({ XDG_CONFIG_HOME: '/home/ada/.config' }); // '/home/ada/.config/empathy/config.json'
 */
export function userConfigPath(env: Readonly<Record<string, string | undefined>>): string | null {
  const explicit = env['EMPATHY_CONFIG_DIR'];
  if (explicit !== undefined && explicit !== '') return path.join(path.resolve(explicit), 'config.json');
  const xdg = absoluteOrNull(env['XDG_CONFIG_HOME']);
  if (xdg) return path.join(xdg, 'empathy', 'config.json');
  const home = absoluteOrNull(env['HOME']);
  return home === null ? null : path.join(home, '.config', 'empathy', 'config.json');
}

/** Loads the user config of `env`, or `{ config: {}, file: null }` when there is none. */
export function loadUserConfig(env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  const file = userConfigPath(env);
  if (file === null || !existsSync(file)) return { config: {}, file: null };
  return { config: parseConfig(readJsonFile(file, file), file), file };
}

/**
 * Loads a `--policy FILE` (resolved against `cwd`; JSON only; it must exist).
 *
 * @throws UserError when the file is missing, not JSON or not a valid configuration.
 */
export function loadPolicyFile(file: string, cwd: string): LoadedConfig {
  if (file === '') throw new UserError('--policy is empty; give a JSON file, e.g. --policy policy.json');
  const resolved = path.resolve(cwd, file);
  if (!existsSync(resolved)) throw new UserError(`--policy ${file}: no such file`);
  if (!resolved.endsWith('.json'))
    throw new UserError(`--policy ${file}: a policy file is JSON only (e.g. empathy-policy.json)`);
  return {
    config: parseConfig(readJsonFile(resolved, `--policy ${file}`), `--policy ${file}`),
    file: resolved,
  };
}
