/**
 * Argument parsing helpers for CLI commands: node:util `parseArgs` in strict mode, with
 * its errors turned into one-line {@link UserError}s, plus validated numeric options.
 *
 * @module
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.js';

/** Option definitions as node:util `parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed values and positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` strictly. Unknown options, missing values and unexpected positionals are
 * a {@link UserError} naming the command and pointing at its `--help`.
 */
export function parseCommandArgs(
  command: string,
  argv: string[],
  options: OptionSpec,
  { maxPositionals = 0 }: { maxPositionals?: number } = {},
): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true }) as ParsedArgs;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(`${command}: ${cleanParseMessage(message ?? '')} (see: empathy ${command} --help)`);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).join(' ');
    throw new UserError(`${command}: unexpected argument "${extra}" (see: empathy ${command} --help)`);
  }
  return parsed;
}

function cleanParseMessage(text: string): string {
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(text);
  if (ambiguous)
    return `option ${ambiguous[1]} has a value starting with "-": write it as ${ambiguous[1]}=VALUE`;
  const message = text.split('\n')[0] ?? '';
  return message
    .replace(/\. To specify a positional argument starting with a '-'.*$/, '')
    .replace(/^Unknown option '(.*?)'.*$/, 'unknown option $1')
    .replace(/^Option '(.*?)' argument missing$/, 'option $1 needs a value');
}

/** A plain decimal number: optional minus, digits, optional fraction (no hex, exponent, spaces or Infinity). */
const PLAIN_DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Parses a numeric option value within bounds. Only plain decimal numbers are accepted:
 * `0x50`, `1e2`, `0b1`, ` 5` and `Infinity` are {@link UserError}s.
 *
 * @example
 * parseNumber('--min-coverage', '85', { min: 0, max: 100 }); // 85
 */
export function parseNumber(
  name: string,
  value: string,
  { min, max, integer = false }: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const number = PLAIN_DECIMAL.test(value) ? Number(value) : Number.NaN;
  const range =
    min !== undefined && max !== undefined
      ? ` between ${min} and ${max}`
      : min !== undefined
        ? ` >= ${min}`
        : '';
  if (value.trim() === '' || !Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    throw new UserError(`${name} must be ${integer ? 'an integer' : 'a number'}${range}, got "${value}"`);
  }
  if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
    throw new UserError(`${name} must be${range}, got ${value}`);
  }
  return number;
}

/** Splits a comma-separated list option, dropping empty entries. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Resolves a directory option against `cwd`; an empty value, a missing path or a file is a {@link UserError}. */
export function resolveDirectory(name: string, value: string, cwd: string): string {
  if (value === '') throw new UserError(`${name} is empty; give a directory, e.g. ${name} .`);
  const resolved = path.resolve(cwd, value);
  let isDirectory = false;
  try {
    isDirectory = statSync(resolved).isDirectory();
  } catch {
    throw new UserError(`${name} ${value}: no such directory`);
  }
  if (!isDirectory) throw new UserError(`${name} ${value}: not a directory`);
  return resolved;
}
