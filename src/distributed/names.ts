/**
 * Names shared by coordinators and workers: the key prefix, the queues and the cancellation
 * channel. Changing one is a protocol change: old workers would no longer see the jobs.
 *
 * @module
 */

/** Key prefix of every BullMQ key empathy writes. */
export const QUEUE_PREFIX = 'empathy';
/** The queue of work units (agent runs and fleet members). */
export const UNITS_QUEUE = 'units';
/** The queue of team parents: one job per parallel team, completed when all its agents are. */
export const TEAMS_QUEUE = 'teams';
/** Pub/sub channel on which a coordinator names a run whose jobs every worker must cancel. */
export const CANCEL_CHANNEL = `${QUEUE_PREFIX}:cancel`;
/**
 * Version of the job model; a worker refuses jobs of another version. 2: agent units carry the
 * run's model settings, and a run has a heartbeat key (see run-heartbeat.ts).
 */
export const PROTOCOL_VERSION = 2;

/** The key a coordinator keeps alive while its run is going (a worker drops the jobs of a run without it). */
export function runAliveKey(runId: string): string {
  return `${QUEUE_PREFIX}:run:${runId}:alive`;
}
