/**
 * `--baseline FILE` and `--write-baseline` of release-prep: the security findings a team has
 * accepted. Only the user names a baseline (a flag, or `analyzers.security.baselineFile` in the
 * user config), never the analysed repository's config.
 *
 * @module
 */
import path from 'node:path';
import { UserError } from '../errors.js';

/** Option definitions to spread into the command's `parseArgs` options. */
export const BASELINE_OPTIONS = {
  baseline: { type: 'string' },
  'write-baseline': { type: 'boolean' },
} as const;

/** Help lines of {@link BASELINE_OPTIONS}. */
export const BASELINE_HELP = `  --baseline FILE          Security findings accepted earlier (rule + file + hash of the line): counted
                           and listed as suppressed, not in the gate
  --write-baseline         Write this run's security findings into the --baseline FILE
`;

/**
 * Reads the flags as security analyser options (the file made absolute against `cwd`).
 *
 * @throws UserError for an empty file name, or `--write-baseline` without `--baseline`.
 * @example
 * baselineFlags({ baseline: 'accepted.json' }, '/repo'); // { baselineFile: '/repo/accepted.json' }
 */
export function baselineFlags(
  values: Record<string, unknown>,
  cwd: string,
): { baselineFile?: string; writeBaseline?: boolean } | null {
  const file = values['baseline'];
  const write = values['write-baseline'] === true;
  if (file === undefined) {
    if (write) throw new UserError('--write-baseline needs --baseline FILE (where to write it)');
    return null;
  }
  if (typeof file !== 'string' || file.trim() === '')
    throw new UserError('--baseline is empty; give a file, e.g. --baseline ~/accepted-findings.json');
  return { baselineFile: path.resolve(cwd, file), ...(write ? { writeBaseline: true } : {}) };
}
