/**
 * Whether the CLI colours its output, by the conventions other tools follow (in this order):
 * `--no-color`, then `--color` (the flags win), then `NO_COLOR` (any non-empty value: off, see
 * no-color.org), then `FORCE_COLOR` (`0` or `false`: off; any other value, even empty: on),
 * then `TERM=dumb` (off), and last whether the stream is a terminal.
 *
 * @module
 */

/** The colour flags as parsed (`--color`, `--no-color`). */
export interface ColorFlags {
  color?: unknown;
  'no-color'?: unknown;
}

/** Option definitions to spread into a command's `parseArgs` options. */
export const COLOR_OPTIONS = {
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

/** Help lines of {@link COLOR_OPTIONS}. */
export const COLOR_HELP = `  --color, --no-color      Force colour on or off (default: on a terminal, unless NO_COLOR is set or
                           TERM=dumb; FORCE_COLOR=1 forces it on, FORCE_COLOR=0 off)
`;

/**
 * Decides colour for one output stream.
 *
 * @example
 * colorEnabled({}, { FORCE_COLOR: '1' }, false); // true
 * colorEnabled({ 'no-color': true }, { FORCE_COLOR: '1' }, true); // false
 */
export function colorEnabled(
  flags: ColorFlags,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (flags['no-color'] === true) return false;
  if (flags.color === true) return true;
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env['TERM'] === 'dumb') return false;
  return isTTY;
}

/**
 * Whether a live display that moves the cursor may be drawn on a stream: only on a terminal
 * that understands cursor movement (not `TERM=dumb`).
 */
export function liveDisplayAllowed(
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  return isTTY && env['TERM'] !== 'dumb';
}
