/**
 * Flags of the gates on new code (release-prep): `--base REF` and the thresholds
 * `--min-new-coverage`, `--max-new-critical`, `--min-new-quality`, `--new-code-min-lines`
 * (the same keys as `qualityGates` in the config files). In GitHub Actions the pull request's
 * base is used without `--base`; `--no-base` turns that off.
 *
 * @module
 */
import { UserError } from '../errors.js';
import type { Sourced } from '../workflows/config/resolve-options.js';
import { resolveBaseRef, type BaseRef } from '../workflows/new-code/base-ref.js';
import { numberFlags, type NumberFlag } from './config-flags.js';

/** Option definitions to spread into the command's `parseArgs` options. */
export const NEW_CODE_OPTIONS = {
  base: { type: 'string' },
  'no-base': { type: 'boolean' },
  'min-new-coverage': { type: 'string' },
  'max-new-critical': { type: 'string' },
  'min-new-quality': { type: 'string' },
  'new-code-min-lines': { type: 'string' },
} as const;

/** Help lines of {@link NEW_CODE_OPTIONS}. */
export const NEW_CODE_HELP = `  --base REF               Gate the code changed since REF (git diff against the merge base); in a
                           GitHub Actions pull request the base is found by itself (--no-base: off)
  --min-new-coverage N     Minimum coverage of the changed executable lines, 0-100 (default 80)
  --max-new-critical N     Maximum critical security findings on changed lines (default 0)
  --min-new-quality N      Minimum quality score of the changed files, 0-10 (default 7)
  --new-code-min-lines N   A change with fewer executable lines is stated, not gated (default 0)
`;

/** The new-code threshold flags and the `qualityGates` keys they set. */
const NEW_CODE_GATE_FLAGS: readonly NumberFlag[] = [
  { flag: 'min-new-coverage', key: 'min_new_coverage', range: { min: 0, max: 100 } },
  { flag: 'max-new-critical', key: 'max_new_critical', range: { min: 0, integer: true } },
  { flag: 'min-new-quality', key: 'min_new_quality_score', range: { min: 0, max: 10 } },
  { flag: 'new-code-min-lines', key: 'new_code_min_lines', range: { min: 0, integer: true } },
];

/** The new-code thresholds given as flags, with their source (for the options resolver). */
export function newCodeGateFlags(values: Record<string, unknown>): Record<string, Sourced<number>> {
  return numberFlags(values, NEW_CODE_GATE_FLAGS);
}

/**
 * The base of the new-code gates: `--base`, else the pull request's base in GitHub Actions,
 * else none.
 *
 * @throws UserError for an empty `--base` or `--base` with `--no-base`.
 */
export function baseFlag(values: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>): BaseRef | null {
  const given = values['base'];
  if (values['no-base'] === true) {
    if (given !== undefined) throw new UserError('--base and --no-base disagree; give one of them');
    return null;
  }
  if (given !== undefined && (typeof given !== 'string' || given.trim() === ''))
    throw new UserError('--base is empty; give a branch, tag or commit, e.g. --base origin/main');
  return resolveBaseRef(typeof given === 'string' ? given.trim() : undefined, env);
}
