/**
 * Evaluates a configuration module (`empathy.config.mjs`, `.js`, `.cjs`) of the analysed
 * repository in a contained child process, never in our own: the module is code the
 * repository controls.
 *
 * The child is `node --experimental-permission --allow-fs-read=<repo root realpath>/*`: it may
 * read the repository (and, for a module named with `--config` outside it, that module's
 * directory) and nothing else, write nothing, start no process or worker, load no
 * addon. Its environment is {@link scrubEnv}'s (no credentials), its cwd, HOME and TMPDIR a
 * temporary directory removed afterwards, and it must finish within a deadline (10 s). It
 * prints the default export (called and awaited when it is a function or a promise) as JSON.
 * Node 20's permission model has no network switch: the child's network APIs are disabled
 * before the module loads (best effort; the environment holds no credential to send anyway).
 *
 * @module
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../../core/run-command.js';
import { scrubEnv } from '../../core/sandbox/env.js';
import { UserError } from '../../errors.js';

/** Deadline of a configuration module, in milliseconds. */
export const CONFIG_MODULE_TIMEOUT_MS = 10_000;

const RESULT_MARK = '@@empathy-config-result@@';

/** Node's permission switch: `--permission` from Node 22.13/23.5, `--experimental-permission` before. */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

/**
 * The child's program: network off, import the module, print its default export as JSON after
 * a marker (so that the module's own console output is not taken for the result).
 */
const CHILD_PROGRAM = `
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);
const refuse = (what) => function () { throw new Error('network access is not allowed in a configuration module (' + what + ')'); };
const net = require('node:net');
net.Socket.prototype.connect = refuse('net');
const dgram = require('node:dgram');
for (const m of ['send', 'bind', 'connect']) dgram.Socket.prototype[m] = refuse('dgram');
const dns = require('node:dns');
for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype])
  for (const key of Object.keys(target)) if (/^(lookup|resolve|reverse)/.test(key) && typeof target[key] === 'function') target[key] = refuse('dns');
for (const name of ['fetch', 'WebSocket', 'EventSource']) if (name in globalThis) globalThis[name] = refuse(name);
syncBuiltinESMExports();
const file = process.argv[1];
const mark = process.argv[2];
let value;
try {
  const loaded = await import(pathToFileURL(file).href);
  value = loaded.default;
  if (value === undefined) { process.stderr.write(mark + 'no-default\\n'); process.exit(3); }
  if (typeof value === 'function') value = await value();
  value = JSON.stringify((await value) ?? null);
} catch (error) {
  process.stderr.write(mark + String(error && error.message ? error.message : error).split('\\n')[0] + '\\n');
  process.exit(4);
}
process.stdout.write(mark + value);
process.exit(0);
`;

/** Options of {@link evaluateConfigModule}. */
export interface ConfigModuleOptions {
  /** The repository root: the only directory the module may read. */
  root: string;
  /** Environment the scrubbed one is built from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Deadline in milliseconds (default {@link CONFIG_MODULE_TIMEOUT_MS}). */
  timeoutMs?: number;
}

function lastLine(text: string, mark: string): string | null {
  const at = text.lastIndexOf(mark);
  return at < 0 ? null : (text.slice(at + mark.length).split('\n')[0] ?? '');
}

/**
 * Evaluates the configuration module `file` (inside `root`) in a contained child process
 * and returns its default export as plain JSON data.
 *
 * @throws UserError (exit 2, one line) when the module has no default export, throws, does
 *   not finish within the deadline or exports something that is not JSON data.
 * @example
 * const raw = await evaluateConfigModule('/repo/empathy.config.mjs', { root: '/repo' });
 */
export async function evaluateConfigModule(file: string, options: ConfigModuleOptions): Promise<unknown> {
  const name = path.basename(file);
  const timeoutMs = options.timeoutMs ?? CONFIG_MODULE_TIMEOUT_MS;
  const root = realpathSync(options.root);
  const real = realpathSync(file);
  const inside = !path.relative(root, real).startsWith('..') && !path.isAbsolute(path.relative(root, real));
  // A module named with --config outside the repository may read its own directory too.
  const readable = inside ? [root] : [root, path.dirname(real)];
  if (readable.some((dir) => dir.includes(',')))
    throw new UserError(
      `${name}: a configuration module cannot be loaded from a path with a comma (${real})`,
    );
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-config-module-'));
  try {
    const { env } = scrubEnv(options.env ?? process.env, { scratch });
    const result = await runCommand(
      process.execPath,
      [
        PERMISSION_FLAG,
        // One flag per directory: Node 20 mis-resolves a comma list whose first entry lies inside
        // a later one (a config module above the project root could not read its own directory).
        ...readable.map((dir) => `--allow-fs-read=${dir}${path.sep}*`),
        '--no-warnings',
        '--input-type=module',
        '--eval',
        CHILD_PROGRAM,
        real,
        RESULT_MARK,
      ],
      { cwd: scratch, env, replaceEnv: true, timeoutMs, maxOutputBytes: 4 * 1024 * 1024 },
    );
    if (result.timedOut)
      throw new UserError(`${name} did not finish within ${Math.round(timeoutMs / 1000)} s`);
    const error = lastLine(result.stderr, RESULT_MARK);
    if (result.exitCode === 3 || error === 'no-default')
      throw new UserError(`${name}: must have a default export (export default { ... })`);
    const printed = result.exitCode === 0 ? lastLine(result.stdout, RESULT_MARK) : null;
    if (printed === null) {
      const why = error ?? result.stderr.trim().split('\n').pop() ?? `exit code ${String(result.exitCode)}`;
      throw new UserError(`${name}: cannot load (${why || `exit code ${String(result.exitCode)}`})`);
    }
    try {
      return JSON.parse(printed) as unknown;
    } catch {
      throw new UserError(`${name}: the default export is not plain JSON data`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
