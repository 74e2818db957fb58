/**
 * The output-format registry shared by every command: a format is a pure function from the
 * command's result to text, with the file extension `--output-dir` names its file with. Each
 * command has one explicit registry (release-prep's is {@link REPORT_FORMATS} in index.ts;
 * the other commands have `console` and `json`, see {@link textAndJsonFormats}); adding a format
 * is one entry in that registry.
 *
 * @module
 */
import { UserError } from '../../errors.js';

/** Rendering options; each format reads the part it knows (formats add their own keys). */
export interface FormatOptions {
  /** ANSI colours in `console` output (the CLI decides: --color/--no-color, NO_COLOR, FORCE_COLOR, TERM, TTY). */
  color?: boolean;
}

/** One output format of a result of type `T`. */
export interface OutputFormat<T, O extends FormatOptions = FormatOptions> {
  /** The name given to `--format`. */
  name: string;
  /** One line for `--help`. */
  description: string;
  /** File extension with the dot; `--output-dir DIR` writes `DIR/<command><extension>`. Unique in a registry. */
  extension: string;
  /** Media type of the output. */
  mediaType: string;
  /** Renders the result; deterministic; the text ends with a newline. */
  render(value: T, options: O): string;
}

/** A command's formats by name, in `--help` order; the first is the default. */
export type FormatRegistry<T, O extends FormatOptions = FormatOptions> = Readonly<
  Record<string, OutputFormat<T, O>>
>;

/** Defines a format (identity with type checking, the `defineX` convention). */
export function defineFormat<T, O extends FormatOptions = FormatOptions>(
  format: OutputFormat<T, O>,
): OutputFormat<T, O> {
  return format;
}

/** The format names of a registry, in registry order. */
export function formatNamesOf(registry: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(registry);
}

/**
 * The format called `name` in `registry`; an unknown name is a one-line {@link UserError}
 * listing the formats.
 */
export function formatOf<T, O extends FormatOptions>(
  registry: FormatRegistry<T, O>,
  name: string,
): OutputFormat<T, O> {
  const format = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!format)
    throw new UserError(
      `unknown report format ${JSON.stringify(name)}; use one of ${Object.keys(registry).join(', ')}`,
    );
  return format;
}

/** Ends `text` with exactly one trailing newline when it has none. */
function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The registry of a command whose result has a console text and a JSON form: `console`
 * (the default) and `json` (two-space indent, trailing newline).
 *
 * @example
 * const FORMATS = textAndJsonFormats<Result>((r, { color }) => r.formatConsoleOutput({ color }), (r) => r.toJSON());
 */
export function textAndJsonFormats<T>(
  text: (value: T, options: FormatOptions) => string,
  json: (value: T) => unknown,
): FormatRegistry<T> {
  return {
    console: defineFormat<T>({
      name: 'console',
      description: 'text for a terminal (colour only when enabled)',
      extension: '.txt',
      mediaType: 'text/plain',
      render: (value, options) => withNewline(text(value, options)),
    }),
    json: defineFormat<T>({
      name: 'json',
      description: 'JSON, snake_case wire names',
      extension: '.json',
      mediaType: 'application/json',
      render: (value) => `${JSON.stringify(json(value), null, 2)}\n`,
    }),
  };
}
