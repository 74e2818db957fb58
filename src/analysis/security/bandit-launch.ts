/**
 * How bandit is started: its entry script's `#!` line, and a Python bootstrap that starts a
 * Python entry script the way its `#!` line would, except that bandit's `pbr` reads the version
 * with the standard library's `importlib.metadata` when the `importlib_metadata` backport is not
 * installed. Without the backport, `pbr.version` imports `pkg_resources` instead (about 60 ms of
 * a bandit start's 180 ms of CPU with bandit 1.6.2 on Python 3.11); both read the same
 * installed metadata (`distribution(name).version`), and everything else runs unchanged.
 *
 * @module
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { findExecutable } from '../../core/run-command.js';

/** A script's `#!` line. */
export interface Shebang {
  /** The interpreter (`/usr/bin/env python3`: `python3` looked up on PATH), null when env finds none. */
  interpreter: string | null;
  /** What the line gives the interpreter after it (one string, as the kernel passes it), or null. */
  argument: string | null;
}

/**
 * The `#!` line of `file`, or null when it has none (a binary, a script without one).
 *
 * @throws Error when the file cannot be read.
 * @example
 * await readShebang('/usr/bin/bandit'); // { interpreter: '/usr/bin/python3', argument: null }
 */
export async function readShebang(file: string): Promise<Shebang | null> {
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
  const line = /^#!\s*(\S+)[ \t]*([^\r\n]*)/.exec(head);
  if (!line) return null;
  const rest = line[2]!.trim();
  if (path.basename(line[1]!) !== 'env') return { interpreter: line[1]!, argument: rest || null };
  const [program, ...more] = rest.split(/[ \t]+/);
  return { interpreter: program ? findExecutable(program) : null, argument: more.length ? more.join(' ') : null };
}

/**
 * The bootstrap (`python -c BANDIT_BOOTSTRAP <entry script> <arguments>`). It sets `sys.argv`
 * and `sys.path[0]` as `python <entry script>` would (the script's real directory, not the
 * current one; nothing under safe-path mode), points an unpatched `pbr.version` at
 * `importlib.metadata` when the backport is missing (on an older Python, or without pbr, it
 * changes nothing), and runs the script as `__main__`, whose `sys.exit` gives the exit code.
 */
export const BANDIT_BOOTSTRAP = [
  'import sys',
  "safe = getattr(sys.flags, 'safe_path', False)",
  'if not safe: del sys.path[0]',
  'import os, runpy',
  'script = sys.argv[1]',
  'sys.argv = sys.argv[1:]',
  'if not safe: sys.path.insert(0, os.path.dirname(os.path.realpath(script)))',
  'try:',
  '    import importlib_metadata',
  'except ImportError:',
  '    try:',
  '        import importlib.metadata, pbr.version',
  '        if not pbr.version.use_importlib:',
  '            pbr.version.importlib_metadata, pbr.version.use_importlib = importlib.metadata, True',
  '    except Exception:',
  '        pass',
  "runpy.run_path(script, run_name='__main__')",
  '',
].join('\n');

/** A command line: run `command` with `prefix` before the tool's own arguments. */
export interface BanditLaunch {
  command: string;
  prefix: string[];
}

/**
 * How to start `executable` (bandit's entry script): through {@link BANDIT_BOOTSTRAP} with the
 * interpreter of its `#!` line when that is a Python with nothing else on the line, else the
 * executable itself (a binary, a wrapper, a `#!` line with interpreter options).
 *
 * @example
 * const { command, prefix } = await banditLaunch('/usr/bin/bandit');
 * // '/usr/bin/python3', ['-c', BANDIT_BOOTSTRAP, '/usr/bin/bandit']
 */
export async function banditLaunch(executable: string): Promise<BanditLaunch> {
  const shebang = await readShebang(executable).catch(() => null);
  const interpreter = shebang?.interpreter;
  if (interpreter && shebang.argument === null && /^python[0-9.]*$/.test(path.basename(interpreter)))
    return { command: interpreter, prefix: ['-c', BANDIT_BOOTSTRAP, executable] };
  return { command: executable, prefix: [] };
}
