/**
 * `--queue URL` (or `EMPATHY_QUEUE`, or the user config's `queue`): run the agents on workers
 * through BullMQ on Redis instead of in this process. Without it nothing needs a server.
 *
 * @module
 */
import type { BullmqExecutor } from '../distributed/bullmq-executor.js';
import { parseQueueUrl, resolveQueueUrl } from '../distributed/queue-url.js';
import { loadUserConfig } from '../workflows/config/user-config.js';
import type { CliIO } from './types.js';

/** Option definitions to spread into a command's `parseArgs` options. */
export const QUEUE_OPTIONS = { queue: { type: 'string' } } as const;

/** Help lines for {@link QUEUE_OPTIONS}. */
export const QUEUE_HELP = `  --queue URL              Run the agents on workers (empathy worker) through Redis:
                           redis://HOST:PORT[/DB] or redis+unix:///path (default: EMPATHY_QUEUE, the
                           user config's "queue", else in this process)
`;

/**
 * Connects to the queue the user chose, or returns `null` for an in-process run.
 *
 * @throws UserError for a bad address or a server that does not answer (one line, exit 2).
 */
export async function queueExecutorOf(values: Record<string, unknown>, io: CliIO): Promise<BullmqExecutor | null> {
  const url = resolveQueueUrl(values['queue'] as string | undefined, io.env, loadUserConfig(io.env).config.queue);
  if (url === null) return null;
  // Loaded only for a queued run: bullmq and ioredis cost every in-process run about 0.2 s of CPU.
  const { BullmqExecutor } = await import('../distributed/bullmq-executor.js');
  const executor = await BullmqExecutor.connect({ address: parseQueueUrl(url) });
  if ((await executor.workerCount()) === 0)
    io.stderr(`empathy: no worker is listening on ${url} yet; the run waits for one (start: empathy worker --queue ${url})\n`);
  return executor;
}
