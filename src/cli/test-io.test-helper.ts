/**
 * An in-memory {@link CliIO} for tests of CLI commands.
 *
 * @module
 */
import type { CliIO } from './types.js';

/** A CliIO that records what was written. */
export interface RecordingIO extends CliIO {
  out: string;
  err: string;
}

/** Creates a recording IO rooted at `cwd` (not a TTY unless told). */
export function recordingIO(cwd: string, overrides: Partial<CliIO> = {}): RecordingIO {
  const io: RecordingIO = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd,
    ...overrides,
  };
  return io;
}
