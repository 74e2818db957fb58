/**
 * The output options every command shares: `--format F[,F...]` (names from the command's
 * format registry, see workflows/report/registry.ts), `--json` (same as `--format json`),
 * `--output FILE` (one format, written atomically), `--output-dir DIR` (every format given,
 * each as `DIR/<command><extension>`), and the colour flags (color.ts).
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UserError, errorMessage } from '../errors.js';
import { formatOf, type FormatOptions, type FormatRegistry } from '../workflows/report/registry.js';
import { COLOR_HELP, COLOR_OPTIONS, colorEnabled } from './color.js';
import { parseList } from './args.js';
import type { CliIO } from './types.js';

/** Option definitions to spread into a command's `parseArgs` options. */
export const OUTPUT_OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  output: { type: 'string' },
  'output-dir': { type: 'string' },
  ...COLOR_OPTIONS,
} as const;

/** Help lines of {@link OUTPUT_OPTIONS} for a command with these formats. */
export function outputHelp(registry: FormatRegistry<never, never>): string {
  const names = Object.keys(registry);
  const list = names.length > 2 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join(' or ');
  return `  --format F[,F...]        Output format: ${list} (default ${names[0]}); several at once with --output-dir
  --json                   Same as --format json
  --output FILE            Write the output to FILE (atomically) instead of stdout
  --output-dir DIR         Write each format given to DIR/<command>.<extension>
${COLOR_HELP}`;
}

/** Where a command's output goes, as the flags asked. */
export interface OutputPlan {
  /** Format names, at least one, without repeats. */
  formats: string[];
  /** `--output FILE`, absolute. */
  file?: string;
  /** `--output-dir DIR`, absolute. */
  dir?: string;
  /** Whether stdout output is coloured (never when writing files). */
  color: boolean;
}

/**
 * Reads the output flags against a command's format registry.
 *
 * @throws UserError on an unknown format, `--json` disagreeing with `--format`, several formats
 *   without `--output-dir`, or `--output` together with `--output-dir`.
 */
export function outputPlanOf(
  values: Record<string, unknown>,
  registry: FormatRegistry<never, never>,
  io: Pick<CliIO, 'cwd' | 'env' | 'stdoutIsTTY'>,
): OutputPlan {
  const given = values['format'];
  let formats = typeof given === 'string' ? [...new Set(parseList(given))] : [];
  if (typeof given === 'string' && formats.length === 0)
    throw new UserError('--format is empty; give a format, e.g. --format json');
  for (const name of formats) formatOf(registry, name);
  if (values['json'] === true) {
    if (formats.length > 0 && !(formats.length === 1 && formats[0] === 'json'))
      throw new UserError('--json and --format disagree; give one of them');
    formats = [formatOf(registry, 'json').name];
  }
  if (formats.length === 0) formats = [Object.keys(registry)[0] as string];
  const file = nonEmpty(values, 'output', 'a file, e.g. --output report.json');
  const dir = nonEmpty(values, 'output-dir', 'a directory, e.g. --output-dir reports');
  if (file !== undefined && dir !== undefined)
    throw new UserError('--output and --output-dir disagree; give one of them');
  if (formats.length > 1 && dir === undefined)
    throw new UserError(
      `--format ${formats.join(',')}: several formats need --output-dir DIR (one file each)`,
    );
  const toStdout = file === undefined && dir === undefined;
  return {
    formats,
    ...(file !== undefined ? { file: path.resolve(io.cwd, file) } : {}),
    ...(dir !== undefined ? { dir: path.resolve(io.cwd, dir) } : {}),
    color: toStdout && colorEnabled(values, io.env, io.stdoutIsTTY),
  };
}

function nonEmpty(values: Record<string, unknown>, name: string, example: string): string | undefined {
  const value = values[name];
  if (typeof value !== 'string') return undefined;
  if (value.trim() === '') throw new UserError(`--${name} is empty; give ${example}`);
  return value;
}

/** True when the plan prints to stdout (no `--output`, no `--output-dir`). */
export function writesToStdout(plan: OutputPlan): boolean {
  return plan.file === undefined && plan.dir === undefined;
}

/**
 * Renders `value` in every format of `plan` and writes it where the plan says: stdout, the
 * `--output` file, or one file per format in `--output-dir` (each written atomically; one line
 * per file on stderr, prefixed with `command`). Returns the files written.
 *
 * @throws UserError when a file cannot be written (a one-line message naming it).
 */
export async function writeOutput<T, O extends FormatOptions>(
  io: CliIO,
  plan: OutputPlan,
  registry: FormatRegistry<T, O>,
  value: T,
  { command, options, note }: { command: string; options: O; note?: string },
): Promise<string[]> {
  const render = (name: string) => formatOf(registry, name).render(value, { ...options, color: plan.color });
  if (writesToStdout(plan)) {
    io.stdout(render(plan.formats[0] as string));
    return [];
  }
  const targets = plan.dir
    ? plan.formats.map((name) => ({
        name,
        file: path.join(plan.dir as string, `${command}${formatOf(registry, name).extension}`),
      }))
    : [{ name: plan.formats[0] as string, file: plan.file as string }];
  for (const { name, file } of targets) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, render(name));
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`cannot write ${file}: ${errorMessage(error).split('\n')[0]}`);
    }
    io.stderr(`${command}: ${note ? `${note}; ` : ''}${name} report written to ${file}\n`);
  }
  return targets.map((t) => t.file);
}
