/**
 * What every CLI command receives and returns. Commands never call `process.exit`; they
 * return an exit code (0 ok, 1 failed/blocked, 2 usage error) and write through `io`.
 *
 * @module
 */

/** Output channels and environment of one CLI invocation (replaceable in tests). */
export interface CliIO {
  /** Writes to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes to standard error (no newline added). */
  stderr(text: string): void;
  /** True when stdout is a terminal (colour, tables). */
  stdoutIsTTY: boolean;
  /** True when stderr is a terminal (live progress display). */
  stderrIsTTY: boolean;
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** Working directory the command resolves relative paths against. */
  cwd: string;
}

/** One CLI command, e.g. `orchestrate` or `compositions`. */
export interface CliCommand {
  name: string;
  /** One line for `empathy --help`. */
  summary: string;
  /** Runs the command with the arguments after its name; returns the exit code. Throws UserError on bad usage. */
  run(argv: string[], io: CliIO): Promise<number>;
}
