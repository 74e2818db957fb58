/**
 * `empathy worker --queue URL [--concurrency N] [--workspace DIR]`: runs the work units
 * coordinators put on the queue until SIGINT/SIGTERM (which cancels the running units, kills
 * their test processes and exits 130).
 *
 * @module
 */
import path from 'node:path';
import { userCacheDir } from '../../core/user-dirs.js';
import { UserError } from '../../errors.js';
import { probeRedis } from '../../distributed/connection.js';
import { parseQueueUrl, resolveQueueUrl } from '../../distributed/queue-url.js';
import { startWorker } from '../../distributed/worker.js';
import { loadUserConfig } from '../../workflows/config/user-config.js';
import { parseCommandArgs, parseNumber } from '../args.js';
import { INTERRUPTED_EXIT_CODE } from '../interrupt.js';
import { applySandboxFlags, SANDBOX_HELP, SANDBOX_OPTIONS } from '../sandbox-flags.js';
import type { CliCommand, CliIO } from '../types.js';

const HELP = `Usage: empathy worker --queue URL [options]

Runs the agents, fleet members and test-coverage modules that coordinators (empathy orchestrate
... --queue URL) put on the queue. Repositories named by path must be visible here at the same
path; those named gitUrl@commit are cloned into the workspace. Project code runs in the sandbox.

Options:
  --queue URL              redis://HOST:PORT[/DB] or redis+unix:///path (default: EMPATHY_QUEUE or the
                           user config's "queue")
  --concurrency N          Units run at once (default 1)
  --workspace DIR          Clones and checkouts of repositories (default: <user cache>/empathy/workspace)
  --lock-seconds N         Lock of a running job; a dead worker's job moves to another after it (default 30)
${SANDBOX_HELP}  -h, --help               Show this help

Stops on SIGINT/SIGTERM: running units are cancelled (exit 130).
`;

const OPTIONS = {
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  workspace: { type: 'string' },
  'lock-seconds': { type: 'string' },
  ...SANDBOX_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The `worker` command. */
export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Run agents, fleet members and test-coverage modules from a Redis queue (--queue URL)',
  run: (argv, io) => runWorker(argv, io),
};

/** Runs a worker until SIGINT/SIGTERM (`stop`, for tests: resolves to stop it). */
export async function runWorker(argv: string[], io: CliIO, stop?: Promise<void>): Promise<number> {
  const { values } = parseCommandArgs('worker', argv, OPTIONS);
  if (values['help']) {
    io.stdout(HELP);
    return 0;
  }
  const url = resolveQueueUrl(values['queue'] as string | undefined, io.env, loadUserConfig(io.env).config.queue);
  if (url === null) throw new UserError('worker needs --queue redis://HOST:PORT (or EMPATHY_QUEUE)');
  const address = parseQueueUrl(url);
  const concurrency =
    typeof values['concurrency'] === 'string' ? parseNumber('--concurrency', values['concurrency'], { min: 1, integer: true }) : 1;
  const lockSeconds =
    typeof values['lock-seconds'] === 'string' ? parseNumber('--lock-seconds', values['lock-seconds'], { min: 1 }) : 30;
  const workspace = path.resolve(io.cwd, (values['workspace'] as string | undefined) ?? path.join(userCacheDir(io.env), 'workspace'));
  await applySandboxFlags(values, io.env);
  await probeRedis(address);
  const worker = await startWorker({
    address,
    concurrency,
    workspace,
    lockDurationMs: lockSeconds * 1000,
    log: (line) => io.stderr(`worker: ${line}\n`),
  });
  io.stderr(`worker: ${worker.name} listening on ${address.display} (concurrency ${concurrency}, workspace ${workspace})\n`);
  await (stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  io.stderr('worker: stopping; running units cancelled\n');
  await worker.close();
  return INTERRUPTED_EXIT_CODE;
}
